"""Checks across the assembled variants of a family.

These can only be made after assembly: which clauses a variant really contains,
and the numbers they really got.
"""

from __future__ import annotations

from collections.abc import Sequence

from clausekit.diagnostics import Diagnostic
from clausekit.document.types import Clause, Document, Section
from clausekit.sources.types import Fragment, Library


def check_option_clauses(library: Library, documents: Sequence[Document]) -> list[Diagnostic]:
    """Each variant contains exactly the option clauses its options call for."""
    family = library.family
    problems: list[Diagnostic] = []
    by_variant = {v.id: v for v in family.variants}
    for document in documents:
        variant = by_variant[document.variant_id]
        present = {clause.id for _, clause in document.clauses()}
        for option in family.options:
            for clause_id in option.clauses:
                fragment = library.fragment(clause_id)
                if fragment is None:
                    continue  # reported when the library was compiled
                if variant.has(option.code) and clause_id not in present:
                    problems.append(
                        Diagnostic(
                            fragment.file,
                            _selection_line(fragment),
                            f"option {option.code!r} requires clause {clause_id!r}, but the variant does not select it",
                            f"make its `when:` true for every variant with {option.code}",
                            (variant.id,),
                        )
                    )
                elif not variant.has(option.code) and clause_id in present:
                    problems.append(
                        Diagnostic(
                            fragment.file,
                            _selection_line(fragment),
                            f"clause {clause_id!r} belongs to option {option.code!r}, but it is selected in a variant without that option",
                            f"make its `when:` require {option.code}",
                            (variant.id,),
                        )
                    )
    return problems


def check_stable_numbers(library: Library, documents: Sequence[Document]) -> list[Diagnostic]:
    """Clauses marked `stable_number` keep one number in every variant that has them."""
    problems: list[Diagnostic] = []
    for fragment in library.fragments:
        if not fragment.stable_number:
            continue
        numbers: dict[str | None, list[str]] = {}
        for document in documents:
            for _, clause in document.clauses():
                if clause.id == fragment.id:
                    numbers.setdefault(clause.number, []).append(document.variant_id)
        if len(numbers) > 1:
            found = "; ".join(f"{number} in {', '.join(ids)}" for number, ids in numbers.items())
            problems.append(
                Diagnostic(
                    fragment.file,
                    fragment.line_of("stable_number"),
                    f"clause {fragment.id!r} must have the same number in every variant, but it is {found}",
                    "make the clauses before it present in the same variants, or give it its own place",
                )
            )
    return problems


def _selection_line(fragment: Fragment) -> int:
    """Where a fragment's selection is decided: its `when:`, or its id when it has none."""
    return fragment.line_of("when") if fragment.when else fragment.line_of("id")


def check_element_ids(library: Library, documents: Sequence[Document]) -> list[Diagnostic]:
    """A clause id that equals a generated anchor ("section-2-4") would make two parts share one link target."""
    problems = []
    for document in documents:
        owners: dict[str, list[Section | Clause]] = {}
        for element_id, owner in document.element_ids():
            owners.setdefault(element_id, []).append(owner)
        for element_id, found in owners.items():
            clauses = [o for o in found if isinstance(o, Clause)]
            if len(found) < 2 or not clauses:
                continue
            fragment = library.fragment(clauses[-1].id)
            problems.append(
                Diagnostic(
                    fragment.file if fragment else library.family.file,
                    fragment.line_of("id") if fragment else None,
                    f"the id {element_id!r} is also a generated anchor or another part's id in this variant",
                    "rename the clause: ids that look like `section-2-4` or `<id>-heading` are taken",
                    (document.variant_id,),
                )
            )
    return problems
