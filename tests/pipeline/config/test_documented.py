"""A setting that is not documented is a bug: every config key must be in docs/config.md."""

import re
from pathlib import Path
from typing import Union, get_args, get_origin

from pydantic import BaseModel

from pipeline.config.model import Config

DOC = Path(__file__).resolve().parents[3] / "docs" / "config.md"


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _is_list(annotation) -> bool:
    if get_origin(annotation) is list:
        return True
    return get_origin(annotation) is Union and any(_is_list(a) for a in get_args(annotation))


def key_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    paths = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        paths.append(path)
        inner = _model_in(field.annotation)
        if inner is not None:
            paths += key_paths(inner, path + ("[]." if _is_list(field.annotation) else "."))
    return paths


def test_every_config_key_is_documented():
    documented = set(re.findall(r"`([a-z_\[\].]+)`", DOC.read_text(encoding="utf-8")))
    missing = [path for path in key_paths(Config) if path not in documented]
    assert not missing, f"undocumented config keys (add them to docs/config.md): {missing}"


def test_documented_keys_exist():
    documented = re.findall(r"^\| `([a-z_\[\].]+)`", DOC.read_text(encoding="utf-8"), re.M)
    unknown = sorted(set(documented) - set(key_paths(Config)))
    assert not unknown, f"docs/config.md documents keys that do not exist: {unknown}"
