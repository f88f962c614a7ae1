"""What changed in the family around the clauses: variants, options, outline, remix verdicts.

Each compares the family file's declarations (and each variant's sheet), never
clause text; fields are the ones the schema declares, so a new key cannot be
silently left out of the diff.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from clausekit.diff.declarations import row_name
from clausekit.diff.matching import VariantPair, match_by_key
from clausekit.diff.report import FieldChange, OptionChange, SectionChange, SheetChange, VariantChange, VerdictChange
from clausekit.diff.variant import ComparedVariant
from clausekit.document.compat import COMPATIBLE, Verdict, matrix
from clausekit.document.types import Document, outline_heading
from clausekit.sources import schema
from clausekit.sources.types import Answer, FactValue, Family, Option, OutlineSection, Variant


def variant_change(
    pair: VariantPair, compared: ComparedVariant | None, old_family: Family, new_family: Family
) -> VariantChange:
    if pair.old is None or pair.new is None:
        status = "added" if pair.new is not None else "removed"
        variant = pair.new or pair.old
        assert variant is not None
        return VariantChange(
            old_id=pair.old.id if pair.old else None,
            new_id=pair.new.id if pair.new else None,
            status=status,
            fields=(),
            facts=(),
            sheet=(),
            clauses_changed=0,
            clauses_added=0,
            clauses_removed=0,
            renumbered=0,
            summary=f"{variant.id}: {'new variant' if status == 'added' else 'removed'}"
            f" ({_option_list(variant.options)}){_standing(new_family, variant.id) if status == 'removed' else ''}",
        )
    assert compared is not None
    fields = field_changes(
        (key, _variant_value(pair.old, key), _variant_value(pair.new, key)) for key in _VARIANT_COMPARED
    )
    facts = fact_changes(pair.old.facts, pair.new.facts)
    sheet = sheet_changes(compared.old, compared.new)
    changed, added, removed = compared.count("changed"), compared.count("added"), compared.count("removed")
    renumbered = len(compared.mapping)
    status = (
        "renamed"
        if pair.old.name != pair.new.name
        else "changed"
        if fields or facts or sheet or changed or added or removed
        else "unchanged"
    )
    parts = [
        _count(changed, "clause", "changed"),
        _count(added, "clause", "added"),
        _count(removed, "clause", "removed"),
        f"{renumbered} renumbered" if renumbered else "",
    ]
    text = ", ".join(p for p in parts if p) if changed or added or removed or renumbered else "text unchanged"
    extra = [f"{', '.join(f.name for f in fields)} changed"] if fields else []
    if facts:
        extra.append(f"{_count(len(facts), 'fact', 'changed')} ({', '.join(f.name for f in facts)})")
    extra.append(_count(len(sheet), "sheet row", "changed") if sheet else "sheet unchanged")
    was = f" (was {pair.old.id})" if pair.old.id != pair.new.id else ""
    return VariantChange(
        old_id=pair.old.id,
        new_id=pair.new.id,
        status=status,
        fields=fields,
        facts=facts,
        sheet=sheet,
        clauses_changed=changed,
        clauses_added=added,
        clauses_removed=removed,
        renumbered=renumbered,
        summary=f"{pair.new.id}{was}: {', '.join([text, *extra])}",
    )


# Every key the schema declares for a variant (lifecycle keys such as `status` or
# `successor` included, when the family declares them), but facts, compared one by one.
_VARIANT_COMPARED = tuple(k for k in schema.VARIANT.names() if k != "facts")


def _variant_value(variant: Variant, key: str) -> str | None:
    """A variant's value for a schema key, as a reader sees it; None when it is not set."""
    if key == "options":
        return _option_list(variant.options)
    name = key.replace("-", "_")
    # Lifecycle keys (status, successor, reason) sit on the variant's Lifecycle.
    value = getattr(variant, name) if hasattr(variant, name) else getattr(variant.lifecycle, name, None)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return " ".join(str(v) for v in value) or None
    return str(value)


def _count(n: int, noun: str, verb: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'} {verb}" if n else ""


def _standing(family: Family, variant_id: str) -> str:
    """What NEW's versions.yaml records of a variant it no longer offers ("; superseded by X"), else "".

    A reviewer reading "removed" asks first what takes its place; the release record says.
    """
    for release in reversed(family.releases):
        lifecycle = release.lifecycle.get(variant_id)
        if lifecycle is not None and not lifecycle.active:
            if lifecycle.successor and lifecycle.status == "superseded":
                return f"; superseded by {lifecycle.successor}"
            return f"; {lifecycle.status}" + (f", successor {lifecycle.successor}" if lifecycle.successor else "")
    return ""


def _option_list(codes: Iterable[str]) -> str:
    return " ".join(codes) or "no options"


def field_changes(values: Iterable[tuple[str, str | None, str | None]]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(name, old, new) for name, old, new in values if old != new)


def show_value(value: FactValue | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return "true" if value else "false"


def fact_changes(old: Mapping[str, FactValue], new: Mapping[str, FactValue]) -> tuple[FieldChange, ...]:
    names = [*new, *(n for n in old if n not in new)]
    return field_changes((n, show_value(old.get(n)), show_value(new.get(n))) for n in names)


def sheet_changes(old: Document, new: Document) -> tuple[SheetChange, ...]:
    """Rows whose answer differs, in the new sheet's order, then removed rows.

    Labels are the family's, not a variant's: a relabelled row is a declaration change
    (declarations.py), shown once rather than once per variant.
    """

    def rows(document: Document) -> dict[str, tuple[str, Answer]]:
        sheet = document.sheet
        if sheet is None:
            return {}
        return {e.id: (row_name(g.title, e.label), e.answer) for g in sheet.groups for e in g.entries}

    before, after = rows(old), rows(new)
    changes = []
    for row in [*after, *(r for r in before if r not in after)]:
        was, now = before.get(row), after.get(row)
        if (was and was[1]) == (now and now[1]):
            continue
        label = (now or was or ("", Answer(False)))[0]
        changes.append(SheetChange(row, label, was[1].text if was else None, now[1].text if now else None))
    return tuple(changes)


def option_changes(old: Family, new: Family) -> tuple[OptionChange, ...]:
    changes = []
    for was, now in match_by_key(old.options, new.options, lambda o: o.code, lambda o: o.name):
        if was is None or now is None:
            option = now or was
            assert option is not None
            status = "added" if now is not None else "removed"
            fields = tuple(
                FieldChange(n, None, v) if now is not None else FieldChange(n, v, None)
                for n, v in _option_fields(option)
            )
            changes.append(OptionChange(option.code, status, fields))
            continue
        fields = field_changes(
            (n, o, v) for (n, o), (_, v) in zip(_option_fields(was), _option_fields(now), strict=True)
        )
        if fields:
            changes.append(OptionChange(now.code, "renamed" if was.code != now.code else "changed", fields))
    return tuple(changes)


_OPTION_SHOWN: dict[str, Callable[[Option], str]] = {
    "code": lambda o: o.code,
    "name": lambda o: o.name,
    "meaning": lambda o: o.meaning,
    "implies": lambda o: " ".join(o.implies) or "nothing",
    "clauses": lambda o: " ".join(o.clauses) or "none",
    "sheet": lambda o: ", ".join(f"{row}: {a.text}" for row, a in sorted(o.sheet.items())) or "no effect",
    "remix": lambda o: o.remix or "union rule",
    "group": lambda o: o.group or "none",
}


def _option_fields(option: Option) -> list[tuple[str, str]]:
    """Every key of an option the schema declares, as a reader sees it (a new key fails here, not silently)."""
    return [(key, _OPTION_SHOWN[key](option)) for key in schema.OPTION.names()]


# Numbers and labels of sections show in the renumbering, not as field changes.
_SECTION_COMPARED = tuple(k for k in schema.SECTION.names() if k not in ("number", "label"))


def _section_fields(section: OutlineSection) -> list[tuple[str, str]]:
    shown = {
        "id": section.id,
        "title": section.title,
        "layout": section.layout,
        "when": section.when or "always",
        "heading": section.heading or "the layout's",
    }
    return [(key, shown[key]) for key in _SECTION_COMPARED]


def section_changes(
    sections: Sequence[tuple[OutlineSection | None, OutlineSection | None]], old: Family, new: Family
) -> tuple[SectionChange, ...]:
    """Outline sections added, removed or retitled (numbers and labels are in the renumbering)."""
    changes = []
    for was, now in sections:
        if was is None or now is None:
            section = now or was
            assert section is not None
            shown = outline_heading(new if now is not None else old, section)
            status = "added" if now is not None else "removed"
            fields: tuple[FieldChange, ...] = (
                FieldChange("heading", None, shown) if now else FieldChange("heading", shown, None),
            )
            changes.append(SectionChange(section.id, status, fields))
            continue
        fields = field_changes(
            (n, o, v) for (n, o), (_, v) in zip(_section_fields(was), _section_fields(now), strict=True)
        )
        if fields:
            changes.append(SectionChange(now.id, "changed", fields))
    return tuple(changes)


def verdict_changes(old: Family, new: Family, variants: Sequence[VariantPair]) -> tuple[VerdictChange, ...]:
    """Verdicts that changed for pairs present on both sides, each unordered pair once."""
    to_new = {p.old.id: p.new.id for p in variants if p.old is not None and p.new is not None}
    to_old = {n: o for o, n in to_new.items()}
    before = {(v.first, v.second): v for v in matrix(old)}
    order = {v.id: n for n, v in enumerate(new.variants)}
    changes = []
    for now in matrix(new):
        if order[now.first] > order[now.second] or now.first not in to_old or now.second not in to_old:
            continue
        was = before[(to_old[now.first], to_old[now.second])]
        if (was.kind, to_new.get(was.result or "", was.result)) != (now.kind, now.result):
            changes.append(VerdictChange(now.first, now.second, _verdict(was), _verdict(now), now.explanation))
    return tuple(changes)


def _verdict(verdict: Verdict) -> str:
    return f"{verdict.kind}: {verdict.result}" if verdict.kind == COMPATIBLE else verdict.kind
