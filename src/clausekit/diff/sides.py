"""The two sides of a diff: what OLD and NEW name, and loading them.

A side is tried, in this order, as
1. a folder holding variants.yaml (a clause library);
2. a file (a plain-text or Markdown license: both sides must then be files);
3. a git revision of the repository at --root (tag, branch, commit, HEAD~1);
4. a version listed in versions.yaml (its revision);
and an omitted NEW is the working tree at --root. Anything else is a SourceError
that says what was tried. Each side is linted once, and two sides naming the same
commit or folder share one lint.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from clausekit.diagnostics import Diagnostic, SourceError, relabel
from clausekit.diff.translations import TranslationFiles
from clausekit.pipeline import Linted, lint_root
from clausekit.sources.files import FAMILY_FILE, MAX_SOURCE_BYTES, read_text_file, strings_files, translation_files
from clausekit.sources.versions import (
    VERSIONS_FILE,
    checkout,
    load_versions,
    repository_of,
    resolve_revision,
    revision_time,
)

WORKTREE, FOLDER, REVISION, FILE = "working tree", "folder", "revision", "file"


@dataclass(frozen=True)
class Source:
    kind: str  # WORKTREE, FOLDER, REVISION or FILE
    spec: str  # as the user wrote it
    label: str  # as a report names it
    path: Path | None  # for the working tree, folders and files
    commit: str | None  # for revisions

    @property
    def key(self) -> tuple[str, str]:
        """Two sources with the same key hold the same sources."""
        if self.commit is not None:
            return (REVISION, self.commit)
        assert self.path is not None
        return (FILE if self.kind == FILE else FOLDER, str(self.path.resolve()))


def resolve(spec: str | None, root: Path) -> Source:
    if spec is None:
        label = WORKTREE if root == Path(".") else f"{WORKTREE} ({root})"
        return Source(WORKTREE, "", label, root, None)
    path = Path(spec)
    if path.is_dir() and (path / FAMILY_FILE).is_file():
        return Source(FOLDER, spec, spec, path, None)
    if path.exists() and not path.is_dir():  # a file, or a FIFO or device that reading refuses
        return Source(FILE, spec, spec, path, None)
    commit = resolve_revision(root, spec)
    if commit is not None:
        shown = spec if commit.startswith(spec) else f"{spec} ({commit[:10]})"
        return Source(REVISION, spec, shown, None, commit)
    try:
        releases = load_versions(root)
    except SourceError as problem:  # name versions.yaml as the user can open it
        raise SourceError(relabel(problem.diagnostics, lambda file: str(root / file))) from None
    release = next((r for r in releases if r.version == spec), None)
    if release is not None:
        commit = resolve_revision(root, release.revision)
        if commit is None:
            raise SourceError(
                [
                    Diagnostic(
                        str(root / VERSIONS_FILE),
                        release.line,
                        f"version {spec} is at revision {release.revision}, which this clone does not have",
                        "fetch the full history (`git fetch --unshallow` or `git fetch origin`), then try again",
                    )
                ]
            )
        return Source(REVISION, spec, f"version {spec} ({commit[:10]})", None, commit)
    found = f"the folder holds no {FAMILY_FILE}" if path.exists() else "there is no file or folder of this name"
    raise SourceError(
        [
            Diagnostic(
                spec,
                None,
                f"cannot compare this: {found}, it is not a revision of {repository_of(root)}, "
                f"and no version of this name is listed in {VERSIONS_FILE}",
                f"give a folder holding {FAMILY_FILE}, a license file, a tag, branch or commit "
                "(see `git log --oneline`) or a released version (see `mgl versions`); "
                "--root chooses the repository",
            )
        ]
    )


@dataclass(frozen=True)
class Side:
    """One side of a diff: its governing texts linted, and its translation files fingerprinted."""

    linted: Linted
    translations: TranslationFiles


def load_library(source: Source, root: Path) -> Linted:
    """Lint one side; raises SourceError naming files with paths a user can open (or `REV:path`)."""
    return load_side(source, root).linted


def load_side(source: Source, root: Path) -> Side:
    """Lint one side's governing texts and fingerprint its translations (read while a revision's tree exists).

    Translations are not linted: a diff reports which of them changed, which their digests tell.
    """
    if source.kind == REVISION:
        assert source.commit is not None
        with checkout(root, source.commit) as tree:
            result = lint_root(tree.root, translations=False)  # a diff compares the governing texts
            if not result.ok or result.value is None:
                raise SourceError(relabel(result.problems, tree.git_names(source.spec)))
            return Side(result.value, translation_digests(tree.root))
    assert source.path is not None
    folder = source.path
    result = lint_root(folder, translations=False)
    if not result.ok or result.value is None:
        raise SourceError(relabel(result.problems, lambda file: str(folder / file)))
    return Side(result.value, translation_digests(folder))


def translation_digests(root: Path) -> TranslationFiles:
    """Each translation file's sha256; a link, a non-file or an oversized file counts by what it is, unread.

    Bytes, not parsed text: cheap enough to leave the diff's time budget alone, and any edit shows.
    """
    found = []
    for relative in (*translation_files(root), *strings_files(root)):
        path = root / relative
        if path.is_symlink() or not path.is_file():
            digest = "not a regular file"
        elif path.stat().st_size > MAX_SOURCE_BYTES:
            digest = f"too large: {path.stat().st_size} bytes"
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        found.append((relative, digest))
    return TranslationFiles(tuple(sorted(found)))


def read_text(source: Source) -> str:
    assert source.path is not None
    text = read_text_file(source.path, source.spec)
    if text.value is None:
        raise SourceError(text.problems)
    return text.value


def commit_date(root: Path, commit: str) -> int | None:
    """When a revision was committed (seconds since 1970): the date a redline of it carries."""
    return revision_time(root, commit)
