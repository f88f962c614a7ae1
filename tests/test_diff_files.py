"""File-vs-file mode: license texts without a clause library, segmented by their headings."""

from __future__ import annotations

from pathlib import Path

from clausekit.diff import FileDiffReport, diff_sources
from clausekit.diff.segment import compare_texts, segment
from clausekit.document.types import Document
from clausekit.render.markdown import render_markdown
from clausekit.render.text import render_text
from clausekit.sources.types import Family
from conftest import variant_where

OLD = """\
Sample Public License
=====================

1. Definitions

1.1 "Work" means the material offered under this license.

1.2 "You" means whoever uses the Work.

2. Permissions

You may copy and share the Work, as Section 3 explains.

3. Conditions

You must keep this notice with every copy.

4. Termination

Your rights end if You break Section 3, unless Section 2 says otherwise.
"""

# The same license as another publisher typesets it: Markdown, "Article" numbering in
# Roman numerals, a new section inserted, one word changed, definitions in bold.
NEW = """\
# Sample Public License

## Article I. Definitions

**1.1** "Work" means the material offered under this license.

**1.2** "You" means whoever uses the Work.

## Article II. Scope

This license covers the Work only.

## Article III. Permissions

You may *copy* and share the Work, as Article IV explains.

## Article IV. Conditions

You must keep this notice with each copy.

## Article V. Termination

Your rights end if You break Article IV, unless Article III says otherwise.
"""


def test_segments_follow_the_headings() -> None:
    sections = segment(OLD)
    assert [(s.label, s.number, s.title) for s in sections] == [
        (None, None, "Sample Public License"),
        (None, "1", "Definitions"),
        (None, "1.1", "Work"),
        (None, "1.2", "You"),
        (None, "2", "Permissions"),
        (None, "3", "Conditions"),
        (None, "4", "Termination"),
    ]
    assert [(s.label, s.number, s.title) for s in segment(NEW)][:3] == [
        (None, None, "Sample Public License"),
        ("Article", "I", "Definitions"),
        (None, "1.1", "Work"),
    ]
    assert sections[2].text == '"Work" means the material offered under this license.'


def test_sections_align_by_title_not_number() -> None:
    report = compare_texts(OLD, NEW, "old.txt", "new.md")
    assert [(r.old, r.new, r.title) for r in report.renumbering] == [
        ("1", "Article I", "Definitions"),
        ("2", "Article III", "Permissions"),
        ("3", "Article IV", "Conditions"),
        ("4", "Article V", "Termination"),
    ]
    found = [(s.kinds, s.old_number, s.new_number, s.title.new or s.title.old) for s in report.sections]
    assert found == [(("added",), None, "II", "Scope"), (("changed",), "3", "IV", "Conditions")]
    conditions = report.sections[1].diff
    assert conditions is not None
    assert conditions.edits() == (("delete", ("every",)), ("insert", ("each",)))


def test_references_renumbered_with_their_targets_are_no_change() -> None:
    """ "as Section 3 explains" became "as Article IV explains": the same target, so no change."""
    report = compare_texts(OLD, NEW)
    assert "Permissions" not in [s.title.new for s in report.sections]
    assert "Termination" not in [s.title.new for s in report.sections]


def test_a_plain_text_and_a_markdown_edition_of_one_variant_agree(documents: tuple[Document, ...]) -> None:
    document = documents[-1]
    report = compare_texts(render_text(document), render_markdown(document))
    assert report.old_sections == report.new_sections >= len(document.sections) + len(list(document.clauses()))
    assert not report.renumbering
    # Only the header differs: "Version: <version>" lines in text, a bullet list in Markdown.
    assert [s.title.new for s in report.sections] == [document.title]


def test_two_variants_differ_where_their_options_do(documents: tuple[Document, ...], family: Family) -> None:
    # A variant with RAI, and the variant with the same options but RAI.
    rai = variant_where(
        family, lambda v: v.has("RAI") and family.variant_with(frozenset(v.options) - {"RAI"}) is not None, "RAI"
    )
    without = family.variant_with(frozenset(rai.options) - {"RAI"})
    assert without is not None
    by_id = {d.variant_id: d for d in documents}
    report = compare_texts(render_text(by_id[without.id]), render_text(by_id[rai.id]))
    added = [s.title.new for s in report.sections if s.kinds == ("added",)]
    assert "Use Restrictions" in added and "Responsible Use" in added
    assert not [s for s in report.sections if s.kinds == ("removed",)]
    numbers = {c.id: c.number for _, c in by_id[rai.id].clauses()}
    moved = [(c.number, numbers[c.id]) for _, c in by_id[without.id].clauses() if numbers[c.id] != c.number]
    assert moved  # the definition RAI adds moves the ones after it
    assert [(r.old, r.new) for r in report.renumbering] == moved


def test_files_are_compared_through_diff_sources(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "b.md").write_text(NEW, encoding="utf-8")
    report = diff_sources(str(tmp_path / "a.txt"), str(tmp_path / "b.md"), tmp_path)
    assert isinstance(report, FileDiffReport)
    assert report.old_label == str(tmp_path / "a.txt")
    assert len(report.sections) == 2
    same = diff_sources(str(tmp_path / "a.txt"), str(tmp_path / "a.txt"), tmp_path)
    assert isinstance(same, FileDiffReport) and same.empty
