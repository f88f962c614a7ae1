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

from clausekit.sources.types import Family, Option, Variant

COMPATIBLE, UNSHAREABLE, INCOMPATIBLE = "compatible", "unshareable", "incompatible"
MARKS = {COMPATIBLE: "✅", UNSHAREABLE: "⚠️", INCOMPATIBLE: "❌"}
LEGEND = {
    COMPATIBLE: "the remix may be shared under the license named",
    UNSHAREABLE: "the remix cannot be shared, so no license can apply to it",
    INCOMPATIBLE: "no license of the family carries both sets of options",
}


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
    work = family.vocabulary.work
    pair = f"Remixing {_article(work)} {work} under {first.id} with one under {second.id}"
    blocking = [o for o in family.options if o.code in union and o.unshareable_remix]
    if not blocking and (sharealike := _sharealike(family, first, second, pair)) is not None:
        kind, carrier, explanation = sharealike
        deciding = tuple(o.code for o in family.options if o.sharealike_remix and o.code in union)
        return Verdict(first.id, second.id, kind, carrier, codes, explanation, deciding)
    if blocking:
        which = " and ".join(f"{o.name} ({o.code})" for o in blocking)
        return Verdict(
            first.id,
            second.id,
            UNSHAREABLE,
            None,
            codes,
            f"{pair} gives {_article(work)} {work} that may not be shared, because {which} forbids sharing it; no license can apply to it.",
        )
    result = family.variant_with(union)
    if result is not None:
        return Verdict(
            first.id,
            second.id,
            COMPATIBLE,
            result.id,
            codes,
            f"{pair} combines {names}; the remix may be shared under {result.id}.",
        )
    rule = next((r for r in family.rules if set(r.never) <= union), None)
    reason = f" {rule.because[0].upper()}{rule.because[1:]}" if rule else ""
    return Verdict(
        first.id,
        second.id,
        INCOMPATIBLE,
        None,
        codes,
        f"{pair} combines {names}, and no {family.name} license carries all of them.{reason}",
    )


def _sharealike(family: Family, first: Variant, second: Variant, pair: str) -> tuple[str, str | None, str] | None:
    """(kind, result, explanation) when a sharealike option decides the pair, else None."""
    bound = [(v, _sharealike_options(family, v)) for v in dict.fromkeys((first, second))]
    bound = [(v, options) for v, options in bound if options]
    if not bound:
        return None
    work = family.vocabulary.work
    if len(bound) == 2:
        demands = " and ".join(
            f"{_names_of(options)} in {v.id} requires sharing it under {v.id}" for v, options in bound
        )
        return (
            INCOMPATIBLE,
            None,
            f"{pair} gives no {work} that may be shared: {demands}, and no {work} can be under both.",
        )
    ((bound_variant, options),) = bound
    other = second if bound_variant is first else first
    missing = [o for o in family.options if other.has(o.code) and not bound_variant.has(o.code)]
    if not missing:
        return (
            COMPATIBLE,
            bound_variant.id,
            f"{pair} gives {_article(work)} {work} that may be shared only under {bound_variant.id}, as "
            f"{_names_of(options)} requires; {bound_variant.id} already holds every option of {other.id}.",
        )
    return (
        INCOMPATIBLE,
        None,
        f"{pair} gives no {work} that may be shared: {_names_of(options)} in {bound_variant.id} requires "
        f"sharing it under {bound_variant.id} alone, which lacks {_names_of(missing)} of {other.id}.",
    )


def _sharealike_options(family: Family, variant: Variant) -> tuple[Option, ...]:
    return tuple(o for o in family.options if o.sharealike_remix and variant.has(o.code))


def _names_of(options: tuple[Option, ...] | list[Option]) -> str:
    names = [f"{o.name} ({o.code})" for o in options]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def matrix(family: Family) -> tuple[Verdict, ...]:
    """Every ordered pair, row by row in family order."""
    return tuple(verdict(family, a, b) for a in family.variants for b in family.variants)


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _names(family: Family, codes: tuple[str, ...]) -> str:
    if not codes:
        return "no options"
    names = [f"{o.name} ({o.code})" for o in family.options if o.code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
