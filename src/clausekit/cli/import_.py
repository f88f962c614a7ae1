"""`mgl import`: existing full texts, one per variant, into fragments and a family file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from clausekit.cli.common import EXIT_OK, EXIT_STALE, AddCommand
from clausekit.pipeline import require


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command(
        "import",
        "Cut a family's existing full texts (one per variant, named <NAME>-<VERSION>.txt) into fragments and "
        "variants.yaml, and verify that a build gives every paragraph back.",
    )
    sub.add_argument("texts", metavar="TEXT", nargs="+", type=Path, help="one plain-text or Markdown text per variant")
    sub.add_argument("--out", type=Path, required=True, help="the root to write (clauses/ and variants.yaml)")
    sub.add_argument("--options", type=Path, help="YAML: variant identifier to its list of option codes")
    sub.add_argument("--name", help="the family's name (default: the common beginning of the variant names)")
    sub.add_argument("--version", dest="edition", help="the version every file name ends with")
    sub.add_argument("--force", action="store_true", help="replace the clauses/ and variants.yaml of an existing root")
    sub.add_argument(
        "--check",
        action="store_true",
        help="write nothing: build ROOT and exit 1 if a paragraph differs from the texts",
    )
    sub.add_argument("--json", action="store_true", help="print the report as JSON")
    sub.set_defaults(run=run, writes=True)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.ingest.report import render_json, render_text
    from clausekit.ingest.run import check_import, import_texts

    if args.check:
        args.writes = False
        report = require(check_import(args.texts, args.out, options=args.options, name=args.name, version=args.edition))
    else:
        report = require(
            import_texts(
                args.texts, args.out, options=args.options, name=args.name, version=args.edition, force=args.force
            )
        )
    sys.stdout.write(render_json(report) if args.json else render_text(report))
    return EXIT_STALE if report.mismatches else EXIT_OK
