"""Compute a variant's model sheet from the family's option definitions and facts.

Published sheets have contradicted their own license texts; here no sheet is
written by hand. A row answers its default unless an option of the variant says
otherwise, or follows a declared fact. When two options speak to one row, the one
that implies the other wins (NoDerivatives implies Attribution, so it decides
"state modifications"); two unrelated options that disagree are a lint error.
"""

from __future__ import annotations

from collections.abc import Mapping

from clausekit.document.types import Sheet, SheetEntry, SheetGroup
from clausekit.sources.types import Answer, Family, SheetRow, Variant


def implied_by(family: Family, code: str) -> set[str]:
    """Every option that `code` implies, directly or through others."""
    direct = {o.code: set(o.implies) for o in family.options}
    found: set[str] = set()
    pending = list(direct.get(code, ()))
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(direct.get(current, ()))
    return found


def contributions(family: Family, variant: Variant, row: SheetRow) -> dict[str, Answer]:
    """The answers the variant's options give this row, less those overridden by an implying option."""
    said = {
        code: option.sheet[row.id]
        for code in variant.options
        if (option := family.option(code)) and row.id in option.sheet
    }
    overridden = {implied for code in said for implied in implied_by(family, code)}
    return {code: answer for code, answer in said.items() if code not in overridden}


def row_answer(family: Family, variant: Variant, row: SheetRow) -> Answer | None:
    if row.fact is not None:
        value = variant.facts.get(row.fact)
        if value is None:
            return None
        return row.fact_answers.get(value) or (Answer(value) if isinstance(value, bool) else None)
    said = contributions(family, variant, row)
    first = next((said[code] for code in family.option_codes() if code in said), None)
    return first or row.default


def changed_by(family: Family, variant: Variant, row: SheetRow) -> Mapping[str, Answer]:
    """The options that move this row away from its default (empty for fact rows)."""
    if row.fact is not None:
        return {}
    return {code: answer for code, answer in contributions(family, variant, row).items() if answer != row.default}


def compute_sheet(family: Family, variant: Variant) -> Sheet | None:
    spec = family.sheet
    if spec is None:
        return None
    groups = []
    for title in spec.groups:
        entries = []
        for row in spec.rows:
            answer = row_answer(family, variant, row)
            if row.group == title and answer is not None:
                entries.append(SheetEntry(row.id, row.label, answer, row.kind, row.reads(answer, family.labels)))
        groups.append(SheetGroup(title, tuple(entries)))
    return Sheet(family.vocabulary.sheet, spec.note, tuple(groups))
