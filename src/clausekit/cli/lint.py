"""`mgl lint`: validate the sources, the released texts and the hand-written site against the family."""

from __future__ import annotations

import argparse

from rich.console import Console

from clausekit.checks.site import check_site
from clausekit.checks.translations import WARNING
from clausekit.cli.common import EXIT_OK, AddCommand, report_warnings
from clausekit.diagnostics import SourceError
from clausekit.editions.check import check_release
from clausekit.pipeline import lint_root, require
from clausekit.sources.sitefiles import load_site_files


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command("lint", "Validate the sources and report every problem with its file and line.")
    sub.add_argument(
        "--strict", action="store_true", help="fail (exit 2) on warnings too, such as a stale or incomplete translation"
    )
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    linted = require(lint_root(args.root))
    library = linted.library
    released = check_release(args.root, linted)  # a released edition still builds its recorded texts
    if released:
        raise SourceError(released)
    site = require(load_site_files(args.root))  # the hand-written site must still agree with the family
    checked = check_site(library.family, site)
    site_problems = [p for p in checked if p.severity != WARNING]
    if site_problems:
        raise SourceError(site_problems)
    warnings = [*linted.warnings, *(p for p in checked if p.severity == WARNING)]
    if warnings:
        if args.strict:
            raise SourceError(warnings)
        report_warnings(warnings, args.root, err)
    warned = f", {len(warnings)} warning(s)" if warnings else ", no problems"
    out.print(f"ok: {len(library.fragments)} clauses, {len(library.family.variants)} variants{warned}")
    return EXIT_OK
