"""`mgl translations`: how far each language is; `export` and `import` through gettext PO files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from clausekit.cli.common import EXIT_OK, AddCommand
from clausekit.diagnostics import Diagnostic, SourceError


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command(
        "translations",
        "Show each language's clauses translated, stale and missing; export or import gettext PO files.",
    )
    sub.add_argument(
        "action", nargs="?", choices=("export", "import"), help="export a language to PO, or import a PO file"
    )
    sub.add_argument("file", nargs="?", type=Path, help="the PO file to import")
    sub.add_argument("--lang", help="the language to export")
    sub.add_argument("-o", "--output", type=Path, help="the PO file to write (default: standard output)")
    sub.add_argument("--json", action="store_true", help="print the status as JSON")
    sub.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.pipeline import lint_root, require

    linted = require(lint_root(args.root))
    if args.action == "export":
        return _export(args, linted.library, out)
    if args.action == "import":
        args.writes = True
        return _import(args, linted.library, out)
    return _status(args, linted, out)


def _status(args: argparse.Namespace, linted: Any, out: Console) -> int:
    from clausekit.checks.translations import translation_status

    statuses = translation_status(linted.library, linted.documents)
    family = linted.library.family
    built = {found.language: [d.variant_id for d in found.documents] for found in linted.languages}
    if args.json:
        data = {
            "default": family.default_language,
            "languages": [
                {
                    "language": s.language,
                    "clauses": len(s.used),
                    "translated": s.translated,
                    "current": s.current,
                    "stale": len(s.stale),
                    "missing": len(s.missing),
                    "percent": s.percent,
                    "stale_files": list(s.stale),
                    "missing_files": list(s.missing),
                    "missing_strings": list(s.missing_strings),
                    "variants_built": built.get(s.language, []),
                }
                for s in statuses
            ],
        }
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    if not statuses:
        out.print(f"only {family.default_language}: list other languages under `languages:` in variants.yaml")
    for s in statuses:
        out.print(
            f"{s.language}: {s.percent}% current: {s.current} of {len(s.used)} clauses current, "
            f"{len(s.stale)} stale, {len(s.missing)} missing; {len(s.missing_strings)} family string(s) missing; "
            f"{len(built.get(s.language, []))} of {len(family.variants)} variants built",
            markup=False,
        )
        for file in s.stale:
            out.print(f"  stale:   {file}", markup=False)
        for file in s.missing:
            out.print(f"  missing: {file}", markup=False)
        for path in s.missing_strings:
            out.print(f"  missing string: {path}", markup=False)
    return EXIT_OK


def _export(args: argparse.Namespace, library: Any, out: Console) -> int:
    from clausekit.checks.translations import REQUIRED_LABELS
    from clausekit.output.translations import export_po

    others = library.family.languages[1:]
    if args.lang not in others:
        raise SourceError(
            [
                Diagnostic(
                    "--lang",
                    None,
                    f"{args.lang!r} is not a translated language of the family"
                    if args.lang
                    else "name the language to export",
                    f"use --lang with one of: {', '.join(others) or '(none: declare one under `languages:`)'}",
                )
            ]
        )
    text = export_po(library, args.lang, REQUIRED_LABELS)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        out.print(f"wrote {args.output}", markup=False)
    return EXIT_OK


def _import(args: argparse.Namespace, library: Any, out: Console) -> int:
    from clausekit.checks.translations import REQUIRED_LABELS
    from clausekit.output.transaction import exclusive
    from clausekit.output.translations import import_po
    from clausekit.sources.files import read_text_file

    if args.file is None:
        raise SourceError([Diagnostic("-", None, "name the PO file to import", "mgl translations import FILE.po")])
    shown = str(args.file)
    text = read_text_file(args.file, shown)
    if text.value is None:
        raise SourceError(text.problems)
    with exclusive(args.root):
        done = import_po(args.root, library, text.value, shown, REQUIRED_LABELS)
    if done.value is None:
        raise SourceError(done.problems)
    changed = done.value.written
    out.print(
        f"imported {shown}: {len(changed)} file(s) written" + (f" ({', '.join(changed)})" if changed else ""),
        markup=False,
    )
    return EXIT_OK
