"""`mgl build`: write every variant's artifacts, or check them (`--check`), or build a revision (`--rev`)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from clausekit.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_STALE,
    AddCommand,
    add_variant_option,
    find_variant,
    report_problems,
    sound_family,
)
from clausekit.diagnostics import Diagnostic, SourceError, relabel

if TYPE_CHECKING:
    from clausekit.pipeline import Linted


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command("build", "Validate the sources and write every variant's artifacts.")
    sub.add_argument("--out", type=Path, help="output folder (default: <root>/build)")
    sub.add_argument(
        "--format",
        type=_formats,
        default=None,
        help="comma-separated formats: txt,md,sheet,html,pdf,json,compat (default: all; with --check, the "
        "committed ones plus the typeset editions a previous build made)",
    )
    sub.add_argument(
        "--page-size", choices=("A4", "letter"), default="A4", help="paper size of the PDF edition (default: A4)"
    )
    add_variant_option(sub, "build only these variants, by id or name in any case (default: all)")
    sub.add_argument(
        "--lang",
        type=_formats,
        default=None,
        metavar="LANG[,LANG]",
        help="comma-separated languages to build (default: every language variants.yaml declares)",
    )
    sub.add_argument("--check", action="store_true", help="write nothing; exit 1 if any artifact is stale or missing")
    sub.add_argument(
        "--rev",
        metavar="REV",
        help="build the sources of a git revision or released version into --out (default: a new temporary "
        "folder); the working tree and its build/ are not touched",
    )
    sub.set_defaults(run=run, writes=True)


def _formats(value: str) -> tuple[str, ...]:
    """Split the list; unknown names are reported by the build with the known ones."""
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    if not names:
        raise argparse.ArgumentTypeError(f"no format named in {value!r}")
    return names


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.output.build import build, source_date_epoch
    from clausekit.render.formats import Settings

    if args.rev is not None:
        return _build_revision(args, out, err)
    if args.variant:
        args = argparse.Namespace(**{**vars(args), "variant": _variant_ids(args.root, args.variant, err)})
    settings = Settings(page_size=args.page_size, source_date_epoch=source_date_epoch(args.root))
    verify = None if getattr(args, "history", False) else _release_check(args.root)
    run = partial(
        build,
        args.root,
        args.out,
        args.format,
        args.variant,
        args.check,
        settings=settings,
        verify=verify,
        languages=args.lang,
    )
    if not err.is_terminal:  # plain output: no progress bar, and none of its imports
        result = run(progress=None)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
        ) as bar:
            task = bar.add_task("checking sources", total=None)

            def step(what: str, done: int, total: int) -> None:
                bar.update(task, description=f"rendering {what}", completed=done, total=total)

            result = run(progress=step)
    target = args.out if args.out is not None else args.root / "build"
    for line in result.not_built:  # never filled with the default language's text: left out, and said so
        err.print(line, markup=False)
    if args.check:
        if result.stale:
            for line in result.stale:
                out.print(line, markup=False)
            out.print(f"{len(result.stale)} artifact(s) out of date in {target}; run `mgl build` to regenerate them")
            return EXIT_STALE
        out.print(f"all artifacts in {target} are up to date")
        return EXIT_OK
    removed = f", {len(result.removed)} obsolete removed" if result.removed else ""
    out.print(
        f"built {result.variants} variant(s) into {target}: "
        f"{len(result.written)} written, {len(result.unchanged)} unchanged{removed}"
    )
    return EXIT_OK


def _variant_ids(root: Path, names: Sequence[str], err: Console) -> list[str]:
    """The ids of the variants named, in any spelling other commands take; a broken family file is left to the build."""
    try:
        family = sound_family(root)
    except SourceError:
        return list(names)  # the build reports every problem, these among them
    return [find_variant(family, name, err, "--variant").id for name in names]


def _release_check(root: Path) -> Callable[[Linted], Sequence[Diagnostic]]:
    """The working tree's released edition must still build its recorded texts (editions/check.py)."""
    from clausekit.editions.check import check_release

    return lambda linted: check_release(root, linted)


def _build_revision(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`build --rev`: the revision's sources, read into a temporary folder, built into --out.

    Without --out the result goes to a new temporary folder, never into the working
    tree's build/: that folder belongs to the working tree's sources.
    """
    import tempfile

    from clausekit.sources.versions import checkout, revision_of, source_date_of

    if args.out is not None:
        target = args.out
    else:
        label = re.sub(r"[^A-Za-z0-9.-]+", "-", args.rev).strip("-") or "rev"
        target = Path(tempfile.mkdtemp(prefix=f"mgl-build-{label}-"))
        err.print(f"no --out given: building {args.rev} into {target}", markup=False)
    try:
        revision = revision_of(args.root, args.rev)
        with checkout(args.root, revision) as tree, source_date_of(args.root, revision):
            # History is built as it was: the release check holds the working tree, not old commits.
            built = argparse.Namespace(**{**vars(args), "root": tree.root, "out": target, "rev": None, "history": True})
            try:
                return run(built, out, err)
            except SourceError as problem:  # name the revision's files, not the temporary ones
                raise SourceError(relabel(problem.diagnostics, tree.git_names(args.rev))) from None
    except SourceError as problem:
        report_problems(problem.diagnostics, Path("."), err, writes=True)  # paths are already as the user can use them
        return EXIT_ERROR
