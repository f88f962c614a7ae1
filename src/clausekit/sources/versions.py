"""Released versions, and the sources of any git revision without touching the working tree.

`versions.yaml` (next to variants.yaml) lists every release with its date and the
commit that holds it, so a clone without tags still knows them; tags may mirror
it. A revision's `variants.yaml` and `clauses/` are read with `git archive` into a
temporary folder, which the ordinary loaders then read like any other source root.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from clausekit.diagnostics import Checked, Diagnostic, SourceError
from clausekit.sources.files import CLAUSE_DIR, FAMILY_FILE, SourceText, read_source
from clausekit.sources.yamlfile import describe, parse_yaml

VERSIONS_FILE = "versions.yaml"
_KEYS = ("version", "date", "revision", "note")
_COMMIT = re.compile(r"[0-9a-f]{7,40}")


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # YYYY-MM-DD
    revision: str  # a commit id
    note: str | None
    line: int


def load_versions(root: Path) -> tuple[Release, ...]:
    """The releases listed in `<root>/versions.yaml`, oldest first; none when there is no such file."""
    if not (root / VERSIONS_FILE).exists():
        return ()
    source = read_source(root, VERSIONS_FILE)
    if source.value is None:
        raise SourceError(source.problems)
    releases = parse_versions(source.value)
    if releases.value is None:
        raise SourceError(releases.problems)
    return releases.value


def parse_versions(source: SourceText) -> Checked[tuple[Release, ...]]:
    parsed = parse_yaml(source.text, source.file)
    if parsed.value is None:
        return Checked(None, parsed.problems)
    doc = parsed.value
    problems: list[Diagnostic] = []

    def problem(path: tuple[str | int, ...], message: str, hint: str) -> None:
        problems.append(Diagnostic(source.file, doc.line(path), message, hint))

    entries = doc.value.get("versions") if isinstance(doc.value, dict) else None
    if not isinstance(doc.value, dict) or set(doc.value) - {"versions"} or not isinstance(entries, list):
        problem(
            (), "expected one key, `versions`, holding a list of releases", "see the comment at the top of the file"
        )
        return Checked(None, tuple(problems))
    releases: list[Release] = []
    for index, entry in enumerate(entries):
        path: tuple[str | int, ...] = ("versions", index)
        if not isinstance(entry, dict):
            problem(path, f"a release must be a mapping, found {describe(entry)}", "write version, date and revision")
            continue
        for key in entry:
            if key not in _KEYS:
                problem((*path, str(key)), f"unknown key {key!r}", f"use only: {', '.join(_KEYS)}")
        version, date, revision, note = (entry.get(k) for k in _KEYS)
        if isinstance(date, datetime.date):
            date = date.isoformat()
        if not isinstance(version, str) or not version:
            problem((*path, "version"), '`version` must be text, e.g. "2.0"', "quote the version number")
        if not isinstance(date, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            problem((*path, "date"), f"`date` must be YYYY-MM-DD, found {describe(date)}", "write e.g. 2026-11-21")
        if not isinstance(revision, str) or not _COMMIT.fullmatch(revision):
            problem((*path, "revision"), "`revision` must be a commit id", "write the output of `git rev-parse HEAD`")
        if note is not None and not isinstance(note, str):
            problem((*path, "note"), "`note` must be text", "quote the note")
        if isinstance(version, str) and any(r.version == version for r in releases):
            problem((*path, "version"), f"version {version!r} is listed twice", "remove one of the entries")
        if isinstance(version, str) and isinstance(date, str) and isinstance(revision, str):
            releases.append(Release(version, date, revision, note, doc.line(path)))
    return Checked(None if problems else tuple(releases), tuple(problems))


# --- git ------------------------------------------------------------------------------------


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:  # git is not installed: behave as outside a repository
        return subprocess.CompletedProcess(args, 127, b"", b"git: command not found")


def resolve_revision(root: Path, revision: str) -> str | None:
    """The full commit id a revision names in the repository holding `root`, or None."""
    if revision.startswith("-"):
        return None  # never let a revision be read as an option
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    return found.stdout.decode().strip() if found.returncode == 0 else None


def commit_exists(root: Path, commit: str) -> bool:
    return resolve_revision(root, commit) is not None


@dataclass(frozen=True)
class Checkout:
    """Where a revision's sources were materialised, and how to name its files in messages."""

    root: Path
    revision: str
    prefix: str  # the source root's path inside the repository, "" or ending in "/"

    def git_names(self, name: str | None = None) -> Callable[[str], str]:
        """How git names a file of this checkout, `REV:path/in/repository` (REV as the user wrote it)."""
        revision = name or self.revision
        return lambda file: f"{revision}:{self.prefix}{file}"


@contextmanager
def checkout(root: Path, revision: str) -> Iterator[Checkout]:
    """The revision's variants.yaml and clauses/ in a temporary folder, removed afterwards.

    Raises SourceError when the revision is unknown or lacks the sources. Nothing in
    the working tree or the index is touched.
    """
    commit = resolve_revision(root, revision)
    if commit is None:
        raise SourceError([unknown_revision(root, revision)])
    top, _, prefix = _git(root, "rev-parse", "--show-toplevel", "--show-prefix").stdout.decode().partition("\n")
    prefix = prefix.strip()
    archive = _git(Path(top.strip()), "archive", "--format=tar", f"{commit}:{prefix}", FAMILY_FILE, CLAUSE_DIR)
    if archive.returncode != 0:
        raise SourceError(
            [
                Diagnostic(
                    f"{revision}:{prefix}",
                    None,
                    f"revision {revision} has no {FAMILY_FILE} and {CLAUSE_DIR}/ here",
                    f"name a revision that holds the clause library, or point --root at the folder that holds it "
                    f"({archive.stderr.decode().strip().splitlines()[-1] if archive.stderr else 'git archive failed'})",
                )
            ]
        )
    with tempfile.TemporaryDirectory(prefix="clausekit-rev-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            links = [m.name for m in tar.getmembers() if m.issym() or m.islnk()]
            if links:
                raise SourceError(
                    [
                        Diagnostic(
                            f"{revision}:{prefix}{links[0]}",
                            None,
                            "refusing a link in the committed sources: it could point anywhere on this machine",
                            "commit the file itself instead of a link to it",
                        )
                    ]
                )
            tar.extractall(folder, filter="data")
        yield Checkout(Path(folder), revision, prefix)


@contextmanager
def source_date_of(root: Path, revision: str) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set, while the block runs, to when `revision` last changed the sources.

    A build dates its typeset editions from the git history of the folder it reads;
    the temporary folder of a revision has none, so without this a rebuilt release
    would carry no date. An explicit SOURCE_DATE_EPOCH is left as it is.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
    found = _git(
        root, "log", "-1", "--format=%ct", revision, "--", f":/{prefix}{FAMILY_FILE}", f":/{prefix}{CLAUSE_DIR}"
    )
    stamp = found.stdout.decode().strip()
    if found.returncode != 0 or not stamp.isdigit():
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = stamp
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def unknown_revision(root: Path, revision: str) -> Diagnostic:
    """Says that `revision` is unknown, where it was looked for, and how to name one that exists."""
    return Diagnostic(
        revision,
        None,
        f"not a revision of {repository_of(root)}",
        "give a tag, branch or commit (see `git log --oneline`), or use --root to choose the repository",
    )


def repository_of(root: Path) -> str:
    """The repository holding `root`, as a message names it."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        return f"{root.resolve()}, which is in no git repository"
    return f"the git repository at {top.stdout.decode().strip()}"


@dataclass(frozen=True)
class ReleaseStatus:
    """A release as a versions page shows it: which one is current, what came before it."""

    release: Release
    available: bool  # this clone has the commit
    previous: str | None  # the version before it, to diff from
    superseded_by: str | None  # the current version, for every release but the last


def release_statuses(root: Path, releases: Sequence[Release]) -> tuple[ReleaseStatus, ...]:
    current = releases[-1].version if releases else None
    return tuple(
        ReleaseStatus(
            release,
            commit_exists(root, release.revision),
            releases[index - 1].version if index else None,
            current if release.version != current else None,
        )
        for index, release in enumerate(releases)
    )


def revision_of(root: Path, name: str) -> str:
    """A git revision for `name`: itself when git knows it, else the revision of a listed version."""
    if resolve_revision(root, name) is not None:
        return name
    release = next((r for r in load_versions(root) if r.version == name), None)
    return release.revision if release is not None else name
