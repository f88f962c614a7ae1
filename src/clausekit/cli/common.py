"""What several commands share: exit codes, how problems are printed, finding a family and a variant.

The exit codes are documented in main.py, which maps exceptions to them; they live
here because commands return them too.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from clausekit.diagnostics import Diagnostic, SourceError, relabel
from clausekit.pipeline import require
from clausekit.sources.files import CLAUSE_DIR, FAMILY_FILE
from clausekit.sources.library import load_library

if TYPE_CHECKING:
    from clausekit.sources.types import Family, Variant

EXIT_OK, EXIT_STALE, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_DIFFERENT = 1  # `mgl diff --exit-code` found differences, like `git diff --exit-code`
EXIT_INTERNAL, EXIT_OUTPUT = 70, 74  # sysexits.h: EX_SOFTWARE, EX_IOERR

AddCommand = Callable[[str, str], argparse.ArgumentParser]  # (name, help) -> a subcommand's parser, with --root


def add_variant_option(sub: argparse.ArgumentParser, help: str, *, several: bool = True) -> None:
    """`--variant ID ...`, as every command that narrows to some variants takes it.

    `several=False` takes one id per flag (repeatable): for a command with positional
    arguments after it (`mgl diff --variant ID OLD`), which a list would swallow.
    """
    if several:
        sub.add_argument("--variant", action="extend", nargs="+", default=[], metavar="ID", help=help)
    else:
        sub.add_argument("--variant", action="append", default=[], metavar="ID", help=f"{help}; repeat for several")


def sound_family(root: Path) -> Family:
    """A family file that loads and passes its own checks; clauses may still be broken."""
    from clausekit.checks.family import check_family

    library = require(load_library(root))
    problems = check_family(library.family)
    if problems:
        raise SourceError(problems)
    return library.family


def find_variant(family: Family, name: str, err: Console, option: str | None = None) -> Variant:
    """The variant a command line names, in any spelling; says which one it took unless named by its id."""
    from clausekit.document.where import find_variant as find

    variant = require(find(family, name, option))
    if variant.id != name:
        announce(name, variant.id, err)
    return variant


def announce(name: str, taken: str, err: Console) -> None:
    """Tell the reader which variant a loose spelling was taken as, so a surprise shows at once."""
    err.print(f"{name}: taken as {taken}", markup=False)


def report_problems(diagnostics: Sequence[Diagnostic], root: Path, err: Console, *, writes: bool) -> None:
    """Print every problem; only a command that writes says that it wrote nothing (a reader would wonder why)."""
    for shown in relabel(diagnostics, lambda file: display(root, file)):
        for line in shown.format().splitlines():
            err.print(
                escape(line)
                .replace(": error:", ": [bold red]error:[/]", 1)
                .replace(": warning:", ": [bold red]warning:[/]", 1)
            )
    ending = "; nothing was written." if writes else "."
    err.print(f"{len(diagnostics)} problem(s) found{ending}", markup=False)


def report_warnings(diagnostics: Sequence[Diagnostic], root: Path, err: Console) -> None:
    """Print warnings: problems that do not stop a build (`mgl lint --strict` fails on them)."""
    for shown in relabel(diagnostics, lambda file: display(root, file)):
        for line in shown.format().splitlines():
            err.print(escape(line).replace(": warning:", ": [bold yellow]warning:[/]", 1))


def find_root(start: Path) -> Path:
    """The nearest folder, from `start` upwards, holding both variants.yaml and clauses/, as git finds .git.

    So `mgl` works from inside `clauses/` or any subfolder; with no such folder it stays
    `start`, whose loader then says what is missing.
    """
    here = start.absolute()
    for folder in (here, *here.parents):
        if (folder / FAMILY_FILE).is_file() and (folder / CLAUSE_DIR).is_dir():
            return start if folder == here else folder
    return start


def display(root: Path, file: str) -> str:
    """Paths relative to where the user stands (absolute when outside it), for editors to jump to."""
    path = root / file
    relative = os.path.relpath(path)
    return str(path.absolute()) if relative.startswith("..") else relative
