"""Editions and releases: released texts never change, drafts are marked, variants have a lifecycle.

A scratch repository holds the real corpus cut down to a few variants (so the
default site and PDFs build quickly), committed and released with `mgl release`. Each test copies
it and edits one word of a clause that some variants contain; which variants, and
the clause's id, are read from the committed build/ and the fragment's front matter,
not from the implementation.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from clausekit.site import build_site
from clausekit.sources.types import Family, Variant
from conftest import REPO, RunCli, copy_sources, edit, git, next_version

CLAUSE = "clauses/01-definitions/def-complementary-materials.md"
OLD_WORDS, NEW_WORDS = "help others load, run, train", "help others load, run, serve, train"
DRAFT_LINE = "Status: draft, not released"


def words(text: str) -> str:
    return " ".join(text.split())


def clause_id(root: Path) -> str:
    front = (root / CLAUSE).read_text(encoding="utf-8").split("---\n")[1]
    return str(yaml.safe_load(front)["id"])


def kept_variants(family: Family) -> list[Variant]:
    """The NC variant with the fewest options and every variant whose options it includes."""
    nc = min((v for v in family.variants if v.has("NC")), key=lambda v: len(v.options))
    return [v for v in family.variants if set(v.options) <= set(nc.options)]


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory, family: Family) -> Path:
    """A git repository whose current version is released with `mgl release`."""
    from clausekit.cli.main import main

    root = copy_sources(REPO, tmp_path_factory.mktemp("editions") / "repo")
    names = {v.name for v in kept_variants(family)}
    path = root / "variants.yaml"
    head, _, tail = path.read_text(encoding="utf-8").partition("\nvariants:\n")
    entries = [e for e in tail.split("  - name: ")[1:] if e.split("\n", 1)[0] in names]
    path.write_text(head + "\nvariants:\n" + "".join("  - name: " + e for e in entries), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "config", "user.email", "test@example.invalid")
    git(root, "config", "user.name", "Test")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sources")
    assert main(["release", family.version, "--root", str(root), "--date", "2026-11-21"]) == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "release")
    return root


@pytest.fixture
def repo(released: Path, tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(released, target)
    return target


def affected(family: Family) -> list[str]:
    """The kept variants whose committed text contains the words the tests edit."""
    return sorted(
        v.id
        for v in kept_variants(family)
        if OLD_WORDS in words((REPO / "build" / v.id / "license.txt").read_text(encoding="utf-8"))
    )


def test_release_records_head_and_the_digests_of_the_built_texts(
    repo: Path, family: Family, mgl: RunCli, tmp_path: Path
) -> None:
    entry = yaml.safe_load((repo / "versions.yaml").read_text(encoding="utf-8"))["versions"][-1]
    assert entry["version"] == family.version
    assert entry["revision"] == git(repo, "rev-parse", "HEAD~1")  # the commit before versions.yaml's
    assert mgl("build", "--root", repo, "--out", tmp_path / "out", "--format", "txt").code == 0
    built = {
        v.id: hashlib.sha256((tmp_path / "out" / v.id / "license.txt").read_bytes()).hexdigest()
        for v in kept_variants(family)
    }
    assert entry["texts"] == built
    again = mgl("release", family.version, "--root", repo)
    assert again.code == 2 and "already listed" in again.err


def test_release_refuses_uncommitted_sources(repo: Path, family: Family, mgl: RunCli) -> None:
    edit(repo, "variants.yaml", f'version: "{family.version}"', f'version: "{next_version(family.version)}"')
    before = (repo / "versions.yaml").read_bytes()
    result = mgl("release", next_version(family.version), "--root", repo)
    assert result.code == 2 and "uncommitted" in result.err and "Traceback" not in result.err
    assert (repo / "versions.yaml").read_bytes() == before


def test_changing_a_released_text_names_the_version_variants_and_clause(
    repo: Path, family: Family, mgl: RunCli, tmp_path: Path
) -> None:
    expected = affected(family)
    assert expected, "no kept variant contains the edited words"
    edit(repo, CLAUSE, OLD_WORDS, NEW_WORDS)
    for command in (("lint",), ("build", "--out", tmp_path / "out"), ("build", "--check")):
        result = mgl(*command, "--root", repo)
        assert result.code == 2, command
        assert "versions.yaml" in result.err and f"version {family.version} is released" in result.err
        named = sorted(set(re.findall(r"the text of (\S+) differs", result.err)))
        assert named == expected
        assert clause_id(repo) in result.err and CLAUSE in result.err
        assert "--erratum" in result.err and "family.version" in result.err  # the two ways out
    assert not list((tmp_path / "out").rglob("license.*"))  # nothing was written


def test_without_the_release_commit_the_digest_is_named(repo: Path, family: Family, mgl: RunCli) -> None:
    shutil.rmtree(repo / ".git")
    edit(repo, CLAUSE, OLD_WORDS, NEW_WORDS)
    result = mgl("lint", "--root", repo)
    assert result.code == 2 and "differs from the digest recorded" in result.err


def test_an_erratum_accepts_the_corrected_text(repo: Path, family: Family, mgl: RunCli) -> None:
    edit(repo, CLAUSE, OLD_WORDS, NEW_WORDS)
    result = mgl("release", "--erratum", "Adds a missing word.", "--date", "2026-12-01", "--root", repo)
    assert result.code == 0, result.err
    entry = yaml.safe_load((repo / "versions.yaml").read_text(encoding="utf-8"))["versions"][-1]
    assert [(e["note"], sorted(e["texts"])) for e in entry["errata"]] == [("Adds a missing word.", affected(family))]
    assert mgl("lint", "--root", repo).code == 0
    assert "erratum 2026-12-01: Adds a missing word." in mgl("versions", "--root", repo).out
    edit(repo, CLAUSE, NEW_WORDS, OLD_WORDS.replace("train", "teach"))  # a second edit is not covered
    assert mgl("lint", "--root", repo).code == 2


def test_a_draft_is_marked_in_every_edition(repo: Path, family: Family, mgl: RunCli, tmp_path: Path) -> None:
    draft = next_version(family.version)
    edit(repo, CLAUSE, OLD_WORDS, NEW_WORDS)
    edit(repo, "variants.yaml", f'version: "{family.version}"', f'version: "{draft}"')
    assert mgl("lint", "--root", repo).code == 0
    variant = f"{kept_variants(family)[0].name}-{draft}"
    out = tmp_path / "out"
    built = mgl("build", "--root", repo, "--out", out, "--variant", variant, "--format", "txt,md,json,html,pdf")
    assert built.code == 0, built.err
    folder = out / variant
    assert DRAFT_LINE in words((folder / "license.txt").read_text(encoding="utf-8").split("\n\n\n")[0])
    assert DRAFT_LINE in (folder / "license.md").read_text(encoding="utf-8")
    assert json.loads((folder / "license.json").read_text(encoding="utf-8"))["status"] == "draft"
    title_block = (folder / "license.html").read_text(encoding="utf-8").split('<header class="title-block">')[1]
    assert "<dt>Status</dt><dd>draft, not released</dd>" in title_block.split("</header>")[0]
    pdf = PdfReader(io.BytesIO((folder / "license.pdf").read_bytes()))
    assert "draft, not released" in words(pdf.pages[0].extract_text())
    released_json = json.loads((REPO / "build" / family.variants[0].id / "license.json").read_text(encoding="utf-8"))
    assert released_json["status"] == "released"
    assert DRAFT_LINE not in released_json["text"]


def test_lifecycle_shows_in_list_and_on_old_pages(repo: Path, family: Family, mgl: RunCli, tmp_path: Path) -> None:
    draft = next_version(family.version)
    old, kept = kept_variants(family)[-1], kept_variants(family)[0]
    edit(repo, "variants.yaml", f'version: "{family.version}"', f'version: "{draft}"')
    edit(repo, "variants.yaml", f"  - name: {kept.name}\n", f"  - name: {kept.name}\n    status: deprecated\n")
    with (repo / "versions.yaml").open("a", encoding="utf-8") as record:
        record.write(
            f"    lifecycle:\n      {old.id}:\n        status: superseded\n"
            f"        successor: {old.name}-{draft}\n        reason: Rewritten for clarity.\n"
        )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "draft")
    rows = {r["id"]: r for r in json.loads(mgl("list", "--root", repo, "--json").out)}
    assert rows[f"{kept.name}-{draft}"]["status"] == "deprecated"
    assert rows[f"{old.name}-{draft}"]["status"] == "active"
    table = mgl("list", "--root", repo).out
    assert re.search(rf"^{re.escape(kept.name)}-{re.escape(draft)}\s+deprecated\b", table, re.MULTILINE)

    site = tmp_path / "site"
    build_site(repo, site, tmp_path / "artifacts")
    page = (site / "licenses" / f"{old.id}.html").read_text(encoding="utf-8")
    assert "Status: superseded." in page and "Rewritten for clarity." in page
    assert re.search(r"Rewritten for clarity\.</span>\s+\w", page), "the reason runs into the next sentence"
    assert f'<a href="{old.name}-{draft}.html">{old.name}-{draft}</a>' in page
    pages = [p for p in site.rglob("*.html") if "downloads" not in p.parts and p.name != "404.html"]
    assert len(pages) > len(family.variants) // 2
    for html_page in pages:
        assert "is a draft, not released" in html_page.read_text(encoding="utf-8"), html_page


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("    status: retired\n", "unknown status 'retired'"),
        ("    status: superseded\n    successor: NOPE-9.9\n", "successor 'NOPE-9.9'"),
        ("    successor: {id}\n", "`successor` is given but the variant is active"),
    ],
)
def test_bad_lifecycle_is_refused_with_file_and_line(
    corpus: Path, family: Family, mgl: RunCli, entry: str, message: str
) -> None:
    variant = family.variants[-1]
    line = edit(
        corpus,
        "variants.yaml",
        f"  - name: {variant.name}\n",
        f"  - name: {variant.name}\n" + entry.format(id=family.variants[0].id),
    )
    result = mgl("lint", "--root", corpus)
    assert result.code == 2 and message in result.err and "Traceback" not in result.err
    assert re.search(rf"variants\.yaml:{line + 1}: error", result.err), result.err
