"""The remix compatibility matrix as JSON and Markdown: pure functions of a Family."""

from __future__ import annotations

import json
from typing import Any

from clausekit.document.blocks import escape_inline as escape
from clausekit.document.compat import LEGEND, MARKS, Verdict, matrix
from clausekit.sources.types import Family

COMPAT_SCHEMA_VERSION = 1


def verdict_data(v: Verdict) -> dict[str, Any]:
    return {
        "first": v.first,
        "second": v.second,
        "verdict": v.kind,
        "result": v.result,
        "options": list(v.union),
        "explanation": v.explanation,
    }


def compat_data(family: Family) -> dict[str, Any]:
    return {
        "schema_version": COMPAT_SCHEMA_VERSION,
        "family": {"name": family.name, "version": family.version},
        "note": family.vocabulary.remix_note,
        "legend": {kind: {"mark": MARKS[kind], "meaning": meaning} for kind, meaning in LEGEND.items()},
        "variants": [v.id for v in family.variants],
        "pairs": [verdict_data(v) for v in matrix(family)],
    }


def render_compat_json(family: Family) -> str:
    return json.dumps(compat_data(family), indent=2, ensure_ascii=False) + "\n"


def render_compat_markdown(family: Family) -> str:
    ids = [v.id for v in family.variants]
    cells = {(v.first, v.second): v for v in matrix(family)}
    out = [
        f"# Remixing {escape(family.name)} {escape(family.version)} {escape(family.vocabulary.works)}",
        "",
        escape(family.vocabulary.remix_note),
        "",
        "| remix of ↓ with → | " + " | ".join(ids) + " |",
        "|---" * (len(ids) + 1) + "|",
    ]
    for a in ids:
        row = [f"{cells[a, b].mark} {cells[a, b].result or ''}".rstrip() for b in ids]
        out.append(f"| **{a}** | " + " | ".join(row) + " |")
    out += ["", "Legend:", ""]
    out += [f"- {MARKS[kind]} {meaning}" for kind, meaning in LEGEND.items()]
    return "\n".join(out) + "\n"
