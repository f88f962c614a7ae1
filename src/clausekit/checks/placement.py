"""Each fragment sits in the folder of its section.

Fragments live in `clauses/<NN>-<section id>/`, so that a reader browsing the
folder finds a section's clauses together. The folder is only a convention the
build never reads; without this check a file saved in the wrong folder would
build silently and mislead the next person looking for it. Fragments placed
directly in `clauses/` (a flat layout, as small families use) are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from clausekit.diagnostics import Diagnostic
from clausekit.sources.types import Fragment, Library


def check_placement(library: Library) -> list[Diagnostic]:
    """A fragment's folder, less an optional `NN-` prefix, must be its (top ancestor's) section id."""
    by_id = {f.id: f for f in library.fragments}
    homes = _section_folders(library.fragments, by_id)
    problems: list[Diagnostic] = []
    for fragment in library.fragments:
        folder = folder_of(fragment.file)
        section = top_section(fragment, by_id)
        if folder is None or section is None or folds_into(folder, section):
            continue
        if library.family.section(section) is None:
            continue  # an unknown section is reported, with its fix, where sections are resolved
        key = "section" if fragment.parent is None else "parent"
        why = (
            f"clause {fragment.id!r} belongs to section {section!r}"
            if fragment.parent is None
            else f"clause {fragment.id!r} is a sub-item of a clause in section {section!r}"
        )
        target = homes.get(section, f"clauses/{section}")
        name = fragment.file.rsplit("/", 1)[-1]
        problems.append(
            Diagnostic(
                fragment.file,
                fragment.line_of(key),
                f"{why} but sits in the folder {folder!r}",
                f"move the file to {target}/{name}, or change its `{key}:`",
            )
        )
    return problems


def folder_of(file: str) -> str | None:
    """The folder right below clauses/ that holds the file; None when the file sits in clauses/ itself."""
    parts = file.split("/")
    return parts[1] if len(parts) > 2 else None


def folds_into(folder: str, section: str) -> bool:
    """`02-rights`, `A-use-restrictions` and `rights` are all folders of section `rights`."""
    return re.fullmatch(rf"(?:[0-9A-Za-z]+-)?{re.escape(section)}", folder) is not None


def top_section(fragment: Fragment, by_id: Mapping[str, Fragment]) -> str | None:
    """The section of the fragment's top ancestor; None when a parent is unknown or parents form a loop."""
    seen = {fragment.id}
    while fragment.parent is not None:
        parent = by_id.get(fragment.parent)
        if parent is None or parent.id in seen:
            return None  # reported by the checks that resolve parents
        seen.add(parent.id)
        fragment = parent
    return fragment.section


def _section_folders(fragments: tuple[Fragment, ...], by_id: Mapping[str, Fragment]) -> dict[str, str]:
    """Where each section's clauses already live, so the fix names a folder that exists."""
    homes: dict[str, str] = {}
    for fragment in fragments:
        folder, section = folder_of(fragment.file), top_section(fragment, by_id)
        if folder is not None and section is not None and folds_into(folder, section):
            homes.setdefault(section, f"clauses/{folder}")
    return homes
