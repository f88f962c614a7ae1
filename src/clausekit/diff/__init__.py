"""Clause-level diffs between two versions of a license family, or two license texts.

`diff_sources` is the whole command: it resolves OLD and NEW (sides.py), loads and
lints each once, compares them (compare.py for clause libraries, with matching.py,
variant.py, clauses.py, family.py and declarations.py; segment.py for plain texts) and returns a
report (report.py) that the writers in render/ format.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from clausekit.diagnostics import Diagnostic, SourceError
from clausekit.diff.compare import compare, restrict
from clausekit.diff.render import RENDERERS, render_html, render_json, render_markdown, render_rich, render_text
from clausekit.diff.report import DiffReport, FileDiffReport
from clausekit.diff.segment import compare_texts
from clausekit.diff.sides import FILE, load_library, read_text, resolve
from clausekit.sources.types import Family

__all__ = [
    "RENDERERS",
    "DiffReport",
    "FileDiffReport",
    "compare",
    "compare_texts",
    "diff_sources",
    "render_html",
    "render_json",
    "render_markdown",
    "render_rich",
    "render_text",
]


def diff_sources(old: str, new: str | None, root: Path, variants: Sequence[str] = ()) -> DiffReport | FileDiffReport:
    """Compare what OLD and NEW name (NEW None: the working tree at `root`).

    Raises SourceError for a side that cannot be found or does not lint clean, for a
    file compared with a library, and for an unknown variant in `variants`.
    """
    old_side, new_side = resolve(old, root), resolve(new, root)
    if (old_side.kind == FILE) != (new_side.kind == FILE):
        file_side = old_side if old_side.kind == FILE else new_side
        raise SourceError(
            [
                Diagnostic(
                    file_side.spec,
                    None,
                    "a license file can only be compared with another license file",
                    "give two files (e.g. two license.txt), or two revisions or folders holding variants.yaml"
                    + ("; NEW is required with a file" if new is None else ""),
                )
            ]
        )
    if old_side.kind == FILE:
        if variants:
            raise SourceError([Diagnostic("--variant", None, "license files have no variants", "leave out --variant")])
        return compare_texts(read_text(old_side), read_text(new_side), old_side.label, new_side.label)
    old_result = load_library(old_side, root)
    new_result = old_result if new_side.key == old_side.key else load_library(new_side, root)
    report = compare(old_result, new_result, old_side.label, new_side.label)
    if not variants:
        return report
    return restrict(report, _variant_ids(variants, report, old_result.library.family, new_result.library.family))


def _variant_ids(wanted: Sequence[str], report: DiffReport, old: Family, new: Family) -> set[str]:
    """Report ids for ids or names given on either side."""
    aliases: dict[str, str] = {}
    for change in report.variants:
        for family, variant_id in ((old, change.old_id), (new, change.new_id)):
            variant = family.variant(variant_id) if variant_id else None
            if variant is not None:
                aliases.setdefault(variant.id, change.id)
                aliases.setdefault(variant.name, change.id)
    unknown = [w for w in wanted if w not in aliases]
    if unknown:
        known = ", ".join(v.id for v in report.variants)
        raise SourceError(
            [Diagnostic("--variant", None, f"unknown variant {name!r}", f"use one of: {known}") for name in unknown]
        )
    return {aliases[w] for w in wanted}
