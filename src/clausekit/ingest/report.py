"""What an import did, for the terminal and for `--json`."""

from __future__ import annotations

import json
from dataclasses import dataclass

from clausekit.ingest.plan import Plan
from clausekit.ingest.roundtrip import Mismatch

KINDS = ("option expression", "fact", "name list")


@dataclass(frozen=True)
class ImportReport:
    root: str
    family: str
    version: str
    variants: tuple[str, ...]
    plan: Plan
    mismatches: tuple[Mismatch, ...]  # the round trip: empty when every paragraph came back
    written: bool
    name_options: tuple[str, ...] = ()  # options added to tell apart variants with the same options

    def data(self) -> dict[str, object]:
        plan = self.plan
        return {
            "root": self.root,
            "family": self.family,
            "version": self.version,
            "variants": list(self.variants),
            "written": self.written,
            "fragments": plan.fragments,
            "words": {
                "shared": plan.shared_words,
                "per_variant": plan.variant_words,
                "in_fragments": plan.fragment_words,
                "in_distinct_input_paragraphs": plan.input_words,
            },
            "dedup_ratio": plan.ratio,
            "conditions": {kind: plan.conditions.get(kind, 0) for kind in KINDS},
            "terms": len(plan.terms),
            "defined_terms": list(plan.terms),
            "kept_as_text": list(plan.kept_as_text),
            "name_options": list(self.name_options),
            "round_trip": "exact" if not self.mismatches else "differs",
            "unplaced": [m.data() for m in self.mismatches],
        }


def render_json(report: ImportReport) -> str:
    return json.dumps(report.data(), indent=2, ensure_ascii=False) + "\n"


def render_text(report: ImportReport) -> str:
    plan = report.plan
    conditions = ", ".join(
        f"{plan.conditions.get(k, 0)} {k}{'s' if plan.conditions.get(k, 0) != 1 else ''}" for k in KINDS
    )
    lines = [
        f"{'imported' if report.written else 'checked'} {len(report.variants)} variants of {report.family} "
        f"{report.version} into {report.root}",
        f"  fragments:   {plan.fragments}",
        f"  words:       {plan.shared_words} shared, {plan.variant_words} in one variant only",
        f"  dedup ratio: {plan.ratio:.3f} ({plan.fragment_words} words in fragments / "
        f"{plan.input_words} in the distinct paragraphs of the inputs)",
        f"  conditions:  {conditions}",
        f"  terms:       {len(plan.terms)} defined (`term:` on the clauses that define them)",
    ]
    if report.name_options:
        lines.append(
            f"  name lists:  {', '.join(report.name_options)} stand for single variants whose options were the same; "
            "give them different options with --options"
        )
    if plan.kept_as_text:
        lines.append(f"  kept as text (numbering a build cannot reproduce): {', '.join(plan.kept_as_text)}")
    if not report.mismatches:
        lines.append(f"  round trip:  exact, every paragraph of all {len(report.variants)} variants")
    else:
        lines.append(f"  round trip:  {len(report.mismatches)} of {len(report.variants)} variants differ")
        for m in report.mismatches:
            lines.append(f"    {m.variant} ({m.file}), paragraph {m.paragraph}:")
            start = _first_difference(m.expected, m.built)
            lines.append(f"      expected: {_short(m.expected, start)}")
            lines.append(f"      built:    {_short(m.built, start)}")
    return "\n".join(lines) + "\n"


def _first_difference(expected: str | None, built: str | None) -> int:
    """The index of the first word that differs, so the excerpts show where, not how the paragraph starts."""
    a, b = (expected or "").split(), (built or "").split()
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _short(text: str | None, start: int = 0, limit: int = 100) -> str:
    if text is None:
        return "(nothing)"
    words = text.split()
    begin = max(0, start - 6)
    shown = ("… " if begin else "") + " ".join(words[begin:])
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
