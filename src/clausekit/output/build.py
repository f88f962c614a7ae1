"""A build: lint -> render the requested editions -> write (or compare) artifacts.

Everything is rendered in memory before the first write, so a build that finds a
source problem raises SourceError and leaves the output exactly as it was.

Two kinds of artifacts:
- committed ones (texts, sheets, metadata, compatibility), listed in index.json;
  cheap to render, so a build renders them all and writes those whose bytes changed;
- typeset editions (HTML, PDF), listed in typeset.json, which git ignores. Each
  records a digest of its inputs (the assembled document, the renderer's and the
  typesetter's versions, the settings); one whose inputs did not change is not
  rendered again (typeset.py plans and renders them, PDFs in parallel).
Both manifests record the digest of the sources they were built from. When the
sources are unchanged and every listed file is intact, a build stops right there:
a no-op build loads and renders nothing.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from clausekit.diagnostics import Diagnostic, SourceError
from clausekit.document.types import Document
from clausekit.output.manifest import (
    INDEX_FILE,
    TYPESET_FILE,
    BuiltFrom,
    Entries,
    Entry,
    artifact_entry,
    build_index,
    build_typeset_manifest,
    merged,
    obsolete_paths,
    parse_index,
    parse_typeset,
    previous_family_artifacts,
    previous_variant_artifacts,
    typeset_entries,
)
from clausekit.output.transaction import JOURNAL, exclusive, pending, recover
from clausekit.output.typeset import Progress, intact, plan_typeset, render_typeset, settings_data
from clausekit.output.write import Artifact, inside, read_existing, stale, write_artifacts
from clausekit.pipeline import Linted, lint_root, require
from clausekit.render.formats import (
    COMMITTED_FORMATS,
    DEFAULT_FORMATS,
    FORMAT_NAMES,
    FORMATS,
    FamilyFormat,
    Inputs,
    Settings,
    artifact_language,
    artifact_name,
    in_dependency_order,
    variant_format,
)
from clausekit.sources.files import CLAUSE_DIR, FAMILY_FILE, check_output_folder, sources_digest
from clausekit.sources.types import Family
from clausekit.version import __version__

Verify = Callable[[Linted], Sequence[Diagnostic]]  # more checks of the linted sources, by a higher layer


@dataclass(frozen=True)
class BuildResult:
    variants: int
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()  # only for check
    not_built: tuple[str, ...] = ()  # one line per variant and language left out, naming what it lacks


def build(
    root: Path,
    out: Path | None = None,
    formats: Sequence[str] | None = None,
    variants: Sequence[str] = (),
    check: bool = False,
    progress: Progress | None = None,
    settings: Settings | None = None,
    linted: Linted | None = None,
    verify: Verify | None = None,
    languages: Sequence[str] | None = None,
) -> BuildResult:
    """Build (or with `check`, compare) the artifacts; `formats=None` means every format, `languages=None` every language.

    Checking without naming formats covers the committed artifacts, and the typeset
    editions only where a previous build made them: a fresh clone has none to check.
    A build holds the output folder's lock from reading the previous index to the
    last write, and first completes whatever an interrupted build committed.
    `linted` is the sources at `root` when the caller has already linted them (`mgl site`),
    so they are not loaded and assembled a second time. `verify` runs on the linted sources
    before anything is rendered; its problems stop the build like lint's (the release
    check of editions/, which this layer cannot import).
    """
    out = out if out is not None else root / "build"
    problems = check_output_folder(root, out, "output folder", root / "build")
    if problems:
        raise SourceError(problems)
    if check:
        result = _build(root, out, formats, variants, check, progress, settings, linted, verify, languages)
        if pending(out):
            return replace(result, stale=(*result.stale, f"interrupted: {JOURNAL} (run `mgl build` to complete it)"))
        return result
    fonts_checked = False
    if not out.exists():
        # Taking the lock makes the folder: check the sources and the request first, so a
        # refused build leaves no empty folder behind (a new folder has no index to read first).
        linted = linted if linted is not None else require(lint_root(root))
        if verify is not None and (refused := verify(linted)):
            raise SourceError(refused)
        verify = None
        requested = tuple(dict.fromkeys(formats if formats is not None else DEFAULT_FORMATS))
        _check_request(linted.library.family, requested, variants, languages)
        if "pdf" in requested:  # every PDF is typeset into a new folder: all of them checked, once
            _check_fonts(linted.library.family, _chosen(linted, variants, languages))
            fonts_checked = True
    with exclusive(out):
        recover(out)
        return _build(root, out, formats, variants, check, progress, settings, linted, verify, languages, fonts_checked)


def _build(
    root: Path,
    out: Path,
    formats: Sequence[str] | None,
    variants: Sequence[str],
    check: bool,
    progress: Progress | None,
    settings: Settings | None,
    linted: Linted | None,
    verify: Verify | None = None,
    languages: Sequence[str] | None = None,
    fonts_checked: bool = False,
) -> BuildResult:
    settings = settings if settings is not None else Settings(source_date_epoch=source_date_epoch(root))
    requested = tuple(dict.fromkeys(formats if formats is not None else DEFAULT_FORMATS))
    previous_index = parse_index(read_existing(out, INDEX_FILE))
    previous_typeset = parse_typeset(read_existing(out, TYPESET_FILE))
    canonical = tuple(f for f in requested if f in COMMITTED_FORMATS)
    typeset = tuple(f for f in requested if f not in COMMITTED_FORMATS)
    if check and formats is None:  # check the typeset editions a previous build made, if any
        made = BuiltFrom.of(previous_typeset).formats
        typeset = tuple(f for f in typeset if f in made)
    digest = sources_digest(root, __version__)
    if digest is not None and not variants and languages is None:
        quick = _up_to_date(out, digest, canonical, typeset, settings, previous_index, previous_typeset)
        if quick is not None:
            return quick

    result = linted if linted is not None else require(lint_root(root))
    if verify is not None and (refused := verify(result)):
        raise SourceError(refused)
    family = result.library.family
    _check_request(family, requested, variants, languages)
    wanted = tuple(family.languages if languages is None else languages)
    chosen = _chosen(result, variants, languages)
    built_pairs = {(d.variant_id, d.language) for d in chosen}
    not_built = tuple(
        f"{variant_id}: not built in {found.language}: "
        + ("no translation of " if files[0].endswith(".md") else "incomplete ")
        + ", ".join(files)
        for found in result.languages
        if found.language in wanted
        for variant_id, files in found.missing.items()
        if not variants or variant_id in variants
    )

    def dropped(path: str) -> bool:
        """A translated file of a variant in this build's scope that is no longer built in its language."""
        variant_id, language = path.split("/")[0], artifact_language(path, family.default_language)
        in_scope = language in wanted and (not variants or variant_id in variants)
        return language != family.default_language and in_scope and (variant_id, language) not in built_pairs

    complete = not variants and languages is None
    index_from = _built_from(BuiltFrom.of(previous_index), digest, canonical, complete, None)
    artifacts, index, gone = plan_committed(family, chosen, canonical, previous_index, index_from, progress, dropped)
    removals = [path for path in [*obsolete_paths(family, previous_index), *gone] if inside(out, path)]
    jobs, kept = plan_typeset(
        chosen, typeset, settings, typeset_entries(previous_typeset), out, family.default_language
    )
    if not fonts_checked:
        _check_fonts(family, [job.document for job in jobs if job.format == "pdf"])
    current = {v.id for v in family.variants}
    removals += [
        path
        for path, entry in typeset_entries(previous_typeset).items()
        if (path.split("/")[0] not in current or dropped(path)) and inside(out, path)
    ]
    kept = {path: entry for path, entry in kept.items() if not dropped(path)}
    if check:
        problems = stale(out, [*artifacts, Artifact(INDEX_FILE, index)], removals)
        problems += [f"{'stale:  ' if (out / job.path).exists() else 'missing:'} {job.path}" for job in jobs]
        return BuildResult(len({d.variant_id for d in chosen}), stale=tuple(problems), not_built=not_built)

    rendered = render_typeset(jobs, settings, progress)
    typeset_artifacts = [Artifact(job.path, rendered[job.path]) for job in jobs]
    everything = [*artifacts, *typeset_artifacts]
    if typeset or previous_typeset is not None:
        entries = {
            **kept,
            **{job.path: {**artifact_entry(job.path, rendered[job.path]), "inputs": job.inputs} for job in jobs},
        }
        entries = {path: entry for path, entry in entries.items() if path.split("/")[0] in current}
        typeset_from = _built_from(BuiltFrom.of(previous_typeset), digest, typeset, complete, settings_data(settings))
        everything.append(Artifact(TYPESET_FILE, build_typeset_manifest(entries, typeset_from)))
    everything.append(Artifact(INDEX_FILE, index))
    report = write_artifacts(out, everything, sorted(set(removals)))
    unchanged = report.unchanged + tuple(sorted(kept))
    return BuildResult(
        len({d.variant_id for d in chosen}), report.written, unchanged, report.removed, not_built=not_built
    )


def _chosen(linted: Linted, variants: Sequence[str], languages: Sequence[str] | None) -> list[Document]:
    """The documents a build of these variants (all: empty) and languages (all: None) makes."""
    family = linted.library.family
    wanted = tuple(family.languages if languages is None else languages)
    documents = [*(linted.documents if family.default_language in wanted else ())]
    documents += [d for found in linted.languages if found.language in wanted for d in found.documents]
    return [d for d in documents if not variants or d.variant_id in variants]


def _check_fonts(family: Family, pdfs: Sequence[Document]) -> None:
    """Refuse, before anything is written, PDFs that need a font this machine lacks or a glyph no font has."""
    from clausekit.render.pdf import (  # deferred, as every renderer is
        CJK_FONT_FIX,
        UNPRINTABLE_FIX,
        glyph_coverage,
        missing_cjk_font,
        unprintable_characters,
        unprintable_message,
    )

    missing = {problem for document in pdfs if (problem := missing_cjk_font(document)) is not None}
    if missing:
        raise SourceError([Diagnostic(family.file, None, problem, CJK_FONT_FIX) for problem in sorted(missing)])
    coverage = {language: glyph_coverage(language) for language in sorted({d.language for d in pdfs})}
    lacking: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}  # (file, language, characters) -> variants
    for document in pdfs:
        for source, characters in unprintable_characters(document, coverage[document.language]).items():
            key = (source or family.file, document.language, tuple(characters))
            lacking.setdefault(key, []).append(document.variant_id)
    if lacking:
        raise SourceError(
            [
                Diagnostic(file, None, unprintable_message(language, characters), UNPRINTABLE_FIX, tuple(variants))
                for (file, language, characters), variants in lacking.items()
            ]
        )


def plan_committed(
    family: Family,
    documents: Sequence[Document],
    formats: Sequence[str],
    previous: Mapping[str, Any] | None,
    built_from: BuiltFrom,
    progress: Progress | None = None,
    dropped: Callable[[str], bool] = lambda path: False,
) -> tuple[list[Artifact], bytes, list[str]]:
    """Render the committed artifacts and the index that lists them; also the listed files now `dropped`.

    Formats render in dependency order: one that `uses` others reads the entries of
    their files, as just built or, when not rebuilt now, as the previous index lists them.
    A document in another language than the default writes `license.<lang>.txt` and so
    on (`artifact_name`); its formats read their inputs by the registry's names.
    """
    default = family.default_language
    before = {
        variant_id: {name: entry for name, entry in entries.items() if not dropped(entry["path"])}
        for variant_id, entries in previous_variant_artifacts(previous).items()
    }
    gone = sorted(
        entry["path"]
        for entries in previous_variant_artifacts(previous).values()
        for entry in entries.values()
        if dropped(entry["path"])
    )
    ordered = in_dependency_order(formats)
    artifacts: list[Artifact] = []
    variants: dict[str, Entries] = {}
    for done, document in enumerate(documents):
        if progress:
            progress(document.variant_id, done, len(documents))
        language = document.language

        def named(filename: str, language: str = language) -> str:
            return artifact_name(filename, language, default)

        built: Entries = {}
        previous_entries = variants.get(document.variant_id, before.get(document.variant_id, {}))
        for name in ordered:
            fmt = variant_format(name)
            if fmt is None or not fmt.applies(document):
                continue
            used = {file.name for u in fmt.uses for file in FORMATS[u].files}
            so_far = merged(previous_entries, built)
            entries = {n: so_far[named(n)] for n in used if named(n) in so_far}
            inputs = Inputs(document, Settings(), entries)
            for file in fmt.files:
                path = f"{document.variant_id}/{named(file.name)}"
                entry = _add(artifacts, path, file.render(inputs))
                built[named(file.name)] = {**entry, "language": language} if language != default else entry
        variants[document.variant_id] = merged(previous_entries, built)
    family_entries: Entries = {}
    for name in ordered:
        family_format = FORMATS[name]
        if isinstance(family_format, FamilyFormat):
            for family_file in family_format.files:
                family_entries[family_file.name] = _add(artifacts, family_file.name, family_file.render(family))
    index = build_index(
        family,
        {v.id: variants.get(v.id, before.get(v.id, {})) for v in family.variants},
        merged(previous_family_artifacts(previous), family_entries),
        built_from,
    )
    return artifacts, index, gone


LATEST_DATE = 253_402_300_799  # 9999-12-31 23:59:59 UTC, the last date a PDF can carry


def source_date_epoch(root: Path) -> int | None:
    """The date typeset editions carry: $SOURCE_DATE_EPOCH, else the last commit of the sources, else none.

    Taking it from the sources (not the clock) keeps rebuilds byte-identical.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        if not value.strip().isdigit() or int(value) > LATEST_DATE:
            raise SourceError(
                [
                    Diagnostic(
                        "SOURCE_DATE_EPOCH",
                        None,
                        f"must be a whole number of seconds from 1970 to the year 9999, not {value!r}",
                        "unset it, or set it to e.g. the output of `git log -1 --format=%ct`",
                    )
                ]
            )
        return int(value)
    try:
        found = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", FAMILY_FILE, CLAUSE_DIR],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = found.stdout.strip()
    return int(stamp) if found.returncode == 0 and stamp.isdigit() else None


def _up_to_date(
    out: Path,
    digest: str,
    canonical: Sequence[str],
    typeset: Sequence[str],
    settings: Settings,
    index: Mapping[str, Any] | None,
    typeset_manifest: Mapping[str, Any] | None,
) -> BuildResult | None:
    """A result without loading anything, when the last build used these sources and its files are intact."""
    built = BuiltFrom.of(index)
    if index is None or built.sources != digest or not set(canonical) <= set(built.formats):
        return None
    variants = previous_variant_artifacts(index)
    entries = [e for artifacts in variants.values() for e in artifacts.values()]
    entries += previous_family_artifacts(index).values()
    if typeset:
        typeset_built = BuiltFrom.of(typeset_manifest)
        if typeset_built.sources != digest or not set(typeset) <= set(typeset_built.formats):
            return None
        if typeset_built.settings != settings_data(settings):
            return None
        entries += typeset_entries(typeset_manifest).values()
    if not all(intact(out, entry) for entry in entries):
        return None
    listed = [INDEX_FILE, *([TYPESET_FILE] if typeset else []), *(e["path"] for e in entries)]
    return BuildResult(len(variants), unchanged=tuple(listed))


def _built_from(
    previous: BuiltFrom, digest: str | None, formats: Iterable[str], complete: bool, settings: Mapping[str, Any] | None
) -> BuiltFrom:
    """Record a digest only when every variant's files now come from these sources."""
    same = previous.sources == digest and digest is not None and previous.settings == settings
    if not complete:
        return BuiltFrom(digest if same else None, previous.formats if same else (), settings)
    kept = previous.formats if same else ()
    return BuiltFrom(digest, tuple(sorted({*kept, *formats})), settings)


def _add(artifacts: list[Artifact], path: str, content: bytes) -> Entry:
    artifacts.append(Artifact(path, content))
    return artifact_entry(path, content)


def _check_request(
    family: Family, formats: Sequence[str], variants: Sequence[str], languages: Sequence[str] | None = None
) -> None:
    problems = []
    for language in languages or ():
        if language not in family.languages:
            problems.append(
                Diagnostic(
                    "--lang",
                    None,
                    f"unknown language {language!r}",
                    f"use one or more of the languages variants.yaml declares: {', '.join(family.languages)}",
                )
            )
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
