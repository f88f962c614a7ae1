"""Where a numbered clause comes from: `mgl where MG-BY-NC 2.3.2`.

A reader quoting "Section 2.3.2" of one variant needs the fragment to edit, the
condition that selects it and the number it has elsewhere, since one fragment
carries a different number in each variant. The answer comes from the assembled
documents, so it is the numbering a build really produces.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


@dataclass(frozen=True)
class Named:
    """What a name given on the command line was taken as: a target key, and whether it was spelt exactly."""

    key: str
    exact: bool


def variant_spellings(family: Family) -> dict[str, tuple[str, ...]]:
    """Every way a command accepts to name each variant: id, name, and both without the family prefix.

    "MG-BY-NC-2.1", "MG-BY-NC", "BY-NC-2.1" and "BY-NC"; matching ignores case.
    """
    prefix = name_prefix(family)
    spellings: dict[str, tuple[str, ...]] = {}
    for v in family.variants:
        short = v.name[len(prefix) :].strip("-_ ") or v.name
        spellings[v.id] = (v.id, v.name, short, short + v.id[len(v.name) :])  # id = name + "-" + version
    return spellings


def name_prefix(family: Family) -> str:
    """The text every variant name starts with ("MG" for MG0, MG-BY, ...); empty for a family of one."""
    names = sorted(v.name for v in family.variants)
    if len(names) < 2:
        return ""
    first, last = names[0], names[-1]  # the sorted extremes share exactly the common prefix
    return first[
        : next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), min(len(first), len(last)))
    ]


def short_names(family: Family) -> dict[str, str]:
    """Variant names without the prefix they all share ("MG-BY-NC" -> "BY-NC"), for narrow tables."""
    return {key: spellings[2] for key, spellings in variant_spellings(family).items()}


def resolve_name(name: str, spellings: Mapping[str, Sequence[str]], file: str | None = None) -> Checked[Named]:
    """The one key whose spellings include `name`, in any case; one resolver for every command.

    An exact key wins; otherwise the name must match, ignoring case, the spellings of
    exactly one key. Ambiguous and unknown names fail, listing the keys to choose from.
    """
    if name in spellings:
        return Checked(Named(name, exact=True))
    wanted = name.casefold()
    hits = [key for key, names in spellings.items() if any(wanted == n.casefold() for n in names)]
    if len(hits) == 1:
        return Checked(Named(hits[0], exact=False))
    if hits:
        return Checked.failed(
            Diagnostic(file or name, None, f"{name!r} could name {', '.join(hits)}", f"use one of: {', '.join(hits)}")
        )
    known = ", ".join(spellings)
    message = f"unknown variant {name!r}" if file else "no variant has this id or name"
    return Checked.failed(Diagnostic(file or name, None, message, f"use one of: {known}"))


def find_variant(family: Family, name: str, file: str | None = None) -> Checked[Variant]:
    """A variant by id (`MG-BY-NC-2.1`), name (`MG-BY-NC`, `mg-by-nc`) or short name (`BY-NC`)."""
    named = resolve_name(name, variant_spellings(family), file)
    if named.value is None:
        return Checked(None, named.problems)
    found = family.variant(named.value.key)
    assert found is not None
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
