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
from typing import TypeVar

import pytest

from clausekit.diff import DiffReport, diff_sources
from clausekit.diff.report import ClauseChange
from clausekit.document.compat import COMPATIBLE, matrix
from clausekit.document.types import Clause, Document, Section
from clausekit.sources.types import Family
from conftest import REPO, TINY, copy_sources, drop_variant, edit, git, next_version, variant_where

K = TypeVar("K")


@dataclass(frozen=True)
class Groups:
    """The real corpus's variant ids, grouped by the properties the edits below rely on."""

    all: tuple[str, ...]
    nc: tuple[str, ...]  # with the NonCommercial option
    revocable: tuple[str, ...]  # with the fact revocable: true, so with the revocation clause
    by_id: dict[str, Document]


@pytest.fixture(scope="session")
def groups(family: Family, documents: tuple[Document, ...]) -> Groups:
    return Groups(
        all=tuple(v.id for v in family.variants),
        nc=tuple(v.id for v in family.variants if v.has("NC")),
        revocable=tuple(v.id for v in family.variants if v.facts["revocable"] is True),
        by_id={d.variant_id: d for d in documents},
    )


def clause(document: Document, clause_id: str) -> Clause:
    return next(c for _, c in document.clauses() if c.id == clause_id)


def section(document: Document, section_id: str) -> Section:
    return next(s for s in document.sections if s.id == section_id)


def grouped(keys: dict[str, K]) -> dict[K, tuple[str, ...]]:
    """The variants (in family order) that share each key."""
    found: dict[K, tuple[str, ...]] = {}
    for variant, key in keys.items():
        found[key] = (*found.get(key, ()), variant)
    return found


def shifted(section: Section, clauses: tuple[Clause, ...], by: int) -> list[tuple[str, str]]:
    """(old, new) references of `clauses` after each moves `by` places in its section."""
    pairs = []
    for c in clauses:
        assert c.number is not None
        head, _, last = c.number.rpartition(".")
        pairs.append((c.reference, f"{section.label} {head}.{int(last) + by}"))
    return pairs


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


def test_a_one_word_change_lists_exactly_the_variants_containing_the_clause(repo: Repo, groups: Groups) -> None:
    repo.edit("clauses/05-termination/revocation.md", "at any time, with effect", "at any moment, with effect")
    repo.commit()
    report = repo.diff()
    change = only(report)
    revocable = groups.revocable
    assert revocable and len(revocable) < len(groups.all)
    number = clause(groups.by_id[revocable[0]], "revocation").number
    assert (change.new_id, change.kinds, change.number) == ("revocation", ("changed",), number)
    assert change.variants == revocable  # revocation has `when: revocable`; the others never had it
    assert len(change.text) == 1 and change.text[0].variants == revocable
    assert change.text[0].diff.edits() == (("delete", ("time",)), ("insert", ("moment",)))
    lines = summaries(report)
    assert all(lines[v] == "1 clause changed, sheet unchanged" for v in revocable)
    assert all(lines[v] == "text unchanged, sheet unchanged" for v in groups.all if v not in revocable)
    assert not report.renumbering and not report.compat and not report.options


def test_a_change_in_a_shared_clause_lists_every_variant(repo: Repo, groups: Groups) -> None:
    repo.edit("clauses/05-termination/term.md", "no fixed end date", "no set end date")
    repo.commit()
    assert only(repo.diff()).variants == groups.all


def test_a_change_inside_an_nc_conditional_lists_only_nc_variants(repo: Repo, groups: Groups) -> None:
    repo.edit("clauses/05-termination/survival.md", "the NonCommercial limit in", "the NonCommercial restriction in")
    repo.commit()
    change = only(repo.diff())
    assert change.new_id == "survival"
    assert groups.nc and len(groups.nc) < len(groups.all)
    assert change.variants == groups.nc
    assert [t.variants for t in change.text] == [groups.nc]


def test_a_branch_that_only_some_nc_variants_render_lists_only_those(
    repo: Repo, groups: Groups, family: Family
) -> None:
    # In output.md this branch sits inside {% if not ND %}: an NC variant with ND never renders it.
    repo.edit(
        "clauses/02-rights/output.md",
        "for NonCommercial purposes only{% else %}",
        "solely for NonCommercial purposes{% else %}",
    )
    repo.commit()
    change = only(repo.diff())
    expected = tuple(v.id for v in family.variants if v.has("NC") and not v.has("ND"))
    assert expected and expected != groups.nc
    assert change.variants == expected


NOTICE = """---
id: notice-period
title: Notice Period
section: termination
order: 15
---
A notice under this License takes effect when it is received, as {{ ref('survival') }} explains.
"""


def test_an_inserted_clause_renumbers_without_spurious_changes(repo: Repo, groups: Groups) -> None:
    repo.write("clauses/05-termination/notice-period.md", NOTICE)
    repo.commit()
    report = repo.diff()
    change = only(report)  # revocation, termination-breach and output refer to Survival (renumbered): no change
    assert (change.new_id, change.kinds, change.variants) == ("notice-period", ("added",), groups.all)
    mappings = {}
    for variant in groups.all:  # every termination clause after term (order 10) moves down one place
        termination = section(groups.by_id[variant], "termination")
        assert termination.clauses[0].id == "term"
        mappings[variant] = tuple(shifted(termination, termination.clauses[1:], 1))
    expected = {variants: list(mapping) for mapping, variants in grouped(mappings).items()}
    assert len(expected) == 2 and groups.revocable in expected  # with and without the revocation clause
    groups_found = {g.variants: [(r.old, r.new) for r in g.mapping] for g in report.renumbering}
    assert groups_found == expected
    moved = len(expected[groups.revocable])
    assert summaries(report)[groups.revocable[0]] == f"1 clause added, {moved} renumbered, sheet unchanged"
    assert all(v.clauses_changed == 0 for v in report.variants)


def test_a_reference_that_now_points_elsewhere_is_a_change(repo: Repo, groups: Groups) -> None:
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
    keys = {}
    for variant in groups.all:  # a reference to survival, one place further on now, becomes one to term
        document = groups.by_id[variant]
        termination = section(document, "termination")
        ((_, survival),) = shifted(termination, (clause(document, "survival"),), 1)
        term = clause(document, "term").number
        assert term is not None
        keys[variant] = (("delete", (survival.split()[-1],)), ("insert", (term,)))
    expected = grouped(keys)
    assert len(expected) == 2
    assert edits == expected


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


def test_reordering_marks_the_clause_moved_and_renumbers(repo: Repo, groups: Groups) -> None:
    repo.edit("clauses/06-scope/no-waiver.md", "order: 40", "order: 25")  # from after severability (30) to before it
    repo.commit()
    report = repo.diff()
    moved = [c for c in report.clauses if "moved" in c.kinds]
    assert [c.new_id for c in moved] == ["no-waiver"] and moved[0].kinds == ("moved",)
    assert [c for c in report.clauses if "changed" in c.kinds] == []
    (group,) = report.renumbering
    assert group.variants == groups.all
    document = groups.by_id[groups.all[0]]
    scope = section(document, "scope")
    no_waiver, severability = clause(document, "no-waiver"), clause(document, "severability")
    assert scope.clauses.index(no_waiver) == scope.clauses.index(severability) + 1
    assert [(r.old, r.new) for r in group.mapping] == [
        *shifted(scope, (no_waiver,), -1),
        *shifted(scope, (severability,), 1),
    ]


def set_fact(root: Path, variant: str, old: str, new: str) -> None:
    """Change a fact in one variant's entry of variants.yaml."""
    path = root / "variants.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - name: {variant}\n")
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def missing_combination(family: Family) -> tuple[str, ...]:
    """Options no variant has yet and no rule forbids: an existing variant's plus one more, with what it implies."""
    for variant in family.variants:
        for option in family.options:
            union = {*variant.options, option.code, *option.implies}
            if family.variant_with(frozenset(union)) is None and not any(set(r.never) <= union for r in family.rules):
                return tuple(code for code in family.option_codes() if code in union)
    pytest.skip("every allowed combination of options is a variant already")


def test_a_new_variant_a_changed_fact_and_its_sheet(repo: Repo, family: Family) -> None:
    changed = variant_where(family, lambda v: v.facts["revocable"] is True, "a revocable variant")
    set_fact(repo.root, changed.name, "revocable: true", "revocable: false")
    options = missing_combination(family)
    facts = ", ".join(f"{k}: {str(v).lower() if isinstance(v, bool) else v}" for k, v in changed.facts.items())
    with (repo.root / "variants.yaml").open("a", encoding="utf-8") as yaml:
        yaml.write(
            f"  - name: NEW\n    title: A New License\n    options: [{', '.join(options)}]\n    facts: {{{facts}}}\n"
        )
    repo.commit()
    report = repo.diff()
    added = [v for v in report.variants if v.status == "added"]
    new_id = f"NEW-{family.version}"
    assert [(v.new_id, v.summary) for v in added] == [(new_id, f"{new_id}: new variant ({' '.join(options)})")]
    revoked = next(v for v in report.variants if v.id == changed.id)
    assert [(f.name, f.old, f.new) for f in revoked.facts] == [("revocable", "true", "false")]
    assert [(s.row, s.old, s.new) for s in revoked.sheet] == [("revocable", "yes", "no")]
    assert revoked.summary.endswith("1 fact changed (revocable), 1 sheet row changed")
    revocation = next(c for c in report.clauses if c.new_id == "revocation")
    assert revocation.excluded == (changed.id,)
    assert all(c.variants == (changed.id,) for c in report.clauses)  # the new variant changes no clause


def test_a_removed_variant_changes_remix_verdicts(repo: Repo, family: Family) -> None:
    # A variant that is the only home of a remix of two others: without it, that remix has none.
    verdict = next((v for v in matrix(family) if v.kind == COMPATIBLE and v.result not in (v.first, v.second)), None)
    if verdict is None:
        pytest.skip("no remix of two variants needs a third")
    removed = family.variant(str(verdict.result))
    assert removed is not None
    drop_variant(repo.root, removed.name)
    repo.commit()
    report = repo.diff()
    assert [(v.old_id, v.status) for v in report.variants if v.status != "unchanged"] == [(removed.id, "removed")]
    verdicts = {(c.first, c.second): (c.old, c.new) for c in report.compat}
    assert verdicts[(verdict.first, verdict.second)] == (f"compatible: {removed.id}", "incompatible")
    assert all(c.new_id is None or removed.id not in c.variants for c in report.clauses)


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


def test_a_new_edition_matches_variants_by_name(repo: Repo, family: Family) -> None:
    version = next_version(family.version)
    repo.edit("variants.yaml", f'version: "{family.version}"', f'version: "{version}"')
    repo.commit()
    report = repo.diff()
    assert [(f.name, f.old, f.new) for f in report.family] == [("version", family.version, version)]
    first = family.variants[0]
    assert (report.variants[0].old_id, report.variants[0].new_id) == (first.id, f"{first.name}-{version}")
    assert not report.compat and all(v.status == "changed" for v in report.variants)  # the ids in the text


def test_variant_filter_and_same_sides(repo: Repo, family: Family) -> None:
    repo.edit("clauses/05-termination/term.md", "no fixed end date", "no set end date")
    repo.commit()
    wanted = family.variants[-1]
    report = repo.diff(variants=(wanted.name,))
    assert [v.id for v in report.variants] == [wanted.id]
    assert only(report).variants == (wanted.id,)
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


def test_outline_renumbering_and_retitling(repo: Repo, groups: Groups, family: Family) -> None:
    last = next(s for s in reversed(family.outline) if s.number is not None and s.number.isdigit())
    number = str(int(str(last.number)) + 1)  # the last numbered section moves one number on
    repo.edit(
        "variants.yaml", f'  - id: {last.id}\n    number: "{last.number}"', f'  - id: {last.id}\n    number: "{number}"'
    )
    termination = family.section("termination")
    assert termination is not None
    repo.edit("variants.yaml", f"title: {termination.title}", "title: Duration and Termination")
    repo.commit()
    report = repo.diff()
    assert [(s.id, s.status, [(f.name, f.old, f.new) for f in s.fields]) for s in report.sections] == [
        ("termination", "changed", [("title", termination.title, "Duration and Termination")])
    ]
    (group,) = report.renumbering
    assert group.variants == groups.all
    moved = section(groups.by_id[groups.all[0]], last.id)
    assert moved.clauses, "the test needs a section with clauses"
    old, new = f"{moved.label} {last.number}", f"{moved.label} {number}"
    assert [(r.old, r.new) for r in group.mapping] == [
        (old, new),
        *((c.reference, c.reference.replace(old, new, 1)) for c in moved.clauses),
    ]
    assert not report.clauses  # references into the moved section moved with it: no change
