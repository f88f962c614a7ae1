"""`mgl diff`: compare two versions clause by clause, or two license files section by section.

`--format docx` and `--format pdf` write a redline for legal review (a Word document
with tracked changes, a blackline PDF) to `--output`: with one `--variant`, that
variant's whole text; otherwise the clause-level review.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console

from clausekit.cli.common import (
    EXIT_DIFFERENT,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_OUTPUT,
    AddCommand,
    add_variant_option,
    announce,
    report_problems,
)
from clausekit.diagnostics import Diagnostic, SourceError

# The names of clausekit.diff.RENDERERS, listed here so the parser need not import
# the renderers (start-up time); a test keeps them equal.
DIFF_FORMATS = ("text", "md", "json", "html")
REDLINE_FORMATS = ("docx", "pdf")  # written to --output: binary, for reviewers


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command("diff", "Compare two versions clause by clause (or two license files section by section).")
    sub.add_argument("old", metavar="OLD", help="git revision, released version, folder with variants.yaml, or file")
    sub.add_argument("new", metavar="NEW", nargs="?", help="the same kinds (default: the working tree at --root)")
    sub.add_argument(
        "--format",
        choices=DIFF_FORMATS + REDLINE_FORMATS,
        default="text",
        help="output format (default: text); docx (Word, tracked changes) and pdf (blackline) need --output",
    )
    sub.add_argument("--output", "-o", type=Path, metavar="FILE", help="write the redline here (docx, pdf)")
    sub.add_argument(
        "--author",
        metavar="NAME",
        help="who signs the tracked changes (default: family.maintainers of NEW's variants.yaml)",
    )
    add_variant_option(sub, "report only this variant, by id or name in any case", several=False)
    sub.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when there are differences and 0 when there are none, like `git diff --exit-code`",
    )
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    if args.format in REDLINE_FORMATS or args.output is not None:
        return _redline(args, err)
    from clausekit.diff import RENDERERS, diff_sources, render_rich

    try:
        report = diff_sources(
            args.old, args.new, args.root, args.variant, lambda name, taken: announce(name, taken, err)
        )
    except SourceError as problem:
        report_problems(
            problem.diagnostics, Path("."), err, writes=False
        )  # paths are already as the user can open them
        return EXIT_ERROR
    if args.format == "text" and out.is_terminal:
        out.print(render_rich(report))
    else:
        sys.stdout.write(RENDERERS[args.format](report))
    return EXIT_DIFFERENT if args.exit_code and not report.empty else EXIT_OK


def _redline(args: argparse.Namespace, err: Console) -> int:
    from clausekit.diff import redline_sources
    from clausekit.output.build import source_date_epoch

    try:
        if args.format not in REDLINE_FORMATS:
            raise SourceError(
                [
                    Diagnostic(
                        "--output",
                        None,
                        f"--output writes a redline, not {args.format}",
                        "add --format docx or --format pdf, or leave out --output to print",
                    )
                ]
            )
        if args.output is None:
            raise SourceError(
                [
                    Diagnostic(
                        "--format", None, f"--format {args.format} writes a file", f"add --output FILE.{args.format}"
                    )
                ]
            )
        job = redline_sources(
            args.old, args.new, args.root, args.variant, lambda name, taken: announce(name, taken, err)
        )
        date = job.date
        if date is None or "SOURCE_DATE_EPOCH" in os.environ:
            date = source_date_epoch(args.root if args.new is None or not Path(args.new).is_dir() else Path(args.new))
        author = args.author or job.maintainers
        if not author.strip() or len(author) > 255 or any(ord(c) < 32 or ord(c) == 127 for c in author):
            raise SourceError(
                [
                    Diagnostic(
                        "--author" if args.author else "variants.yaml",
                        None,
                        f"the author of tracked changes must be one line of at most 255 characters, not {author!r}",
                        "give a name such as --author 'Jane Doe'"
                        if args.author
                        else "set family.maintainers to a name, or give --author",
                    )
                ]
            )
        if args.format == "docx":
            from clausekit.diff.render.docx import render_docx

            data = render_docx(job.redline, author=author, date=date, full_text=job.full_text)
        else:
            from clausekit.diff.render.blackline import render_blackline
            from clausekit.render.typeset import UnprintableText

            try:
                data = render_blackline(job.redline, author=author, date=date, full_text=job.full_text)
            except UnprintableText as problem:
                fix = "make the redline with --format docx, or write those characters another way"
                raise SourceError([Diagnostic(str(args.output), None, str(problem), fix)]) from None
    except SourceError as problem:
        report_problems(problem.diagnostics, Path("."), err, writes=True)
        return EXIT_ERROR
    try:
        temporary = args.output.with_name(args.output.name + ".clausekit-tmp")
        temporary.write_bytes(data)
        temporary.replace(args.output)
    except OSError as problem:
        err.print(
            f"{args.output}: cannot write the redline: {problem.strerror or problem}; nothing was written.",
            markup=False,
        )
        return EXIT_OUTPUT
    err.print(f"wrote {args.output}", markup=False)
    return EXIT_DIFFERENT if args.exit_code and not job.empty else EXIT_OK
