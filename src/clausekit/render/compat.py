"""The remix compatibility matrix as JSON and Markdown: pure functions of a Family."""

from __future__ import annotations

import json
from typing import Any

from clausekit.document.blocks import escape_inline as escape
from clausekit.document.compat import MARKS, Verdict, legend, matrix
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
        "legend": {kind: {"mark": MARKS[kind], "meaning": meaning} for kind, meaning in legend(family.labels).items()},
        "variants": [v.id for v in family.variants],
        "pairs": [verdict_data(v) for v in matrix(family)],
    }


def render_compat_json(family: Family) -> str:
    return json.dumps(compat_data(family), indent=2, ensure_ascii=False) + "\n"


def render_compat_markdown(family: Family) -> str:
    ids = [v.id for v in family.variants]
    cells = {(v.first, v.second): v for v in matrix(family)}
    labels = family.labels
    title = labels(
        "Remixing {family} {version} {works}",
        family=escape(family.name),
        version=escape(family.version),
        works=escape(family.vocabulary.works),
    )
    out = [
        f"# {title}",
        "",
        escape(family.vocabulary.remix_note),
        "",
        f"| {escape(labels('remix of ↓ with →'))} | " + " | ".join(ids) + " |",
        "|---" * (len(ids) + 1) + "|",
    ]
    for a in ids:
        row = [f"{cells[a, b].mark} {cells[a, b].result or ''}".rstrip() for b in ids]
        out.append(f"| **{a}** | " + " | ".join(row) + " |")
    out += ["", escape(labels("Legend:")), ""]
    out += [
        f"- {labels('{mark} {meaning}', mark=MARKS[kind], meaning=meaning)}" for kind, meaning in legend(labels).items()
    ]
    out += _sharealike_notes(family, [cells[a, b] for n, a in enumerate(ids) for b in ids[n + 1 :]])
    return "\n".join(out) + "\n"


def _sharealike_notes(family: Family, verdicts: list[Verdict]) -> list[str]:
    """The pairs a sharealike option decides, explained: there the matrix departs from the union rule."""
    decided = [v for v in verdicts if v.sharealike]
    if not decided:
        return []
    codes = {c for v in decided for c in v.sharealike}
    labels = family.labels
    names = labels(" and ").join(
        labels("{name} ({code})", name=o.name, code=o.code) for o in family.options if o.code in codes
    )
    where = "Where {names} decides the verdict:" if len(codes) == 1 else "Where {names} decide the verdict:"
    out = ["", labels(where, names=escape(names)), ""]
    return out + [f"- {v.mark} {escape(v.explanation)}" for v in decided]
