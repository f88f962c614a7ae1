"""What changed in the family file's declarations that no variant names: rules, fact specs,
accepted words, vocabulary, publishing snippets, the sheet's layout, and what versions.yaml
says after a release (errata, and where released variants stand now).

Each of these changes a license or its artifacts (a rule's `because:` is a remix
explanation, a vocabulary word is in every sheet), so each must show in a diff. The
fields compared are the ones the schema declares: a new key fails here, loudly,
instead of being silently left out.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

from clausekit.diff.report import DeclarationChange, FieldChange
from clausekit.sources import schema
from clausekit.sources.types import (
    Addresses,
    Answer,
    FactSpec,
    Family,
    Release,
    Rule,
    SheetRow,
    SheetSpec,
    Snippet,
    TextLayout,
    Vocabulary,
)

T = TypeVar("T")
Shown = Callable[[T], dict[str, str | None]]


def declaration_changes(old: Family, new: Family) -> tuple[DeclarationChange, ...]:
    """Every declaration added, removed or changed, in the family file's order."""
    return (
        *_keyed("rule", old.rules, new.rules, lambda r: frozenset(r.never), _rule_name, _rule_fields),
        *_keyed("fact", old.facts, new.facts, lambda f: f.name, lambda f: f.name, _fact_fields),
        *_words(old.words, new.words),
        *_single("vocabulary", "vocabulary", _vocabulary_fields(old.vocabulary), _vocabulary_fields(new.vocabulary)),
        *_single("layout", "layout", _layout_fields(old.layout), _layout_fields(new.layout)),
        *_keyed("publish", old.publish, new.publish, lambda s: s.key, lambda s: s.key, _snippet_fields),
        *_single("addresses", "addresses", _address_fields(old.addresses), _address_fields(new.addresses)),
        *_sheet(old.sheet, new.sheet),
        *_keyed("release", old.releases, new.releases, lambda r: r.version, lambda r: r.version, _release_fields),
    )


def _keyed(
    kind: str,
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], Hashable],
    name: Callable[[T], str],
    shown: Shown[T],
) -> list[DeclarationChange]:
    before = {key(item): item for item in old}
    after = {key(item): item for item in new}
    changes = []
    for item in [*new, *(o for o in old if key(o) not in after)]:
        was, now = before.get(key(item)), after.get(key(item))
        fields = _compare(shown(was) if was is not None else None, shown(now) if now is not None else None)
        if fields:
            status = "added" if was is None else "removed" if now is None else "changed"
            changes.append(DeclarationChange(kind, name(item), status, fields))
    return changes


def _single(
    kind: str, name: str, old: dict[str, str | None] | None, new: dict[str, str | None] | None
) -> list[DeclarationChange]:
    fields = _compare(old, new)
    if not fields:
        return []
    status = "added" if old is None else "removed" if new is None else "changed"
    return [DeclarationChange(kind, name, status, fields)]


def _compare(old: dict[str, str | None] | None, new: dict[str, str | None] | None) -> tuple[FieldChange, ...]:
    names = [*(new or {}), *(n for n in old or {} if n not in (new or {}))]
    return tuple(
        FieldChange(n, (old or {}).get(n), (new or {}).get(n))
        for n in names
        if (old or {}).get(n) != (new or {}).get(n)
    )


def _rule_name(rule: Rule) -> str:
    return "never " + " with ".join(rule.never)


_RULE_SHOWN: dict[str, Callable[[Rule], str]] = {"never": lambda r: " ".join(r.never), "because": lambda r: r.because}


def _rule_fields(rule: Rule) -> dict[str, str | None]:
    return {key: _RULE_SHOWN[key](rule) for key in schema.RULE.names()}


def _value(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


_FACT_SHOWN: dict[str, Callable[[FactSpec], str]] = {
    "meaning": lambda f: f.meaning,
    "values": lambda f: ", ".join(_value(v) for v in f.values),
}


def _fact_fields(fact: FactSpec) -> dict[str, str | None]:
    return {key: _FACT_SHOWN[key](fact) for key in schema.FACT.names()}


def _words(old: Iterable[str], new: Iterable[str]) -> list[DeclarationChange]:
    before, after = set(old), set(new)
    removed = ", ".join(sorted(before - after)) or None
    added = ", ".join(sorted(after - before)) or None
    if removed is None and added is None:
        return []
    return [DeclarationChange("words", "accepted words", "changed", (FieldChange("words", removed, added),))]


def _layout_fields(layout: TextLayout) -> dict[str, str | None]:
    """The text layout changes every text edition's lines, so a change of it is a declaration change."""
    shown = {key: getattr(layout, key) for key in schema.LAYOUT.names()}
    return {key: " | ".join(v) if isinstance(v, tuple) else str(v).lower() for key, v in shown.items()}


def _vocabulary_fields(vocabulary: Vocabulary) -> dict[str, str | None]:
    return {key: str(getattr(vocabulary, key)) for key in schema.VOCABULARY.names()}


def _address_fields(addresses: Addresses | None) -> dict[str, str | None] | None:
    """The addresses as the family file says them: a changed URL or badge colour changes artifacts."""
    if addresses is None:
        return None
    return {
        "site_url": addresses.site_url,
        "license_url": addresses.license_url,
        "header_url": str(addresses.in_text).lower(),
        "badge_colour": addresses.badge_colour,
        **{f"badge_colours: {c.when}": c.colour for c in addresses.badge_colours},
    }


def _release_fields(release: Release) -> dict[str, str | None]:
    """What versions.yaml says after a release: its errata, and where its variants stand now."""
    fields: dict[str, str | None] = {
        f"erratum of {erratum.date}": f"{erratum.note} ({', '.join(sorted(erratum.texts))})"
        for erratum in release.errata
    }
    for variant_id, lifecycle in sorted(release.lifecycle.items()):
        successor = f", successor {lifecycle.successor}" if lifecycle.successor else ""
        reason = f": {lifecycle.reason}" if lifecycle.reason else ""
        fields[f"{variant_id} lifecycle"] = f"{lifecycle.status}{successor}{reason}"
    return fields


def _snippet_fields(snippet: Snippet) -> dict[str, str | None]:
    shown = {
        "key": snippet.key,
        "title": snippet.title,
        "fields": "; ".join(f"{name}: {value}" for name, value in snippet.fields),
    }
    return {key: shown[key] for key in schema.SNIPPET.names()}


def _answer(answer: Answer | None) -> str | None:
    return answer.text if answer is not None else None


def _row_fields(row: SheetRow) -> dict[str, str | None]:
    shown = {
        "id": row.id,
        "label": row.label,
        "default": _answer(row.default),
        "fact": row.fact,
        "answers": ", ".join(f"{_value(v)}: {a.text}" for v, a in row.fact_answers.items()) or None,
        "kind": row.kind,
        "if_yes": row.if_yes,
        "if_no": row.if_no,
    }
    return {"group": row.group, **{key: shown[key] for key in schema.SHEET_ROW.names()}}


def row_name(group: str, label: str) -> str:
    """How a reader finds a sheet row: its group and its label, e.g. "Rights in Output / Share"."""
    return f"{group} / {label}"


def _sheet(old: SheetSpec | None, new: SheetSpec | None) -> list[DeclarationChange]:
    note = _single("sheet", "note", {"note": old.note} if old else None, {"note": new.note} if new else None)
    groups = _keyed(
        "sheet group", old.groups if old else (), new.groups if new else (), str, str, lambda g: {"title": g}
    )
    rows = _keyed(
        "sheet row",
        old.rows if old else (),
        new.rows if new else (),
        lambda r: r.id,
        lambda r: row_name(r.group, r.label),
        _row_fields,
    )
    return [*note, *groups, *rows]
