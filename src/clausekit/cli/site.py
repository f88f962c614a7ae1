"""`mgl site` and `mgl serve`: build the documentation site, or preview it with live reload."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from clausekit.cli.common import EXIT_OK, AddCommand


def add(command: AddCommand) -> None:
    """Declare `site` (runs `run`) and `serve` (runs `serve`) with their arguments."""
    artifacts_help = "the build's output folder, brought up to date first (default: <root>/build)"
    sub = command("site", "Build the documentation site: every variant, compare, remixing, chooser, versions.")
    sub.add_argument("--out", type=Path, help="output folder (default: <root>/build/site)")
    sub.add_argument("--artifacts", type=Path, metavar="DIR", help=artifacts_help)
    sub.set_defaults(run=run, writes=True)
    sub = command("serve", "Preview the site, rebuilt and reloaded whenever the sources or site/ change.")
    sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    sub.add_argument("--port", type=_port, default=8000, help="port to listen on, 1 to 65535 (default: 8000)")
    sub.add_argument("--artifacts", type=Path, metavar="DIR", help=artifacts_help)
    sub.set_defaults(run=serve, writes=True)


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port: use a whole number from 1 to 65535")
    return int(value)


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.site import build_site

    target = args.out if args.out is not None else args.root / "build" / "site"
    generated = build_site(args.root, args.out, args.artifacts)
    out.print(f"built the site into {target}: {generated.pages} pages, {generated.downloads} downloads", markup=False)
    return EXIT_OK


def serve(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.site import serve_site

    out.print(f"serving the site at http://{args.host}:{args.port}/ (Ctrl+C stops)", markup=False)
    serve_site(args.root, args.host, args.port, args.artifacts)
    return EXIT_OK
