"""/alerts.atom: every alert (incident reaching a level), newest first; ?sector= &level=.

Feed readers that cannot send headers may pass the API token as ``?token=``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from fastapi import APIRouter, HTTPException, Query, Request, Response
from sqlalchemy import select

from pipeline.alerts.outbox import ATOM
from pipeline.config.model import LEVELS
from pipeline.store.schema import alert_deliveries, incidents
from web.auth import Principal, current_principal, token_principal

router = APIRouter(tags=["alerts"])
NS = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 200


def feed_principal(request: Request, token: str | None) -> Principal:
    if token:
        with request.app.state.store.transaction() as conn:
            principal = token_principal(conn, token)
        if principal:
            return principal
        raise HTTPException(401, "unknown or revoked token")
    return current_principal(request)


@router.get("/alerts.atom", response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}}})
def alerts_feed(request: Request, sector: str | None = None,
                level: str | None = Query(None, description=", ".join(LEVELS)),
                token: str | None = Query(None, description="API token for feed readers")):
    principal = feed_principal(request, token)
    if principal.role == "lead" and principal.sector:
        sector = principal.sector
    query = (select(alert_deliveries, incidents.c.sector)
             .join(incidents, incidents.c.id == alert_deliveries.c.incident_id)
             .where(alert_deliveries.c.channel == ATOM)
             .order_by(alert_deliveries.c.created_at.desc(), alert_deliveries.c.id.desc())
             .limit(MAX_ENTRIES))
    if sector:
        query = query.where(incidents.c.sector == sector)
    if level:
        query = query.where(alert_deliveries.c.level == level)
    with request.app.state.store.transaction() as conn:
        rows = conn.execute(query).mappings().all()
    body = render_feed(rows, str(request.url), request.app.state.config.region.name)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def render_feed(rows, self_url: str, region: str) -> bytes:
    feed = Element("feed", xmlns=NS)
    SubElement(feed, "id").text = "urn:radar:alerts"
    SubElement(feed, "title").text = f"Радар: оповещения о рисках — {region}"
    updated = rows[0]["created_at"] if rows else datetime(2000, 1, 1, tzinfo=UTC)
    SubElement(feed, "updated").text = updated.isoformat()
    SubElement(feed, "link", rel="self", href=self_url)
    SubElement(SubElement(feed, "author"), "name").text = "Радар"
    for row in rows:
        payload = row["payload"]
        entry = SubElement(feed, "entry")
        SubElement(entry, "id").text = f"urn:radar:alert:{row['id']}"
        SubElement(entry, "title").text = payload.get("title") or f"#{row['incident_id']}"
        SubElement(entry, "updated").text = row["created_at"].isoformat()
        SubElement(entry, "link", rel="alternate", href=payload.get("url", ""))
        if payload.get("source_url"):
            SubElement(entry, "link", rel="related", href=payload["source_url"])
        SubElement(entry, "category", term=row["level"], label=payload.get("level_title", ""))
        if row["sector"]:
            SubElement(entry, "category", term=row["sector"],
                       label=payload.get("sector_title", ""), scheme="urn:radar:sector")
        SubElement(entry, "content", type="text").text = payload.get("text", "")
    return tostring(feed, encoding="utf-8", xml_declaration=True)
