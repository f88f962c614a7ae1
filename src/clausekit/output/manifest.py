"""index.json: every variant with its artifacts and their sha256, plus family-wide artifacts.

The index describes what is on disk. A build of some variants or formats keeps the
entries of the others from the previous index, so it never claims a file that
is not there, nor forgets one that is. Artifacts are keyed by file name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clausekit.sources.types import Family

INDEX_FILE = "index.json"
INDEX_SCHEMA_VERSION = 3
TYPESET_FILE = "typeset.json"
TYPESET_SCHEMA_VERSION = 1

Entry = dict[str, Any]
Entries = dict[str, Entry]  # file name -> entry


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def artifact_entry(path: str, content: bytes) -> Entry:
    return {"path": path, "sha256": sha256(content), "bytes": len(content)}


def merged(previous: Entries, built: Entries) -> Entries:
    return {**previous, **built}


def build_index(family: Family, variants: Mapping[str, Entries], family_artifacts: Entries, built: BuiltFrom) -> bytes:
    """`variants` maps variant id -> its (already merged) artifacts."""
    index = {
        "schema_version": INDEX_SCHEMA_VERSION,
        "family": {"name": family.name, "version": family.version},
        "built_from": built.data(),
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


@dataclass(frozen=True)
class BuiltFrom:
    """What a complete set of artifacts was built from: the sources' digest and the formats.

    `sources` is None when the folder holds artifacts of different sources (after a
    build of only some variants), so that no later build trusts it wholesale.
    """

    sources: str | None
    formats: tuple[str, ...]
    settings: Mapping[str, Any] | None = None

    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sources": self.sources, "formats": list(self.formats)}
        if self.settings is not None:
            data["settings"] = dict(self.settings)
        return data

    @classmethod
    def of(cls, manifest: Mapping[str, Any] | None) -> BuiltFrom:
        data = (manifest or {}).get("built_from")
        if not isinstance(data, dict):
            return cls(None, ())
        sources = data.get("sources") if isinstance(data.get("sources"), str) else None
        formats = tuple(f for f in data.get("formats") or () if isinstance(f, str))
        settings = data.get("settings") if isinstance(data.get("settings"), dict) else None
        return cls(sources, formats, settings)


def build_typeset_manifest(entries: Entries, built: BuiltFrom) -> bytes:
    """typeset.json: the typeset editions (not committed), keyed by path, each with its input digest."""
    manifest = {
        "schema_version": TYPESET_SCHEMA_VERSION,
        "built_from": built.data(),
        "artifacts": dict(sorted(entries.items())),
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def parse_typeset(content: bytes | None) -> Mapping[str, Any] | None:
    return _parse(content, TYPESET_SCHEMA_VERSION)


def typeset_entries(manifest: Mapping[str, Any] | None) -> Entries:
    return {
        path: entry
        for path, entry in _entries((manifest or {}).get("artifacts")).items()
        if isinstance(entry.get("inputs"), str)
    }


def parse_index(content: bytes | None) -> Mapping[str, Any] | None:
    """The previous index, or None when there is none or it is not ours to trust."""
    return _parse(content, INDEX_SCHEMA_VERSION)


def _parse(content: bytes | None, version: int) -> Mapping[str, Any] | None:
    if content is None:
        return None
    try:
        data = json.loads(content)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("schema_version") != version:
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
