"""`mgl lint` reports every problem in one run, carrying on with what is sound."""

from __future__ import annotations

import re
from pathlib import Path

from clausekit.sources.types import Family
from conftest import RunCli, edit, write
from test_bad_input import ATTRIBUTION, FAMILY, NONCOMMERCIAL, fragment

TERM_CLAUSE = "clauses/06-scope/extra.md"
UNDEFINED = "the capitalised word 'Flibbertigibbet' is not a defined term"


def locations(err: str, message: str) -> list[str]:
    """The `file:line` of every reported problem whose message contains `message`."""
    return [m.group(1) for m in re.finditer(r"^(\S+): error: (.*)$", err, re.M) if message in m.group(2)]


def add_undefined_term(root: Path) -> None:
    write(root, TERM_CLAUSE, fragment("extra", "You must consult the Flibbertigibbet first."))


def test_an_unknown_option_on_two_lines_is_reported_on_each(corpus: Path, mgl: RunCli) -> None:
    path = corpus / NONCOMMERCIAL
    text = path.read_text(encoding="utf-8")
    first = edit(corpus, NONCOMMERCIAL, "{% if ND %}", "{% if NCC %}")
    path.write_text(path.read_text(encoding="utf-8") + "\n{% if NCC %}More.{% endif %}\n", encoding="utf-8")
    last = len(text.rstrip("\n").split("\n")) + 2
    result = mgl("lint", "--root", corpus)
    assert result.code == 2
    found = locations(result.err, "unknown name 'NCC'")
    assert [f.rsplit(":", 1)[1] for f in found] == [str(first), str(last)], result.err


def test_an_undefined_term_is_reported_with_a_yaml_error_in_another_fragment(corpus: Path, mgl: RunCli) -> None:
    add_undefined_term(corpus)
    line = edit(corpus, ATTRIBUTION, "order:", "order: [")
    result = mgl("lint", "--root", corpus)
    assert result.code == 2
    assert locations(result.err, UNDEFINED) == [f"{corpus / TERM_CLAUSE}:7"], result.err
    assert locations(result.err, "YAML syntax error") == [f"{corpus / ATTRIBUTION}:{line + 1}"], result.err


def test_an_undefined_term_is_reported_with_a_bad_condition_in_another_fragment(corpus: Path, mgl: RunCli) -> None:
    add_undefined_term(corpus)
    line = edit(corpus, NONCOMMERCIAL, "when: NC", "when: NC and")
    result = mgl("lint", "--root", corpus)
    assert result.code == 2
    assert locations(result.err, UNDEFINED) == [f"{corpus / TERM_CLAUSE}:7"], result.err
    assert locations(result.err, "is not a valid expression") == [f"{corpus / NONCOMMERCIAL}:{line}"], result.err
    # The broken clause stands in for itself: no noise about options missing their clauses.
    assert "2 problem(s) found" in result.err, result.err


def test_a_family_error_and_a_fragment_error_are_reported_in_one_run(corpus: Path, mgl: RunCli, family: Family) -> None:
    add_undefined_term(corpus)
    title = family.variants[-1].title
    line = edit(corpus, FAMILY, f"    title: {title}\n", f"    titel: {title}\n")
    result = mgl("lint", "--root", corpus)
    assert result.code == 2
    assert locations(result.err, "unknown key 'titel' in a variant") == [f"{corpus / FAMILY}:{line}"], result.err
    assert "did you mean 'title'?" in result.err
    assert locations(result.err, UNDEFINED) == [f"{corpus / TERM_CLAUSE}:7"], result.err
