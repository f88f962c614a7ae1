"""`mgl diff`: compare two versions clause by clause, or two license files section by section."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from clausekit.cli.common import (
    EXIT_DIFFERENT,
    EXIT_ERROR,
    EXIT_OK,
    AddCommand,
    add_variant_option,
    announce,
    report_problems,
)
from clausekit.diagnostics import SourceError

# The names of clausekit.diff.RENDERERS, listed here so the parser need not import
# the renderers (start-up time); a test keeps them equal.
DIFF_FORMATS = ("text", "md", "json", "html")


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command("diff", "Compare two versions clause by clause (or two license files section by section).")
    sub.add_argument("old", metavar="OLD", help="git revision, released version, folder with variants.yaml, or file")
    sub.add_argument("new", metavar="NEW", nargs="?", help="the same kinds (default: the working tree at --root)")
    sub.add_argument("--format", choices=DIFF_FORMATS, default="text", help="output format (default: text)")
    add_variant_option(sub, "report only these variants, by id or name in any case")
    sub.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when there are differences and 0 when there are none, like `git diff --exit-code`",
    )
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
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
