"""``make demo``: the whole pipeline offline — fakes seeded with the bundled corpus, one
round of the real service (collect → analyze → incidents → alerts), then a summary."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pipeline.config import LoadedConfig
from pipeline.demo import summary
from pipeline.demo.world import (
    DemoWorld,
    demo_config,
    load_corpus,
    newest_post_time,
    read_config,
    shift_to,
    write_config,
)
from pipeline.service.service import Service, ServiceOptions

DEMO_LOGIN, DEMO_PASSWORD = "demo", "demo-radar"

Echo = Callable[[str], None]


def run_demo(loaded: LoadedConfig, workdir: str, echo: Echo) -> Path:
    work = _fresh_dir(loaded.base_dir / workdir)
    records = shift_to(load_corpus(), newest_post_time(datetime.now(UTC)))
    base = read_config(loaded.path)
    world = DemoWorld.start(records, base)
    try:
        config_path = write_config(demo_config(base, world), work / "config.yaml")
        echo(f"Fake VK API at {world.vk.api_url}, fake t.me at {world.tme.url}, "
             f"fake Bot API at {world.bot.url}, SMTP sink on port {world.smtp.port}.")
        echo(f"Corpus: {len(records)} posts and comments; collecting them through the real "
             "collectors...")
        service = Service(ServiceOptions(config_path=config_path, web=False))
        reports = service.run_once()
        summary.crawls(reports, echo)
        summary.results(service.store, service.loaded.config, world, echo)
        summary.extras(service.store, service.loaded.config, work, echo,
                       (DEMO_LOGIN, DEMO_PASSWORD))
        service.shutdown()
    finally:
        world.stop()
    echo(f"\nEverything is in {work}. Browse it:\n"
         f"  .venv/bin/radar --config {config_path} serve   # then open http://127.0.0.1:8000/"
         f"  (login {DEMO_LOGIN} / {DEMO_PASSWORD})")
    return work


def _fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path
