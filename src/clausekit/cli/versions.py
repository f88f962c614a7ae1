"""`mgl versions`: the released versions recorded in versions.yaml."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console

from clausekit.cli.common import EXIT_OK, AddCommand


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command("versions", "List the released versions recorded in versions.yaml.")
    sub.add_argument("--json", action="store_true", help="print JSON instead of lines")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.sources.library import load_library
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
                "texts": dict(s.release.texts),
                "errata": [{"date": e.date, "note": e.note, "variants": sorted(e.texts)} for e in s.release.errata],
                "lifecycle": {
                    variant_id: {"status": c.status, "successor": c.successor, "reason": c.reason}
                    for variant_id, c in s.release.lifecycle.items()
                },
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
        for erratum in s.release.errata:
            out.print(f"  erratum {erratum.date}: {erratum.note} ({', '.join(sorted(erratum.texts))})", markup=False)
    family = load_library(args.root).value
    if family is not None and family.family.release is None:
        out.print(f"{family.family.version}  draft, not released", markup=False)
    return EXIT_OK
