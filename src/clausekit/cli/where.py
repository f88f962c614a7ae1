"""`mgl where`: where a numbered clause comes from, in each variant."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console

from clausekit.cli.common import EXIT_OK, AddCommand, display, find_variant
from clausekit.pipeline import lint_root, require


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command("where", "Where a numbered clause comes from: its fragment, condition and number in each variant.")
    sub.add_argument(
        "variant", metavar="ID", help="variant id or name in any case, e.g. MG-BY-NC-2.1, mg-by-nc or BY-NC"
    )
    sub.add_argument("number", metavar="NUMBER", help="e.g. 2.3.2, or a label such as 'Section 2.3.2'")
    sub.add_argument("--json", action="store_true", help="print JSON instead of lines")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.document.where import where

    result = require(lint_root(args.root))  # numbers are those of a clean build
    variant = find_variant(result.library.family, args.variant, err)
    found = require(where(result.library, result.documents, variant.id, args.number))
    if args.json:
        sys.stdout.write(json.dumps(found.data(), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    width = max(len(p.variant_id) for p in found.placements)
    lines = [
        f"{display(args.root, found.file)}:{found.line}",
        f"  {found.kind}: {found.id}",
        f"  title:  {found.title}",
        f"  when:   {found.when or 'always'}",
        "  in:",
        *(f"    {p.variant_id.ljust(width)}  {p.reference}" for p in found.placements),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
