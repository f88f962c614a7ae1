"""What `mgl release` writes: versions.yaml with one more release, or one more erratum.

The file is written whole from the parsed releases, in one fixed layout, so that
every entry reads the same whichever command or person added it; the comment at the
top of the file is kept as it is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from clausekit.sources.types import Erratum, Lifecycle, Release


def header_of(text: str) -> str:
    """The lines before `versions:` (the file's explanatory comment)."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("versions:"):
            return "".join(lines[:index])
    return "".join(line for line in lines if line.startswith("#"))


def render_versions(header: str, releases: Sequence[Release]) -> str:
    """versions.yaml for these releases, oldest first."""
    out = [header.rstrip("\n") + "\n" if header.strip() else "", "versions:\n" if releases else "versions: []\n"]
    for release in releases:
        out.append(f"  - version: {_text(release.version)}\n")
        out.append(f"    date: {release.date}\n")
        out.append(f"    revision: {release.revision}\n")
        if release.note:
            out.append(f"    note: {_text(release.note)}\n")
        if release.texts:
            out.append("    texts:\n")
            out += _digests(release.texts, "      ")
        if release.errata:
            out.append("    errata:\n")
            for erratum in release.errata:
                out.append(f"      - date: {erratum.date}\n")
                out.append(f"        note: {_text(erratum.note)}\n")
                out.append("        texts:\n")
                out += _digests(erratum.texts, "          ")
        if release.lifecycle:
            out.append("    lifecycle:\n")
            for variant_id, lifecycle in release.lifecycle.items():
                out += _lifecycle(variant_id, lifecycle)
    return "".join(out)


def _text(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(value, ensure_ascii=False)


def _digests(texts: Mapping[str, str], indent: str) -> list[str]:
    return [f"{indent}{variant_id}: {digest}\n" for variant_id, digest in sorted(texts.items())]


def _lifecycle(variant_id: str, lifecycle: Lifecycle) -> list[str]:
    out = [f"      {variant_id}:\n", f"        status: {lifecycle.status}\n"]
    if lifecycle.successor:
        out.append(f"        successor: {lifecycle.successor}\n")
    if lifecycle.reason:
        out.append(f"        reason: {_text(lifecycle.reason)}\n")
    return out


def with_erratum(releases: Sequence[Release], version: str, erratum: Erratum) -> tuple[Release, ...]:
    """The releases with `erratum` appended to the errata of `version`."""
    return tuple(
        Release(r.version, r.date, r.revision, r.note, r.line, r.texts, (*r.errata, erratum), r.lifecycle)
        if r.version == version
        else r
        for r in releases
    )
