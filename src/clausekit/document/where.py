"""Where a numbered clause comes from: `mgl where MG-BY-NC 2.3.2`.

A reader quoting "Section 2.3.2" of one variant needs the fragment to edit, the
condition that selects it and the number it has elsewhere, since one fragment
carries a different number in each variant. The answer comes from the assembled
documents, so it is the numbering a build really produces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.document.types import Document
from clausekit.sources.types import Family, Library, Variant


@dataclass(frozen=True)
class Placement:
    """The number and reference one variant gives the clause."""

    variant_id: str
    number: str | None
    reference: str


@dataclass(frozen=True)
class Whereabouts:
    kind: str  # "clause" (a fragment) or "section" (declared in the family file's outline)
    id: str
    title: str
    file: str
    line: int  # of the `id:` that declares it
    when: str | None
    placements: tuple[Placement, ...]  # every variant that contains it, in family order

    def data(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "file": self.file,
            "line": self.line,
            "when": self.when,
            "variants": [{"id": p.variant_id, "number": p.number, "reference": p.reference} for p in self.placements],
        }


def find_variant(family: Family, name: str) -> Checked[Variant]:
    """A variant by id (`MG-BY-NC-2.0`) or name (`MG-BY-NC`), as every command takes it."""
    found = next((v for v in family.variants if name in (v.id, v.name)), None)
    if found is None:
        known = ", ".join(v.id for v in family.variants)
        return Checked.failed(Diagnostic(name, None, "no variant has this id or name", f"use one of: {known}"))
    return Checked(found)


def where(library: Library, documents: Sequence[Document], variant: str, number: str) -> Checked[Whereabouts]:
    """The clause (or section) numbered `number` in `variant`: `2.3.2`, `Section 2.3.2` or `Attachment A`."""
    found = _locate(library, documents, variant, number)
    return Checked.failed(found) if isinstance(found, Diagnostic) else Checked(found)


def _locate(library: Library, documents: Sequence[Document], variant: str, number: str) -> Whereabouts | Diagnostic:
    checked = find_variant(library.family, variant)
    if checked.value is None:
        return checked.problems[0]
    chosen = checked.value
    document = next((d for d in documents if d.variant_id == chosen.id), None)
    if document is None:
        return Diagnostic(chosen.id, None, "this variant did not assemble", "run `mgl lint` and fix what it reports")
    wanted = number.strip().rstrip(".").casefold()
    numbered = [(c.id, c.number, c.number_label) for _, c in document.clauses()]
    numbered += [(s.id, s.number, s.number_label) for s in document.sections]
    hit = next(
        (i for i, n, label in numbered if n is not None and wanted in (n.casefold(), (label or "").casefold())), None
    )
    if hit is None:
        shown = ", ".join(label for _, _, label in sorted(numbered, key=_reading) if label is not None)
        return Diagnostic(
            number, None, f"{chosen.id} has no clause or section with this number", f"use one of: {shown}"
        )
    fragment = library.fragment(hit)
    if fragment is not None:
        placements = tuple(
            Placement(d.variant_id, c.number, c.reference) for d in documents for _, c in d.clauses() if c.id == hit
        )
        return Whereabouts(
            "clause", hit, fragment.title, fragment.file, fragment.line_of("id"), fragment.when, placements
        )
    section = library.family.section(hit)
    assert section is not None  # every numbered part of a document is a fragment or an outline section
    placements = tuple(
        Placement(d.variant_id, s.number, s.reference) for d in documents for s in d.sections if s.id == hit
    )
    return Whereabouts("section", hit, section.title, library.family.file, section.line, section.when, placements)


def _reading(entry: tuple[str, str | None, str | None]) -> tuple[tuple[int, int, str], ...]:
    """Sort "Section 2.10" after "Section 2.9", a section before its clauses, and lettered parts last."""
    number = entry[1] or ""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in number.split("."))
