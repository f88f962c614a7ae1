"""index.json: every variant with its artifacts and their sha256.

The index describes what is on disk. A build of some variants or formats keeps the
entries of the others from the previous index, so it never claims a file that
is not there, nor forgets one that is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from .model import Family

INDEX_FILE = "index.json"
INDEX_SCHEMA_VERSION = 1

Entry = dict[str, Any]


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def artifact_entry(path: str, content: bytes) -> Entry:
    return {"path": path, "sha256": sha256(content), "bytes": len(content)}


def build_index(family: Family, built: Mapping[str, Mapping[str, Entry]], previous: Mapping[str, Any] | None) -> bytes:
    """`built` maps variant id -> format -> entry for what this build produced."""
    old = _previous_artifacts(previous)
    variants = []
    for variant in family.variants:
        artifacts = dict(old.get(variant.id, {}))
        artifacts.update(built.get(variant.id, {}))
        variants.append(
            {
                "id": variant.id,
                "name": variant.name,
                "title": variant.title,
                "options": [code for code in family.option_codes() if variant.has(code)],
                "facts": dict(variant.facts),
                "artifacts": {name: artifacts[name] for name in sorted(artifacts)},
            }
        )
    index = {
        "schema_version": INDEX_SCHEMA_VERSION,
        "family": {"name": family.name, "version": family.version},
        "variants": variants,
    }
    return (json.dumps(index, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def parse_index(content: bytes | None) -> Mapping[str, Any] | None:
    """The previous index, or None when there is none or it is not ours to trust."""
    if content is None:
        return None
    try:
        data = json.loads(content)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("schema_version") != INDEX_SCHEMA_VERSION:
        return None
    return data


def obsolete_paths(family: Family, previous: Mapping[str, Any] | None) -> list[str]:
    """Files the previous index lists for variants the family no longer has."""
    current = {v.id for v in family.variants}
    return sorted(
        entry["path"]
        for variant_id, artifacts in _previous_artifacts(previous).items()
        if variant_id not in current
        for entry in artifacts.values()
    )


def _previous_artifacts(index: Mapping[str, Any] | None) -> dict[str, dict[str, Entry]]:
    if not index:
        return {}
    found: dict[str, dict[str, Entry]] = {}
    for variant in _list(index.get("variants")):
        artifacts = variant.get("artifacts") if isinstance(variant, dict) else None
        if isinstance(artifacts, dict) and isinstance(variant.get("id"), str):
            found[variant["id"]] = {k: v for k, v in artifacts.items() if _is_entry(v)}
    return found


def _list(value: Any) -> Iterable[Any]:
    return value if isinstance(value, list) else ()


def _is_entry(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("path"), str) and isinstance(value.get("sha256"), str)
