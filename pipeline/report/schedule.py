"""The morning report: build it, write the files, send them to e-mail and Telegram.

``send_daily_report(store, config, day)`` is what the service schedules at ``report.time``
(region time) for the previous day. A failed recipient is logged and reported in the
result; it never stops the others or the service.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from pipeline.config.model import Config
from pipeline.config.secrets import read_secret
from pipeline.report import build_report
from pipeline.report.model import DailyReport
from pipeline.report.render import write_report
from pipeline.store import Store

log = logging.getLogger(__name__)
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass
class Sent:
    html: Path
    xlsx: Path
    delivered: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def report_day(config: Config, now: datetime) -> date:
    """The day a morning report covers: yesterday in the region."""
    return now.astimezone(ZoneInfo(config.region.timezone)).date() - timedelta(days=1)


def summary_text(report: DailyReport, url: str) -> str:
    volumes = report.table("sectors").rows[-1]
    lines = [f"Ежедневный отчёт Радара за {report.day.strftime('%d.%m.%Y')}",
             f"Сообщений: {volumes[1]} (в среднем за 7 дней: {volumes[2]})",
             f"Главных инцидентов: {len(report.table('top').rows)}",
             f"Новых всплесков: {len(report.table('surges').rows)}",
             f"Просрочено: {len(report.table('overdue').rows)}",
             f"Без ответа: {len(report.table('unanswered').rows)}",
             f"Повторяющихся проблем: {len(report.table('problems').rows)}",
             f"Отчёт: {url}"]
    return "\n".join(lines)


def report_url(config: Config, day: date) -> str:
    return f"{config.alerts.base_url.rstrip('/')}/reports/{day.isoformat()}"


def send_daily_report(store: Store, config: Config, day: date | None = None,
                      now: datetime | None = None) -> Sent:
    from pipeline.store.types import utcnow

    now = now or utcnow()
    day = day or report_day(config, now)
    with store.transaction() as conn:
        report = build_report(conn, config, day, now)
    html, xlsx = write_report(report, Path(config.report.out_dir))
    sent = Sent(html, xlsx)
    text = summary_text(report, report_url(config, day))
    if config.report.email_to:
        _deliver(sent, "email", lambda: send_email(config, report, text, html, xlsx))
    for chat_id in config.report.telegram_chat_ids:
        _deliver(sent, f"telegram:{chat_id}", lambda c=chat_id: send_telegram(config, c, text))
    log.info("daily report for %s: %s, %s; delivered %s; failed %s", day, html, xlsx,
             sent.delivered, sent.failed)
    return sent


def _deliver(sent: Sent, name: str, action) -> None:
    try:
        action()
        sent.delivered.append(name)
    except (OSError, smtplib.SMTPException, httpx.HTTPError, ValueError) as exc:
        log.error("daily report to %s failed: %s: %s", name, exc.__class__.__name__, exc)
        sent.failed.append(name)


def _alert_channel(config: Config, kind: str):
    return next((c for c in config.alerts.channels if c.type == kind), None)


def email_settings(config: Config) -> dict:
    r, channel = config.report, _alert_channel(config, "email")

    def pick(name: str, default=None):
        value = getattr(r, name)
        if value is None and channel is not None:
            value = getattr(channel, name)
        return default if value is None else value
    return {"host": pick("smtp_host", "localhost"), "port": pick("smtp_port", 25),
            "user_env": pick("user_env"), "password_env": pick("password_env"),
            "sender": pick("sender", "radar@localhost")}


def report_message(config: Config, report: DailyReport, text: str, html: Path,
                   xlsx: Path) -> EmailMessage:
    settings = email_settings(config)
    message = EmailMessage()
    message["Subject"] = f"[Радар] Ежедневный отчёт за {report.day.strftime('%d.%m.%Y')}"
    message["From"] = settings["sender"]
    message["To"] = ", ".join(config.report.email_to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = f"<radar-report-{report.day.isoformat()}@radar>"
    message.set_content(text)
    message.add_attachment(html.read_bytes(), maintype="text", subtype="html",
                           filename=html.name)
    message.add_attachment(xlsx.read_bytes(), maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1],
                           filename=xlsx.name)
    return message


def send_email(config: Config, report: DailyReport, text: str, html: Path, xlsx: Path) -> None:
    settings = email_settings(config)
    timeout = config.alerts.timeout.total_seconds()
    with smtplib.SMTP(settings["host"], settings["port"], timeout=timeout) as smtp:
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls()
            smtp.ehlo()
        user = read_secret(settings["user_env"])
        if user:
            smtp.login(user, read_secret(settings["password_env"]) or "")
        smtp.send_message(report_message(config, report, text, html, xlsx))


def send_telegram(config: Config, chat_id: str, text: str) -> None:
    channel = _alert_channel(config, "telegram")
    token_env = config.report.token_env or (channel.token_env if channel else None)
    token = read_secret(token_env)
    if not token:
        raise ValueError(f"secret ${token_env} (bot token) is not set")
    base = config.telegram.bot_api_url.rstrip("/")
    response = httpx.post(f"{base}/bot{token}/sendMessage",
                          json={"chat_id": chat_id, "text": text,
                                "disable_web_page_preview": True},
                          timeout=config.alerts.timeout.total_seconds())
    answer = response.json()
    if not answer.get("ok"):
        raise ValueError(f"Bot API {answer.get('error_code')}: {answer.get('description')}")


JOB_ID = "daily-report"


def schedule_daily_report(scheduler, store: Store, get_config) -> None:
    """Add (or replace, or remove when disabled) the morning job on an APScheduler 3
    scheduler; ``get_config()`` returns the current config (live reloads included)."""
    config = get_config()
    if not config.report.enabled:
        if scheduler.get_job(JOB_ID):
            scheduler.remove_job(JOB_ID)
        return
    at = config.report.time
    scheduler.add_job(run_report_job, "cron", hour=at.hour, minute=at.minute,
                      timezone=config.region.timezone, id=JOB_ID, replace_existing=True,
                      args=[store, get_config], coalesce=True, max_instances=1,
                      misfire_grace_time=3 * 3600)


def run_report_job(store: Store, get_config) -> Sent | None:
    """The job itself: never raises into the scheduler; problems go to the log."""
    try:
        return send_daily_report(store, get_config())
    except Exception:  # noqa: BLE001 - a broken report must not stop the service
        log.exception("daily report failed")
        return None
