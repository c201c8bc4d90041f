"""The morning delivery: files on disk, e-mail with both files, a Telegram summary."""

from datetime import UTC, date, datetime

from click.testing import CliRunner

from fakes.botapi import FakeBotAPI
from fakes.smtp import SmtpSink
from pipeline.cli import main
from pipeline.report.schedule import report_day, send_daily_report

DAY = date(2026, 11, 23)


def test_send_daily_report_to_email_and_telegram(store, shipped_config, tmp_path,
                                                 monkeypatch):
    bot = FakeBotAPI("123:abc")
    bot.start()
    monkeypatch.setenv("RADAR_TEST_BOT", "123:abc")
    try:
        with SmtpSink() as sink:
            config = shipped_config.model_copy(update={
                "report": shipped_config.report.model_copy(update={
                    "out_dir": str(tmp_path), "email_to": ["governor@example.org"],
                    "telegram_chat_ids": ["-100500"], "smtp_host": "127.0.0.1",
                    "smtp_port": sink.port, "token_env": "RADAR_TEST_BOT"}),
                "telegram": shipped_config.telegram.model_copy(update={
                    "bot_api_url": bot.url})})
            sent = send_daily_report(store, config, DAY)
            messages = list(sink.messages)
    finally:
        bot.stop()
    assert sent.failed == [] and sent.delivered == ["email", "telegram:-100500"]
    assert sent.html.exists() and sent.xlsx.exists()
    assert len(messages) == 1
    names = sorted(p.get_filename() for p in messages[0].iter_attachments())
    assert names == ["radar-report-2026-11-23.html", "radar-report-2026-11-23.xlsx"]
    assert messages[0]["To"] == "governor@example.org"
    text = bot.messages[0]["text"]
    assert "Ежедневный отчёт Радара за 23.11.2026" in text and "/reports/2026-11-23" in text


def test_a_failed_channel_does_not_stop_the_others(store, shipped_config, tmp_path,
                                                   monkeypatch):
    monkeypatch.delenv("RADAR_TEST_BOT", raising=False)
    config = shipped_config.model_copy(update={
        "report": shipped_config.report.model_copy(update={
            "out_dir": str(tmp_path), "telegram_chat_ids": ["-1"], "token_env": "RADAR_TEST_BOT",
            "email_to": ["x@example.org"], "smtp_host": "127.0.0.1", "smtp_port": 9})})
    sent = send_daily_report(store, config, DAY)
    assert sent.failed == ["email", "telegram:-1"] and sent.html.exists()


def test_the_morning_report_covers_yesterday_in_the_region(shipped_config):
    # 23:30 UTC on the 23rd is 09:30 on the 24th in Birobidzhan
    assert report_day(shipped_config, datetime(2026, 11, 23, 23, 30, tzinfo=UTC)) == DAY


def test_radar_report_command_writes_both_files(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("RADAR_DATABASE_URL", db_url)
    result = CliRunner().invoke(main, ["report", "--date", "2026-11-23", "--out",
                                       str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "radar-report-2026-11-23.html").exists()
    assert (tmp_path / "radar-report-2026-11-23.xlsx").exists()
    bad = CliRunner().invoke(main, ["report", "--date", "23.11.2026"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_the_job_runs_at_report_time_in_the_region(store, shipped_config):
    from apscheduler.schedulers.background import BackgroundScheduler

    from pipeline.report.schedule import JOB_ID, schedule_daily_report

    scheduler = BackgroundScheduler(timezone="UTC")
    schedule_daily_report(scheduler, store, lambda: shipped_config)
    trigger = scheduler.get_job(JOB_ID).trigger
    first = trigger.get_next_fire_time(None, datetime(2026, 11, 23, 0, 0, tzinfo=UTC))
    assert first.isoformat() == "2026-11-24T08:00:00+10:00"  # 08:00 in Birobidzhan
    disabled = shipped_config.model_copy(update={
        "report": shipped_config.report.model_copy(update={"enabled": False})})
    schedule_daily_report(scheduler, store, lambda: disabled)
    assert scheduler.get_job(JOB_ID) is None
