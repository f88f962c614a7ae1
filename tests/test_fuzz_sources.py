"""Random damage to the sources never crashes, hangs or writes outside --out.

Hypothesis mutates the family file or one fragment of a copy of the real corpus
(so every construct is in play) and runs `mgl lint` and
`mgl build` in a subprocess with a time limit. The only acceptable outcomes are a
build (exit 0) or a clear refusal (exit 2); never a traceback, an internal error,
a hang, or a file written outside the source copy and its --out.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import COMMITTED, REPO, copy_sources, snapshot

SNIPPETS = [
    "{{",
    "}}",
    "{% for x in variant %}",
    "{% if %}",
    "{{ ref('nowhere') }}",
    "{{ ref }}",
    "&anchor [1, 2]",
    "*anchor",
    "[[[[[[[[[[[[[[[[[[[[",
    "\x00",
    ": : :",
    "---",
    "- name: ../../outside",
    "  version: /tmp/x",
    "when: NC and",
    "order: many",
    "id: section-2-4",
    "<script>alert(1)</script>",
    "x" * 5000,
    "\t\t- - -",
    "2024-13-45",
]

SOURCES = sorted([Path("variants.yaml"), *(p.relative_to(REPO) for p in (REPO / "clauses").rglob("*.md"))])


@st.composite
def damage(draw: st.DrawFn) -> tuple[Path, str, int, str]:
    target = draw(st.sampled_from(SOURCES))
    kind = draw(st.sampled_from(["insert", "delete", "duplicate", "truncate"]))
    position = draw(st.integers(min_value=0, max_value=10_000))
    snippet = draw(st.sampled_from(SNIPPETS) | st.text(max_size=40))
    return target, kind, position, snippet


def apply(root: Path, change: tuple[Path, str, int, str]) -> None:
    target, kind, position, snippet = change
    path = root / target
    lines = path.read_text(encoding="utf-8").split("\n")
    at = position % (len(lines) + 1)
    if kind == "insert":
        lines.insert(at, snippet)
    elif kind == "delete" and lines:
        del lines[min(at, len(lines) - 1)]
    elif kind == "duplicate" and lines:
        lines.insert(at, lines[min(at, len(lines) - 1)])
    else:
        lines = lines[:at]
    path.write_text("\n".join(lines), encoding="utf-8")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=damage())
def test_damaged_sources_are_built_or_refused(change: tuple[Path, str, int, str], tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.rmtree(work, ignore_errors=True)
    root = copy_sources(REPO, work / "root")
    apply(root, change)
    out = work / "out"
    before = {p for p in snapshot(work) if not p.startswith("out/")}
    for command in (["lint"], ["build", "--out", str(out), *COMMITTED]):
        result = subprocess.run(
            [sys.executable, "-m", "clausekit", *command, "--root", str(root)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode in (0, 2), (change, result.stderr[-2000:])
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (change, result.stderr)
        if result.returncode == 2:
            assert "fix:" in result.stderr or "error:" in result.stderr, result.stderr
    after = {p for p in snapshot(work) if not p.startswith("out/")}
    assert after == before, f"files appeared outside --out: {sorted(after - before)}"
