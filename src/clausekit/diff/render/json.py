"""Diff reports as JSON, for tools: built from the report directly, not the outline.

Its shape is described in `report_data`; keys are stable and `FORMAT_VERSION` is
raised when they change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from clausekit.diff.render.outline import Report
from clausekit.diff.report import ClauseChange, FieldChange, FileDiffReport, Renumbered, TextChange
from clausekit.diff.words import WordDiff

FORMAT_NAME, FORMAT_VERSION = "clausekit-diff", 1


def render_json(report: Report) -> str:
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"


def report_data(report: Report) -> dict[str, Any]:
    """The report for tools. Keys are stable; lists are in reading order.

    Common: `format` ("clausekit-diff"), `version` (1), `mode` ("library" or "files"),
    `old`, `new` (the sides' labels), `empty`.
    library: `family` (name), `summary` (one line per variant), `family_changes`,
      `variants`, `options`, `sections`, `renumbering`, `clauses`, `compat`, `declarations`
      (rules, fact specs, words, vocabulary, publish snippets, sheet note, groups and rows:
      {"kind", "name", "status", "fields"}), `translations` (added in version 1 without
      breaking it: {"default_language": fields, "added": [tags], "removed": [tags],
      "languages": [{"language", "status", "strings", "files": [{"file", "status", "clause"}]}]},
      translation files compared by their bytes; clause is null when unknown).
    files: `old_sections`, `new_sections` (counts), `renumbering`, `sections`.
    A change of a named value is {"name", "old", "new"}, null for an absent side; a word
    diff is a list of {"op": "equal"|"delete"|"insert", "text"} with paragraph breaks as "\\n".
    """
    common = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "mode": "files" if isinstance(report, FileDiffReport) else "library",
        "old": report.old_label,
        "new": report.new_label,
        "empty": report.empty,
    }
    if isinstance(report, FileDiffReport):
        return {
            **common,
            "old_sections": report.old_sections,
            "new_sections": report.new_sections,
            "renumbering": [_renumbered(r) for r in report.renumbering],
            "sections": [
                {
                    "kinds": list(s.kinds),
                    "old_number": s.old_number,
                    "new_number": s.new_number,
                    "title": _pair(s.title),
                    "diff": _diff(s.diff) if s.diff is not None else None,
                }
                for s in report.sections
            ],
        }
    return {
        **common,
        "family": report.name,
        "summary": [v.summary for v in report.variants],
        "family_changes": _fields(report.family),
        "variants": [
            {
                "old_id": v.old_id,
                "new_id": v.new_id,
                "status": v.status,
                "summary": v.summary,
                "fields": _fields(v.fields),
                "facts": _fields(v.facts),
                "sheet": [{"row": s.row, "label": s.label, "old": s.old, "new": s.new} for s in v.sheet],
                "clauses": {
                    "changed": v.clauses_changed,
                    "added": v.clauses_added,
                    "removed": v.clauses_removed,
                    "renumbered": v.renumbered,
                },
            }
            for v in report.variants
        ],
        "options": [{"code": o.code, "status": o.status, "fields": _fields(o.fields)} for o in report.options],
        "sections": [{"id": s.id, "status": s.status, "fields": _fields(s.fields)} for s in report.sections],
        "renumbering": [
            {"variants": list(g.variants), "mapping": [_renumbered(r) for r in g.mapping]} for g in report.renumbering
        ],
        "clauses": [_clause(c) for c in report.clauses],
        "compat": [
            {"first": c.first, "second": c.second, "old": c.old, "new": c.new, "explanation": c.explanation}
            for c in report.compat
        ],
        "declarations": [
            {"kind": d.kind, "name": d.name, "status": d.status, "fields": _fields(d.fields)}
            for d in report.declarations
        ],
        "translations": {
            "default_language": _fields(report.translations.default),
            "added": list(report.translations.added),
            "removed": list(report.translations.removed),
            "languages": [
                {
                    "language": lang.language,
                    "status": lang.status,
                    "strings": lang.strings,
                    "files": [{"file": f.file, "status": f.status, "clause": f.clause} for f in lang.files],
                }
                for lang in report.translations.languages
            ],
        },
    }


def _clause(change: ClauseChange) -> dict[str, Any]:
    return {
        "old_id": change.old_id,
        "new_id": change.new_id,
        "kinds": list(change.kinds),
        "number": change.number,
        "title": _pair(change.title),
        "place": _pair(change.place),
        "source": _pair(change.source),
        "similarity": change.similarity,
        "variants": list(change.variants),
        "included": list(change.included),
        "excluded": list(change.excluded),
        "text": [_text(t) for t in change.text],
    }


def _text(change: TextChange) -> dict[str, Any]:
    return {"variants": list(change.variants), "diff": _diff(change.diff)}


def _diff(diff: WordDiff) -> list[dict[str, str]]:
    return [{"op": s.op, "text": s.text} for s in diff.segments]


def _pair(field: FieldChange) -> dict[str, str | None]:
    return {"old": field.old, "new": field.new}


def _fields(fields: Iterable[FieldChange]) -> list[dict[str, str | None]]:
    return [{"name": f.name, "old": f.old, "new": f.new} for f in fields]


def _renumbered(entry: Renumbered) -> dict[str, str]:
    return {"old": entry.old, "new": entry.new, "title": entry.title}
