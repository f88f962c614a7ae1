"""An upgrade of the CJK font typesets the CJK PDFs again, and only them.

A typeset file is rendered again only when its input digest changes. A CJK PDF embeds
a subset of Debian's fonts-noto-cjk, so the digest of its PDF covers the identity of
those font files; a Latin PDF never embeds them, so a change to them (or their absence)
leaves it alone. The font directory is pointed at a copy here whose files the test
changes, as an upgrade would.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from clausekit.document.types import Document
from clausekit.output.manifest import Entries, artifact_entry
from clausekit.output.typeset import plan_typeset
from clausekit.render import pdf as pdf_module
from clausekit.render.formats import Settings
from conftest import FIXTURES, TINY, lint_clean

ZH = FIXTURES / "zh-family"
SETTINGS = Settings(source_date_epoch=1_700_000_000)
FACES = sorted({name for _, name in pdf_module.CJK_FONT_FACES})


@pytest.fixture
def fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the CJK font directory, with a small file per face."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    for name in FACES:
        (folder / name).write_bytes(b"font version 1")
        os.utime(folder / name, ns=(1_600_000_000 * 10**9, 1_600_000_000 * 10**9))
    monkeypatch.setattr(pdf_module, "CJK_FONT_DIR", folder)
    return folder


def documents() -> tuple[Document, ...]:
    """A zh-only family's documents and a Latin family's (the tiny fixture's languages)."""
    return lint_clean(ZH)[1] + lint_clean(TINY)[1]


def cjk(document: Document) -> bool:
    """Whether the document is in a CJK language, decided here from its tag rather than by the renderer."""
    return document.language.split("-")[0].lower() in {"zh", "ja", "ko"}


def built(docs: tuple[Document, ...], out: Path) -> tuple[Entries, set[str]]:
    """Plan a first PDF build and stand in for its output (a file per job, listed as the build lists it).

    Returns the entries and the paths of the CJK documents' PDFs.
    """
    jobs, kept = plan_typeset(docs, ["pdf"], SETTINGS, {}, out)
    assert kept == {}
    entries: Entries = {}
    for job in jobs:
        content = f"pdf of {job.path}".encode()
        (out / job.path).parent.mkdir(parents=True, exist_ok=True)
        (out / job.path).write_bytes(content)
        entries[job.path] = {**artifact_entry(job.path, content), "inputs": job.inputs}
    return entries, {job.path for job in jobs if cjk(job.document)}


def planned(docs: tuple[Document, ...], previous: Entries, out: Path) -> tuple[set[str], set[str]]:
    jobs, kept = plan_typeset(docs, ["pdf"], SETTINGS, previous, out)
    return {job.path for job in jobs}, set(kept)


def test_a_font_upgrade_typesets_the_cjk_pdfs_again_and_keeps_the_latin_ones(fonts: Path, tmp_path: Path) -> None:
    docs = documents()
    assert any(cjk(d) for d in docs) and any(not cjk(d) for d in docs)
    out = tmp_path / "out"
    previous, zh = built(docs, out)
    assert len(previous) == len(docs) and len(zh) == len([d for d in docs if cjk(d)])
    assert planned(docs, previous, out) == (set(), set(previous))  # nothing changed, nothing to typeset

    latin = set(previous) - zh
    # An upgrade: the same files with other contents and the package's later mtime.
    for name in FACES:
        (fonts / name).write_bytes(b"font version 2, a little longer")
        os.utime(fonts / name, ns=(1_700_000_000 * 10**9, 1_700_000_000 * 10**9))
    assert planned(docs, previous, out) == (zh, latin)


def test_a_same_sized_upgrade_is_seen_by_its_mtime(fonts: Path, tmp_path: Path) -> None:
    docs = documents()
    out = tmp_path / "out"
    previous, zh = built(docs, out)
    os.utime(fonts / FACES[0], ns=(1_700_000_000 * 10**9, 1_700_000_000 * 10**9))
    assert planned(docs, previous, out) == (zh, set(previous) - zh)


def test_a_latin_family_ignores_the_cjk_font_even_when_it_is_gone(fonts: Path, tmp_path: Path) -> None:
    latin = lint_clean(TINY)[1]
    assert latin and not any(cjk(d) for d in latin)
    out = tmp_path / "out"
    previous, zh = built(latin, out)
    assert zh == set()
    shutil.rmtree(fonts)
    assert planned(latin, previous, out) == (set(), set(previous))
