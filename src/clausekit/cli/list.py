"""`mgl list`: the variants with their status (active, deprecated, superseded), options and declared facts."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from rich.console import Console

from clausekit.cli.common import EXIT_OK, AddCommand, sound_family

if TYPE_CHECKING:
    from clausekit.sources.types import FactValue, Family, Variant


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command("list", "List the variants with their options and declared facts.")
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    family = sound_family(args.root)  # listing needs a sound family file, not a clean corpus
    fact_names = [f.name for f in family.facts]
    if args.json:
        rows = [
            {
                "id": v.id,
                "title": v.title,
                "options": _options(family, v),
                "facts": dict(v.facts),
                "status": family.lifecycle_of(v).status,
                "successor": family.lifecycle_of(v).successor,
                "reason": family.lifecycle_of(v).reason,
            }
            for v in family.variants
        ]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    header = ["id", "status", "options", *fact_names]
    cells = [
        [v.id, _status(family, v), " ".join(_options(family, v)) or "-", *(_show(v.facts[n]) for n in fact_names)]
        for v in family.variants
    ]
    if not out.is_terminal:
        widths = [max(len(row[i]) for row in [header, *cells]) for i in range(len(header))]
        for row in [header, *cells]:
            sys.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() + "\n")
        return EXIT_OK
    from rich.table import Table

    table = Table(*header, title=f"{family.name} {family.version} ({family.status})")
    for row in cells:
        table.add_row(*row)
    out.print(table)
    return EXIT_OK


def _status(family: Family, variant: Variant) -> str:
    """E.g. `active`, or `superseded by MG-BY-SA-2.1`."""
    lifecycle = family.lifecycle_of(variant)
    return f"{lifecycle.status} by {lifecycle.successor}" if lifecycle.successor else lifecycle.status


def _options(family: Family, variant: Variant) -> list[str]:
    return [code for code in family.option_codes() if variant.has(code)]


def _show(value: FactValue) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
