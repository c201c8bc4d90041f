"""Read config.yaml into a validated Config, or a list of ``file:line: problem``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pipeline.config.check import cross_checks
from pipeline.config.model import Config
from pipeline.config.yamlmarks import MarkedDocument, YamlLoadError, load_marked

DEFAULT_PATH = "config.yaml"
CONFIG_ENV = "RADAR_CONFIG"
DATABASE_ENV = "RADAR_DATABASE_URL"


class ConfigError(Exception):
    """config.yaml is not usable; ``problems`` are ready-to-print lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadedConfig:
    config: Config
    path: Path

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    def database_url(self) -> str:
        return resolve_database_url(self.config.database.url, self.base_dir)


def config_path(explicit: str | os.PathLike | None = None) -> Path:
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_PATH).resolve()


def load_config(path: str | os.PathLike | None = None) -> LoadedConfig:
    resolved = config_path(path)
    try:
        text = resolved.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([f"{resolved}: cannot read: {exc.strerror or exc}"]) from exc
    return LoadedConfig(parse_config(text, resolved.name), resolved)


def parse_config(text: str, name: str = DEFAULT_PATH) -> Config:
    try:
        doc = load_marked(text)
    except YamlLoadError as exc:
        raise ConfigError([f"{name}:{exc.line}: {exc.message}"]) from exc
    problems = [(line, msg) for line, msg in doc.duplicates]
    problems += [(doc.line_of(path), msg) for path, msg in cross_checks(doc.data)]
    config = None
    try:
        config = Config.model_validate(doc.data if isinstance(doc.data, dict) else {})
    except ValidationError as exc:
        problems += [_located(doc, err) for err in exc.errors()]
    if problems:
        raise ConfigError([f"{name}:{line}: {msg}" for line, msg in sorted(set(problems))])
    return config


def _located(doc: MarkedDocument, error: dict) -> tuple[int, str]:
    path = tuple(error["loc"])
    where = ".".join(str(part) for part in path) or "(top)"
    if error["type"] == "extra_forbidden":
        return doc.line_of(path), f"unknown key '{path[-1]}' in {_parent(path)}"
    if error["type"] == "missing":
        return doc.line_of(path[:-1]), f"missing key '{path[-1]}' in {_parent(path)}"
    return doc.line_of(path), f"{where}: {_message(error)}"


def _parent(path: tuple) -> str:
    return ".".join(str(part) for part in path[:-1]) or "the top level"


def _message(error: dict) -> str:
    message = error["msg"]
    return message.removeprefix("Value error, ")


def resolve_database_url(url: str, base_dir: Path) -> str:
    """Env override first; a relative SQLite path is relative to the config file."""
    url = os.environ.get(DATABASE_ENV) or url
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str((base_dir / url[len(prefix):]).resolve())
    return url
