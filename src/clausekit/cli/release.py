"""`mgl release`: record the current edition as released, or record an erratum of it, in versions.yaml."""

from __future__ import annotations

import argparse
import datetime
import os
import re
import tempfile
from pathlib import Path

from rich.console import Console

from clausekit.cli.common import EXIT_OK, AddCommand
from clausekit.diagnostics import Diagnostic, SourceError


def add(command: AddCommand) -> None:
    """Declare the command and its arguments; parsing it sets `args.run` to `run`."""
    sub = command(
        "release",
        "Record the current family.version as released in versions.yaml, or (--erratum) a typo-level correction.",
    )
    sub.add_argument("version", nargs="?", help="the version to release: must be family.version in variants.yaml")
    sub.add_argument("--date", help="the release (or erratum) date, YYYY-MM-DD (default: today)")
    sub.add_argument("--note", help="one line about the release")
    sub.add_argument(
        "--erratum",
        metavar="NOTE",
        help="record the changed texts of the released current version as an erratum, with this note",
    )
    sub.set_defaults(run=run, writes=True)


def _refuse(message: str, fix: str, file: str = "variants.yaml", line: int | None = None) -> SourceError:
    return SourceError([Diagnostic(file, line, message, fix)])


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    from clausekit.editions.check import changed_texts, check_release, text_digest
    from clausekit.editions.record import header_of, render_versions, with_erratum
    from clausekit.pipeline import lint_root, require
    from clausekit.sources.types import Erratum, Release
    from clausekit.sources.versions import VERSIONS_FILE, resolve_revision, uncommitted_sources

    root: Path = args.root
    date = args.date or datetime.date.today().isoformat()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise _refuse(f"--date {date!r} is not YYYY-MM-DD", "write e.g. --date 2026-11-21", "--date")
    linted = require(lint_root(root))
    family = linted.library.family
    if args.version is not None and args.version != family.version:
        raise _refuse(
            f"{args.version} is not the version the sources hold ({family.version})",
            f"set `family.version` to {args.version!r} in variants.yaml and commit, or release {family.version}",
            line=None,
        )
    releases = family.releases
    record = root / VERSIONS_FILE
    header = header_of(record.read_text(encoding="utf-8")) if record.is_file() else ""
    if args.erratum is not None:
        release = family.release
        if release is None:
            raise _refuse(
                f"version {family.version} is a draft: there is no released text to correct",
                "edit the draft freely; an erratum corrects a released version",
            )
        if args.note is not None:
            raise _refuse("--note is for a release; an erratum's note is --erratum NOTE", "drop --note", "--note")
        changed = changed_texts(release, linted.documents)
        new = sorted(v for v in changed if v not in release.texts)
        if new:
            raise _refuse(
                f"{', '.join(new)} was not released as version {release.version}: an erratum cannot add a variant",
                "add the variant in the next edition (a draft)",
            )
        if not changed:
            raise _refuse(
                f"every text of version {release.version} is as recorded: there is nothing to correct",
                "edit the clause with the typo first",
                VERSIONS_FILE,
                release.line,
            )
        if not args.erratum.strip():
            raise _refuse("the erratum's note is empty", 'say what was corrected: --erratum "..."', "--erratum")
        updated = with_erratum(releases, release.version, Erratum(date, args.erratum.strip(), changed, 0))
        _write(record, render_versions(header, updated))
        out.print(
            f"recorded an erratum of version {release.version} for {', '.join(sorted(changed))} in {record}; "
            "rebuild with `mgl build` and commit the clauses, versions.yaml and build/ together",
            markup=False,
        )
        return EXIT_OK
    if args.version is None:
        raise _refuse(
            "name the version to release", f"run `mgl release {family.version}` (family.version)", "mgl release"
        )
    if family.release is not None:
        raise _refuse(
            f"version {family.version} is already listed in versions.yaml",
            "start the next version: set `family.version` in variants.yaml to one versions.yaml does not list",
            VERSIONS_FILE,
            family.release.line,
        )
    dirty = uncommitted_sources(root)
    head = resolve_revision(root, "HEAD")
    if dirty is None or head is None:
        raise _refuse(
            f"{root} is not in a git repository with a commit: a release records the commit that holds it",
            "commit the sources with git, then release",
            ".",
        )
    if dirty:
        raise _refuse(
            f"the sources have uncommitted changes ({'; '.join(d.strip() for d in dirty[:5])})",
            "commit (or undo) them first: the release records HEAD, which must hold exactly these sources",
            dirty[0][3:].strip(),
        )
    problems = check_release(root, linted)
    if problems:
        raise SourceError(problems)
    texts = {d.variant_id: text_digest(d) for d in linted.documents}
    entry = Release(family.version, date, head, args.note, 0, texts)
    _write(record, render_versions(header, (*releases, entry)))
    out.print(
        f"recorded version {family.version} (commit {head[:12]}, {len(texts)} texts) in {record}; "
        "rebuild with `mgl build` (the draft line leaves every text) and commit versions.yaml and build/",
        markup=False,
    )
    return EXIT_OK


def _write(path: Path, text: str) -> None:
    """Replace the file whole or not at all."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".versions-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
