"""/api/alerts: the alert outbox (what was sent where, what waits, the dead letters)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel
from sqlalchemy import select, update

from pipeline.store.schema import alert_deliveries
from web.auth import Principal, current_principal, require_roles

router = APIRouter(prefix="/api/alerts", tags=["alerts"])


class Delivery(BaseModel):
    id: int
    incident_id: int
    channel: str
    level: str
    status: str
    attempts: int
    last_error: str | None
    title: str | None
    created_at: str
    next_attempt_at: str | None
    delivered_at: str | None


def _delivery(row) -> dict:
    iso = lambda v: v.isoformat() if v else None  # noqa: E731
    return {"id": row["id"], "incident_id": row["incident_id"], "channel": row["channel"],
            "level": row["level"], "status": row["status"], "attempts": row["attempts"],
            "last_error": row["last_error"], "title": (row["payload"] or {}).get("title"),
            "created_at": iso(row["created_at"]), "next_attempt_at": iso(row["next_attempt_at"]),
            "delivered_at": iso(row["delivered_at"])}


@router.get("", response_model=list[Delivery], summary="Outbox rows, newest first")
def list_deliveries(request: Request, principal: Principal = Depends(current_principal),
                    status: Literal["pending", "sent", "dead"] | None = None,
                    channel: str | None = None, incident_id: int | None = None,
                    limit: int = Query(100, ge=1, le=1000)):
    query = select(alert_deliveries).order_by(alert_deliveries.c.id.desc()).limit(limit)
    if status:
        query = query.where(alert_deliveries.c.status == status)
    if channel:
        query = query.where(alert_deliveries.c.channel == channel)
    if incident_id is not None:
        query = query.where(alert_deliveries.c.incident_id == incident_id)
    with request.app.state.store.transaction() as conn:
        return [_delivery(r) for r in conn.execute(query).mappings()]


@router.post("/{delivery_id}/retry", response_model=Delivery,
             summary="Put a dead letter back in the outbox")
def retry(delivery_id: int, request: Request,
          principal: Principal = Depends(require_roles("lead", "admin"))):
    where = alert_deliveries.c.id == delivery_id
    with request.app.state.store.transaction() as conn:
        done = conn.execute(update(alert_deliveries).where(
            where, alert_deliveries.c.status == "dead").values(
                status="pending", attempts=0, next_attempt_at=None))
        row = conn.execute(select(alert_deliveries).where(where)).mappings().first()
    if row is None:
        raise HTTPException(404, f"delivery {delivery_id} not found")
    if done.rowcount != 1:
        raise HTTPException(409, f"delivery {delivery_id} is {row['status']}, not dead")
    return _delivery(row)
