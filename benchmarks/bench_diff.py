"""Timing figures for `mgl diff`; prints them and never fails on a number.

Budgets (from the project's issues): a diff between two revisions of the whole
corpus in at most 0.5 s; a redline (`--format docx`) of one variant, and the whole
clause-level review, each in at most twice the time of the text diff of the same
revisions (REDLINE_RATIO), in-process and as a process. The scenario is a pull request: a temporary git
repository holds the corpus in one commit and a one-word edit of a shared clause
in the next; `HEAD~1` is compared with `HEAD`. Each figure is the median of
several runs. `main()` is what `nox -s bench` calls.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import median_seconds  # the same measuring stick as the main benchmark
from clausekit.diff import compare, diff_sources, redline_sources, render_text
from clausekit.diff.render.blackline import render_blackline
from clausekit.diff.render.docx import render_docx
from clausekit.diff.sides import load_library, resolve
from clausekit.sources.versions import checkout

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 0.5  # seconds, for the whole in-process diff of two revisions
REDLINE_RATIO = 2.0  # a redline may take at most this many times the text diff of the same revisions
VARIANT = "MG-BY-NC"  # the variant whose whole text is redlined (by name: any edition)
EDITED = "clauses/05-termination/term.md"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def pull_request(root: Path) -> None:
    """The corpus committed, then a one-word edit committed on top of it."""
    root.mkdir()
    shutil.copy2(ROOT / "variants.yaml", root / "variants.yaml")
    shutil.copytree(ROOT / "clauses", root / "clauses")
    git(root, "init", "-q")
    git(root, "config", "user.name", "bench")
    git(root, "config", "user.email", "bench@example.invalid")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "corpus")
    path = root / EDITED
    path.write_text(path.read_text(encoding="utf-8").replace("fixed", "set", 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", "edit")


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        repo = Path(temp) / "repo"
        pull_request(repo)
        old, new = resolve("HEAD~1", repo), resolve("HEAD", repo)
        old_result, new_result = load_library(old, repo), load_library(new, repo)
        report = compare(old_result, new_result)

        def materialise() -> None:
            with checkout(repo, "HEAD"):
                pass

        total = median_seconds(lambda: render_text(diff_sources("HEAD~1", "HEAD", repo)), repeat=7)
        rows = [
            ("resolve both revisions (git rev-parse)", median_seconds(lambda: resolve("HEAD~1", repo), 7) * 2),
            ("materialise one revision (git archive)", median_seconds(materialise, 7)),
            ("load + lint + assemble one side", median_seconds(lambda: load_library(new, repo), 7)),
            ("compare (pure)", median_seconds(lambda: compare(old_result, new_result), 15)),
            ("render text", median_seconds(lambda: render_text(report), 15)),
            ("whole diff of two revisions, in-process", total),
            (
                "`mgl diff HEAD~1 HEAD` as a process",
                median_seconds(
                    lambda: subprocess.run(
                        [sys.executable, "-m", "clausekit", "diff", "HEAD~1", "HEAD", "--root", str(repo)],
                        check=True,
                        capture_output=True,
                    ),
                    5,
                ),
            ),
        ]
        redlines = _redlines(repo, total)
    width = max(len(label) for label, _ in rows + [(label, 0.0) for label, _, _ in redlines])
    print(f"clausekit diff benchmark on {sys.platform}, Python {sys.version.split()[0]}")
    for label, seconds in rows:
        note = f"budget {BUDGET * 1000:.0f} ms" if label.startswith("whole diff") else ""
        print(f"  {label:<{width}}  {seconds * 1000:8.2f} ms  {note}".rstrip())
    verdict = "within" if total <= BUDGET else "OVER"
    print(f"  {verdict} budget: {total * 1000:.0f} ms of {BUDGET * 1000:.0f} ms")
    print(f"  redlines, as a ratio to the text diff of the same revisions (budget {REDLINE_RATIO:.0f}x):")
    for label, seconds, ratio in redlines:
        shown = f"{ratio:5.2f}x  {'within' if ratio <= REDLINE_RATIO else 'OVER'}" if ratio else "(no budget)"
        print(f"  {label:<{width}}  {seconds * 1000:8.2f} ms  {shown}")


def _redlines(repo: Path, text_seconds: float) -> list[tuple[str, float, float]]:
    """(label, seconds, ratio to the text diff; 0 for figures without a budget)."""

    def docx(variants: tuple[str, ...]) -> bytes:
        job = redline_sources("HEAD~1", "HEAD", repo, variants)
        return render_docx(job.redline, author=job.maintainers, date=job.date, full_text=job.full_text)

    def pdf(variants: tuple[str, ...]) -> bytes:
        job = redline_sources("HEAD~1", "HEAD", repo, variants)
        return render_blackline(job.redline, author=job.maintainers, date=job.date, full_text=job.full_text)

    def process(*extra: str) -> float:
        return median_seconds(
            lambda: subprocess.run(
                [sys.executable, "-m", "clausekit", "diff", "HEAD~1", "HEAD", "--root", str(repo), *extra],
                check=True,
                capture_output=True,
            ),
            5,
        )

    one = median_seconds(lambda: docx((VARIANT,)), 7)
    review = median_seconds(lambda: docx(()), 7)
    with tempfile.TemporaryDirectory() as out:
        target = str(Path(out) / "r")
        text_process = process()
        one_process = process("--variant", VARIANT, "--format", "docx", "--output", target + ".docx")
        review_process = process("--format", "docx", "--output", target + ".docx")
    return [
        (f"redline of {VARIANT} (.docx), in-process", one, one / text_seconds),
        ("clause-level review (.docx), in-process", review, review / text_seconds),
        (f"`mgl diff --variant {VARIANT} --format docx` as a process", one_process, one_process / text_process),
        ("`mgl diff --format docx` as a process", review_process, review_process / text_process),
        (f"blackline of {VARIANT} (.pdf), in-process", median_seconds(lambda: pdf((VARIANT,)), 3), 0.0),
    ]


if __name__ == "__main__":
    main()
