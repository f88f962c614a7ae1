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
from clausekit.sources import schema
from clausekit.sources.files import CLAUSE_DIR, FAMILY_FILE, RELEASES_FILE, TRANSLATIONS_DIR, SourceText, read_source
from clausekit.sources.types import Erratum, Lifecycle, Release
from clausekit.sources.yamlfile import Fields, YamlReader, describe, parse_yaml

VERSIONS_FILE = RELEASES_FILE
_COMMIT = re.compile(r"[0-9a-f]{7,40}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STATES = schema.RELEASED_LIFECYCLE.key("status").choices


def load_versions(root: Path) -> tuple[Release, ...]:
    """The releases listed in `<root>/versions.yaml`, oldest first; none when there is no such file."""
    releases = read_versions(root)
    if releases.value is None:
        raise SourceError(releases.problems)
    return releases.value


def read_versions(root: Path) -> Checked[tuple[Release, ...]]:
    """As `load_versions`, with the problems as diagnostics rather than an exception."""
    if not (root / VERSIONS_FILE).exists():
        return Checked(())
    source = read_source(root, VERSIONS_FILE)
    if source.value is None:
        return Checked(None, source.problems)
    return parse_versions(source.value)


def parse_versions(source: SourceText) -> Checked[tuple[Release, ...]]:
    """versions.yaml read through its schema (sources/schema.py: VERSIONS), every problem with its line."""
    parsed = parse_yaml(source.text, source.file)
    if parsed.value is None:
        return Checked(None, parsed.problems)
    reader = YamlReader(parsed.value)
    top = reader.fields((), schema.VERSIONS, source.file)
    if not top.ok:
        return reader.checked(None)
    releases: list[Release] = []
    for path in top.items("versions"):
        release = _release(reader, path)
        if release is not None and any(r.version == release.version for r in releases):
            reader.error(
                (*path, "version"), f"version {release.version!r} is listed twice", "remove one of the entries"
            )
        elif release is not None:
            releases.append(release)
    return reader.checked(tuple(releases))


def _date(f: Fields, key: str) -> str:
    raw = f.data.get(key)
    if isinstance(raw, datetime.date):  # YAML reads an unquoted 2026-11-21 as a date
        return raw.isoformat()
    value = f.text(key)
    if value is not None and not _DATE.fullmatch(value):
        f.error((*f.path, key), f"`{key}` must be YYYY-MM-DD, found {describe(raw)}", "write e.g. 2026-11-21")
    return value or ""


def _release(reader: YamlReader, path: tuple[str | int, ...]) -> Release | None:
    f = reader.fields(path, schema.RELEASE)
    if not f.ok:
        return None
    raw_version = f.data.get("version")
    version = f.text("version")
    if raw_version is not None and not isinstance(raw_version, str):
        f.error((*path, "version"), '`version` must be text, e.g. "2.0"', "quote the version number")
    date = _date(f, "date")
    revision = f.text("revision")
    if revision is not None and not _COMMIT.fullmatch(revision):
        f.error((*path, "revision"), "`revision` must be a commit id", "write the output of `git rev-parse HEAD`")
    note = f.text("note")
    texts = _digests(reader, f, "texts")
    errata = tuple(_erratum(reader, p) for p in f.items("errata"))
    lifecycle: dict[str, Lifecycle] = {}
    raw = f.data.get("lifecycle")
    if raw is not None and not isinstance(raw, dict):
        f.error(
            (*path, "lifecycle"), f"`lifecycle` must be a mapping, found {describe(raw)}", "write `ID: {status: ...}`"
        )
    for variant_id in raw if isinstance(raw, dict) else ():
        lifecycle[str(variant_id)] = released_lifecycle(reader, (*path, "lifecycle", variant_id))
    if version is None or revision is None or not date:
        return None
    return Release(version, date, revision, note, f.line(), texts, errata, lifecycle)


def _digests(reader: YamlReader, f: Fields, key: str) -> dict[str, str]:
    raw = f.data.get(key)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        f.error(
            (*f.path, key),
            f"`{key}` must map variant ids to sha256 digests, found {describe(raw)}",
            "write `ID: <sha256>` lines",
        )
        return {}
    found: dict[str, str] = {}
    for variant_id, digest in raw.items():
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            reader.error(
                (*f.path, key, variant_id),
                f"the digest of {variant_id} must be 64 lowercase hex digits, found {describe(digest)}",
                "let `mgl release` write it, or use `sha256sum build/<ID>/license.txt`",
            )
        else:
            found[str(variant_id)] = digest
    return found


def _erratum(reader: YamlReader, path: tuple[str | int, ...]) -> Erratum:
    f = reader.fields(path, schema.ERRATUM)
    texts = _digests(reader, f, "texts")
    if f.ok and "texts" not in f.data:
        f.text("texts")  # reports the missing key
    elif f.ok and not texts and isinstance(f.data.get("texts"), dict):
        f.error((*path, "texts"), "an erratum must correct at least one text", "add `ID: <sha256>` lines")
    return Erratum(_date(f, "date"), f.text("note") or "", texts, f.line())


def released_lifecycle(reader: YamlReader, path: tuple[str | int, ...]) -> Lifecycle:
    """A `lifecycle:` entry of a release: a status, and maybe a successor and a reason."""
    f = reader.fields(path, schema.RELEASED_LIFECYCLE, f"the lifecycle of {path[-1]}")
    status = f.text("status") or "active"
    if status not in STATES:
        f.error((*path, "status"), f"unknown status {status!r}", f"use one of: {', '.join(STATES)}")
    return Lifecycle(status, f.text("successor"), f.text("reason"), f.line())


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
    paths = [FAMILY_FILE, CLAUSE_DIR]
    if _git(Path(top.strip()), "cat-file", "-e", f"{commit}:{prefix}{TRANSLATIONS_DIR}").returncode == 0:
        paths.append(TRANSLATIONS_DIR)  # a revision with translations: their family strings too
    archive = _git(Path(top.strip()), "archive", "--format=tar", f"{commit}:{prefix}", *paths)
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
        # The record of releases is the working tree's: a revision's own copy cannot list the
        # revision itself, so without this a released edition rebuilt from git would read as a draft.
        record = root / VERSIONS_FILE
        if record.is_file() and not record.is_symlink():
            (Path(folder) / VERSIONS_FILE).write_bytes(record.read_bytes())
        yield Checkout(Path(folder), revision, prefix)


def revision_time(root: Path, revision: str) -> int | None:
    """The commit time of a revision, in seconds since 1970; None when git cannot say."""
    found = _git(root, "log", "-1", "--format=%ct", revision)
    stamp = found.stdout.decode().strip()
    return int(stamp) if found.returncode == 0 and stamp.isdigit() else None


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


def uncommitted_sources(root: Path) -> tuple[str, ...] | None:
    """The source files with changes git has not committed (status lines); None outside a git repository."""
    found = _git(
        root, "status", "--porcelain", "--untracked-files=all", "--", FAMILY_FILE, CLAUSE_DIR, TRANSLATIONS_DIR
    )
    if found.returncode != 0:
        return None
    return tuple(line for line in found.stdout.decode().splitlines() if line.strip())
