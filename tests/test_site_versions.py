"""The Versions page and superseded versions: a git repository with two versions of a small family.

The family is the real corpus cut down to three variants (so that each version
typesets quickly), released as 2.0, then edited into 2.1: first unreleased (the
working tree), then released too.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from clausekit.site import build_site
from conftest import REPO, copy_sources, edit, git

KEPT = ("MG0", "MG-BY", "MG-BY-NC")
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


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A repository whose 2.0 is released and whose working tree (committed) is 2.1."""
    root = copy_sources(REPO, tmp_path_factory.mktemp("versions") / "repo")
    shutil.copytree(REPO / "site", root / "site")
    family = root / "variants.yaml"
    head, _, tail = family.read_text(encoding="utf-8").partition("\nvariants:\n")
    entries = [e for e in tail.split("  - name: ")[1:] if e.split("\n", 1)[0] in KEPT]
    family.write_text(head + "\nvariants:\n" + "".join("  - name: " + e for e in entries), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "config", "user.email", "test@example.invalid")
    git(root, "config", "user.name", "Test")
    first = commit(root, "2.0")
    release(root, ("2.0", first))
    commit(root, "release 2.0")
    edit(root, "variants.yaml", 'version: "2.0"', 'version: "2.1"')
    edit(root, CLAUSE, "help others load, run, train", "help others load, run, serve, train")
    second = commit(root, "2.1")
    return root, first, second


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def plain(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", markup).split())


def test_superseded_pages_point_to_the_current_version(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    root, _, second = repo
    artifacts, site = tmp_path / "artifacts", tmp_path / "site"
    build_site(root, site, artifacts)

    versions = plain(read(site, "versions/index.html"))
    assert "Version 2.1 (current)" in versions and "not released yet" in versions
    assert "Version 2.0" in versions and "superseded by version 2.1" in versions
    assert 'href="2.0-to-2.1.html"' in read(site, "versions/index.html")
    changes = read(site, "versions/2.0-to-2.1.html")
    assert "<ins>serve,</ins>" in changes or "<ins>serve</ins>" in changes
    assert "Changes from 2.0 to 2.1" in plain(changes)

    old = read(site, "licenses/MG-BY-NC-2.0.html")
    assert "Superseded version" in old and "Version 2.1 replaces it" in plain(old)
    assert '<a href="MG-BY-NC-2.1.html">MG-BY-NC-2.1</a>' in old
    assert "help others load, run, train" in plain(old)  # the old text, as released
    current = read(site, "licenses/MG-BY-NC-2.1.html")
    assert "Superseded version" not in current and "help others load, run, serve, train" in plain(current)
    nav = read(site, "index.html")
    assert "MG-BY-NC-2.1.html" in nav and "MG-BY-NC-2.0.html" not in nav  # only the current version in the nav

    for path in ("MG-BY-NC-2.0/license.txt", "MG-BY-NC-2.0/license.pdf", "MG-BY-NC-2.1/license.txt"):
        data = (site / "downloads" / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() in read(site, f"licenses/{path.split('/')[0]}.html")

    # Release 2.1: the Versions page lists both releases, and the diff is between the two releases.
    release(root, ("2.0", repo[1]), ("2.1", second))
    commit(root, "release 2.1")
    build_site(root, site, artifacts)
    versions = plain(read(site, "versions/index.html"))
    assert "not released yet" not in versions
    assert "Version 2.1 (current)" in versions and f"{second[:12]}" in versions
    assert (site / "versions" / "2.0-to-2.1.html").is_file()
    assert "Version 2.1 replaces it" in plain(read(site, "licenses/MG0-2.0.html"))
