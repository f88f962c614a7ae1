"""Load a family's sources from a folder: variants.yaml, clauses/**.md and the record of releases, versions.yaml."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.sources.family import load_family
from clausekit.sources.files import FAMILY_FILE, fragment_files, read_source
from clausekit.sources.fragments import load_fragment
from clausekit.sources.translations import load_translations
from clausekit.sources.types import Family, Fragment, Library, Translation
from clausekit.sources.versions import read_versions


def load_library(root: Path) -> Checked[Library]:
    """Every problem of every file; a library only when all of them loaded."""
    loaded = load_sources(root)
    if loaded.problems or loaded.value is None:
        return Checked(None, loaded.problems)
    family, fragments, translations = loaded.value
    if family is None:
        return Checked(None, loaded.problems)
    return Checked(Library(family, fragments, translations))


def load_sources(root: Path) -> Checked[tuple[Family | None, tuple[Fragment, ...], tuple[Translation, ...]]]:
    """The family (None when variants.yaml is broken), every fragment and every translation that loaded.

    Lint carries on with what loaded, so one broken fragment does not hide the
    problems of the others.
    """
    problems: list[Diagnostic] = []
    source = read_source(root, FAMILY_FILE)
    family = load_family(source.value) if source.value is not None else Checked[Family](None, source.problems)
    problems.extend(family.problems)
    releases = read_versions(root)  # whether this edition is released, and what was released before
    problems.extend(releases.problems)
    loaded = family.value
    if loaded is not None and releases.value:
        loaded = replace(loaded, releases=releases.value)
    files = fragment_files(root)
    problems.extend(files.problems)
    fragments: list[Fragment] = []
    for file in files.value or ():
        text = read_source(root, file)
        fragment = load_fragment(text.value) if text.value is not None else Checked[Fragment](None, text.problems)
        problems.extend(fragment.problems)
        if fragment.value is not None:
            fragments.append(fragment.value)
    translations: tuple[Translation, ...] = ()
    if loaded is not None:
        found = load_translations(root, loaded, tuple(fragments))
        problems.extend(found.problems)
        translations = found.value or ()
    return Checked((loaded, tuple(fragments), translations), tuple(problems))
