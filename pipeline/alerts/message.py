"""What an alert says (in Russian): level, sector, place, summary, posts, deadline, links."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from pipeline.incidents.levels import Rules
from pipeline.incidents.repo import incident_members, top_post
from pipeline.store.schema import incident_posts, incidents


def incident_url(base_url: str, incident_id: int) -> str:
    return f"{base_url.rstrip('/')}/incidents/{incident_id}"


def local_time(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return "не установлен"
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d.%m.%Y %H:%M")


def build_payload(conn: Connection, rules: Rules, incident_id: int, level: str) -> dict:
    """A snapshot of the incident at the moment it reached ``level``."""
    row = conn.execute(select(incidents).where(incidents.c.id == incident_id)).mappings().one()
    count = conn.execute(select(func.count()).select_from(incident_posts).where(
        incident_posts.c.incident_id == incident_id)).scalar_one()
    members = incident_members(conn, incident_id)
    top = top_post(members) if members else None
    config = rules.config
    place = rules.place_name(row["municipality"])
    if row["address"]:
        place += f", {row['address']}"
    payload = {
        "incident_id": incident_id, "level": level, "level_title": rules.title(level),
        "risk": row["risk"], "sector": row["sector"],
        "sector_title": rules.sector_title(row["sector"]), "block": row["block"],
        "municipality": row["municipality"], "place": place, "summary": row["title"] or "",
        "posts": count, "reasons": list(row["reasons"] or []),
        "deadline": row["deadline"].isoformat() if row["deadline"] else None,
        "deadline_local": local_time(row["deadline"], config.region.timezone),
        "timezone": config.region.timezone,
        "url": incident_url(config.alerts.base_url, incident_id),
        "source_url": top["url"] if top else None,
        "source": ({"platform": top["platform"], "source": top["source_id"],
                    "id": top["native_id"]} if top else None),
    }
    payload["title"] = alert_title(payload)
    payload["text"] = alert_text(payload)
    return payload


def alert_title(p: dict) -> str:
    return f"{p['level_title']} риск: {p['sector_title']} — {p['place']}"


def alert_text(p: dict) -> str:
    lines = [
        f"Уровень риска: {p['level_title']} ({p['risk']} из 100)",
        f"Сектор: {p['sector_title']}" + (f" ({p['block']})" if p.get("block") else ""),
        f"Место: {p['place']}",
        f"Суть: {p['summary']}",
        f"Сообщений: {p['posts']}",
        f"Срок реакции: {p['deadline_local']} ({p['timezone']})",
    ]
    if p["reasons"]:
        lines.append("Причины: " + "; ".join(p["reasons"]))
    lines.append(f"Инцидент: {p['url']}")
    if p.get("source_url"):
        lines.append(f"Источник: {p['source_url']}")
    return "\n".join(lines)
