"""Timing figures for the toolchain; prints them and never fails on a number.

Run with `nox -s bench`. Budgets it reports against (from the project's issues):
- assembling and rendering text and Markdown of every variant in-process: 150 ms;
- the same on a synthetic library 100 times larger: at most 120 times as long;
- a PDF: the toolchain's time above bare weasyprint typesetting the same HTML with
  the same options, at most 10 %;
- all PDFs in parallel: wall time at most 0.65 of the sequential sum (2 cores);
- a no-op `mgl build` of every format: at most 1.5 times the interpreter's import
  of the package;
- peak memory of a full build: at most 400 MB;
- a build of two languages (txt, md, sheet, json, lint included): at most 2.2 times one
  language's (the corpus's own second language, else a generated pseudo-translation).
Each figure is the median of several runs, so a busy machine skews it less.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from clausekit.document.assemble import assemble
from clausekit.document.blocks import make_parser
from clausekit.document.compile import compile_library
from clausekit.document.types import Block
from clausekit.pipeline import lint_library
from clausekit.render.markdown import render_markdown
from clausekit.render.text import render_text
from clausekit.sources.library import load_library
from clausekit.sources.types import Library

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
    loaded = load_library(root)
    if loaded.value is None:
        raise SystemExit("\n".join(d.format() for d in loaded.problems))
    return loaded.value


def assemble_and_render(library: Library) -> int:
    """Compile, assemble every variant and render .txt and .md; returns bytes produced."""
    compiled = compile_library(library).value
    assert compiled is not None
    parser = make_parser()
    parsed: dict[str, tuple[Block, ...]] = {}
    size = 0
    for variant in library.family.variants:
        document = assemble(compiled, variant, parser, parsed).value
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
    # One language: the scaling figure is about the clause count (translations have their own figure).
    family = (root / "variants.yaml").read_text(encoding="utf-8")
    (target / "variants.yaml").write_text(re.sub(r"^languages: .*\n", "", family, flags=re.MULTILINE), encoding="utf-8")
    for source in sorted(p for p in (root / "clauses").rglob("*.md") if "." not in p.stem):
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


def pdf_figures(library: Library) -> tuple[float, float, float, float]:
    """(ours, bare weasyprint) seconds for one PDF, then (one by one, parallel) wall time for all."""
    import weasyprint  # type: ignore[import-untyped]

    from clausekit.pipeline import lint_library, require
    from clausekit.render.pdf import (
        PDF_VARIANT,
        css_page_size,
        file_identifier,
        font_files,
        harfbuzz_can_subset,
        pdf_html,
        render_pdf,
    )

    documents = require(lint_library(library)).documents
    largest = max(documents, key=lambda d: len(render_text(d)))
    size = css_page_size("A4")
    with font_files() as fonts:
        html = pdf_html(largest, size, fonts, 1_700_000_000)
        options = {
            "pdf_variant": PDF_VARIANT,
            "pdf_identifier": file_identifier(largest, size),
            "full_fonts": not harfbuzz_can_subset(),
        }
        ours, bare = [], []
        for _ in range(5):  # alternate, so drift in the machine's speed hits both alike
            start = time.perf_counter()
            render_pdf(largest, source_date_epoch=1_700_000_000)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            weasyprint.HTML(string=html).write_pdf(**options)
            bare.append(time.perf_counter() - start)
    sequential = statistics.median(fresh_seconds(RENDER_ONE_BY_ONE) for _ in range(2))
    parallel = statistics.median(fresh_seconds(RENDER_IN_PARALLEL) for _ in range(2))
    return statistics.median(ours), statistics.median(bare), sequential, parallel


# Both start from the same state, a fresh process that has loaded the sources, and
# both pay for loading weasyprint inside the timed part (the parallel one in each
# process at once), as a real build does.
RENDER_SETUP = """
import sys, time
from pathlib import Path
from clausekit.pipeline import lint_root, require
from clausekit.output.typeset import TypesetJob, render_typeset
from clausekit.render.formats import Settings, render_file
if __name__ == "__main__":
    documents = require(lint_root(Path(sys.argv[1]))).documents
    settings = Settings(source_date_epoch=1_700_000_000)
    start = time.perf_counter()
"""
RENDER_ONE_BY_ONE = (
    RENDER_SETUP
    + """
    for d in documents:
        render_file("pdf", "license.pdf", d, settings)
    print(time.perf_counter() - start)
"""
)
RENDER_IN_PARALLEL = (
    RENDER_SETUP
    + """
    render_typeset([TypesetJob("pdf", "license.pdf", d.variant_id, d, "") for d in documents], settings)
    print(time.perf_counter() - start)
"""
)


PSEUDO = "qps-ploc"  # the pseudo-locale tag: a translation that is the source text itself


def pseudo_translated(root: Path, target: Path) -> Path:
    """A copy of the sources with a second language, unless they declare one already.

    Every clause translation is its source's text (so every check passes) with the
    source's digest, and the family strings are the English ones: the work per
    language is what a real translation costs.
    """
    from clausekit.checks.translations import REQUIRED_LABELS
    from clausekit.output.translations import _strings_data, string_entries
    from clausekit.sources.translations import source_digest, strings_name, translation_name

    library = load(root)
    if len(library.family.languages) > 1:
        return root
    shutil.copytree(root / "clauses", target / "clauses")
    family_text = (root / "variants.yaml").read_text(encoding="utf-8")
    (target / "variants.yaml").write_text(f"languages: [{library.family.default_language}, {PSEUDO}]\n" + family_text)
    for fragment in library.fragments:
        title = f"title: {json.dumps(fragment.title)}\n" if "title" in fragment.key_lines else ""
        text = f"---\n{title}source: {source_digest(fragment)}\n---\n{fragment.body}\n"
        (target / translation_name(fragment.file, PSEUDO)).write_text(text, encoding="utf-8")
    terms = [f.term for f in library.fragments if f.term]
    values = {e.path: e.english for e in string_entries(library.family, terms, REQUIRED_LABELS)}
    values |= {("glossary", alias): alias for f in library.fragments for alias in f.aliases}  # "Distribution"
    strings = target / strings_name(PSEUDO)
    strings.parent.mkdir(parents=True, exist_ok=True)
    strings.write_text(json.dumps(_strings_data(PSEUDO, values, None), ensure_ascii=False), encoding="utf-8")
    if (root / "versions.yaml").exists():
        shutil.copy2(root / "versions.yaml", target / "versions.yaml")
    return target


def languages_ratio(root: Path, temp: Path) -> tuple[float, float]:
    """Seconds for a full build (txt, md, sheet, json) of the default language alone, and of every language."""
    from clausekit.output.build import build

    source = pseudo_translated(root, temp / "two-languages")
    library = load(source)
    formats = ("txt", "md", "sheet", "json")
    runs = iter(range(1_000))

    def once(languages: tuple[str, ...] | None) -> None:
        build(source, temp / f"languages-{next(runs)}", formats, languages=languages)  # a new folder: no no-op path

    one = median_seconds(lambda: once((library.family.default_language,)), repeat=5)
    every = median_seconds(lambda: once(None), repeat=5)
    return one, every


def fresh_seconds(script: str) -> float:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "render.py"  # a file, so that spawned workers can import the main module
        path.write_text(script)
        found = subprocess.run([sys.executable, str(path), str(ROOT)], check=True, capture_output=True, text=True)
    return float(found.stdout.split()[-1])


PEAK_MEMORY = """
import resource, sys
from pathlib import Path
from clausekit.output.build import build
build(Path(sys.argv[1]), Path(sys.argv[2]))
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(own, workers)
"""


def pdf_jobs(library: Library) -> int:
    """How many PDFs a full build typesets: one per variant and language."""
    return len(library.family.variants) * len(library.family.languages)


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
        peak = subprocess.run(
            [sys.executable, "-c", PEAK_MEMORY, str(ROOT), str(out)], check=True, capture_output=True, text=True
        )
        own_kib, worker_kib = map(int, peak.stdout.split())
        # As output/typeset.py sizes its pool: one core for the main process, which typesets too.
        workers = max(1, min((os.cpu_count() or 1) - 1, pdf_jobs(small) - 1))
        build = [sys.executable, "-m", "clausekit", "build", "--root", str(ROOT), "--out", str(out)]
        noop_time = command_seconds(build, repeat=7)
        import_time = command_seconds([sys.executable, "-c", "import clausekit"], repeat=7)
        ours, bare, sequential, parallel = pdf_figures(small)
        one_language, two_languages = languages_ratio(ROOT, Path(temp))

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
        ("one PDF (the longest variant), clausekit", f"{ours * 1000:8.1f} ms", ""),
        ("  bare weasyprint, same HTML and options", f"{bare * 1000:8.1f} ms", ""),
        ("  overhead", f"{(ours / bare - 1) * 100:8.1f} %", "budget 10 %"),
        ("all PDFs one after another (a fresh process)", f"{sequential * 1000:8.1f} ms", ""),
        (f"all PDFs in parallel ({os.cpu_count()} cores, a fresh process)", f"{parallel * 1000:8.1f} ms", ""),
        ("  parallel / sequential", f"{parallel / sequential:8.2f}", "budget 0.65"),
        ("no-op `mgl build`, every format (a process)", f"{noop_time * 1000:8.1f} ms", ""),
        ("  interpreter + `import clausekit`", f"{import_time * 1000:8.1f} ms", ""),
        ("  no-op / import", f"{noop_time / import_time:8.2f}", "budget 1.5"),
        ("full build, txt md sheet json, one language", f"{one_language * 1000:8.1f} ms", ""),
        ("  the same, two languages", f"{two_languages * 1000:8.1f} ms", ""),
        ("  two languages / one", f"{two_languages / one_language:8.2f}", "budget 2.2"),
        ("peak memory of a full build: main process", f"{own_kib / 1024:8.1f} MB", ""),
        ("  largest PDF worker", f"{worker_kib / 1024:8.1f} MB", ""),
        (
            f"  main + {workers} workers at their peak (upper bound)",
            f"{(own_kib + workers * worker_kib) / 1024:8.1f} MB",
            "budget 400 MB",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"clausekit benchmark on {sys.platform}, Python {sys.version.split()[0]}")
    for label, value, note in rows:
        print(f"  {label:<{width}}  {value}  {note}".rstrip())


if __name__ == "__main__":
    main()
