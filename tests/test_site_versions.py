"""The Versions page and superseded versions: a git repository with two versions of a small family.

The family is the real corpus cut down to a few variants (so that each version
typesets quickly), released as its current version, then edited into the next one:
first unreleased (the working tree), then released too.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from clausekit.site import build_site
from clausekit.sources.types import Family, Variant
from conftest import REPO, copy_sources, edit, git, next_version, variant_where

CLAUSE = "clauses/01-definitions/def-complementary-materials.md"


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def release(root: Path, *entries: tuple[str, str]) -> None:
    lines = ["versions:"]
    for version, revision in entries:
        lines += [f'  - version: "{version}"', "    date: 2026-11-21", f"    revision: {revision}"]
    (root / "versions.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Versions:
    old: str  # the corpus's version, released in the repository
    new: str  # the next one, the working tree
    nc: Variant  # the NC variant the test reads; the repository keeps it and the variants below it


@pytest.fixture(scope="module")
def versions(family: Family) -> Versions:
    variant_where(family, lambda v: v.has("NC"), "the NC option")
    nc = min((v for v in family.variants if v.has("NC")), key=lambda v: len(v.options))  # the fewest options
    return Versions(family.version, next_version(family.version), nc)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, family: Family, versions: Versions) -> tuple[Path, str, str]:
    """A repository whose current version is released and whose working tree (committed) is the next."""
    kept = [v.name for v in family.variants if set(v.options) <= set(versions.nc.options)]
    root = copy_sources(REPO, tmp_path_factory.mktemp("versions") / "repo")
    shutil.copytree(REPO / "site", root / "site")
    path = root / "variants.yaml"
    head, _, tail = path.read_text(encoding="utf-8").partition("\nvariants:\n")
    entries = [e for e in tail.split("  - name: ")[1:] if e.split("\n", 1)[0] in kept]
    path.write_text(head + "\nvariants:\n" + "".join("  - name: " + e for e in entries), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "config", "user.email", "test@example.invalid")
    git(root, "config", "user.name", "Test")
    first = commit(root, versions.old)
    release(root, (versions.old, first))
    commit(root, f"release {versions.old}")
    edit(root, "variants.yaml", f'version: "{versions.old}"', f'version: "{versions.new}"')
    edit(root, CLAUSE, "help others load, run, train", "help others load, run, serve, train")
    second = commit(root, versions.new)
    return root, first, second


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def plain(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", markup).split())


def test_superseded_pages_point_to_the_current_version(
    repo: tuple[Path, str, str], versions: Versions, family: Family, tmp_path: Path
) -> None:
    root, _, second = repo
    old, new, name = versions.old, versions.new, versions.nc.name
    artifacts, site = tmp_path / "artifacts", tmp_path / "site"
    build_site(root, site, artifacts)

    page = plain(read(site, "versions/index.html"))
    assert f"Version {new} (current)" in page and "not released yet" in page
    assert f"Version {old}" in page and f"superseded by version {new}" in page
    assert f'href="{old}-to-{new}.html"' in read(site, "versions/index.html")
    changes = read(site, f"versions/{old}-to-{new}.html")
    assert "<ins>serve,</ins>" in changes or "<ins>serve</ins>" in changes
    assert f"Changes from {old} to {new}" in plain(changes)
    # The diff page offers the clause-level redline and blackline; what it links is there, with its sha256.
    for suffix, magic in ((".docx", b"PK\x03\x04"), (".pdf", b"%PDF-")):
        name_ = f"redline-{old}-to-{new}{suffix}"
        link = f"../downloads/changes/{old}-to-{new}/{name_}"
        assert f'href="{link}"' in changes
        data = (site / "versions" / link).resolve().read_bytes()
        assert data.startswith(magic) and hashlib.sha256(data).hexdigest() in changes

    superseded = read(site, f"licenses/{name}-{old}.html")
    assert "Superseded version" in superseded and f"Version {new} replaces it" in plain(superseded)
    assert f'<a href="{name}-{new}.html">{name}-{new}</a>' in superseded
    assert "help others load, run, train" in plain(superseded)  # the old text, as released
    current = read(site, f"licenses/{name}-{new}.html")
    assert "Superseded version" not in current and "help others load, run, serve, train" in plain(current)
    nav = read(site, "index.html")
    assert f"{name}-{new}.html" in nav and f"{name}-{old}.html" not in nav  # only the current version in the nav

    for path in (f"{name}-{old}/license.txt", f"{name}-{old}/license.pdf", f"{name}-{new}/license.txt"):
        data = (site / "downloads" / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() in read(site, f"licenses/{path.split('/')[0]}.html")

    # Release the new version: the Versions page lists both releases, and the diff is between the two releases.
    release(root, (old, repo[1]), (new, second))
    commit(root, f"release {new}")
    build_site(root, site, artifacts)
    page = plain(read(site, "versions/index.html"))
    assert "not released yet" not in page
    assert f"Version {new} (current)" in page and f"{second[:12]}" in page
    assert (site / "versions" / f"{old}-to-{new}.html").is_file()
    first = next(v for v in family.variants if set(v.options) <= set(versions.nc.options))  # kept too
    assert f"Version {new} replaces it" in plain(read(site, f"licenses/{first.name}-{old}.html"))
