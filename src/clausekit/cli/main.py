"""`mgl`: thin command-line wrappers over the library API.

Exit codes: 0 success; 1 `build --check` found stale or missing artifacts;
2 the sources or the command line are wrong (every problem is listed, with file
and line, and nothing is written); 130 interrupted.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from clausekit.checks.site import check_site
from clausekit.diagnostics import Diagnostic, SourceError, relabel
from clausekit.output.transaction import OutputError
from clausekit.pipeline import lint_root, require
from clausekit.render.formats import SHEET_FORMAT, Inputs, VariantFile, variant_format
from clausekit.sources.library import load_library
from clausekit.sources.sitefiles import load_site_files
from clausekit.version import __version__

if TYPE_CHECKING:
    from clausekit.sources.types import FactValue, Family, Variant

# Each command imports what only it needs when it runs: a no-op build must start
# fast (its budget is 1.5 times the package's import time).
DIFF_FORMATS = ("text", "md", "json", "html")  # clausekit.diff.RENDERERS; a test keeps them equal

EXIT_OK, EXIT_STALE, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_INTERNAL, EXIT_OUTPUT = 70, 74  # sysexits.h: EX_SOFTWARE, EX_IOERR
OS_HINTS = {
    errno.ENOENT: "check that the path exists",
    errno.EACCES: "check the permissions of the file and its folder",
    errno.EPERM: "check the permissions of the file and its folder",
    errno.ENOSPC: "free some disk space",
    errno.EROFS: "the file system is read-only: choose another folder",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        return int(args.run(args, out, err))
    except SourceError as problem:
        _report(problem.diagnostics, args.root, err)
        return EXIT_ERROR
    except OutputError as problem:
        err.print(f"[bold red]error:[/] {escape(problem.message)}")
        err.print(f"    fix: {escape(problem.hint)}", markup=False)
        return EXIT_OUTPUT
    except OSError as problem:
        where = f"{problem.filename}: " if problem.filename else ""
        err.print(f"[bold red]error:[/] {escape(where + (problem.strerror or str(problem)))}")
        err.print(f"    fix: {OS_HINTS.get(problem.errno or 0, 'check the path and its permissions')}", markup=False)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        err.print("interrupted; the output is as it was before, or as the build committed it", markup=False)
        return EXIT_INTERRUPTED
    except Exception as problem:  # the last resort: a bug of ours, never a bare traceback
        err.print(f"[bold red]internal error:[/] {escape(type(problem).__name__)}: {escape(str(problem))}")
        err.print(
            "    this is a bug in mgl, not in your sources: please report it with the command you ran. "
            "Set MGL_DEBUG=1 to see the traceback.",
            markup=False,
        )
        if os.environ.get("MGL_DEBUG"):
            raise
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mgl", description="Build license texts from clause fragments and a family file."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument(
            "--root",
            type=Path,
            default=Path("."),
            help="folder holding clauses/ and variants.yaml (default: current folder)",
        )
        return sub

    sub = command("build", "Validate the sources and write every variant's artifacts.")
    sub.add_argument("--out", type=Path, help="output folder (default: <root>/build)")
    sub.add_argument(
        "--format",
        type=_formats,
        default=None,
        help="comma-separated formats: txt,md,sheet,html,pdf,json,compat (default: all; with --check, the "
        "committed ones plus the typeset editions a previous build made)",
    )
    sub.add_argument(
        "--page-size", choices=("A4", "letter"), default="A4", help="paper size of the PDF edition (default: A4)"
    )
    sub.add_argument(
        "--variant",
        action="extend",
        nargs="+",
        default=[],
        metavar="ID",
        help="build only these variants (default: all)",
    )
    sub.add_argument("--check", action="store_true", help="write nothing; exit 1 if any artifact is stale or missing")
    sub.add_argument(
        "--rev",
        metavar="REV",
        help="build the sources of a git revision or released version into --out (default: a new temporary "
        "folder); the working tree and its build/ are not touched",
    )
    sub.set_defaults(run=_build)

    sub = command("lint", "Validate the sources and report every problem with its file and line.")
    sub.set_defaults(run=_lint)

    sub = command("sheet", "Print the summary sheet of one variant.")
    sub.add_argument("variant", metavar="ID", help="variant id or name, e.g. MG-BY-NC-2.0 or MG-BY-NC")
    sub.add_argument("--format", choices=tuple(sheet_files()), default="txt", help="output format (default: txt)")
    sub.set_defaults(run=_sheet)

    sub = command("where", "Where a numbered clause comes from: its fragment, condition and number in each variant.")
    sub.add_argument("variant", metavar="ID", help="variant id or name, e.g. MG-BY-NC-2.0 or MG-BY-NC")
    sub.add_argument("number", metavar="NUMBER", help="e.g. 2.3.2, or a label such as 'Section 2.3.2'")
    sub.add_argument("--json", action="store_true", help="print JSON instead of lines")
    sub.set_defaults(run=_where)

    sub = command("compat", "Remix compatibility: the whole matrix, or one pair explained.")
    sub.add_argument("pair", nargs="*", metavar="ID", help="two variant ids or names to explain one verdict")
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table or sentence")
    sub.set_defaults(run=_compat)

    sub = command("list", "List the variants with their options and declared facts.")
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sub.set_defaults(run=_list)

    sub = command("diff", "Compare two versions clause by clause (or two license files section by section).")
    sub.add_argument("old", metavar="OLD", help="git revision, released version, folder with variants.yaml, or file")
    sub.add_argument("new", metavar="NEW", nargs="?", help="the same kinds (default: the working tree at --root)")
    sub.add_argument("--format", choices=DIFF_FORMATS, default="text", help="output format (default: text)")
    sub.add_argument(
        "--variant", action="extend", nargs="+", default=[], metavar="ID", help="report only these variants"
    )
    sub.set_defaults(run=_diff)

    sub = command("versions", "List the released versions recorded in versions.yaml.")
    sub.add_argument("--json", action="store_true", help="print JSON instead of lines")
    sub.set_defaults(run=_versions)

    artifacts_help = "the build's output folder, brought up to date first (default: <root>/build)"
    sub = command("site", "Build the documentation site: every variant, compare, remixing, chooser, versions.")
    sub.add_argument("--out", type=Path, help="output folder (default: <root>/build/site)")
    sub.add_argument("--artifacts", type=Path, metavar="DIR", help=artifacts_help)
    sub.set_defaults(run=_site)

    sub = command("serve", "Preview the site, rebuilt and reloaded whenever the sources or site/ change.")
    sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    sub.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    sub.add_argument("--artifacts", type=Path, metavar="DIR", help=artifacts_help)
    sub.set_defaults(run=_serve)

    sub = command("schema", "Write the JSON Schema of variants.yaml, or refresh the README's key tables.")
    sub.add_argument("--output", type=Path, help=f"file to write (default: <root>/{SCHEMA_FILE})")
    sub.add_argument("--readme", action="store_true", help="regenerate the key tables in <root>/README.md instead")
    sub.set_defaults(run=_schema)
    return parser


def _formats(value: str) -> tuple[str, ...]:
    """Split the list; unknown names are reported by the build with the known ones."""
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    if not names:
        raise argparse.ArgumentTypeError(f"no format named in {value!r}")
    return names


def _build(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.output.build import build, source_date_epoch
    from clausekit.render.formats import Settings

    if args.rev is not None:
        return _build_revision(args, out, err)
    settings = Settings(page_size=args.page_size, source_date_epoch=source_date_epoch(args.root))
    if not err.is_terminal:  # plain output: no progress bar, and none of its imports
        result = build(args.root, args.out, args.format, args.variant, args.check, None, settings)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
        ) as bar:
            task = bar.add_task("checking sources", total=None)

            def step(what: str, done: int, total: int) -> None:
                bar.update(task, description=f"rendering {what}", completed=done, total=total)

            result = build(args.root, args.out, args.format, args.variant, args.check, step, settings)
    target = args.out if args.out is not None else args.root / "build"
    if args.check:
        if result.stale:
            for line in result.stale:
                out.print(line, markup=False)
            out.print(f"{len(result.stale)} artifact(s) out of date in {target}; run `mgl build` to regenerate them")
            return EXIT_STALE
        out.print(f"all artifacts in {target} are up to date")
        return EXIT_OK
    removed = f", {len(result.removed)} obsolete removed" if result.removed else ""
    out.print(
        f"built {result.variants} variant(s) into {target}: "
        f"{len(result.written)} written, {len(result.unchanged)} unchanged{removed}"
    )
    return EXIT_OK


def _build_revision(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`build --rev`: the revision's sources, read into a temporary folder, built into --out.

    Without --out the result goes to a new temporary folder, never into the working
    tree's build/: that folder belongs to the working tree's sources.
    """
    import tempfile

    from clausekit.sources.versions import checkout, revision_of, source_date_of

    if args.out is not None:
        target = args.out
    else:
        label = re.sub(r"[^A-Za-z0-9.-]+", "-", args.rev).strip("-") or "rev"
        target = Path(tempfile.mkdtemp(prefix=f"mgl-build-{label}-"))
        err.print(f"no --out given: building {args.rev} into {target}", markup=False)
    try:
        revision = revision_of(args.root, args.rev)
        with checkout(args.root, revision) as tree, source_date_of(args.root, revision):
            built = argparse.Namespace(**{**vars(args), "root": tree.root, "out": target, "rev": None})
            try:
                return _build(built, out, err)
            except SourceError as problem:  # name the revision's files, not the temporary ones
                raise SourceError(relabel(problem.diagnostics, tree.git_names(args.rev))) from None
    except SourceError as problem:
        _report(problem.diagnostics, Path("."), err)  # paths are already as the user can use them
        return EXIT_ERROR


def _diff(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.diff import RENDERERS, diff_sources, render_rich

    try:
        report = diff_sources(args.old, args.new, args.root, args.variant)
    except SourceError as problem:
        _report(problem.diagnostics, Path("."), err)  # paths are already as the user can open them
        return EXIT_ERROR
    if args.format == "text" and out.is_terminal:
        out.print(render_rich(report))
    else:
        sys.stdout.write(RENDERERS[args.format](report))
    return EXIT_OK


def _versions(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.sources.versions import load_versions, release_statuses

    statuses = release_statuses(args.root, load_versions(args.root))
    if args.json:
        rows = [
            {
                "version": s.release.version,
                "date": s.release.date,
                "revision": s.release.revision,
                "note": s.release.note,
                "available": s.available,
                "previous": s.previous,
                "superseded_by": s.superseded_by,
            }
            for s in statuses
        ]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    if not statuses:
        out.print("no released versions: list them in versions.yaml", markup=False)
    for s in statuses:
        state = f"superseded by {s.superseded_by}" if s.superseded_by else "current"
        missing = "" if s.available else ", commit not in this clone"
        since = f"; changes: mgl diff {s.previous} {s.release.version}" if s.previous else ""
        out.print(
            f"{s.release.version}  {s.release.date}  {s.release.revision[:12]}  {state}{missing}{since}", markup=False
        )
    return EXIT_OK


def _site(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.site import build_site

    target = args.out if args.out is not None else args.root / "build" / "site"
    generated = build_site(args.root, args.out, args.artifacts)
    out.print(f"built the site into {target}: {generated.pages} pages, {generated.downloads} downloads", markup=False)
    return EXIT_OK


def _serve(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.site import serve_site

    out.print(f"serving the site at http://{args.host}:{args.port}/ (Ctrl+C stops)", markup=False)
    serve_site(args.root, args.host, args.port, args.artifacts)
    return EXIT_OK


SCHEMA_FILE = "schemas/variants.schema.json"


def _schema(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.sources.schema import readme_with_tables, variants_json_schema

    if args.readme:
        readme = args.root / "README.md"
        try:
            text = readme_with_tables(readme.read_text(encoding="utf-8"))
        except ValueError as problem:
            raise SourceError(
                [Diagnostic("README.md", None, str(problem), "add the marker comments where the table belongs")]
            ) from None
        readme.write_text(text, encoding="utf-8")
        out.print(f"refreshed the key tables in {readme}", markup=False)
        return EXIT_OK
    target = args.output if args.output is not None else args.root / SCHEMA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(variants_json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    out.print(f"wrote {target}", markup=False)
    return EXIT_OK


def _lint(args: argparse.Namespace, out: Console, err: Console) -> int:
    library = require(lint_root(args.root)).library
    site = require(load_site_files(args.root))  # the hand-written site must still agree with the family
    site_problems = check_site(library.family, site)
    if site_problems:
        raise SourceError(site_problems)
    out.print(f"ok: {len(library.fragments)} clauses, {len(library.family.variants)} variants, no problems")
    return EXIT_OK


def _list(args: argparse.Namespace, out: Console, err: Console) -> int:
    family = _sound_family(args.root)  # listing needs a sound family file, not a clean corpus
    fact_names = [f.name for f in family.facts]
    if args.json:
        rows = [
            {"id": v.id, "title": v.title, "options": _options(family, v), "facts": dict(v.facts)}
            for v in family.variants
        ]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    header = ["id", "options", *fact_names]
    cells = [
        [v.id, " ".join(_options(family, v)) or "-", *(_show(v.facts[n]) for n in fact_names)] for v in family.variants
    ]
    if not out.is_terminal:
        widths = [max(len(row[i]) for row in [header, *cells]) for i in range(len(header))]
        for row in [header, *cells]:
            sys.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() + "\n")
        return EXIT_OK
    from rich.table import Table

    table = Table(*header, title=f"{family.name} {family.version}")
    for row in cells:
        table.add_row(*row)
    out.print(table)
    return EXIT_OK


def _sheet(args: argparse.Namespace, out: Console, err: Console) -> int:
    result = require(lint_root(args.root))  # the sheet must agree with a text that lints clean
    variant = _find_variant(result.library.family, args.variant)
    document = next(d for d in result.documents if d.variant_id == variant.id)
    sys.stdout.write(sheet_files()[args.format].render(Inputs(document)).decode("utf-8"))
    return EXIT_OK


def _where(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.document.where import where

    result = require(lint_root(args.root))  # numbers are those of a clean build
    found = require(where(result.library, result.documents, args.variant, args.number))
    if args.json:
        sys.stdout.write(json.dumps(found.data(), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    width = max(len(p.variant_id) for p in found.placements)
    lines = [
        f"{_display(args.root, found.file)}:{found.line}",
        f"  {found.kind}: {found.id}",
        f"  title:  {found.title}",
        f"  when:   {found.when or 'always'}",
        "  in:",
        *(f"    {p.variant_id.ljust(width)}  {p.reference}" for p in found.placements),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def sheet_files() -> dict[str, VariantFile]:
    """The `sheet` format's files by suffix: `mgl sheet --format md` prints what a build writes to sheet.md."""
    fmt = variant_format(SHEET_FORMAT)
    assert fmt is not None
    return {file.name.rsplit(".", 1)[-1]: file for file in fmt.files}


def _compat(args: argparse.Namespace, out: Console, err: Console) -> int:
    from rich import box
    from rich.table import Table

    from clausekit.document.compat import LEGEND, MARKS, matrix, verdict
    from clausekit.render.compat import render_compat_json, verdict_data

    family = _sound_family(args.root)
    if len(args.pair) not in (0, 2):
        raise SourceError(
            [
                Diagnostic(
                    "compat",
                    None,
                    f"expected two variants, got {len(args.pair)}",
                    "run `mgl compat` for the matrix or `mgl compat A B` for one pair",
                )
            ]
        )
    if args.pair:
        found = verdict(family, _find_variant(family, args.pair[0]), _find_variant(family, args.pair[1]))
        if args.json:
            sys.stdout.write(json.dumps(verdict_data(found), indent=2, ensure_ascii=False) + "\n")
        else:
            out.print(f"{found.mark} {found.explanation}", markup=False)
        return EXIT_OK
    if args.json:
        sys.stdout.write(render_compat_json(family))
        return EXIT_OK
    cells = {(v.first, v.second): v for v in matrix(family)}
    short = _short_names(family)
    label_width = max(map(len, short.values()))
    # Three layouts: result names in the cells; marks under name headers; marks under numbers.
    with_results = out.width >= 14 * (len(family.variants) + 1)
    numbered = out.width < label_width + 4 + sum(max(len(name), 2) + 3 for name in short.values())
    heads = {v.id: str(n) if numbered else short[v.id] for n, v in enumerate(family.variants, start=1)}
    table = Table(
        title=f"Remixing {family.name} {family.version} {family.vocabulary.works} (row with column)",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("", no_wrap=True, min_width=label_width + (3 if numbered else 0), style="bold")
    for v in family.variants:
        table.add_column(heads[v.id], no_wrap=True)
    for a in family.variants:
        row = []
        for b in family.variants:
            cell = cells[a.id, b.id]
            row.append(f"{cell.mark} {short[cell.result]}" if cell.result and with_results else cell.mark)
        table.add_row(f"{heads[a.id]:>2} {short[a.id]}" if numbered else short[a.id], *row)
    out.print(table)
    for kind, meaning in LEGEND.items():
        out.print(f"{MARKS[kind]} {meaning}", markup=False)
    if not with_results:
        out.print("(widen the terminal to see the resulting licenses, or run `mgl compat A B`)", markup=False)
    out.print(
        f"Labels are variant names without {_name_prefix(family)!r}. {family.vocabulary.remix_note}",
        markup=False,
    )
    return EXIT_OK


def _name_prefix(family: Family) -> str:
    """The text every variant name starts with ("MG" for MG0, MG-BY, ...)."""
    names = sorted(v.name for v in family.variants)
    first, last = names[0], names[-1]  # the sorted extremes share exactly the common prefix
    return first[
        : next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), min(len(first), len(last)))
    ]


def _short_names(family: Family) -> dict[str, str]:
    """Variant names without the prefix they all share ("MG-BY-NC" -> "BY-NC"), for narrow tables."""
    prefix = _name_prefix(family)
    return {v.id: v.name[len(prefix) :].strip("-_ ") or v.name for v in family.variants}


def _sound_family(root: Path) -> Family:
    """A family file that loads and passes its own checks; clauses may still be broken."""
    from clausekit.checks.family import check_family

    library = require(load_library(root))
    problems = check_family(library.family)
    if problems:
        raise SourceError(problems)
    return library.family


def _find_variant(family: Family, name: str) -> Variant:
    from clausekit.document.where import find_variant

    return require(find_variant(family, name))


def _options(family: Family, variant: Variant) -> list[str]:
    return [code for code in family.option_codes() if variant.has(code)]


def _show(value: FactValue) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _report(diagnostics: Sequence[Diagnostic], root: Path, err: Console) -> None:
    for shown in relabel(diagnostics, lambda file: _display(root, file)):
        for line in shown.format().splitlines():
            err.print(escape(line).replace(": error:", ": [bold red]error:[/]", 1))
    err.print(f"{len(diagnostics)} problem(s) found; nothing was written.", markup=False)


def _display(root: Path, file: str) -> str:
    """Paths relative to where the user stands (absolute when outside it), for editors to jump to."""
    path = root / file
    relative = os.path.relpath(path)
    return str(path.absolute()) if relative.startswith("..") else relative


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
