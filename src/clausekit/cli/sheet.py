"""`mgl sheet`: print one variant's summary sheet, as a build writes it."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console

from clausekit.cli.common import EXIT_OK, AddCommand, find_variant
from clausekit.pipeline import lint_root, require
from clausekit.render.formats import SHEET_FORMAT, Inputs, VariantFile, variant_format


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command("sheet", "Print the summary sheet of one variant.")
    sub.add_argument(
        "variant", metavar="ID", help="variant id or name in any case, e.g. MG-BY-NC-2.1, mg-by-nc or BY-NC"
    )
    sub.add_argument("--format", choices=tuple(sheet_files()), default="txt", help="output format (default: txt)")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    result = require(lint_root(args.root))  # the sheet must agree with a text that lints clean
    variant = find_variant(result.library.family, args.variant, err)
    document = next(d for d in result.documents if d.variant_id == variant.id)
    sys.stdout.write(sheet_files()[args.format].render(Inputs(document)).decode("utf-8"))
    return EXIT_OK


def sheet_files() -> dict[str, VariantFile]:
    """The `sheet` format's files by suffix: `mgl sheet --format md` prints what a build writes to sheet.md."""
    fmt = variant_format(SHEET_FORMAT)
    assert fmt is not None
    return {file.name.rsplit(".", 1)[-1]: file for file in fmt.files}
