"""`mgl diff` between revisions of a git repository: scripted edits of the real corpus.

Each test copies the corpus into a fresh repository, commits it, makes one kind of
edit, commits again and compares HEAD~1 with HEAD, as a maintainer reviewing a
pull request would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
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
from corpus_source import OUTPUT, REF, TAG, Fragment, Segment, fragments, mentions, rendering, replace_at, segments

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


@pytest.fixture(scope="session")
def library() -> tuple[Fragment, ...]:
    """The corpus's fragment files, parsed by the tests' own reader (corpus_source)."""
    return fragments(REPO)


@dataclass(frozen=True)
class Word:
    """A word to edit: where it is, and the variants (in family order) whose text contains it."""

    segment: Segment
    at: int
    text: str
    variants: tuple[str, ...]


def find_word(
    family: Family, library: tuple[Fragment, ...], wanted: Callable[[Segment, tuple[str, ...]], bool]
) -> Word:
    """The first plain word, in file order, of a text run that `wanted` accepts given the variants rendering it."""
    for fragment in library:
        for segment in segments(fragment):
            variants = rendering(family, library, segment)
            if variants and wanted(segment, variants):
                for at, text in segment.words():
                    return Word(segment, at, text, variants)
    pytest.skip("the corpus has no text run of the kind this test edits")


def another(word: str) -> str:
    return "altered" if word != "altered" else "changed"


def containing(groups: Groups, clause_id: str) -> tuple[str, ...]:
    """The variants whose assembled document has the clause."""
    return tuple(v for v in groups.all if any(c.id == clause_id for _, c in groups.by_id[v].clauses()))


def test_a_one_word_change_lists_exactly_the_variants_containing_the_clause(
    repo: Repo, groups: Groups, family: Family, library: tuple[Fragment, ...]
) -> None:
    # A word outside every {% if %} of a fragment that only some variants select.
    word = find_word(
        family,
        library,
        lambda s, variants: not s.conditions and s.fragment.when is not None and len(variants) < len(groups.all),
    )
    fragment = word.segment.fragment
    replace_at(repo.root, fragment.path, word.at, word.text, another(word.text))
    repo.commit()
    report = repo.diff()
    change = only(report)
    selected = word.variants
    assert selected == containing(groups, fragment.id)  # the `when:` read by the test agrees with assembly
    number = clause(groups.by_id[selected[0]], fragment.id).number
    assert (change.new_id, change.kinds, change.number) == (fragment.id, ("changed",), number)
    assert change.variants == selected  # the others never had the clause
    assert len(change.text) == 1 and change.text[0].variants == selected
    assert change.text[0].diff.edits() == (("delete", (word.text,)), ("insert", (another(word.text),)))
    lines = summaries(report)
    assert all(lines[v] == "1 clause changed, sheet unchanged" for v in selected)
    assert all(lines[v] == "text unchanged, sheet unchanged" for v in groups.all if v not in selected)
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
    repo: Repo, groups: Groups, family: Family, library: tuple[Fragment, ...]
) -> None:
    # A branch on NC nested in another condition, so that some NC variants never render it.
    word = find_word(
        family,
        library,
        lambda s, variants: bool(s.conditions) and mentions(s.conditions[-1], "NC") and set(variants) < set(groups.nc),
    )
    replace_at(repo.root, word.segment.fragment.path, word.at, word.text, another(word.text))
    repo.commit()
    change = only(repo.diff())
    expected = word.variants
    assert expected and set(expected) < set(groups.nc)
    assert change.new_id == word.segment.fragment.id
    assert change.variants == expected


@dataclass(frozen=True)
class Insertion:
    """Where a new clause goes: after the first clause of a section, so every later one moves down one place."""

    section: str
    order: int
    first: str  # the id of the section's first clause, in every variant
    moving: tuple[str, ...]  # the ids of the section's other clauses


def insertion(family: Family, library: tuple[Fragment, ...]) -> Insertion:
    """A headed section without sub-items whose first clause is in every variant, and whose later clauses are referred to."""
    texts = "".join(f.text for f in library)
    for section in family.outline:
        mine = sorted((f for f in library if f.front.get("section") == section.id), key=lambda f: int(f.front["order"]))
        if section.when is not None or section.layout != "headings" or len(mine) < 2:
            continue
        ids = {f.id for f in mine}
        if mine[0].when is not None or any(f.front.get("parent") in ids for f in library):
            continue
        gap = int(mine[1].front["order"]) - int(mine[0].front["order"])
        moving = tuple(f.id for f in mine[1:])
        referred = {m.group(1) for m in REF.finditer(texts)} & set(moving)
        if gap > 1 and referred:
            return Insertion(section.id, int(mine[0].front["order"]) + gap // 2, mine[0].id, moving)
    pytest.skip("no section where an inserted clause moves clauses that others refer to")


def notice(where: Insertion) -> str:
    """A new clause, present in every variant, that refers to its own section."""
    return (
        f"---\nid: notice-period\ntitle: Notice Period\nsection: {where.section}\norder: {where.order}\n---\n"
        f"A notice under this License takes effect when it is received, as {{{{ ref('{where.section}') }}}} explains.\n"
    )


def test_an_inserted_clause_renumbers_without_spurious_changes(
    repo: Repo, groups: Groups, family: Family, library: tuple[Fragment, ...]
) -> None:
    where = insertion(family, library)  # other clauses refer to the clauses that move: they must not change
    repo.write(f"clauses/{where.section}-notice-period.md", notice(where))
    repo.commit()
    report = repo.diff()
    change = only(report)
    assert (change.new_id, change.kinds, change.variants) == ("notice-period", ("added",), groups.all)
    mappings = {}
    for variant in groups.all:  # every clause of the section after its first moves down one place
        moved = section(groups.by_id[variant], where.section)
        assert moved.clauses[0].id == where.first
        assert {c.id for c in moved.clauses[1:]} <= set(where.moving)
        mappings[variant] = tuple(shifted(moved, moved.clauses[1:], 1))
    expected = {variants: list(mapping) for mapping, variants in grouped(mappings).items() if mapping}
    assert expected, "no clause moves: the test would check nothing"
    groups_found = {g.variants: [(r.old, r.new) for r in g.mapping] for g in report.renumbering}
    assert groups_found == expected
    for variants, mapping in expected.items():
        assert all(
            summaries(report)[v] == f"1 clause added, {len(mapping)} renumbered, sheet unchanged" for v in variants
        )
    assert all(v.clauses_changed == 0 for v in report.variants)


def test_a_reference_that_now_points_elsewhere_is_a_change(
    repo: Repo, groups: Groups, family: Family, library: tuple[Fragment, ...]
) -> None:
    where = insertion(family, library)
    # A reference, outside any {% if %}, from some clause to one of the clauses that move.
    found = next(
        (
            (segment, match)
            for fragment in library
            for segment in segments(fragment)
            if not segment.conditions
            for match in REF.finditer(segment.text)
            if match.group(1) in where.moving and match.group(1) != fragment.id
        ),
        None,
    )
    if found is None:
        pytest.skip("no clause refers to a clause that moves")
    segment, match = found
    target = match.group(1)
    repo.write(f"clauses/{where.section}-notice-period.md", notice(where))
    replace_at(repo.root, segment.fragment.path, segment.start + match.start(), match.group(), f"ref('{where.first}')")
    repo.commit()
    report = repo.diff()
    changed = [c for c in report.clauses if "changed" in c.kinds]
    assert [c.new_id for c in changed] == [segment.fragment.id]
    edits = {t.diff.edits(): t.variants for t in changed[0].text}
    keys = {}
    for variant in rendering(
        family, library, segment
    ):  # the reference, one place further on now, becomes one to the first
        document = groups.by_id[variant]
        ((_, moved),) = shifted(section(document, where.section), (clause(document, target),), 1)
        first = clause(document, where.first).number
        assert first is not None
        keys[variant] = (("delete", (moved.split()[-1],)), ("insert", (first,)))
    expected = grouped(keys)
    assert expected
    assert edits == expected


def rewrapped(fragment: Fragment) -> tuple[int, str, str] | None:
    """(offset, old, new): a run of plain words in the body, wrapped over lines with extra spaces between them."""
    body = OUTPUT.sub(lambda m: " " * len(m.group()), fragment.text[fragment.body_start :])
    body = TAG.sub(lambda m: " " * len(m.group()), body)
    run = re.search(r"[A-Za-z][A-Za-z,]*(?: [A-Za-z][A-Za-z,]*){5,}", body)
    if run is None:
        return None
    words = run.group().split(" ")
    gaps = ["\n", "   ", "\n", "  "]
    new = words[0] + "".join(gaps[i % len(gaps)] + w for i, w in enumerate(words[1:]))
    return fragment.body_start + run.start(), run.group(), new


def test_rewrapping_and_spacing_report_nothing(repo: Repo, groups: Groups, library: tuple[Fragment, ...]) -> None:
    # In a fragment every variant selects, and in one only some select.
    chosen = [
        next(f for f in library if f.when is None and rewrapped(f)),
        next(f for f in library if f.when is not None and rewrapped(f)),
    ]
    for fragment in chosen:
        edit_at = rewrapped(fragment)
        assert edit_at is not None
        replace_at(repo.root, fragment.path, *edit_at)
    repo.commit()
    report = repo.diff()
    assert report.empty
    assert set(summaries(report).values()) == {"text unchanged, sheet unchanged"}


def test_a_renamed_id_with_the_same_text_is_renamed_not_removed_and_added(
    repo: Repo, family: Family, library: tuple[Fragment, ...]
) -> None:
    # A clause that other clauses refer to: its id changes in its file and in every ref().
    family_text = (REPO / "variants.yaml").read_text(encoding="utf-8")
    refs = [m.group(1) for f in library for m in REF.finditer(f.text) if m.group(1) != f.id]
    renamed = next(
        (
            f
            for f in library
            if f.id in refs
            and "term" not in f.front
            and f.id not in family_text
            and not any(other.front.get("parent") == f.id for other in library)
        ),
        None,
    )
    if renamed is None:
        pytest.skip("no clause that others refer to can be renamed without editing variants.yaml")
    new_id = f"renamed-{renamed.id}"
    new_path = f"{renamed.path.rpartition('/')[0]}/{new_id}.md"
    (repo.root / renamed.path).unlink()
    repo.write(new_path, renamed.text.replace(f"id: {renamed.id}\n", f"id: {new_id}\n", 1))
    move_translations(repo.root / renamed.path, repo.root / new_path)
    for fragment in fragments(repo.root):
        text = REF.sub(lambda m: f"ref('{new_id}')" if m.group(1) == renamed.id else m.group(), fragment.text)
        repo.write(fragment.path, text)
    repo.commit()
    change = only(repo.diff())
    assert (change.old_id, change.new_id, change.kinds) == (renamed.id, new_id, ("renamed",))
    assert change.similarity == 1.0
    assert change.source.old == renamed.path
    assert change.source.new == new_path
    assert not change.text


def move_translations(old: Path, new: Path) -> None:
    """A renamed fragment's translations go with it (`<stem>.<lang>.md`, named after their source)."""
    for translation in old.parent.glob(f"{old.stem}.*.md"):
        translation.rename(new.parent / f"{new.stem}{translation.name[len(old.stem) :]}")


def test_a_renamed_and_reworded_clause_is_matched_by_similarity(repo: Repo) -> None:
    old = repo.root / "clauses/06-scope/severability.md"
    text = old.read_text(encoding="utf-8").replace("id: severability", "id: partial-invalidity", 1)
    old.unlink()
    repo.write(
        "clauses/06-scope/partial-invalidity.md", text.replace("title: Severability", "title: Partial Invalidity")
    )
    move_translations(old, repo.root / "clauses/06-scope/partial-invalidity.md")
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
    for clause in (repo.root / "clauses").glob("private-only.*"):  # the clause and its translations
        clause.unlink()
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
