import threading
from datetime import timedelta

from pipeline.config.model import Source
from pipeline.service.jobs import JOB_PREFIX, SourceJobs, job_options, make_scheduler


def job_ids(scheduler) -> set[str]:
    return {job.id.removeprefix(JOB_PREFIX) for job in scheduler.get_jobs()}


def test_job_options_are_deliberate():
    options = job_options(Source(id="s", platform="vk", kind="wall", handle="h", interval="10m"))
    assert options["coalesce"] is True and options["max_instances"] == 1
    assert options["seconds"] == 600 and options["misfire_grace_time"] == 300
    assert 0 < options["jitter"] <= 30


def test_jobs_follow_the_config(store, shipped_config):
    scheduler = make_scheduler("Asia/Vladivostok")
    jobs = SourceJobs(scheduler, store, threading.Event())
    jobs.apply(shipped_config)
    enabled = {s.id for s in shipped_config.sources if s.enabled}
    assert job_ids(scheduler) == enabled and "vk-old" not in enabled

    sources = [s for s in shipped_config.sources if s.id != "tg-kostuyk"]
    sources[0] = sources[0].model_copy(update={"interval": timedelta(minutes=1)})
    edited = shipped_config.model_copy(update={"sources": sources})
    jobs.apply(edited)
    assert job_ids(scheduler) == enabled - {"tg-kostuyk"}
    first = scheduler.get_job(JOB_PREFIX + sources[0].id)
    assert first.trigger.interval == timedelta(minutes=1)


def test_daily_report_is_scheduled_at_the_configured_local_time(tmp_path, monkeypatch):
    from pipeline.service.service import Service, ServiceOptions

    from .harness import write_config

    config = write_config(tmp_path / "config.yaml", "http://127.0.0.1:9",
                          "http://127.0.0.1:9/method/", [])
    config.write_text(config.read_text(encoding="utf-8") + "report: {time: '07:30'}\n",
                      encoding="utf-8")
    monkeypatch.setenv("RADAR_DATABASE_URL", f"sqlite:///{tmp_path}/r.db")
    service = Service(ServiceOptions(config_path=config, web=False))
    service._schedule_report()
    job = service.scheduler.get_job("daily-report")
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("7", "30")
    assert str(job.trigger.timezone) == "Asia/Vladivostok"
    service.shutdown()


def test_daily_report_job_writes_under_the_config_folder(tmp_path, monkeypatch):
    from pipeline.service.service import Service, ServiceOptions

    from .harness import write_config

    config = write_config(tmp_path / "config.yaml", "http://127.0.0.1:9",
                          "http://127.0.0.1:9/method/", [])
    monkeypatch.setenv("RADAR_DATABASE_URL", f"sqlite:///{tmp_path}/r.db")
    monkeypatch.chdir("/")
    service = Service(ServiceOptions(config_path=config, web=False))
    service.send_report()
    service.shutdown()
    written = sorted(p.suffix for p in (tmp_path / "var" / "reports").iterdir())
    assert written == [".html", ".xlsx"]
