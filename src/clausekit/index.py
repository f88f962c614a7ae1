"""index.json: every variant with its artifacts and their sha256, plus family-wide artifacts.

The index describes what is on disk. A build of some variants or formats keeps the
entries of the others from the previous index, so it never claims a file that
is not there, nor forgets one that is. Artifacts are keyed by file name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from .model import Family

INDEX_FILE = "index.json"
INDEX_SCHEMA_VERSION = 2

Entry = dict[str, Any]
Entries = dict[str, Entry]  # file name -> entry


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def artifact_entry(path: str, content: bytes) -> Entry:
    return {"path": path, "sha256": sha256(content), "bytes": len(content)}


def merged(previous: Entries, built: Entries) -> Entries:
    return {**previous, **built}


def build_index(family: Family, variants: Mapping[str, Entries], family_artifacts: Entries) -> bytes:
    """`variants` maps variant id -> its (already merged) artifacts."""
    index = {
        "schema_version": INDEX_SCHEMA_VERSION,
        "family": {"name": family.name, "version": family.version},
        "artifacts": dict(sorted(family_artifacts.items())),
        "variants": [
            {
                "id": variant.id,
                "name": variant.name,
                "title": variant.title,
                "options": [code for code in family.option_codes() if variant.has(code)],
                "facts": dict(variant.facts),
                "artifacts": dict(sorted(variants.get(variant.id, {}).items())),
            }
            for variant in family.variants
        ],
    }
    return (json.dumps(index, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


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


def previous_variant_artifacts(index: Mapping[str, Any] | None) -> dict[str, Entries]:
    found: dict[str, Entries] = {}
    for variant in (index or {}).get("variants") or ():
        if isinstance(variant, dict) and isinstance(variant.get("id"), str):
            found[variant["id"]] = _entries(variant.get("artifacts"))
    return found


def previous_family_artifacts(index: Mapping[str, Any] | None) -> Entries:
    return _entries((index or {}).get("artifacts"))


def obsolete_paths(family: Family, previous: Mapping[str, Any] | None) -> list[str]:
    """Files the previous index lists for variants the family no longer has."""
    current = {v.id for v in family.variants}
    return sorted(
        entry["path"]
        for variant_id, artifacts in previous_variant_artifacts(previous).items()
        if variant_id not in current
        for entry in artifacts.values()
    )


def _entries(value: Any) -> Entries:
    if not isinstance(value, dict):
        return {}
    return {
        name: entry
        for name, entry in value.items()
        if isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("sha256"), str)
    }
