"""Checks on variants.yaml alone: every name refers to something that exists.

A typo such as `options: [BY, by-nd-sa]` must fail loudly: a misspelt option would
otherwise select nothing and quietly drop clauses from a published license.
"""

from __future__ import annotations

import keyword
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

from clausekit.diagnostics import Diagnostic
from clausekit.document.templating import CONTEXT_OBJECTS, REF
from clausekit.sources.types import ANY_OPTION, Family, Variant

JINJA_WORDS = {"and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False", "None"}
RESERVED = set(CONTEXT_OBJECTS) | {REF, ANY_OPTION}

L = TypeVar("L", bound="_Located")
ErrorFn = Callable[[int, str, str], None]  # (line, message, hint)
UnknownFn = Callable[[Iterable[str], int, str], None]  # (names, line, where)


def check_family(family: Family) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    file = family.file
    codes = family.option_codes()
    known = ", ".join(codes) or "(none declared)"

    def error(line: int, message: str, hint: str) -> None:
        problems.append(Diagnostic(file, line, message, hint))

    def unknown_options(names: Iterable[str], line: int, where: str) -> None:
        for name in names:
            if name not in codes:
                close = [c for c in codes if c.lower() == name.lower()]
                hint = f"did you mean {close[0]!r}? " if close else ""
                error(line, f"unknown option {name!r} in {where}", f"{hint}use one of: {known}")

    _duplicates(
        error,
        family.options,
        lambda o: o.code,
        "option {!r} is declared {} times",
        "keep one declaration per option code",
    )
    for option in family.options:
        if not option.code.isidentifier() or keyword.iskeyword(option.code) or option.code in JINJA_WORDS | RESERVED:
            error(
                option.line,
                f"option code {option.code!r} cannot be used in conditions",
                "use letters, digits and underscores, starting with a letter, e.g. NC",
            )
        unknown_options(option.implies, option.line, f"what option {option.code!r} implies")
        if option.code in option.implies:
            error(option.line, f"option {option.code!r} implies itself", "remove it from its own `implies:` list")
    _check_groups(family, error)
    _check_successors(family, error)
    for rule in family.rules:
        unknown_options(rule.never, rule.line, "a rule")
    for fact in family.facts:
        if not fact.name.isidentifier() or fact.name in JINJA_WORDS | RESERVED or fact.name in codes:
            error(
                fact.line,
                f"fact name {fact.name!r} clashes with an option code or a reserved word, or is not a valid name",
                "rename the fact, e.g. `revocable`",
            )
    _check_outline(family, error)
    _check_variants(family, error, unknown_options)
    return problems


def _check_groups(family: Family, error: ErrorFn) -> None:
    """A group name is a condition name, so it must not shadow an option, a fact or a reserved word."""
    codes, facts = set(family.option_codes()), {f.name for f in family.facts}
    for option in family.options:
        group = option.group
        if group is None:
            continue
        if not group.isidentifier() or keyword.iskeyword(group) or group in JINJA_WORDS | RESERVED:
            error(
                option.line,
                f"group name {group!r} of option {option.code!r} cannot be used in conditions",
                "use letters, digits and underscores, starting with a letter, e.g. `condition`",
            )
        elif group in codes or group in facts:
            error(
                option.line,
                f"group name {group!r} of option {option.code!r} is also an option code or a fact name",
                "give the group a name of its own, e.g. `condition`",
            )


def _check_outline(family: Family, error: ErrorFn) -> None:
    _duplicates(
        error,
        family.outline,
        lambda s: s.id,
        "outline section {!r} is declared {} times",
        "give each section its own id",
    )
    _duplicates(
        error,
        family.outline,
        lambda s: s.number,
        "section number {!r} is used {} times",
        "give each numbered section its own number",
    )


def _check_variants(family: Family, error: ErrorFn, unknown_options: UnknownFn) -> None:
    implied = {o.code: set(o.implies) for o in family.options}
    facts = {f.name: f for f in family.facts}
    _duplicates(
        error, family.variants, lambda v: v.id, "variant {!r} is declared {} times", "give each variant its own name"
    )
    seen: dict[frozenset[str], Variant] = {}
    for variant in family.variants:
        where = f"variant {variant.id}"
        unknown_options(variant.options, variant.line, where)
        chosen = set(variant.options)
        for code, count in Counter(variant.options).items():
            if count > 1:
                error(variant.line, f"{where} lists option {code!r} twice", "list each option once")
        for rule in family.rules:
            if set(rule.never) <= chosen:
                error(
                    variant.line,
                    f"{where} combines {' and '.join(rule.never)}, which a rule forbids: {rule.because}",
                    "remove one of these options from the variant, or remove the variant",
                )
        for code in sorted(chosen):
            for needed in sorted(implied.get(code, set()) - chosen):
                error(
                    variant.line,
                    f"{where} has option {code!r}, which implies {needed!r}, but not {needed!r}",
                    f"add {needed!r} to its options",
                )
        twin = seen.setdefault(frozenset(chosen), variant)
        if twin is not variant:
            error(
                variant.line,
                f"{where} has the same options as {twin.id}",
                "remove one of the two variants or change its options",
            )
        for name in variant.facts:
            if name not in facts:
                error(
                    variant.line,
                    f"{where} declares an unknown fact {name!r}",
                    f"use one of: {', '.join(facts) or '(none declared)'}",
                )
        for name, spec in facts.items():
            if name not in variant.facts:
                error(
                    variant.line,
                    f"{where} does not declare the fact {name!r}",
                    f"add `{name}: <one of {', '.join(map(repr, spec.values))}>` to its facts",
                )
            elif variant.facts[name] not in spec.values:
                error(
                    variant.line,
                    f"{where} gives fact {name!r} the value {variant.facts[name]!r}",
                    f"use one of: {', '.join(map(repr, spec.values))}",
                )


class _Located(Protocol):
    @property
    def line(self) -> int: ...


def _duplicates(error: ErrorFn, items: Sequence[L], key: Callable[[L], str | None], message: str, hint: str) -> None:
    """Report each key that more than one item uses, at the first such item's line."""
    counts = Counter(k for k in map(key, items) if k is not None)
    for value, count in counts.items():
        if count > 1:
            error(next(i.line for i in items if key(i) == value), message.format(value, count), hint)


def _check_successors(family: Family, error: ErrorFn) -> None:
    """A variant's successor names a variant of this edition or of a release versions.yaml records."""
    known = family.known_variant_ids()
    for variant in family.variants:
        successor = variant.lifecycle.successor
        if successor is None:
            continue
        if successor == variant.id:
            error(
                variant.lifecycle.line, f"{variant.id} names itself as its successor", "name the variant to use instead"
            )
        elif successor not in known:
            error(
                variant.lifecycle.line,
                f"successor {successor!r} of {variant.id} is no variant of this edition or of a listed release",
                f"use a variant id (name-version), e.g. one of: {', '.join(v.id for v in family.variants)}",
            )
