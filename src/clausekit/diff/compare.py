"""Compare two clean clause libraries: a pure function of two lint results.

Everything is matched by identity before anything is compared (matching.py), so
that what moved or was renumbered is not mistaken for what changed. Then each
variant's two documents are compared clause by clause (variant.py), each clause's
changes are gathered across variants (clauses.py), and the family's declarations
are compared around them (family.py). `compare` puts the report together;
`restrict` narrows it to some variants.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace

from clausekit.diff.clauses import clause_change
from clausekit.diff.declarations import declaration_changes
from clausekit.diff.family import field_changes, option_changes, section_changes, variant_change, verdict_changes
from clausekit.diff.matching import match_by_key, match_clauses, match_variants, moved_clauses, reading_key
from clausekit.diff.report import DiffReport, RenumberGroup, TextChange
from clausekit.diff.translations import TranslationFiles, translation_changes
from clausekit.diff.variant import compare_variant, group_renumbering, placed_clauses
from clausekit.pipeline import Linted


def compare(
    old: Linted,
    new: Linted,
    old_label: str = "OLD",
    new_label: str = "NEW",
    translations: tuple[TranslationFiles, TranslationFiles] | None = None,
) -> DiffReport:
    """Everything that differs between two clean libraries, for every variant.

    `translations` (each side's translation files) adds which translations changed; without
    it only the declared languages are compared.
    """
    old_family, new_family = old.library.family, new.library.family
    variants = match_variants(old_family, new_family)
    sections = match_by_key(old_family.outline, new_family.outline, lambda s: s.id, lambda s: s.title)
    clauses = match_clauses(old.library, new.library)
    old_docs = {d.variant_id: d for d in old.documents}
    new_docs = {d.variant_id: d for d in new.documents}
    placed = ({i: placed_clauses(d) for i, d in old_docs.items()}, {i: placed_clauses(d) for i, d in new_docs.items()})
    compared = [
        compare_variant(
            pair,
            (old_docs[pair.old.id], new_docs[pair.new.id]),
            (placed[0][pair.old.id], placed[1][pair.new.id]),
            clauses,
        )
        for pair in variants
        if pair.old is not None and pair.new is not None
    ]
    per_variant = {c.pair.id: c for c in compared}
    moved = moved_clauses(old.library, new.library, clauses, sections)
    libraries = (old.library, new.library)
    found = [
        (reading_key(old.library, new.library, pair), change)
        for index, pair in enumerate(clauses)
        if (change := clause_change(index, pair, compared, variants, placed, libraries, moved)) is not None
    ]
    clause_changes = tuple(change for _, change in sorted(found, key=lambda item: item[0]))
    return DiffReport(
        old_label=old_label,
        new_label=new_label,
        name=new_family.name,
        sheet_title=new_family.vocabulary.sheet,
        family=field_changes(
            [("name", old_family.name, new_family.name), ("version", old_family.version, new_family.version)]
        ),
        variants=tuple(variant_change(pair, per_variant.get(pair.id), old_family, new_family) for pair in variants),
        options=option_changes(old_family, new_family),
        sections=section_changes(sections, old_family, new_family),
        clauses=clause_changes,
        renumbering=group_renumbering(compared),
        compat=verdict_changes(old_family, new_family, variants),
        declarations=declaration_changes(old_family, new_family),
        translations=translation_changes(old.library, new.library, translations),
    )


def restrict(report: DiffReport, variant_ids: Collection[str]) -> DiffReport:
    """The report as far as it concerns some variants (ids as the report names them)."""
    wanted = set(variant_ids)

    def keep(ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(i for i in ids if i in wanted)

    clauses = []
    for change in report.clauses:
        shown = replace(
            change,
            variants=keep(change.variants),
            included=keep(change.included),
            numbers=tuple((v, n) for v, n in change.numbers if v in wanted),
            excluded=keep(change.excluded),
            text=tuple(
                TextChange(keep(t.variants), t.diff) for t in change.text if any(v in wanted for v in t.variants)
            ),
        )
        if shown.variants or shown.included or shown.excluded:
            clauses.append(shown)
    return replace(
        report,
        variants=tuple(v for v in report.variants if v.id in wanted),
        clauses=tuple(clauses),
        renumbering=tuple(
            RenumberGroup(keep(g.variants), g.mapping)
            for g in report.renumbering
            if any(v in wanted for v in g.variants)
        ),
        compat=tuple(c for c in report.compat if c.first in wanted or c.second in wanted),
    )
