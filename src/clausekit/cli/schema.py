"""`mgl schema`: write the JSON Schema of variants.yaml, or refresh the README's key tables."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console

from clausekit.cli.common import EXIT_OK, AddCommand
from clausekit.diagnostics import Diagnostic, SourceError

SCHEMA_FILE = "schemas/variants.schema.json"
VERSIONS_SCHEMA_FILE = "schemas/versions.schema.json"
TRANSLATIONS_SCHEMA_FILE = "schemas/translations.schema.json"


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command(
        "schema", "Write the JSON Schemas of variants.yaml and versions.yaml, or refresh the README's key tables."
    )
    sub.add_argument(
        "--output",
        type=Path,
        help=f"write only the schema of variants.yaml, to this file (default: <root>/{SCHEMA_FILE} and "
        f"<root>/{VERSIONS_SCHEMA_FILE} and <root>/{TRANSLATIONS_SCHEMA_FILE})",
    )
    sub.add_argument("--readme", action="store_true", help="regenerate the key tables in <root>/README.md instead")
    sub.set_defaults(run=run, writes=True)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.sources.schema import (
        readme_with_tables,
        translations_json_schema,
        variants_json_schema,
        versions_json_schema,
    )

    if args.readme:
        readme = args.root / "README.md"
        try:
            text = readme_with_tables(readme.read_text(encoding="utf-8"))
        except ValueError as problem:
            raise SourceError(
                [Diagnostic("README.md", None, str(problem), "add the marker comments where the table belongs")]
            ) from None
        readme.write_text(text, encoding="utf-8")
        out.print(f"refreshed the key tables in {readme}", markup=False)
        return EXIT_OK
    targets = (
        {args.output: variants_json_schema()}
        if args.output is not None
        else {
            args.root / SCHEMA_FILE: variants_json_schema(),
            args.root / VERSIONS_SCHEMA_FILE: versions_json_schema(),
            args.root / TRANSLATIONS_SCHEMA_FILE: translations_json_schema(),
        }
    )
    for target, schema in targets.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        out.print(f"wrote {target}", markup=False)
    return EXIT_OK
