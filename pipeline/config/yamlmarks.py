"""YAML loading that remembers the line of every key and item.

pydantic reports errors by location tuples such as ``("sources", 2, "intervl")``;
the line map built here turns them into ``config.yaml:LINE`` messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[Any, ...]
_SCALARS = yaml.SafeLoader("")  # resolves scalar types exactly as yaml.safe_load does


class YamlLoadError(Exception):
    """A YAML syntax error with the line it was found on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class MarkedDocument:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[int, str]] = field(default_factory=list)

    def line_of(self, path: Path) -> int:
        """The line of the deepest known prefix of ``path`` (1 if none)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


def load_marked(text: str) -> MarkedDocument:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlLoadError(line, f"invalid YAML: {problem}") from exc
    doc = MarkedDocument(data=None)
    if node is None:
        doc.data = {}
        return doc
    doc.lines[()] = node.start_mark.line + 1
    doc.data = _build(node, (), doc)
    return doc


def _build(node: yaml.Node, path: Path, doc: MarkedDocument) -> Any:
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, path, doc)
    if isinstance(node, yaml.SequenceNode):
        return _build_sequence(node, path, doc)
    return _SCALARS.construct_object(node, deep=True)


def _build_mapping(node: yaml.MappingNode, path: Path, doc: MarkedDocument) -> dict:
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = _build(key_node, path, doc)
        line = key_node.start_mark.line + 1
        if key in result:
            doc.duplicates.append((line, f"duplicate key '{key}'"))
        doc.lines[path + (key,)] = line
        result[key] = _build(value_node, path + (key,), doc)
    return result


def _build_sequence(node: yaml.SequenceNode, path: Path, doc: MarkedDocument) -> list:
    items = []
    for index, item in enumerate(node.value):
        doc.lines[path + (index,)] = item.start_mark.line + 1
        items.append(_build(item, path + (index,), doc))
    return items
