"""`mgl diff` between revisions of a git repository: scripted edits of the real corpus.

Each test copies the corpus into a fresh repository, commits it, makes one kind of
edit, commits again and compares HEAD~1 with HEAD, as a maintainer reviewing a
pull request would.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from clausekit.diff import DiffReport, diff_sources
from clausekit.diff.report import ClauseChange
from clausekit.sources.types import Family
from conftest import REPO, TINY, copy_sources, edit, git

ALL = (
    "MG0-2.0",
    "MG-BY-2.0",
    "MG-BY-OS-2.0",
    "MG-BY-NC-OS-2.0",
    "MG-BY-RAI-2.0",
    "MG-BY-NC-2.0",
    "MG-BY-ND-2.0",
    "MG-BY-NC-ND-2.0",
    "MG-BY-NC-RAI-2.0",
)
NC = ("MG-BY-NC-OS-2.0", "MG-BY-NC-2.0", "MG-BY-NC-ND-2.0", "MG-BY-NC-RAI-2.0")
REVOCABLE = ("MG-BY-RAI-2.0", "MG-BY-NC-2.0", "MG-BY-ND-2.0", "MG-BY-NC-ND-2.0", "MG-BY-NC-RAI-2.0")


@dataclass(frozen=True)
class Repo:
    """A git repository holding a clause library, with helpers for scripted edits."""

    root: Path

    def edit(self, relative: str, old: str, new: str) -> None:
        edit(self.root, relative, old, new)

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str = "edit") -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "--allow-empty", "-m", message)
        return git(self.root, "rev-parse", "HEAD")

    def diff(self, old: str = "HEAD~1", new: str | None = "HEAD", variants: tuple[str, ...] = ()) -> DiffReport:
        report = diff_sources(old, new, self.root, variants)
        assert isinstance(report, DiffReport)
        return report


def make_repo(source: Path, target: Path) -> Repo:
    copy_sources(source, target)
    git(target, "init", "-q")
    git(target, "config", "user.name", "Test")
    git(target, "config", "user.email", "test@example.invalid")
    git(target, "config", "commit.gpgsign", "false")
    repo = Repo(target)
    repo.commit("initial corpus")
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repo]:
    yield make_repo(REPO, tmp_path / "repo")


def only(report: DiffReport) -> ClauseChange:
    assert len(report.clauses) == 1, [c.new_id or c.old_id for c in report.clauses]
    return report.clauses[0]


def summaries(report: DiffReport) -> dict[str, str]:
    return {v.id: v.summary.split(": ", 1)[1] for v in report.variants}


def test_a_one_word_change_lists_exactly_the_variants_containing_the_clause(repo: Repo) -> None:
    repo.edit("clauses/05-termination/revocation.md", "at any time, with effect", "at any moment, with effect")
    repo.commit()
    report = repo.diff()
    change = only(report)
    assert (change.new_id, change.kinds, change.number) == ("revocation", ("changed",), "5.2")
    assert change.variants == REVOCABLE  # revocation has `when: revocable`; the others never had it
    assert len(change.text) == 1 and change.text[0].variants == REVOCABLE
    assert change.text[0].diff.edits() == (("delete", ("time",)), ("insert", ("moment",)))
    lines = summaries(report)
    assert all(lines[v] == "1 clause changed, sheet unchanged" for v in REVOCABLE)
    assert all(lines[v] == "text unchanged, sheet unchanged" for v in ALL if v not in REVOCABLE)
    assert not report.renumbering and not report.compat and not report.options


def test_a_change_in_a_shared_clause_lists_every_variant(repo: Repo) -> None:
    repo.edit("clauses/05-termination/term.md", "no fixed end date", "no set end date")
    repo.commit()
    assert only(repo.diff()).variants == ALL


def test_a_change_inside_an_nc_conditional_lists_only_nc_variants(repo: Repo) -> None:
    repo.edit("clauses/05-termination/survival.md", "the NonCommercial limit in", "the NonCommercial restriction in")
    repo.commit()
    change = only(repo.diff())
    assert change.new_id == "survival"
    assert change.variants == NC
    assert [t.variants for t in change.text] == [NC]


def test_a_branch_that_only_some_nc_variants_render_lists_only_those(repo: Repo) -> None:
    # In output.md this branch sits inside {% if not ND %}: MG-BY-NC-ND never renders it.
    repo.edit(
        "clauses/02-rights/output.md",
        "for NonCommercial purposes only{% else %}",
        "solely for NonCommercial purposes{% else %}",
    )
    repo.commit()
    change = only(repo.diff())
    assert change.variants == ("MG-BY-NC-OS-2.0", "MG-BY-NC-2.0", "MG-BY-NC-RAI-2.0")


NOTICE = """---
id: notice-period
title: Notice Period
section: termination
order: 15
---
A notice under this License takes effect when it is received, as {{ ref('survival') }} explains.
"""


def test_an_inserted_clause_renumbers_without_spurious_changes(repo: Repo) -> None:
    repo.write("clauses/05-termination/notice-period.md", NOTICE)
    repo.commit()
    report = repo.diff()
    change = only(report)  # revocation, termination-breach and output refer to Survival (now 5.6): no change
    assert (change.new_id, change.kinds, change.variants) == ("notice-period", ("added",), ALL)
    groups = {g.variants: [(r.old, r.new) for r in g.mapping] for g in report.renumbering}
    assert groups == {
        ("MG0-2.0", "MG-BY-2.0", "MG-BY-OS-2.0", "MG-BY-NC-OS-2.0"): [
            ("Section 5.2", "Section 5.3"),
            ("Section 5.3", "Section 5.4"),
            ("Section 5.4", "Section 5.5"),
        ],
        REVOCABLE: [
            ("Section 5.2", "Section 5.3"),
            ("Section 5.3", "Section 5.4"),
            ("Section 5.4", "Section 5.5"),
            ("Section 5.5", "Section 5.6"),
        ],
    }
    assert summaries(report)["MG-BY-NC-2.0"] == "1 clause added, 4 renumbered, sheet unchanged"
    assert all(v.clauses_changed == 0 for v in report.variants)


def test_a_reference_that_now_points_elsewhere_is_a_change(repo: Repo) -> None:
    repo.write("clauses/05-termination/notice-period.md", NOTICE)
    repo.edit(
        "clauses/05-termination/termination-breach.md",
        "treated as {{ ref('survival') }}",
        "treated as {{ ref('term') }}",
    )
    repo.commit()
    report = repo.diff()
    changed = [c for c in report.clauses if "changed" in c.kinds]
    assert [c.new_id for c in changed] == ["termination-breach"]
    edits = {t.diff.edits(): t.variants for t in changed[0].text}
    assert edits == {
        (("delete", ("5.5",)), ("insert", ("5.1",))): ("MG0-2.0", "MG-BY-2.0", "MG-BY-OS-2.0", "MG-BY-NC-OS-2.0"),
        (("delete", ("5.6",)), ("insert", ("5.1",))): REVOCABLE,
    }


def test_rewrapping_and_spacing_report_nothing(repo: Repo) -> None:
    repo.edit(
        "clauses/05-termination/revocation.md",
        "at any time, with effect for the future only,",
        "at any\ntime,   with effect\nfor the future only,  ",
    )
    repo.edit("clauses/05-termination/term.md", "no fixed end date", "no  fixed\nend date")
    repo.commit()
    report = repo.diff()
    assert report.empty
    assert set(summaries(report).values()) == {"text unchanged, sheet unchanged"}


def test_a_renamed_id_with_the_same_text_is_renamed_not_removed_and_added(repo: Repo) -> None:
    old = repo.root / "clauses/06-scope/datasets.md"
    text = old.read_text(encoding="utf-8").replace("id: datasets", "id: training-data", 1)
    old.unlink()
    repo.write("clauses/06-scope/training-data.md", text)
    repo.edit("clauses/02-rights/copyleft.md", "ref('datasets')", "ref('training-data')")
    repo.commit()
    change = only(repo.diff())
    assert (change.old_id, change.new_id, change.kinds) == ("datasets", "training-data", ("renamed",))
    assert change.similarity == 1.0
    assert change.source.old == "clauses/06-scope/datasets.md"
    assert change.source.new == "clauses/06-scope/training-data.md"
    assert not change.text


def test_a_renamed_and_reworded_clause_is_matched_by_similarity(repo: Repo) -> None:
    old = repo.root / "clauses/06-scope/severability.md"
    text = old.read_text(encoding="utf-8").replace("id: severability", "id: partial-invalidity", 1)
    old.unlink()
    repo.write(
        "clauses/06-scope/partial-invalidity.md", text.replace("title: Severability", "title: Partial Invalidity")
    )
    repo.commit()
    change = only(repo.diff())
    assert change.kinds == ("renamed", "changed")
    assert (change.title.old, change.title.new) == ("Severability", "Partial Invalidity")
    assert change.similarity is not None and 0.6 <= change.similarity < 1


def test_reordering_marks_the_clause_moved_and_renumbers(repo: Repo) -> None:
    repo.edit("clauses/06-scope/no-waiver.md", "order: 40", "order: 25")
    repo.commit()
    report = repo.diff()
    moved = [c for c in report.clauses if "moved" in c.kinds]
    assert [c.new_id for c in moved] == ["no-waiver"] and moved[0].kinds == ("moved",)
    assert [c for c in report.clauses if "changed" in c.kinds] == []
    (group,) = report.renumbering
    assert group.variants == ALL
    assert [(r.old, r.new) for r in group.mapping] == [("Section 6.4", "Section 6.3"), ("Section 6.3", "Section 6.4")]


def test_a_new_variant_a_changed_fact_and_its_sheet(repo: Repo) -> None:
    repo.edit(
        "variants.yaml",
        "options: [BY, NC]\n    facts: {revocable: true,",
        "options: [BY, NC]\n    facts: {revocable: false,",
    )
    with (repo.root / "variants.yaml").open("a", encoding="utf-8") as family:
        family.write(
            "  - name: MG-BY-ND-RAI\n"
            "    title: ModelGo Attribution-NoDerivatives-ResponsibleAI License\n"
            "    options: [BY, ND, RAI]\n"
            "    facts: {revocable: true, sublicensing: auto, copyright_grant: true, patent_grant: true}\n"
        )
    repo.commit()
    report = repo.diff()
    added = [v for v in report.variants if v.status == "added"]
    assert [(v.new_id, v.summary) for v in added] == [("MG-BY-ND-RAI-2.0", "MG-BY-ND-RAI-2.0: new variant (BY ND RAI)")]
    nc = next(v for v in report.variants if v.id == "MG-BY-NC-2.0")
    assert [(f.name, f.old, f.new) for f in nc.facts] == [("revocable", "true", "false")]
    assert [(s.row, s.old, s.new) for s in nc.sheet] == [("revocable", "yes", "no")]
    assert nc.summary.endswith("1 fact changed (revocable), 1 sheet row changed")
    revocation = next(c for c in report.clauses if c.new_id == "revocation")
    assert revocation.excluded == ("MG-BY-NC-2.0",)
    assert all(c.variants == ("MG-BY-NC-2.0",) for c in report.clauses)  # the new variant changes no clause


def test_a_removed_variant_changes_remix_verdicts(repo: Repo) -> None:
    repo.edit(
        "variants.yaml",
        "  - name: MG-BY-NC-OS\n"
        "    title: ModelGo Attribution-NonCommercial-OpenSource License\n"
        "    options: [BY, NC, OS]\n"
        "    facts: {revocable: false, sublicensing: auto, copyright_grant: true, patent_grant: true}\n",
        "",
    )
    repo.commit()
    report = repo.diff()
    assert [(v.old_id, v.status) for v in report.variants if v.status != "unchanged"] == [
        ("MG-BY-NC-OS-2.0", "removed")
    ]
    verdicts = {(c.first, c.second): (c.old, c.new) for c in report.compat}
    assert verdicts[("MG-BY-OS-2.0", "MG-BY-NC-2.0")] == ("compatible: MG-BY-NC-OS-2.0", "incompatible")
    assert all(c.new_id is None or "MG-BY-NC-OS-2.0" not in c.variants for c in report.clauses)


def test_a_removed_option_with_its_variant_and_clause(tmp_path: Path) -> None:
    repo = make_repo(TINY, tmp_path / "tiny")
    family = (repo.root / "variants.yaml").read_text(encoding="utf-8")
    start = family.index("  - code: PV")
    family = family[:start] + family[family.index("rules:") :]
    family = family.replace(
        "rules:\n  - never: [SH, PV]\n    because: private use cannot require public sharing.\n", ""
    )
    family = family[: family.index("  - name: TDL-PV")]
    (repo.root / "variants.yaml").write_text(family, encoding="utf-8")
    (repo.root / "clauses/private-only.md").unlink()
    repo.commit()
    report = repo.diff()
    assert [(o.code, o.status) for o in report.options] == [("PV", "removed")]
    assert [(v.old_id, v.status) for v in report.variants] == [
        ("TDL-1.0", "unchanged"),
        ("TDL-SH-1.0", "unchanged"),
        ("TDL-PV-1.0", "removed"),
    ]
    change = only(report)
    assert (change.old_id, change.kinds, change.variants) == ("private-only", ("removed",), ("TDL-PV-1.0",))


def test_a_new_edition_matches_variants_by_name(repo: Repo) -> None:
    repo.edit("variants.yaml", 'version: "2.0"', 'version: "2.1"')
    repo.commit()
    report = repo.diff()
    assert [(f.name, f.old, f.new) for f in report.family] == [("version", "2.0", "2.1")]
    assert (report.variants[0].old_id, report.variants[0].new_id) == ("MG0-2.0", "MG0-2.1")
    assert not report.compat and all(v.status == "changed" for v in report.variants)  # the ids in the text


def test_variant_filter_and_same_sides(repo: Repo) -> None:
    repo.edit("clauses/05-termination/term.md", "no fixed end date", "no set end date")
    repo.commit()
    report = repo.diff(variants=("MG-BY-NC",))
    assert [v.id for v in report.variants] == ["MG-BY-NC-2.0"]
    assert only(report).variants == ("MG-BY-NC-2.0",)
    assert repo.diff("HEAD", "HEAD").empty


def test_new_defaults_to_the_working_tree(repo: Repo) -> None:
    repo.edit("clauses/05-termination/term.md", "no fixed end date", "no set end date")
    report = repo.diff("HEAD", None)
    assert only(report).new_id == "term"
    assert report.new_label == f"working tree ({repo.root})"


def test_folders_compare_like_revisions(repo: Repo, tmp_path: Path) -> None:
    other = copy_sources(repo.root, tmp_path / "other")
    (other / "clauses/05-termination/term.md").write_text(
        (other / "clauses/05-termination/term.md").read_text(encoding="utf-8").replace("fixed", "set"),
        encoding="utf-8",
    )
    report = diff_sources(str(repo.root), str(other), repo.root)
    assert isinstance(report, DiffReport)
    assert only(report).new_id == "term"


def test_the_real_history_diffs_against_the_working_tree(family: Family) -> None:
    """The repository's own HEAD against its working tree, if this is a git checkout with a clean corpus."""
    if shutil.which("git") is None or subprocess.run(["git", "-C", str(REPO), "rev-parse"], check=False).returncode:
        pytest.skip("not a git checkout")
    if git(REPO, "status", "--porcelain", "--", "variants.yaml", "clauses"):
        pytest.skip("the corpus has uncommitted changes")
    report = diff_sources("HEAD", None, REPO)
    assert isinstance(report, DiffReport)
    assert [v.id for v in report.variants] == [v.id for v in family.variants]
    assert report.empty, "HEAD and an unchanged working tree must not differ"


def test_outline_renumbering_and_retitling(repo: Repo) -> None:
    repo.edit("variants.yaml", '  - id: modification\n    number: "7"', '  - id: modification\n    number: "8"')
    repo.edit("variants.yaml", "title: Term and Termination", "title: Duration and Termination")
    repo.commit()
    report = repo.diff()
    assert [(s.id, s.status, [(f.name, f.old, f.new) for f in s.fields]) for s in report.sections] == [
        ("termination", "changed", [("title", "Term and Termination", "Duration and Termination")])
    ]
    (group,) = report.renumbering
    assert group.variants == ALL
    assert [(r.old, r.new) for r in group.mapping] == [
        ("Section 7", "Section 8"),
        ("Section 7.1", "Section 8.1"),
        ("Section 7.2", "Section 8.2"),
    ]
    assert not report.clauses  # 7.1 refers to Section 7.2, now 8.2: no change
