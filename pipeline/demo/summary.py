"""What ``make demo`` prints: crawls, incidents with deadlines, alerts sent, where to look."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from pipeline.config.model import Config
from pipeline.store import Store
from pipeline.store.schema import alert_deliveries, analyses, posts
from pipeline.store.types import utcnow

Echo = Callable[[str], None]
SHOWN_INCIDENTS = 12


def crawls(reports, echo: Echo) -> None:
    echo("\nCollected (source: fetched / new / errors):")
    for r in sorted(reports, key=lambda r: r.source):
        note = f"  [{r.status}: {r.error}]" if r.error else ""
        echo(f"  {r.source:<24} {r.fetched:>4} / {r.new:>4} / {r.errors}{note}")
    echo(f"  total: {sum(r.new for r in reports)} new posts and comments")


def results(store: Store, config: Config, world, echo: Echo) -> None:
    with store.transaction() as conn:
        analyzed = conn.execute(select(func.count()).select_from(analyses)).scalar_one()
        stored = conn.execute(select(func.count()).select_from(posts)).scalar_one()
        outbox = conn.execute(select(alert_deliveries.c.channel, alert_deliveries.c.status,
                                     func.count()).group_by(alert_deliveries.c.channel,
                                                            alert_deliveries.c.status)).all()
    echo(f"\nAnalyzed {analyzed} of {stored} stored posts.")
    _incidents(store, config, echo)
    echo("\nAlerts by channel (outbox):")
    for channel, status, count in outbox:
        echo(f"  {channel:<20} {status:<8} {count}")
    echo(f"  Telegram chat (fake Bot API) received {len(world.bot.messages)} messages; "
         f"the SMTP sink received {len(world.smtp.messages)} e-mails.")
    if world.bot.messages:
        first = world.bot.messages[0]["text"].splitlines()
        echo("  First alert:\n    " + "\n    ".join(first[:6]))


def _incidents(store: Store, config: Config, echo: Echo) -> None:
    from pipeline.incidents.levels import Rules
    from pipeline.incidents.views import queue_list

    rules = Rules.from_config(config)
    with store.transaction() as conn:
        items = queue_list(conn, rules, utcnow(), 1000)
    levels = Counter(item["risk_level"] for item in items)
    echo(f"\nIncidents in the queue: {len(items)} "
         f"({', '.join(f'{k}: {v}' for k, v in sorted(levels.items()))}). Top of the queue:")
    for item in items[:SHOWN_INCIDENTS]:
        echo(f"  #{item['id']:<4} {item['level_title']:<12} {item['sector_title'] or '-':<32} "
             f"{item['place'] or '-':<22} срок {item['deadline_local'] or '-':<16} "
             f"{item['posts_count']:>2} сообщ.  {(item['title'] or '')[:50]}")


def extras(store: Store, config: Config, work: Path, echo: Echo,
           login: tuple[str, str]) -> None:
    _demo_user(store, *login)
    today = utcnow().astimezone(ZoneInfo(config.region.timezone)).date()
    paths = _report(store, config, today, work / "report")
    if paths:
        echo(f"\nDaily report for {today}: {paths[0]} and {paths[1]}")


def _demo_user(store: Store, login: str, password: str) -> None:
    from pipeline.users import add_user

    with store.transaction() as conn:
        add_user(conn, login, password, "admin")


def _report(store: Store, config: Config, day: date, out: Path):
    from pipeline.report import build_report
    from pipeline.report.render import write_report

    with store.transaction() as conn:
        report = build_report(conn, config, day)
    return write_report(report, out)
