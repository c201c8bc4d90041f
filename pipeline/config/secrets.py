"""Secrets come from the environment or a secret file, never from config.yaml.

For a variable NAME, the value is ``$NAME``, or else the content of the file
named by ``$NAME_FILE`` (the Docker/systemd credentials convention).
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.config.model import Config


def read_secret(env_name: str | None) -> str | None:
    if not env_name:
        return None
    value = os.environ.get(env_name)
    if value:
        return value
    file_name = os.environ.get(f"{env_name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip() or None
        except OSError:
            return None
    return None


def secret_names(config: Config) -> list[tuple[str, str]]:
    """(env name, what needs it) for every secret the config refers to."""
    names: list[tuple[str, str]] = []
    if any(s.platform == "vk" and s.enabled for s in config.sources):
        names.append((config.vk.token_env, "VK sources"))
    for source in config.sources:
        if source.token_env:
            names.append((source.token_env, f"source {source.id}"))
    if any(s.collector == "telegram_api" and s.enabled for s in config.sources):
        tg = config.telegram
        names += [(tg.api_id_env, "telegram_api"), (tg.api_hash_env, "telegram_api"),
                  (tg.session_env, "telegram_api")]
    for index, channel in enumerate(config.alerts.channels):
        for env in (channel.secret_env, channel.token_env, channel.user_env, channel.password_env):
            if env:
                names.append((env, f"alerts.channels[{index}] ({channel.type})"))
    return names


def missing_secrets(config: Config) -> list[str]:
    return [f"secret ${env} is not set (needed by {who})"
            for env, who in secret_names(config) if read_secret(env) is None]
