"""Clause-level diffs between two versions of a license family, or two license texts.

`diff_sources` is the whole command: it resolves OLD and NEW (sides.py), loads and
lints each once, compares them (compare.py for clause libraries, with matching.py,
variant.py, clauses.py, family.py and declarations.py; segment.py for plain texts) and returns a
report (report.py) that the writers in render/ format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from clausekit.diagnostics import Diagnostic, SourceError
from clausekit.diff.compare import compare, restrict
from clausekit.diff.redline import Redline
from clausekit.diff.render import RENDERERS, render_html, render_json, render_markdown, render_rich, render_text
from clausekit.diff.report import DiffReport, FileDiffReport
from clausekit.diff.segment import compare_texts
from clausekit.diff.sides import FILE, REVISION, Source, commit_date, load_side, read_text, resolve
from clausekit.diff.tracked import review_redline, variant_redline
from clausekit.document.where import resolve_name, variant_spellings
from clausekit.pipeline import Linted
from clausekit.sources.library import load_library as load_family_file
from clausekit.sources.types import Family

__all__ = [
    "RENDERERS",
    "DiffReport",
    "FileDiffReport",
    "RedlineJob",
    "compare",
    "compare_texts",
    "diff_sources",
    "redline_sources",
    "render_html",
    "render_json",
    "render_markdown",
    "render_rich",
    "render_text",
]


def diff_sources(
    old: str,
    new: str | None,
    root: Path,
    variants: Sequence[str] = (),
    note: Callable[[str, str], None] = lambda name, taken: None,
) -> DiffReport | FileDiffReport:
    """Compare what OLD and NEW name (NEW None: the working tree at `root`).

    `note(name, id)` hears of each variant named in another spelling than its report id.

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
    old_result, new_result, report = _compared(old_side, new_side, root)
    if not variants:
        return report
    return restrict(report, _variant_ids(variants, report, old_result.library.family, new_result.library.family, note))


@dataclass(frozen=True)
class RedlineJob:
    """A redline and what its writer needs besides: the default author and NEW's date."""

    redline: Redline
    full_text: bool  # one variant's whole license, not the clause-level review
    maintainers: str  # NEW's `family.maintainers`, else "<family> maintainers"
    date: int | None  # NEW's commit time for a revision; None: the caller dates it
    empty: bool  # nothing to review: for `--exit-code`


def redline_sources(
    old: str,
    new: str | None,
    root: Path,
    variants: Sequence[str] = (),
    note: Callable[[str, str], None] = lambda name, taken: None,
) -> RedlineJob:
    """The redline of OLD to NEW: one variant's full text when `variants` names one, else the clause-level review.

    Raises SourceError as `diff_sources` does, and for two license files (a redline needs clause libraries).
    """
    old_side, new_side = resolve(old, root), resolve(new, root)
    for side in (old_side, new_side):
        if side.kind == FILE:
            raise SourceError(
                [
                    Diagnostic(
                        side.spec,
                        None,
                        "a redline is made from two versions of the family, not from license files",
                        "give two revisions, released versions or folders holding variants.yaml",
                    )
                ]
            )
    old_result, new_result, report = _compared(old_side, new_side, root)
    family = new_result.library.family
    maintainers = family.maintainers or _current_maintainers(root) or f"{family.name} maintainers"
    date = _date(new_side, root)
    ids = _variant_ids(variants, report, old_result.library.family, family, note) if variants else set()
    if len(ids) == 1:
        (wanted,) = ids
        change = next(v for v in report.variants if v.id == wanted)
        redline = variant_redline(
            old_result, new_result, change.old_id, change.new_id, (old_side.label, new_side.label)
        )
        tracked = any(redline.counts.get(kind, 0) for kind in ("insert", "delete", "move", "renumbering"))
        return RedlineJob(redline, True, maintainers, date, not tracked and change.status == "unchanged")
    shown = restrict(report, ids) if ids else report
    return RedlineJob(review_redline(shown), False, maintainers, date, shown.empty)


def _compared(old_side: Source, new_side: Source, root: Path) -> tuple[Linted, Linted, DiffReport]:
    """Both sides loaded (once, when they are the same) and compared."""
    old = load_side(old_side, root)
    new = old if new_side.key == old_side.key else load_side(new_side, root)
    files = (old.translations, new.translations)
    return old.linted, new.linted, compare(old.linted, new.linted, old_side.label, new_side.label, files)


def _current_maintainers(root: Path) -> str | None:
    """The working tree's `family.maintainers`: who signs a redline of revisions made before the key existed."""
    loaded = load_family_file(root)
    return loaded.value.family.maintainers if loaded.value is not None else None


def _date(side: Source, root: Path) -> int | None:
    return commit_date(root, side.commit) if side.kind == REVISION and side.commit is not None else None


def _variant_ids(
    wanted: Sequence[str], report: DiffReport, old: Family, new: Family, note: Callable[[str, str], None]
) -> set[str]:
    """Report ids for ids or names given on either side, in any spelling `find_variant` takes."""
    old_names, new_names = variant_spellings(old), variant_spellings(new)
    spellings: dict[str, tuple[str, ...]] = {}
    for change in report.variants:
        names = [*old_names.get(change.old_id or "", ()), *new_names.get(change.new_id or "", ())]
        spellings[change.id] = tuple(dict.fromkeys(names))
    found: set[str] = set()
    problems: list[Diagnostic] = []
    for name in wanted:
        named = resolve_name(name, spellings, "--variant")
        if named.value is None:
            problems.extend(named.problems)
            continue
        if named.value.key != name:
            note(name, named.value.key)
        found.add(named.value.key)
    if problems:
        raise SourceError(problems)
    return found
