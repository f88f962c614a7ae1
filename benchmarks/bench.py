"""Timing figures for the toolchain; prints them and never fails on a number.

Run with `nox -s bench`. Budgets it reports against (from the project's issues):
- assembling and rendering text and Markdown of every variant in-process: 150 ms;
- the same on a synthetic library 100 times larger: at most 120 times as long.
Each figure is the median of several runs, so a busy machine skews it less.
"""

from __future__ import annotations

import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from clausekit.assemble import assemble
from clausekit.compile_library import compile_library
from clausekit.document import Block
from clausekit.lint import lint_library
from clausekit.load import load_library
from clausekit.markdown_blocks import make_parser
from clausekit.model import Library
from clausekit.render_markdown import render_markdown
from clausekit.render_text import render_text

ROOT = Path(__file__).resolve().parent.parent
SCALE = 100


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    action()  # warm up: first-call imports and caches are not what we measure
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load(root: Path) -> Library:
    library = load_library(root)
    if isinstance(library, list):
        raise SystemExit("\n".join(d.format() for d in library))
    return library


def assemble_and_render(library: Library) -> int:
    """Compile, assemble every variant and render .txt and .md; returns bytes produced."""
    compiled = compile_library(library)
    assert not isinstance(compiled, list)
    parser = make_parser()
    parsed: dict[str, tuple[Block, ...]] = {}
    size = 0
    for variant in library.family.variants:
        document = assemble(compiled, variant, parser, parsed).document
        assert document is not None
        size += len(render_text(document)) + len(render_markdown(document))
    return size


def synthetic_library(root: Path, target: Path, scale: int) -> None:
    """The real corpus with every clause copied until there are `scale` times as many.

    Each copy says which copy it is, so no two render to the same text and no
    parse is saved by the build's per-build memo: the work really grows. Copies of
    definitions keep their text but define nothing (a term is defined once).
    """
    target.mkdir(parents=True)
    shutil.copy(root / "variants.yaml", target / "variants.yaml")
    for source in sorted((root / "clauses").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        folder = target / "clauses" / source.parent.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / source.name).write_text(text, encoding="utf-8")
        for copy in range(1, scale):
            clone = re.sub(r"^term: (.+)$", r"title: \1", text, count=1, flags=re.MULTILINE)
            clone = re.sub(r"^aliases: .+\n", "", clone, count=1, flags=re.MULTILINE)
            clone = re.sub(r"^id: (.+)$", rf"id: \1-copy{copy}", clone, count=1, flags=re.MULTILINE)
            order = int(re.search(r"^order: (\d+)$", clone, flags=re.MULTILINE).group(1))  # type: ignore[union-attr]
            clone = re.sub(r"^order: \d+$", f"order: {order * 1000 + copy}", clone, count=1, flags=re.MULTILINE)
            clone = clone.replace("stable_number: true\n", "")
            clone = clone.rstrip("\n") + f"\n\nThis is copy {copy} of this clause.\n"
            (folder / f"{source.stem}-copy{copy}.md").write_text(clone, encoding="utf-8")


def command_seconds(args: list[str], repeat: int) -> float:
    return median_seconds(lambda: subprocess.run(args, check=True, capture_output=True), repeat)


def main() -> None:
    small = load(ROOT)
    small_time = median_seconds(lambda: assemble_and_render(small), repeat=15)
    lint_time = median_seconds(lambda: lint_library(small), repeat=15)
    load_time = median_seconds(lambda: load(ROOT), repeat=15)

    with tempfile.TemporaryDirectory() as temp:
        big_root = Path(temp) / "big"
        synthetic_library(ROOT, big_root, SCALE)
        big = load(big_root)
        big_time = median_seconds(lambda: assemble_and_render(big), repeat=3)
        big_lint_time = median_seconds(lambda: lint_library(big), repeat=1)

        out = Path(temp) / "out"
        build = [sys.executable, "-m", "clausekit", "build", "--root", str(ROOT), "--out", str(out)]
        subprocess.run(build, check=True, capture_output=True)
        noop_time = command_seconds(build, repeat=7)
        import_time = command_seconds([sys.executable, "-c", "import clausekit.cli"], repeat=7)
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    ratio = big_time / small_time
    rows = [
        (
            f"load sources ({len(small.family.variants)} variants, {len(small.fragments)} clauses)",
            f"{load_time * 1000:8.1f} ms",
            "",
        ),
        ("assemble + render txt and md, all variants", f"{small_time * 1000:8.1f} ms", "budget 150 ms"),
        ("full lint (assembly + every check)", f"{lint_time * 1000:8.1f} ms", ""),
        (f"same on a library {SCALE}x larger ({len(big.fragments)} clauses)", f"{big_time * 1000:8.1f} ms", ""),
        ("  growth factor", f"{ratio:8.1f} x", "budget 120 x"),
        ("  full lint of it, growth factor", f"{big_lint_time / lint_time:8.1f} x", ""),
        ("no-op `mgl build` (a process)", f"{noop_time * 1000:8.1f} ms", ""),
        ("  interpreter + `import clausekit.cli`", f"{import_time * 1000:8.1f} ms", ""),
        ("peak memory of a child process", f"{peak_kib / 1024:8.1f} MB", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"clausekit benchmark on {sys.platform}, Python {sys.version.split()[0]}")
    for label, value, note in rows:
        print(f"  {label:<{width}}  {value}  {note}".rstrip())


if __name__ == "__main__":
    main()
