"""/api/incidents: the reaction queue over HTTP."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from sqlalchemy import select

from pipeline.incidents import edit, queue
from pipeline.incidents.levels import STATUSES, Rules
from pipeline.incidents.views import incident_detail, queue_list
from pipeline.store.schema import incidents
from web.api.schemas import (
    AnswerIn,
    ClaimIn,
    CommentIn,
    Incident,
    IncidentDetail,
    MergeIn,
    ReactionIn,
    SplitIn,
    TransitionIn,
)
from web.auth import Principal, current_principal

router = APIRouter(prefix="/api/incidents", tags=["incidents"])


def rules_of(request: Request) -> Rules:
    if getattr(request.app.state, "rules", None) is None:
        request.app.state.rules = Rules.from_config(request.app.state.config)
    return request.app.state.rules


def _act(request: Request, principal: Principal, incident_id: int,
         action: Callable) -> dict:
    """Run ``action(conn, now)`` on one incident in one transaction; return the incident."""
    store, now = request.app.state.store, request.app.state.clock()
    with store.transaction() as conn:
        sector = conn.execute(select(incidents.c.sector).where(
            incidents.c.id == incident_id)).first()
        if sector is None:
            raise queue.NotFound(f"incident {incident_id} not found")
        if not principal.may_act_on(sector.sector):
            raise HTTPException(403, f"incident {incident_id} is outside your sector")
        result = action(conn, now)  # a new incident's id (split), or anything else
        shown = result if type(result) is int else incident_id
        return incident_detail(conn, rules_of(request), shown, now)


@router.get("", response_model=list[Incident], summary="The queue, in queue order")
def list_incidents(request: Request, principal: Principal = Depends(current_principal),
                   status: list[str] | None = Query(None, description=", ".join(STATUSES)),
                   sector: str | None = None, municipality: str | None = None,
                   level: str | None = None, limit: int = Query(100, ge=1, le=1000),
                   offset: int = Query(0, ge=0)):
    """Overdue first, then the higher level, then the nearer deadline."""
    if principal.role == "lead" and principal.sector:
        sector = principal.sector
    now = request.app.state.clock()
    with request.app.state.store.transaction() as conn:
        return queue_list(conn, rules_of(request), now, limit, offset, status=status,
                          sector=sector, municipality=municipality, level=level)


@router.post("/claim", response_model=IncidentDetail,
             responses={204: {"description": "nothing to claim"}},
             summary="Claim the next incident in the queue")
def claim_next(request: Request, body: ClaimIn | None = None,
               principal: Principal = Depends(current_principal)):
    sector = body.sector if body else None
    if principal.role == "lead" and principal.sector:
        sector = principal.sector
    now = request.app.state.clock()
    with request.app.state.store.transaction() as conn:
        incident_id = queue.claim_next(conn, principal.name, now, sector=sector)
        if incident_id is None:
            return Response(status_code=204)
        return incident_detail(conn, rules_of(request), incident_id, now)


@router.get("/{incident_id}", response_model=IncidentDetail)
def get_incident(incident_id: int, request: Request,
                 principal: Principal = Depends(current_principal)):
    return _act(request, principal, incident_id, lambda conn, now: None)


@router.post("/{incident_id}/claim", response_model=IncidentDetail,
             responses={409: {"description": "someone else has it"}})
def claim(incident_id: int, request: Request,
          principal: Principal = Depends(current_principal)):
    def action(conn, now):
        if not queue.claim(conn, incident_id, principal.name, now):
            raise queue.QueueError(f"incident {incident_id} is not free to claim")
    return _act(request, principal, incident_id, action)


@router.post("/{incident_id}/transition", response_model=IncidentDetail)
def transition(incident_id: int, body: TransitionIn, request: Request,
               principal: Principal = Depends(current_principal)):
    return _act(request, principal, incident_id, lambda conn, now: queue.transition(
        conn, incident_id, body.to, principal.name, now, body.comment))


@router.post("/{incident_id}/comment", response_model=IncidentDetail)
def add_comment(incident_id: int, body: CommentIn, request: Request,
                principal: Principal = Depends(current_principal)):
    return _act(request, principal, incident_id, lambda conn, now: queue.comment(
        conn, incident_id, principal.name, body.text, now))


@router.post("/{incident_id}/answer", response_model=IncidentDetail,
             summary="Record the reply published under the citizen's post")
def answer(incident_id: int, body: AnswerIn, request: Request,
           principal: Principal = Depends(current_principal)):
    return _act(request, principal, incident_id, lambda conn, now: queue.record_answer(
        conn, incident_id, principal.name, body.text, body.url, now))


@router.post("/{incident_id}/reaction", response_model=IncidentDetail,
             summary="Record the citizen's reaction to the answer")
def reaction(incident_id: int, body: ReactionIn, request: Request,
             principal: Principal = Depends(current_principal)):
    return _act(request, principal, incident_id, lambda conn, now: queue.record_reaction(
        conn, incident_id, principal.name, body.satisfied, now, body.comment))


@router.post("/{incident_id}/split", response_model=IncidentDetail, status_code=201,
             summary="Move posts into a new incident (returns the new one)")
def split(incident_id: int, body: SplitIn, request: Request,
          principal: Principal = Depends(current_principal)):
    return _act(request, principal, incident_id, lambda conn, now: edit.split(
        conn, rules_of(request), incident_id, body.post_ids, principal.name, now, body.comment))


@router.post("/{incident_id}/merge", response_model=IncidentDetail,
             summary="Merge other incidents into this one")
def merge(incident_id: int, body: MergeIn, request: Request,
          principal: Principal = Depends(current_principal)):
    def action(conn, now):
        for other in body.incident_ids:
            row = conn.execute(select(incidents.c.sector).where(incidents.c.id == other)).first()
            if row is not None and not principal.may_act_on(row.sector):
                raise HTTPException(403, f"incident {other} is outside your sector")
        edit.merge(conn, rules_of(request), incident_id, body.incident_ids, principal.name,
                   now, body.comment)
    return _act(request, principal, incident_id, action)
