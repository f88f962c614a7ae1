"""A released edition must still build exactly the texts versions.yaml records.

The digests are of each variant's canonical license.txt, as released or as corrected
by the latest erratum for it. When a text differs, the clauses that changed are found
by comparing the release's commit with the working tree through the diff; a clone
without that commit gets the plain fact that the text differs from the recorded digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from clausekit.diagnostics import Diagnostic, SourceError
from clausekit.document.types import Document
from clausekit.pipeline import Linted, lint_root
from clausekit.render.text import render_text
from clausekit.sources.types import Family, Release
from clausekit.sources.versions import VERSIONS_FILE, checkout, commit_exists


def text_digest(document: Document) -> str:
    """The sha256 of the variant's canonical text as it reads once released (no draft line)."""
    released = replace(document, status="released")
    return hashlib.sha256(render_text(released).encode("utf-8")).hexdigest()


def release_fix(version: str) -> str:
    return (
        f"a released text never changes: undo the edit, or start the next version by setting `family.version` in "
        f"variants.yaml to one versions.yaml does not list (a draft), or, for a typo-level correction of {version}, "
        f'record it with `mgl release --erratum "what was corrected"`'
    )


def changed_texts(release: Release, documents: Sequence[Document]) -> dict[str, str]:
    """Variant id -> current digest, for each variant whose text is not the recorded one."""
    if not release.texts:
        return {}  # a release recorded before texts were: nothing to hold it to
    current = {d.variant_id: text_digest(d) for d in documents}
    return {
        variant_id: digest
        for variant_id, digest in current.items()
        if release.digest(variant_id) != digest or variant_id not in release.texts
    }


def check_release(root: Path, linted: Linted) -> list[Diagnostic]:
    """Problems when the working tree's edition is released and no longer builds its recorded texts.

    Also checks the `lifecycle:` entries of versions.yaml, which only the working tree's
    record of releases can check: a successor may be a variant of the draft being written.
    """
    family = linted.library.family
    release = family.release
    problems = _check_lifecycle(family)
    if release is None:
        return problems
    changed = changed_texts(release, linted.documents)
    gone = sorted(set(release.texts) - {d.variant_id for d in linted.documents})
    if not changed and not gone:
        return problems
    blame = _changed_clauses(root, release, linted, sorted(changed))
    for variant_id in sorted(changed):
        if variant_id not in release.texts:
            what = f"{variant_id} is not one of the variants released as version {release.version}"
        elif blame is None:
            what = (
                f"the text of {variant_id} differs from the digest recorded for version {release.version} "
                f"(the release's commit {release.revision[:12]} is not in this clone, so the clauses cannot be named)"
            )
        else:
            clauses = blame.get(variant_id) or ["no clause (the variant's header or options changed)"]
            what = (
                f"the text of {variant_id} differs from version {release.version} as released; changed: "
                + "; ".join(clauses)
            )
        problems.append(
            Diagnostic(
                VERSIONS_FILE,
                release.line,
                f"version {release.version} is released, but {what}",
                release_fix(release.version),
            )
        )
    for variant_id in gone:
        problems.append(
            Diagnostic(
                VERSIONS_FILE,
                release.line,
                f"version {release.version} is released, but its variant {variant_id} is gone",
                release_fix(release.version),
            )
        )
    return problems


def _changed_clauses(
    root: Path, release: Release, linted: Linted, variants: Sequence[str]
) -> dict[str, list[str]] | None:
    """Per variant id, the clauses whose change alters its text ("id (file)"); None without the commit."""
    from clausekit.diff import compare

    if not commit_exists(root, release.revision):
        return None
    try:
        with checkout(root, release.revision) as tree:
            old = lint_root(tree.root)
    except SourceError:
        return None
    if old.value is None or old.problems:
        return None
    report = compare(old.value, linted, release.version, "working tree")
    found: dict[str, list[str]] = {v: [] for v in variants}
    for change in report.clauses:
        name = change.new_id or change.old_id or "?"
        files = change.source.new or change.source.old
        label = f"clause {name!r} ({files}): {', '.join(change.kinds)}"
        for variant_id in (*change.variants, *change.included, *change.excluded):
            if variant_id in found and label not in found[variant_id]:
                found[variant_id].append(label)
    return found


def _check_lifecycle(family: Family) -> list[Diagnostic]:
    """Each release's `lifecycle:` names variants that exist and successors that exist."""
    known = family.known_variant_ids()
    problems: list[Diagnostic] = []
    for release in family.releases:
        released = set(release.texts) or known
        for variant_id, lifecycle in release.lifecycle.items():
            if variant_id not in released and not variant_id.endswith(f"-{release.version}"):
                problems.append(
                    Diagnostic(
                        VERSIONS_FILE,
                        lifecycle.line,
                        f"`lifecycle` of version {release.version} names {variant_id!r}, no variant of that release",
                        f"use a variant id of version {release.version}, e.g. one listed under its `texts:`",
                    )
                )
            if lifecycle.successor is not None and lifecycle.successor not in known:
                problems.append(
                    Diagnostic(
                        VERSIONS_FILE,
                        lifecycle.line,
                        f"successor {lifecycle.successor!r} of {variant_id} is no variant of this edition or of a "
                        "listed release",
                        "name a variant id (name-version) of the current edition or of a release listed here",
                    )
                )
    return problems
