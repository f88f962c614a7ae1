"""What the site shows, gathered once: every edition with its documents and artifacts, and the diffs.

The current edition is the working tree at `root`; its artifacts come from the
ordinary build (into `<root>/build` unless told otherwise), which is a no-op when
they are up to date. Each released version other than the current one whose
commit this clone has is an earlier edition: its sources are read from git
without touching the working tree and built into a scratch folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from clausekit.diagnostics import SourceError, relabel
from clausekit.diff.report import DiffReport
from clausekit.document.types import Document
from clausekit.output.build import build, source_date_epoch
from clausekit.output.manifest import (
    INDEX_FILE,
    TYPESET_FILE,
    parse_index,
    parse_typeset,
    previous_variant_artifacts,
    typeset_entries,
)
from clausekit.pipeline import Linted, lint_root, require
from clausekit.sources.types import Family, Release
from clausekit.sources.versions import (
    ReleaseStatus,
    checkout,
    load_versions,
    release_statuses,
    revision_time,
    source_date_of,
)


@dataclass(frozen=True)
class Artifact:
    """One file a build wrote for a variant, as index.json or typeset.json lists it."""

    name: str  # e.g. "license.pdf"
    file: Path  # where the build wrote it
    sha256: str
    size: int


@dataclass(frozen=True)
class Edition:
    """One version of the family: its documents and, per variant id, its artifacts by file name."""

    family: Family
    documents: tuple[Document, ...]
    artifacts: Mapping[str, Mapping[str, Artifact]]
    release: Release | None  # None for a working tree whose version is not (yet) released
    linted: Linted  # the sources, loaded and assembled once: the diffs between editions reuse them


@dataclass(frozen=True)
class RedlineFile:
    """A redline of a change, for reviewers to download: the Word document or the blackline PDF."""

    name: str  # e.g. "redline-2.0-to-2.1.docx"
    label: str
    data: bytes


@dataclass(frozen=True)
class Change:
    """The diff report from one version to the next, and its redlines."""

    old: str
    new: str
    report: DiffReport
    redlines: tuple[RedlineFile, ...] = ()


@dataclass(frozen=True)
class SiteInputs:
    current: Edition
    earlier: tuple[Edition, ...]  # superseded releases this clone has, oldest first
    releases: tuple[ReleaseStatus, ...]
    changes: tuple[Change, ...]


def collect(
    root: Path, artifacts: Path, scratch: Path, linted: Linted, preview_of: SiteInputs | None = None
) -> SiteInputs:
    """Build what is missing and read everything the pages need. Raises SourceError.

    `linted` is the working tree at `root`, already loaded, checked and assembled
    (clean): the build, the pages and the diffs all use it rather than lint again.

    With `preview_of` (the preview's previous inputs) nothing is built: the current
    edition's artifacts are listed as they are on disk (a background build brings them
    up to date), an earlier edition and a diff between two releases are taken from
    `preview_of` while versions.yaml says the same of them, and no redline of a change
    that is not released yet is made.
    """
    statuses = release_statuses(root, load_versions(root))
    by_version = {s.release.version: s.release for s in statuses}
    if preview_of is None:
        current = edition(root, artifacts, None, linted)
    else:
        current = Edition(linted.library.family, linted.documents, read_artifacts(artifacts), None, linted)
    current = replace(current, release=by_version.get(current.family.version))
    # What the preview may take as it was: nothing once versions.yaml says otherwise.
    previous = preview_of if preview_of is not None and preview_of.releases == statuses else None
    known = {e.family.version: e for e in previous.earlier} if previous is not None else {}
    earlier: list[Edition] = []
    for status in statuses:
        release = status.release
        if release.version == current.family.version or not status.available:
            continue
        if release.version in known:
            earlier.append(known[release.version])
            continue
        with checkout(root, release.revision) as tree, source_date_of(root, release.revision):
            try:
                out = scratch / "releases" / release.version
                earlier.append(edition(tree.root, out, release, lint_clean(tree.root)))
            except SourceError as problem:
                raise SourceError(relabel(problem.diagnostics, tree.git_names(release.version))) from None
    reuse = {(c.old, c.new): c for c in previous.changes} if previous is not None else {}
    changes = _changes(root, statuses, current, tuple(earlier), reuse, redlines=preview_of is None)
    return SiteInputs(current, tuple(earlier), statuses, changes)


def lint_clean(root: Path) -> Linted:
    """The sources at `root` loaded, checked and assembled; raises SourceError for any problem."""
    return require(lint_root(root))


def edition(root: Path, out: Path, release: Release | None, linted: Linted) -> Edition:
    """Every artifact of the sources at `root` (`linted`) in `out`, built when missing or stale."""
    build(root, out, linted=linted)
    return Edition(linted.library.family, linted.documents, read_artifacts(out), release, linted)


def read_artifacts(out: Path) -> dict[str, dict[str, Artifact]]:
    """Per variant id, every file that index.json and typeset.json in `out` list."""
    index = parse_index(_read(out / INDEX_FILE))
    found: dict[str, dict[str, Artifact]] = {}
    for variant_id, entries in previous_variant_artifacts(index).items():
        found[variant_id] = {name: _artifact(out, entry) for name, entry in entries.items()}
    for path, entry in typeset_entries(parse_typeset(_read(out / TYPESET_FILE))).items():
        variant_id, _, name = path.partition("/")
        found.setdefault(variant_id, {})[name] = _artifact(out, entry)
    return found


def _artifact(out: Path, entry: Mapping[str, Any]) -> Artifact:
    path = str(entry["path"])
    return Artifact(path.rsplit("/", 1)[-1], out / path, str(entry["sha256"]), int(entry.get("bytes", 0)))


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _changes(
    root: Path,
    statuses: tuple[ReleaseStatus, ...],
    current: Edition,
    earlier: tuple[Edition, ...],
    reuse: Mapping[tuple[str, str], Change],
    redlines: bool = True,
) -> tuple[Change, ...]:
    """Each release against the one before it, and an unreleased working tree against the last release.

    Every side is an edition already linted (a release this clone has), so nothing is loaded again.
    A diff between two releases found in `reuse` is taken as it is; without `redlines` the
    change of a working tree that is not released gets none.
    """
    from clausekit.diff import compare

    editions = {e.family.version: e for e in (*earlier, current)}
    pairs = [
        (s.previous, s.release.version)
        for s in statuses
        if s.previous is not None and s.previous in editions and s.release.version in editions
    ]
    if current.release is None and statuses and statuses[-1].release.version in editions:
        pairs.append((statuses[-1].release.version, current.family.version))
    family = current.family
    author = family.maintainers or f"{family.name} maintainers"
    changes = []
    for old, new in pairs:
        release = editions[new].release
        if release is not None and (old, new) in reuse:
            changes.append(reuse[old, new])
            continue
        report = compare(editions[old].linted, editions[new].linted, old, new)
        date = revision_time(root, release.revision) if release is not None else source_date_epoch(root)
        made = redline_files(report, old, new, author, date) if redlines or release is not None else ()
        changes.append(Change(old, new, report, made))
    return tuple(changes)


def redline_files(report: DiffReport, old: str, new: str, author: str, date: int | None) -> tuple[RedlineFile, ...]:
    """The clause-level review as a Word redline and a blackline PDF, dated from NEW: the same bytes every build."""
    from clausekit.diff.render.blackline import render_blackline
    from clausekit.diff.render.docx import render_docx
    from clausekit.diff.tracked import review_redline

    redline = review_redline(report)
    stem = f"redline-{old}-to-{new}"
    return (
        RedlineFile(
            f"{stem}.docx",
            "Redline (Word, tracked changes)",
            render_docx(redline, author=author, date=date, full_text=False),
        ),
        RedlineFile(
            f"{stem}.pdf", "Blackline (PDF)", render_blackline(redline, author=author, date=date, full_text=False)
        ),
    )


def license_metadata(edition: Edition, variant_id: str) -> dict[str, Any]:
    """The variant's license.json, as the build wrote it (SPDX expression, model-card snippet, ...)."""
    artifact = edition.artifacts.get(variant_id, {}).get("license.json")
    if artifact is None:
        return {}
    data: dict[str, Any] = json.loads(artifact.file.read_bytes())
    return data
