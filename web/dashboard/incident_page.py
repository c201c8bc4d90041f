"""The incident card and its actions. Every action goes through pipeline.incidents, which
records it in incident_events (who, when, from, to, comment)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from pipeline.config.model import LEVELS
from pipeline.incidents import edit, queue
from pipeline.incidents.views import incident_detail
from pipeline.report.answers import is_interim
from pipeline.store.schema import incidents
from pipeline.users import list_users
from web.dashboard.card_data import post_extras
from web.dashboard.common import (
    DashboardError,
    back,
    form_session,
    now_of,
    page_session,
    render,
    rules_of,
)
from web.dashboard.corrections import save_corrections
from web.session import Session

router = APIRouter(include_in_schema=False)


def _sector_of(conn, incident_id: int) -> str | None:
    row = conn.execute(select(incidents.c.sector).where(incidents.c.id == incident_id)).first()
    if row is None:
        raise DashboardError(404, f"Инцидент №{incident_id} не найден.")
    return row.sector


def _allowed(session: Session, sector: str | None, incident_id: int) -> None:
    if not session.user.may_act_on(sector):
        raise DashboardError(403, f"Инцидент №{incident_id} относится к другому сектору.")


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def card(incident_id: int, request: Request, session: Session = Depends(page_session)):
    now, rules = now_of(request), rules_of(request)
    with request.app.state.store.transaction() as conn:
        _allowed(session, _sector_of(conn, incident_id), incident_id)
        incident = incident_detail(conn, rules, incident_id, now)
        extras = post_extras(conn, [p["post_id"] for p in incident["posts"]])
        people = list_users(conn)
    return render(request, "incident.html", session, incident=incident, extras=extras,
                  people=people, levels=LEVELS, next_statuses=_next_statuses(incident),
                  interim=is_interim(incident["answer"]["text"]) if incident["answer"]
                  else None, note=request.query_params.get("note"))


def _next_statuses(incident: dict) -> list[str]:
    return sorted(queue.TRANSITIONS.get(incident["status"], ()))


def _act(request: Request, session: Session, incident_id: int, note: str,
         action: Callable) -> object:
    """Check the sector, run ``action(conn, now, actor)`` in one transaction, go back."""
    now = now_of(request)
    target = incident_id
    try:
        with request.app.state.store.transaction() as conn:
            _allowed(session, _sector_of(conn, incident_id), incident_id)
            result = action(conn, now, session.user.login)
            if type(result) is int and note == "split":
                target = result
    except queue.NotFound as exc:
        raise DashboardError(404, "Инцидент не найден.") from exc
    except queue.QueueError:
        return back(f"/incidents/{incident_id}", "conflict")
    return back(f"/incidents/{target}", note)


def _text(form, name: str, limit: int = 4000) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""  # files are ignored


@router.post("/incidents/{incident_id}/claim")
def claim(incident_id: int, request: Request, sf=Depends(form_session)):
    session, _ = sf

    def action(conn, now, actor):
        if not queue.claim(conn, incident_id, actor, now):
            raise queue.QueueError("not free")
    return _act(request, session, incident_id, "claimed", action)


@router.post("/incidents/{incident_id}/assign")
def assign(incident_id: int, request: Request, sf=Depends(form_session)):
    session, form = sf
    if session.user.role not in ("lead", "admin"):
        raise DashboardError(403, "Назначать исполнителя может руководитель сектора или "
                                  "администратор.")
    assignee = _text(form, "assignee", 64)

    def action(conn, now, actor):
        if assignee not in {u.login for u in list_users(conn)}:
            raise queue.QueueError("unknown user")
        queue.assign(conn, incident_id, assignee, actor, now, _text(form, "comment") or None)
    return _act(request, session, incident_id, "assigned", action)


@router.post("/incidents/{incident_id}/status")
def change_status(incident_id: int, request: Request, sf=Depends(form_session)):
    session, form = sf
    return _act(request, session, incident_id, "status", lambda conn, now, actor:
                queue.transition(conn, incident_id, _text(form, "to", 16), actor, now,
                                 _text(form, "comment") or None))


@router.post("/incidents/{incident_id}/comment")
def comment(incident_id: int, request: Request, sf=Depends(form_session)):
    session, form = sf
    text = _text(form, "text")
    if not text:
        return back(f"/incidents/{incident_id}", "empty")
    return _act(request, session, incident_id, "comment", lambda conn, now, actor:
                queue.comment(conn, incident_id, actor, text, now))


@router.post("/incidents/{incident_id}/answer")
def answer(incident_id: int, request: Request, sf=Depends(form_session)):
    session, form = sf
    text, url = _text(form, "text"), _text(form, "url", 2000) or None
    if not text:
        return back(f"/incidents/{incident_id}", "empty")
    return _act(request, session, incident_id, "answer", lambda conn, now, actor:
                queue.record_answer(conn, incident_id, actor, text, url, now))


@router.post("/incidents/{incident_id}/reaction")
def reaction(incident_id: int, request: Request, sf=Depends(form_session)):
    session, form = sf
    satisfied = _text(form, "satisfied") == "yes"
    return _act(request, session, incident_id, "reaction", lambda conn, now, actor:
                queue.record_reaction(conn, incident_id, actor, satisfied, now,
                                      _text(form, "comment") or None))


@router.post("/incidents/{incident_id}/split")
def split(incident_id: int, request: Request, sf=Depends(form_session)):
    session, form = sf
    post_ids = [int(v) for v in form.getlist("post_id") if str(v).isdigit()]
    return _act(request, session, incident_id, "split", lambda conn, now, actor: edit.split(
        conn, rules_of(request), incident_id, post_ids, actor, now,
        _text(form, "comment") or None))


@router.post("/incidents/{incident_id}/merge")
def merge(incident_id: int, request: Request, sf=Depends(form_session)):
    session, form = sf
    others = [int(v) for v in _text(form, "incident_ids", 200).replace(",", " ").split()
              if v.isdigit()]

    def action(conn, now, actor):
        for other in others:
            _allowed(session, _sector_of(conn, other), other)
        edit.merge(conn, rules_of(request), incident_id, others, actor, now,
                   _text(form, "comment") or None)
    return _act(request, session, incident_id, "merged", action)


@router.post("/incidents/{incident_id}/correct")
def correct(incident_id: int, request: Request, sf=Depends(form_session)):
    session, form = sf
    config = request.app.state.config
    return _act(request, session, incident_id, "corrected", lambda conn, now, actor:
                save_corrections(conn, config, incident_id, form, actor, now))
