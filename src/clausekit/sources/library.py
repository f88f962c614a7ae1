"""Load a family's sources from a folder: variants.yaml and clauses/**.md."""

from __future__ import annotations

from pathlib import Path

from clausekit.diagnostics import Diagnostic
from clausekit.sources.family import load_family
from clausekit.sources.files import FAMILY_FILE, fragment_files, read_source
from clausekit.sources.fragments import load_fragment
from clausekit.sources.types import Fragment, Library


def load_library(root: Path) -> Library | list[Diagnostic]:
    problems: list[Diagnostic] = []
    source = read_source(root, FAMILY_FILE)
    family = load_family(source) if not isinstance(source, Diagnostic) else [source]
    if isinstance(family, list):
        problems.extend(family)
    files = fragment_files(root)
    fragments: list[Fragment] = []
    if isinstance(files, Diagnostic):
        problems.append(files)
        files = []
    for file in files:
        text = read_source(root, file)
        loaded = load_fragment(text) if not isinstance(text, Diagnostic) else [text]
        if isinstance(loaded, list):
            problems.extend(loaded)
        else:
            fragments.append(loaded)
    if problems or isinstance(family, list):
        return problems
    return Library(family, tuple(fragments))
