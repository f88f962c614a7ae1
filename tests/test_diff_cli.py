"""`mgl diff`, `mgl versions` and `mgl build --rev` as a user meets them (not a terminal)."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from clausekit.document.types import Document
from clausekit.sources.files import SourceText
from clausekit.sources.types import Family
from clausekit.sources.versions import load_versions, parse_versions, resolve_revision
from conftest import REPO, RunCli, git, next_version
from test_diff import Repo, make_repo

HOSTILE = "{{ '{{' }} x {{ '}}' }} {{ '{%' }} y {{ '%}' }} &lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def edited(tmp_path: Path) -> Repo:
    """A repository whose last commit changes one word of the clause every variant has."""
    repo = make_repo(REPO, tmp_path / "repo")
    repo.edit("clauses/05-termination/term.md", "no fixed end date", "no set end date")
    repo.commit()
    return repo


def test_text_is_plain_with_word_markers(mgl: RunCli, edited: Repo, documents: tuple[Document, ...]) -> None:
    result = mgl("diff", "HEAD~1", "HEAD", "--root", edited.root)
    assert result.code == 0, result.err
    assert "\x1b[" not in result.out
    # Variants whose summaries read the same share one line.
    assert f"{', '.join(d.variant_id for d in documents)}: 1 clause changed, sheet unchanged" in result.out
    number = next(c.number for _, c in documents[0].clauses() if c.id == "term")
    # The clause id is not repeated when it is just the title in lower case ("Term term").
    assert f"changed {number} Term (clauses/05-termination/term.md)" in result.out
    assert f"text in all {len(documents)} variants:" in result.out
    assert "This License has no [-fixed-]{+set+} end date." in result.out


def test_json_has_the_documented_shape(mgl: RunCli, edited: Repo, family: Family) -> None:
    data = json.loads(mgl("diff", "HEAD~1", "HEAD", "--root", edited.root, "--format", "json").out)
    assert (data["format"], data["version"], data["mode"], data["empty"]) == ("clausekit-diff", 1, "library", False)
    assert list(data) == [
        "format",
        "version",
        "mode",
        "old",
        "new",
        "empty",
        "family",
        "summary",
        "family_changes",
        "variants",
        "options",
        "sections",
        "renumbering",
        "clauses",
        "compat",
        "declarations",
        "translations",
    ]
    assert data["translations"] == {"default_language": [], "added": [], "removed": [], "languages": []}
    (clause,) = data["clauses"]
    assert (clause["old_id"], clause["new_id"], clause["kinds"]) == ("term", "term", ["changed"])
    (text,) = clause["text"]
    assert text["variants"] == [v.id for v in family.variants]
    assert [s for s in text["diff"] if s["op"] != "equal"] == [
        {"op": "delete", "text": " fixed"},
        {"op": "insert", "text": " set"},
    ]
    assert "".join(s["text"] for s in text["diff"] if s["op"] != "delete").startswith("This License has no set end")


def test_markdown_renders_with_deletions_and_insertions(mgl: RunCli, edited: Repo) -> None:
    markdown = mgl("diff", "HEAD~1", "HEAD", "--root", edited.root, "--format", "md").out
    html = MarkdownIt("commonmark").enable("strikethrough").render(markdown)
    assert "<s>fixed</s><strong>set</strong>" in html
    assert "<blockquote>" in html and "Term" in html and "<code>term</code>" not in html
    assert "<h3>Summary</h3>" in html


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag not in ("meta", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_standalone_and_escapes_every_clause_text(mgl: RunCli, edited: Repo) -> None:
    edited.edit("clauses/05-termination/term.md", "no set end date", f"no set end date {HOSTILE}")
    edited.commit()
    page = mgl("diff", "HEAD~1", "HEAD", "--root", edited.root, "--format", "html").out
    assert page.startswith("<!DOCTYPE html>")
    for raw in ("{{", "{%", "%}", "}}", "<script"):
        assert raw not in page
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert not parser.open, "every element is closed"
    assert {"ins", "blockquote", "ul", "li"} <= parser.tags and "script" not in parser.tags
    assert "{{ x }} {% y %} <script>alert(1)</script>" in "".join(parser.text)  # shown, as text


def test_nothing_to_report(mgl: RunCli, edited: Repo) -> None:
    result = mgl("diff", "HEAD", "--root", edited.root)  # the working tree is HEAD
    assert result.code == 0
    assert "No differences" in result.out
    assert json.loads(mgl("diff", "HEAD", "HEAD", "--root", edited.root, "--format", "json").out)["empty"]


def test_variant_filter(mgl: RunCli, edited: Repo, family: Family) -> None:
    wanted, other = family.variants[-1], family.variants[0]
    result = mgl("diff", "HEAD~1", "HEAD", "--root", edited.root, "--variant", wanted.name)
    assert result.code == 0
    assert f"text in {wanted.id}:" in result.out and other.id not in result.out
    bad = mgl("diff", "HEAD~1", "HEAD", "--root", edited.root, "--variant", "NO-SUCH")
    assert bad.code == 2 and "--variant: error: unknown variant 'NO-SUCH'" in bad.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("v9.9",), "v9.9: error: cannot compare this: there is no file or folder of this name"),
        (("HEAD", "/no/such/place"), "/no/such/place: error: cannot compare this"),
        (("HEAD", "clauses"), "the folder holds no variants.yaml"),
        (("variants.yaml",), "a license file can only be compared with another license file"),
    ],
)
def test_bad_sides_are_clear_errors(mgl: RunCli, edited: Repo, args: tuple[str, ...], message: str) -> None:
    result = mgl(
        "diff", *(str(edited.root / a) if a in ("clauses", "variants.yaml") else a for a in args), "--root", edited.root
    )
    assert result.code == 2
    assert message in result.err
    assert "fix:" in result.err and "Traceback" not in result.err
    assert result.out == ""


def test_a_side_that_fails_lint_reports_its_problems(mgl: RunCli, edited: Repo) -> None:
    edited.edit("clauses/05-termination/term.md", "{{ ref('termination') }}", "{{ ref('no-such-clause') }}")
    edited.commit()
    result = mgl("diff", "HEAD~1", "HEAD", "--root", edited.root)
    assert result.code == 2
    assert "HEAD:clauses/05-termination/term.md:" in result.err
    assert "no-such-clause" in result.err and "Traceback" not in result.err


def test_outside_a_git_repository(mgl: RunCli, tmp_path: Path) -> None:
    result = mgl("diff", "HEAD~1", "--root", tmp_path)
    assert result.code == 2
    assert "which is in no git repository" in result.err


def test_build_from_a_revision_leaves_the_working_tree_alone(
    mgl: RunCli, edited: Repo, tmp_path: Path, family: Family
) -> None:
    out = tmp_path / "out"
    result = mgl("build", "--root", edited.root, "--rev", "HEAD~1", "--out", out, "--format", "txt")
    assert result.code == 0, result.err
    for variant in family.variants:
        assert "no fixed end date" in (out / variant.id / "license.txt").read_text(encoding="utf-8")
    assert git(edited.root, "status", "--porcelain") == ""
    bad = mgl("build", "--root", edited.root, "--rev", "no-such-tag", "--out", out)
    assert bad.code == 2
    assert "no-such-tag: error: not a revision of the git repository at" in bad.err


def test_versions_file_of_this_repository() -> None:
    raw = yaml.safe_load((REPO / "versions.yaml").read_text(encoding="utf-8"))["versions"]
    releases = load_versions(REPO)
    assert releases and len(releases) == len(raw)
    assert [(r.version, r.date, r.revision) for r in releases] == [
        (e["version"], str(e["date"]), e["revision"]) for e in raw
    ]
    assert all(len(r.revision) == 40 for r in releases)


def test_versions_command_and_diff_by_version(mgl: RunCli, edited: Repo, family: Family) -> None:
    first, second = git(edited.root, "rev-parse", "HEAD~1"), git(edited.root, "rev-parse", "HEAD")
    old, new = family.version, next_version(family.version)  # two releases this test makes
    (edited.root / "versions.yaml").write_text(
        f'versions:\n  - version: "{old}"\n    date: 2026-11-21\n    revision: {first}\n'
        f'  - version: "{new}"\n    date: 2026-12-01\n    revision: {second}\n',
        encoding="utf-8",
    )
    listed = mgl("versions", "--root", edited.root)
    assert listed.out.splitlines() == [
        f"{old}  2026-11-21  {first[:12]}  superseded by {new}",
        f"{new}  2026-12-01  {second[:12]}  current; changes: mgl diff {old} {new}",
    ]
    rows = json.loads(mgl("versions", "--root", edited.root, "--json").out)
    assert [(r["version"], r["previous"], r["superseded_by"], r["available"]) for r in rows] == [
        (old, None, new, True),
        (new, old, None, True),
    ]
    result = mgl("diff", old, new, "--root", edited.root)
    assert result.code == 0 and result.out.startswith(f"{family.name}: version {old} (")
    assert "[-fixed-]{+set+}" in result.out


def test_bad_versions_file_names_the_line() -> None:
    checked = parse_versions(
        SourceText(
            "versions.yaml", 'versions:\n  - version: "1.0"\n    date: soon\n    revision: xyz\n    colour: red\n'
        )
    )
    assert checked.value is None
    problems = checked.problems
    assert [(p.line, p.message.split(",")[0]) for p in problems] == [
        (5, "unknown key 'colour' in a release"),
        (3, "`date` must be YYYY-MM-DD"),
        (4, "`revision` must be a commit id"),
    ]


def test_the_released_version_diffs_against_the_working_tree(mgl: RunCli) -> None:
    release = load_versions(REPO)[-1]  # the latest release
    if resolve_revision(REPO, release.revision) is None:
        pytest.skip("this clone does not have the release commit")
    result = mgl("diff", release.version, "--root", REPO, "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["old"].startswith(f"version {release.version}")


def test_a_process_gets_exit_2_and_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "clausekit", "diff", "nope", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_variants_with_the_same_outcome_share_a_summary_line() -> None:
    from clausekit.diff.render.outline import grouped_summaries

    lines = ["A-1: text unchanged", "B-1 (was B-0): 2 clauses changed", "C-1: text unchanged", "D-1: removed (X)"]
    assert grouped_summaries(lines) == [
        "A-1, C-1: text unchanged",
        "B-1 (was B-0): 2 clauses changed",
        "D-1: removed (X)",
    ]
