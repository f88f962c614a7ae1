"""Timing figures for `mgl import`; prints them and never fails on a number.

Run with `nox -s bench`. Budgets from issue 13:
- importing this project's corpus (its texts built with `mgl build --format txt`): at most 2 s;
- a generated family of 64 variants (every combination of 6 options): at most 10 times
  the time of a 9-variant family generated the same way.
Each import includes its round trip (lint and build of the imported root), as a user runs it.
Each figure is the median of several runs, so a busy machine skews it less.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from clausekit.ingest.report import ImportReport
from clausekit.ingest.run import import_texts
from clausekit.pipeline import lint_root
from clausekit.render.text import render_text

ROOT = Path(__file__).resolve().parent.parent
CODES = ("A", "B", "C", "D", "E", "F")
WORDS = [
    "the",
    "licensee",
    "may",
    "use",
    "copy",
    "share",
    "adapt",
    "model",
    "output",
    "weights",
    "notice",
    "terms",
    "rights",
    "under",
    "this",
    "license",
]


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def texts_of(root: Path) -> dict[str, str]:
    linted = lint_root(root)
    assert linted.value is not None and not linted.problems, [p.format() for p in linted.problems]
    return {d.variant_id: render_text(d) for d in linted.value.documents}


def generated_family(root: Path, combos: list[frozenset[str]], seed: int = 13) -> None:
    """About 3,000 words per variant: shared clauses, option clauses, in-line option phrases."""
    rng = random.Random(seed)
    used = [c for c in CODES if any(c in s for s in combos)]
    outline = [{"id": f"part{s}", "title": f"part {WORDS[s]}", "number": str(s + 1)} for s in range(6)]
    for s in range(6):
        for c in range(8):
            paragraphs = []
            for _ in range(3):
                words = [rng.choice(WORDS) for _ in range(20)]
                code = rng.choice(used)
                words.insert(
                    rng.randrange(len(words)), f"{{% if {code} %}}{rng.choice(WORDS)} {rng.choice(WORDS)}{{% endif %}}"
                )
                paragraphs.append(" ".join(words) + ".")
            head: dict[str, object] = {
                "id": f"p{s}c{c}",
                "title": f"{WORDS[c]} {WORDS[-1 - c]}",
                "section": f"part{s}",
                "order": c,
            }
            if c % 4 == 3:
                head["when"] = rng.choice(used)
            path = root / "clauses" / f"p{s}c{c}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\n{yaml.safe_dump(head)}---\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    family = {
        "family": {"name": "Gen", "version": "1.0"},
        "outline": outline,
        "options": [{"code": c, "name": f"option {c}", "meaning": "a choice."} for c in used],
        "variants": [
            {"name": "-".join(["G", *sorted(s)]), "title": "generated license", "options": sorted(s)} for s in combos
        ],
    }
    (root / "variants.yaml").write_text(yaml.safe_dump(family, sort_keys=False), "utf-8")


def import_seconds(texts: dict[str, str], scratch: Path, repeat: int) -> tuple[float, ImportReport]:
    inputs = scratch / "in"
    inputs.mkdir()
    for identifier, text in texts.items():
        (inputs / f"{identifier}.txt").write_text(text, "utf-8")
    paths = sorted(inputs.iterdir())
    runs = iter(range(repeat + 1))
    found: list[ImportReport] = []

    def once() -> None:
        result = import_texts(paths, scratch / f"out{next(runs)}")
        assert result.value is not None and not result.value.mismatches, result.problems
        found.append(result.value)

    return median_seconds(once, repeat), found[-1]


def main() -> None:
    from clausekit.cli.main import main as mgl

    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        assert mgl(["build", "--root", str(ROOT), "--format", "txt", "--out", str(base / "corpus")]) == 0
        corpus = {d.name: (d / "license.txt").read_text("utf-8") for d in (base / "corpus").iterdir() if d.is_dir()}
        (base / "c").mkdir()
        corpus_time, corpus_report = import_seconds(corpus, base / "c", 3)
        every = [frozenset(c for i, c in enumerate(CODES) if m >> i & 1) for m in range(64)]
        nine = random.Random(9).sample(every, 9)
        figures = {}
        for label, combos in (("9", nine), ("64", every)):
            family = base / f"family{label}"
            generated_family(family, combos)
            texts = texts_of(family)
            (base / f"g{label}").mkdir()
            figures[label] = import_seconds(texts, base / f"g{label}", 3)
    print("mgl import")
    words = sum(len(t.split()) for t in corpus.values()) // len(corpus)
    print(f"  corpus ({len(corpus)} texts, ~{words} words each)   {corpus_time:6.2f} s   budget 2 s")
    report = corpus_report
    print(
        f"    fragments {report.plan.fragments}, dedup ratio {report.plan.ratio}, conditions {report.plan.conditions}"
    )
    nine_time, _ = figures["9"]
    all_time, big = figures["64"]
    print(f"  generated, 9 variants            {nine_time:6.2f} s")
    print(
        f"  generated, 64 variants           {all_time:6.2f} s   {all_time / nine_time:4.1f} x the 9-variant time, budget 10 x"
    )
    print(f"    fragments {big.plan.fragments}, dedup ratio {big.plan.ratio}, conditions {big.plan.conditions}")


if __name__ == "__main__":
    main()
