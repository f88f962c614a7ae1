"""The defined-term scanner on small, hand-made sentences."""

from __future__ import annotations

from pathlib import Path

from clausekit.checks.terms import words
from clausekit.pipeline import lint_root
from conftest import RunCli, copy_sources


def openers(text: str) -> dict[str, bool]:
    return {w.text: w.opens_sentence for w in words(text)}


def test_sentence_openers() -> None:
    found = openers('Every use. "Output" means it; Then (Section 2) and: Licensor says')
    assert found["Every"] and found["Output"] and found["Then"] and found["Licensor"]
    assert not found["Section"] and not found["means"]


def test_possessive_is_stripped_and_hyphenated_words_stay_whole() -> None:
    assert [w.text for w in words("the Licensor's rights in Third-Party Materials")] == [
        "the",
        "Licensor",
        "rights",
        "in",
        "Third-Party",
        "Materials",
    ]


def _family_with(tmp_path: Path, body: str) -> Path:
    root = copy_sources(Path(__file__).parent / "fixtures" / "tiny-family", tmp_path / "tiny")
    text = (root / "clauses/use.md").read_text()
    (root / "clauses/use.md").write_text(text.replace("The Recipient may copy", body + " The Recipient may copy"))
    return root


def test_plural_and_possessive_forms_count_as_uses(tmp_path: Path) -> None:
    root = _family_with(tmp_path, "Each of the Recipients' copies and the Dataset's records count.")
    assert lint_root(root).ok


def test_a_term_split_by_punctuation_is_not_the_term(tmp_path: Path, mgl: RunCli) -> None:
    root = _family_with(tmp_path, "Data about Tiny, Data is fine.")
    result = mgl("lint", "--root", root)
    assert result.code == 2
    assert "the capitalised word 'Data' is not a defined term" in result.err


def test_all_capitals_and_sentence_openers_are_not_flagged(tmp_path: Path) -> None:
    root = _family_with(tmp_path, "THE DATASET IS PROVIDED AS IS. Nothing else applies.")
    assert lint_root(root).ok
