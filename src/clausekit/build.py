"""A build: lint -> render the requested editions -> write (or compare) artifacts.

`plan_build` is pure apart from reading the previous index; `build` adds the
writing. A build that finds any source problem raises SourceError before the first
byte is written, so a failed build leaves the output exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, SourceError
from .document import Document
from .formats import DEFAULT_FORMATS, FAMILY_FILES, FAMILY_FORMAT, FORMAT_NAMES, FORMATS, METADATA_FILE, METADATA_FORMAT
from .index import (
    INDEX_FILE,
    Entries,
    Entry,
    artifact_entry,
    build_index,
    merged,
    obsolete_paths,
    parse_index,
    previous_family_artifacts,
    previous_variant_artifacts,
)
from .lint import lint_root
from .metadata import render_license_json
from .model import Family
from .write import Artifact, WriteReport, inside, read_existing, stale, write_artifacts

Progress = Callable[[str, int, int], None]  # (variant id, number done before it, total)


@dataclass(frozen=True)
class BuildPlan:
    artifacts: tuple[Artifact, ...]  # the index last
    removals: tuple[str, ...]  # files of variants that no longer exist


@dataclass(frozen=True)
class BuildResult:
    plan: BuildPlan
    report: WriteReport | None  # None for --check
    stale: tuple[str, ...]  # only for --check


def build(
    root: Path,
    out: Path | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    variants: Sequence[str] = (),
    check: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    out = out if out is not None else root / "build"
    result = lint_root(root)
    if not result.ok or result.library is None:
        raise SourceError(result.problems)
    family = result.library.family
    _check_request(family, formats, variants)
    chosen = [d for d in result.documents if not variants or d.variant_id in variants]
    plan = plan_build(family, chosen, formats, read_existing(out, INDEX_FILE), out, progress)
    if check:
        return BuildResult(plan, None, tuple(stale(out, plan.artifacts, plan.removals)))
    return BuildResult(plan, write_artifacts(out, plan.artifacts, plan.removals), ())


def plan_build(
    family: Family,
    documents: Sequence[Document],
    formats: Sequence[str],
    previous_index: bytes | None,
    out: Path,
    progress: Progress | None = None,
) -> BuildPlan:
    previous = parse_index(previous_index)
    before = previous_variant_artifacts(previous)
    artifacts: list[Artifact] = []
    variants: dict[str, Entries] = {}
    for done, document in enumerate(documents):
        if progress:
            progress(document.variant_id, done, len(documents))
        built: Entries = {}
        for name in formats:
            fmt = FORMATS.get(name)
            for filename, render in fmt.files if fmt and fmt.applies(document) else ():
                built[filename] = _add(artifacts, f"{document.variant_id}/{filename}", render(document))
        entries = merged(before.get(document.variant_id, {}), built)
        if METADATA_FORMAT in formats:
            others = {name: entry for name, entry in entries.items() if name != METADATA_FILE}
            metadata = render_license_json(family, document, others)
            entries[METADATA_FILE] = _add(artifacts, f"{document.variant_id}/{METADATA_FILE}", metadata)
        variants[document.variant_id] = entries
    family_entries: Entries = {}
    if FAMILY_FORMAT in formats:
        for filename, render_family in FAMILY_FILES:
            family_entries[filename] = _add(artifacts, filename, render_family(family))
    index = build_index(
        family,
        {v.id: variants.get(v.id, before.get(v.id, {})) for v in family.variants},
        merged(previous_family_artifacts(previous), family_entries),
    )
    artifacts.append(Artifact(INDEX_FILE, index))
    removals = tuple(path for path in obsolete_paths(family, previous) if inside(out, path))
    return BuildPlan(tuple(artifacts), removals)


def _add(artifacts: list[Artifact], path: str, text: str) -> Entry:
    content = text.encode("utf-8")
    artifacts.append(Artifact(path, content))
    return artifact_entry(path, content)


def _check_request(family: Family, formats: Sequence[str], variants: Sequence[str]) -> None:
    problems = []
    for name in formats:
        if name not in FORMAT_NAMES:
            problems.append(
                Diagnostic(
                    "--format", None, f"unknown format {name!r}", f"use one or more of: {', '.join(FORMAT_NAMES)}"
                )
            )
    known = [v.id for v in family.variants]
    for variant_id in variants:
        if variant_id not in known:
            problems.append(
                Diagnostic("--variant", None, f"unknown variant {variant_id!r}", f"use one of: {', '.join(known)}")
            )
    if problems:
        raise SourceError(problems)
