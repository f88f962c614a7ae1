"""`mgl compat`: the remix compatibility matrix, or one pair's verdict explained."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console

from clausekit.cli.common import EXIT_OK, AddCommand, find_variant, sound_family
from clausekit.diagnostics import Diagnostic, SourceError


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command("compat", "Remix compatibility: the whole matrix, or one pair explained.")
    sub.add_argument("pair", nargs="*", metavar="ID", help="two variant ids or names to explain one verdict")
    sub.add_argument("--json", action="store_true", help="print JSON instead of a table or sentence")
    sub.add_argument(
        "--wide", action="store_true", help="name the resulting license in every cell, however narrow the terminal"
    )
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    from rich import box
    from rich.table import Table

    from clausekit.document.compat import MARKS, legend, matrix, verdict
    from clausekit.document.where import name_prefix, short_names
    from clausekit.render.compat import render_compat_json, verdict_data

    family = sound_family(args.root)
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
        found = verdict(family, find_variant(family, args.pair[0], err), find_variant(family, args.pair[1], err))
        if args.json:
            sys.stdout.write(json.dumps(verdict_data(found), indent=2, ensure_ascii=False) + "\n")
        else:
            out.print(f"{found.mark} {found.explanation}", markup=False)
        return EXIT_OK
    if args.json:
        sys.stdout.write(render_compat_json(family))
        return EXIT_OK
    cells = {(v.first, v.second): v for v in matrix(family)}
    short = short_names(family)
    label_width = max(map(len, short.values()))
    # Three layouts: result names in the cells; marks under name headers; marks under numbers.
    # Numbers only ever fit a narrow terminal: piped output (a file, a pull request) is
    # read without a legend at hand, so it is never numbered and never cropped.
    with_results = args.wide or (out.is_terminal and out.width >= 14 * (len(family.variants) + 1))
    numbered = (
        out.is_terminal
        and not args.wide
        and out.width < label_width + 4 + sum(max(len(name), 2) + 3 for name in short.values())
    )
    if not out.is_terminal:
        column = max(map(len, short.values())) + 5
        out = Console(file=sys.stdout, highlight=False, soft_wrap=True, width=(label_width + 4) + len(short) * column)
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
    for kind, meaning in legend(family.labels).items():
        out.print(f"{MARKS[kind]} {meaning}", markup=False)
    if not with_results:
        out.print("(add --wide to see the resulting licenses, or run `mgl compat A B`)", markup=False)
    out.print(
        f"Labels are variant names without {name_prefix(family)!r}. {family.vocabulary.remix_note}",
        markup=False,
    )
    return EXIT_OK
