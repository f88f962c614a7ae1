"""`mgl`: thin command-line wrappers over the library API.

Each command is a module of this package (build.py, lint.py, ...) with its
arguments (`add`) and a thin `run`; this module assembles the parser and turns
what a command raises into a message and an exit code. Commands import what only
they need when they run: a no-op build must start fast (its budget is 1.5 times
the package's import time).

Exit codes: 0 success; 1 `build --check` found stale or missing artifacts;
2 the sources or the command line are wrong (every problem is listed, with file
and line, and nothing is written); 130 interrupted.
"""

from __future__ import annotations

import argparse
import errno
import os
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from clausekit.cli import (
    build,
    compat,
    diff,
    import_,
    lint,
    release,
    schema,
    sheet,
    site,
    translations,
    versions,
    where,
)
from clausekit.cli import list as list_command  # as `list` it would hide the builtin
from clausekit.cli.common import EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OUTPUT, find_root, report_problems
from clausekit.diagnostics import SourceError
from clausekit.output.transaction import OutputError
from clausekit.version import __version__

COMMANDS = (
    build,
    lint,
    sheet,
    where,
    compat,
    list_command,
    diff,
    versions,
    release,
    translations,
    site,
    schema,
    import_,
)  # in `mgl --help` order

OS_HINTS = {
    errno.ENOENT: "check that the path exists",
    errno.EACCES: "check the permissions of the file and its folder",
    errno.EPERM: "check the permissions of the file and its folder",
    errno.ENOSPC: "free some disk space",
    errno.EROFS: "the file system is read-only: choose another folder",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.root is None:
        args.root = find_root(Path("."))
    out = Console(highlight=False, soft_wrap=True, emoji=False)
    err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
    try:
        return int(args.run(args, out, err))
    except SourceError as problem:
        report_problems(problem.diagnostics, args.root, err, writes=getattr(args, "writes", False))
        return EXIT_ERROR
    except OutputError as problem:
        err.print(f"[bold red]error:[/] {escape(problem.message)}")
        err.print(f"    fix: {escape(problem.hint)}", markup=False)
        return EXIT_OUTPUT
    except OSError as problem:
        where = f"{problem.filename}: " if problem.filename else ""
        err.print(f"[bold red]error:[/] {escape(where + (problem.strerror or str(problem)))}")
        err.print(f"    fix: {OS_HINTS.get(problem.errno or 0, 'check the path and its permissions')}", markup=False)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        err.print("interrupted; the output is as it was before, or as the build committed it", markup=False)
        return EXIT_INTERRUPTED
    except Exception as problem:  # the last resort: a bug of ours, never a bare traceback
        err.print(f"[bold red]internal error:[/] {escape(type(problem).__name__)}: {escape(str(problem))}")
        err.print(
            "    this is a bug in mgl, not in your sources: please report it with the command you ran. "
            "Set MGL_DEBUG=1 to see the traceback.",
            markup=False,
        )
        if os.environ.get("MGL_DEBUG"):
            raise
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mgl", description="Build license texts from clause fragments and a family file."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument(
            "--root",
            type=Path,
            default=None,
            help="folder holding clauses/ and variants.yaml (default: the nearest one from the current folder up)",
        )
        return sub

    for module in COMMANDS:
        module.add(command)
    return parser


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
