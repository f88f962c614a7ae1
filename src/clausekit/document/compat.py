"""Which license can carry an inseparable remix of two models (weight averaging, fusion).

Compatibility runs one way, from permissive to stringent: the remix may carry a
license with the union of both option sets, never fewer options. So the verdict
for a pair is
- "compatible": a variant with exactly the union exists, and the remix takes it;
- "unshareable": the union holds an option marked `remix: unshareable` (such as
  NoDerivatives): the remix cannot be shared, so no license applies to it;
- "incompatible": no variant carries the union (a rule may say why).
ShareAlike comes before the union rule: an option marked `remix: sharealike` asks
that whatever includes a work under its variant be shared under that same variant
and no other. So a remix with a sharealike variant is compatible only when the
other work's options are all among the sharealike variant's own (the remix then
takes the sharealike variant), and two different sharealike variants cannot be
remixed at all, even when some variant carries the union of their options. The
unshareable rule comes first of all: a remix nobody may share cannot be shared
under a sharealike variant either.
Separable remixes (ensembles, routers, pipelines) create no new work: each model
keeps its own license, and no verdict is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from clausekit.sources.labels import Labels
from clausekit.sources.types import Family, Option, Variant

COMPATIBLE, UNSHAREABLE, INCOMPATIBLE = "compatible", "unshareable", "incompatible"
MARKS = {COMPATIBLE: "✅", UNSHAREABLE: "⚠️", INCOMPATIBLE: "❌"}
# What each mark means, by the English text of its label (the family's language may say it otherwise).
LEGEND = {
    COMPATIBLE: "the remix may be shared under the license named",
    UNSHAREABLE: "the remix cannot be shared, so no license can apply to it",
    INCOMPATIBLE: "no license of the family carries both sets of options",
}


def legend(labels: Labels) -> dict[str, str]:
    """Verdict kind -> what its mark means, in the family's language."""
    return {kind: labels(meaning) for kind, meaning in LEGEND.items()}


@dataclass(frozen=True)
class Verdict:
    first: str
    second: str
    kind: str
    result: str | None  # the resulting variant id, for compatible pairs
    union: tuple[str, ...]  # option codes, in family order
    explanation: str
    sharealike: tuple[str, ...] = ()  # codes of the sharealike options that decided the verdict

    @property
    def mark(self) -> str:
        return MARKS[self.kind]


def verdict(family: Family, first: Variant, second: Variant) -> Verdict:
    union = frozenset(first.options) | frozenset(second.options)
    codes = tuple(code for code in family.option_codes() if code in union)
    names = _names(family, codes)
    labels = family.labels
    work = family.vocabulary.work
    a_work = f"{_article(work)} {work}"
    pair = labels(
        "Remixing {a_work} under {first} with one under {second}",
        a_work=a_work,
        work=work,
        first=first.id,
        second=second.id,
    )
    blocking = [o for o in family.options if o.code in union and o.unshareable_remix]
    if not blocking and (sharealike := _sharealike(family, first, second, pair)) is not None:
        kind, carrier, explanation = sharealike
        deciding = tuple(o.code for o in family.options if o.sharealike_remix and o.code in union)
        return Verdict(first.id, second.id, kind, carrier, codes, explanation, deciding)
    if blocking:
        which = labels(" and ").join(_name(family, o) for o in blocking)
        return Verdict(
            first.id,
            second.id,
            UNSHAREABLE,
            None,
            codes,
            labels(
                "{pair} gives {a_work} that may not be shared, because {names} forbids sharing it; "
                "no license can apply to it.",
                pair=pair,
                a_work=a_work,
                work=work,
                names=which,
            ),
        )
    result = family.variant_with(union)
    if result is not None:
        return Verdict(
            first.id,
            second.id,
            COMPATIBLE,
            result.id,
            codes,
            labels(
                "{pair} combines {names}; the remix may be shared under {result}.",
                pair=pair,
                names=names,
                result=result.id,
            ),
        )
    rule = next((r for r in family.rules if set(r.never) <= union), None)
    reason = labels(" {because}", because=rule.because[0].upper() + rule.because[1:]) if rule else ""
    return Verdict(
        first.id,
        second.id,
        INCOMPATIBLE,
        None,
        codes,
        labels(
            "{pair} combines {names}, and no {family} license carries all of them.{reason}",
            pair=pair,
            names=names,
            family=family.name,
            reason=reason,
        ),
    )


def _sharealike(family: Family, first: Variant, second: Variant, pair: str) -> tuple[str, str | None, str] | None:
    """(kind, result, explanation) when a sharealike option decides the pair, else None."""
    bound = [(v, _sharealike_options(family, v)) for v in dict.fromkeys((first, second))]
    bound = [(v, options) for v, options in bound if options]
    if not bound:
        return None
    labels = family.labels
    work = family.vocabulary.work
    if len(bound) == 2:
        demands = labels(" and ").join(
            labels("{names} in {id} requires sharing it under {id}", names=_names_of(family, options), id=v.id)
            for v, options in bound
        )
        return (
            INCOMPATIBLE,
            None,
            labels(
                "{pair} gives no {work} that may be shared: {demands}, and no {work} can be under both.",
                pair=pair,
                work=work,
                demands=demands,
            ),
        )
    ((bound_variant, options),) = bound
    other = second if bound_variant is first else first
    missing = [o for o in family.options if other.has(o.code) and not bound_variant.has(o.code)]
    if not missing:
        return (
            COMPATIBLE,
            bound_variant.id,
            labels(
                "{pair} gives {a_work} that may be shared only under {id}, as {names} requires; "
                "{id} already holds every option of {other}.",
                pair=pair,
                a_work=f"{_article(work)} {work}",
                work=work,
                id=bound_variant.id,
                names=_names_of(family, options),
                other=other.id,
            ),
        )
    return (
        INCOMPATIBLE,
        None,
        labels(
            "{pair} gives no {work} that may be shared: {names} in {id} requires sharing it under {id} alone, "
            "which lacks {missing} of {other}.",
            pair=pair,
            work=work,
            names=_names_of(family, options),
            id=bound_variant.id,
            missing=_names_of(family, missing),
            other=other.id,
        ),
    )


def _sharealike_options(family: Family, variant: Variant) -> tuple[Option, ...]:
    return tuple(o for o in family.options if o.sharealike_remix and variant.has(o.code))


def _name(family: Family, option: Option) -> str:
    return family.labels("{name} ({code})", name=option.name, code=option.code)


def _names_of(family: Family, options: tuple[Option, ...] | list[Option]) -> str:
    """ "A (X), B (Y) and C (Z)" in the family's language."""
    labels = family.labels
    names = [_name(family, o) for o in options]
    return names[0] if len(names) == 1 else labels.join(names[:-1]) + labels(" and ") + names[-1]


def matrix(family: Family) -> tuple[Verdict, ...]:
    """Every ordered pair, row by row in family order."""
    return tuple(verdict(family, a, b) for a in family.variants for b in family.variants)


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _names(family: Family, codes: tuple[str, ...]) -> str:
    if not codes:
        return family.labels("no options")
    return _names_of(family, [o for o in family.options if o.code in codes])
