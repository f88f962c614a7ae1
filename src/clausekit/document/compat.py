"""Which license can carry an inseparable remix of two models (weight averaging, fusion).

Compatibility runs one way, from permissive to stringent: the remix may carry a
license with the union of both option sets, never fewer options. So the verdict
for a pair is
- "compatible": a variant with exactly the union exists, and the remix takes it;
- "unshareable": the union holds an option marked `remix: unshareable` (such as
  NoDerivatives): the remix cannot be shared, so no license applies to it;
- "incompatible": no variant carries the union (a rule may say why).
Separable remixes (ensembles, routers, pipelines) create no new work: each model
keeps its own license, and no verdict is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from clausekit.sources.types import Family, Variant

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
    if blocking:
        which = " and ".join(f"{o.name} ({o.code})" for o in blocking)
        return Verdict(
            first.id,
            second.id,
            UNSHAREABLE,
            None,
            codes,
            f"{pair} gives a work that may not be shared, because {which} forbids sharing it; no license can apply to it.",
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
