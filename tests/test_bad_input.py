"""Every class of bad input fails the build with a clear message and changes nothing.

Each case breaks a private copy of the real corpus in one way, after a good build
has filled the output folder. The build must then exit 2, name the file (and line
where known), say what is wrong, print no traceback, and leave every byte of the
previous output as it was.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import COMMITTED, REPO, RunCli, edit, snapshot, write

FAMILY = "variants.yaml"
OUTPUT = "clauses/02-rights/output.md"
NONCOMMERCIAL = "clauses/02-rights/noncommercial.md"
# The corpus's own family file, read once: the cases below break what it says, whatever edition it is.
DATA = yaml.safe_load((REPO / FAMILY).read_text(encoding="utf-8"))
NAME, VERSION = DATA["family"]["name"], DATA["family"]["version"]
# A variant with options (its options line is unique), and one a rule forbids another option for.
WITH_OPTIONS = next(v for v in DATA["variants"] if len(v["options"]) >= 2)
NEVER = DATA["rules"][0]["never"]
ONE_OF_RULE = next(v for v in DATA["variants"] if NEVER[0] in v["options"] and NEVER[1] not in v["options"])


def options_line(variant: dict[str, Any]) -> str:
    return f"options: [{', '.join(variant['options'])}]"


ATTRIBUTION = "clauses/02-rights/attribution.md"
REVOCATION = "clauses/05-termination/revocation.md"
NC_DEFINITION = "clauses/01-definitions/def-noncommercial.md"


def body_line(root: Path, relative: str, needle: str) -> int:
    lines = (root / relative).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def fragment(fid: str, body: str, *, section: str = "scope", order: int = 990, extra: str = "") -> str:
    return f"---\nid: {fid}\ntitle: Extra\nsection: {section}\norder: {order}\n{extra}---\n{body}\n"


@dataclass(frozen=True)
class Case:
    name: str
    breaks: Callable[[Path], str]  # breaks the copy, returns the expected location ("file" or "file:line")
    message: str


def yaml_syntax(root: Path) -> str:
    line = edit(root, FAMILY, f"  name: {NAME}", f"  name: {NAME}: {NAME}")
    return f"{FAMILY}:{line}"


def duplicate_key(root: Path) -> str:
    line = edit(root, FAMILY, f'  version: "{VERSION}"\n', f'  version: "{VERSION}"\n  version: "{VERSION}.1"\n')
    return f"{FAMILY}:{line + 1}"


def unknown_variant_option(root: Path) -> str:
    line = edit(root, FAMILY, options_line(WITH_OPTIONS), "options: [BY, by-nd-sa]")
    return f"{FAMILY}:{line - 2}"  # the variant entry starts two lines above


def unknown_option_in_when(root: Path) -> str:
    line = edit(root, NONCOMMERCIAL, "when: NC", "when: NCC")
    return f"{NONCOMMERCIAL}:{line}"


def unknown_name_in_body(root: Path) -> str:
    edit(root, NONCOMMERCIAL, "{% if ND %}", "{% if Nd %}")
    return f"{NONCOMMERCIAL}:{body_line(root, NONCOMMERCIAL, '{% if Nd %}')}"


def condition_syntax(root: Path) -> str:
    line = edit(root, NONCOMMERCIAL, "when: NC", 'when: "NC and"')
    return f"{NONCOMMERCIAL}:{line}"


def forbidden_combination(root: Path) -> str:
    line = edit(root, FAMILY, options_line(ONE_OF_RULE), options_line(ONE_OF_RULE)[:-1] + f", {NEVER[1]}]")
    return f"{FAMILY}:{line - 2}"


def missing_implied_option(root: Path) -> str:
    line = edit(root, FAMILY, "options: [BY, NC]\n", "options: [NC]\n")
    return f"{FAMILY}:{line - 2}"


def missing_fact(root: Path) -> str:
    """Drop `sublicensing` from the first variant's facts; the problem is reported at its `- name:` line."""
    lines = (root / FAMILY).read_text(encoding="utf-8").split("\n")
    facts = next(line for line in lines if line.strip().startswith("facts: {") and "sublicensing:" in line)
    line = edit(root, FAMILY, facts, re.sub(r"sublicensing: [^,}]+(, )?", "", facts))
    start = next(n for n in range(line - 1, 0, -1) if lines[n - 1].startswith("  - name:"))
    return f"{FAMILY}:{start}"


def bad_fact_value(root: Path) -> str:
    line = edit(root, FAMILY, "sublicensing: auto,", "sublicensing: autoo,")
    return f"{FAMILY}:{line - 3}"


def duplicate_clause_id(root: Path) -> str:
    write(root, "clauses/06-scope/copy.md", fragment("output", "A second clause with a taken id."))
    return "clauses/06-scope/copy.md:2"


def dangling_ref(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", fragment("extra", "See {{ ref('no-such-clause') }}."))
    return "clauses/06-scope/extra.md:7"


def ref_absent_in_variant(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", fragment("extra", "As {{ ref('noncommercial') }} says."))
    return "clauses/06-scope/extra.md:7"


def template_syntax(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", fragment("extra", "First line.\n\n{% if NC %}never closed."))
    return "clauses/06-scope/extra.md:9"


def unused_term(root: Path) -> str:
    write(
        root,
        "clauses/01-definitions/def-widget.md",
        '---\nid: def-widget\nterm: Widget\nsection: definitions\norder: 999\n---\n"Widget" means a thing no clause mentions.\n',
    )
    return "clauses/01-definitions/def-widget.md:3"


def undefined_capitalised_word(root: Path) -> str:
    edit(root, NONCOMMERCIAL, "requires separate permission", "requires separate permission from the Licensee and")
    return f"{NONCOMMERCIAL}:{body_line(root, NONCOMMERCIAL, 'Licensee')}"


def term_without_definition(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", fragment("extra", "Nothing here changes the Use Restrictions."))
    return "clauses/06-scope/extra.md:7"


def option_clause_missing(root: Path) -> str:
    line = edit(root, NC_DEFINITION, "when: NC", 'when: "NC and ND"')
    return f"{NC_DEFINITION}:{line}"


def option_clause_misplaced(root: Path) -> str:
    line = edit(root, ATTRIBUTION, "when: BY", 'when: "true"')
    return f"{ATTRIBUTION}:{line}"


def no_front_matter(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", "Just text, no front matter.\n")
    return "clauses/06-scope/extra.md:1"


def unknown_front_matter_key(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", fragment("extra", "Text.", extra="tittle: Typo\n"))
    return "clauses/06-scope/extra.md:6"


def unknown_section(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", fragment("extra", "Text.", section="sope"))
    return "clauses/06-scope/extra.md:4"


def fragment_in_wrong_folder(root: Path) -> str:
    moved = "clauses/06-scope/output.md"
    (root / OUTPUT).rename(root / moved)
    return f"{moved}:{body_line(root, moved, 'section: rights')}"


def sub_item_in_wrong_folder(root: Path) -> str:
    moved = "clauses/06-scope/attribution.md"
    (root / ATTRIBUTION).rename(root / moved)
    return f"{moved}:{body_line(root, moved, 'parent:')}"


def include_tag(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", fragment("extra", "Text.\n{% include '/etc/passwd' %}"))
    return "clauses/06-scope/extra.md:8"


def sandbox_escape(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", fragment("extra", "Text {{ ''.__class__.__mro__[1].__subclasses__() }}."))
    return "clauses/06-scope/extra.md:7"


def huge_repetition(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", fragment("extra", "Text {{ 'x' * 100000000 }}."))
    return "clauses/06-scope/extra.md:7"


def symlink_outside(root: Path) -> str:
    secret = root.parent / "secret.md"
    secret.write_text(fragment("secret", "Private text from outside the tree."), encoding="utf-8")
    os.symlink(secret, root / "clauses/06-scope/secret.md")
    return "clauses/06-scope/secret.md"


def not_utf8(root: Path) -> str:
    (root / "clauses/06-scope/extra.md").write_bytes(fragment("extra", "Line.\nCaf\xe9").encode("latin-1"))
    return "clauses/06-scope/extra.md:8"


def unsupported_markdown(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", fragment("extra", "Text.\n\n# A heading"))
    return "clauses/06-scope/extra.md:9"


def same_order(root: Path) -> str:
    write(root, "clauses/06-scope/extra.md", fragment("extra", "Extra text for the Licensor.", order=10))
    return "clauses/06-scope/third-party-materials.md:5"  # the later of the two, by id


def stable_number_moves(root: Path) -> str:
    write(
        root,
        "clauses/02-rights/extra.md",
        fragment("extra", "Extra text for the Licensor.", section="rights", order=35, extra="when: NC\n"),
    )
    return f"{OUTPUT}:6"


def renders_empty(root: Path) -> str:
    write(
        root, "clauses/06-scope/extra.md", fragment("extra", "{% if ND %}Only under ND, the Licensor says.{% endif %}")
    )
    return "clauses/06-scope/extra.md:2"


def misspelt_fact_value(root: Path) -> str:
    edit(root, REVOCATION, "sublicensing == 'auto'", "sublicensing == 'autoo'")
    return f"{REVOCATION}:{body_line(root, REVOCATION, 'autoo')}"


def missing_family_file(root: Path) -> str:
    (root / FAMILY).unlink()
    return FAMILY


def section_without_clauses(root: Path) -> str:
    line = edit(root, FAMILY, "  - id: scope\n", '  - id: empty\n    number: "8"\n    title: Nothing\n  - id: scope\n')
    return f"{FAMILY}:{line}"


CASES = [
    Case("YAML syntax error", yaml_syntax, "YAML syntax error"),
    Case("duplicate YAML key", duplicate_key, "duplicate key 'version'"),
    Case(
        "unknown option in a variant",
        unknown_variant_option,
        f"unknown option 'by-nd-sa' in variant {WITH_OPTIONS['name']}-{VERSION}",
    ),
    Case("unknown option in a condition", unknown_option_in_when, "unknown name 'NCC'"),
    Case("unknown name in a template", unknown_name_in_body, "unknown name 'Nd'"),
    Case("condition syntax error", condition_syntax, "condition 'NC and' is not a valid expression"),
    Case(
        "forbidden option combination",
        forbidden_combination,
        f"combines {NEVER[0]} and {NEVER[1]}, which a rule forbids",
    ),
    Case("implied option missing", missing_implied_option, "has option 'NC', which implies 'BY', but not 'BY'"),
    Case("fact not declared", missing_fact, "does not declare the fact 'sublicensing'"),
    Case("fact value not allowed", bad_fact_value, "gives fact 'sublicensing' the value 'autoo'"),
    Case("duplicate clause id", duplicate_clause_id, "clause id 'output' is used 2 times"),
    Case("dangling ref()", dangling_ref, "ref('no-such-clause') names no clause or section"),
    Case(
        "ref() to a clause missing in a variant",
        ref_absent_in_variant,
        "ref('noncommercial') points to a clause that this variant does not contain",
    ),
    Case("template syntax error", template_syntax, "template syntax error"),
    Case("defined term never used", unused_term, "the defined term 'Widget' is never used"),
    Case(
        "capitalised word never defined",
        undefined_capitalised_word,
        "the capitalised word 'Licensee' is not a defined term",
    ),
    Case(
        "term used where it is not defined",
        term_without_definition,
        "uses the defined term 'Use Restrictions', but this variant does not include its definition",
    ),
    Case(
        "variant lacks its option's clause",
        option_clause_missing,
        "option 'NC' requires clause 'def-noncommercial', but the variant does not select it",
    ),
    Case(
        "option clause in the wrong variant",
        option_clause_misplaced,
        "clause 'attribution' belongs to option 'BY', but it is selected in a variant without that option",
    ),
    Case("no front matter", no_front_matter, "does not start with YAML front matter"),
    Case("unknown front-matter key", unknown_front_matter_key, "unknown key 'tittle' in the front matter"),
    Case("unknown section", unknown_section, "unknown section 'sope'"),
    Case(
        "fragment outside its section's folder",
        fragment_in_wrong_folder,
        "belongs to section 'rights' but sits in the folder '06-scope'",
    ),
    Case(
        "sub-item outside its section's folder",
        sub_item_in_wrong_folder,
        "is a sub-item of a clause in section 'rights' but sits in the folder '06-scope'",
    ),
    Case("include tag", include_tag, "`{% include %}` is not allowed"),
    Case("sandbox escape", sandbox_escape, "calling anything but ref() is not allowed"),
    Case("unbounded repetition", huge_repetition, "arithmetic is not allowed"),
    Case("symlink out of the tree", symlink_outside, "refusing to read a file outside the source tree"),
    Case("file not UTF-8", not_utf8, "not valid UTF-8"),
    Case("unsupported Markdown", unsupported_markdown, "a heading"),
    Case("two clauses in one place", same_order, "both have order 10"),
    Case("stable number differs", stable_number_moves, "clause 'output' must have the same number in every variant"),
    Case("clause renders empty", renders_empty, "renders to nothing"),
    Case("misspelt fact value in a template", misspelt_fact_value, "fact 'sublicensing' never has the value 'autoo'"),
    Case("family file missing", missing_family_file, "file not found"),
    Case("section without clauses", section_without_clauses, "section 'empty' has no clauses"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_fails_cleanly_and_keeps_previous_output(case: Case, built: Path, mgl: RunCli) -> None:
    corpus = built
    out = corpus / "build"
    before = snapshot(out)
    assert before, "the good build wrote nothing"
    assert mgl("build", "--root", corpus, "--check", *COMMITTED).code == 0, "the copy is not a good build"

    location = case.breaks(corpus)
    result = mgl("build", "--root", corpus, *COMMITTED)

    assert result.code == 2, result.err
    assert case.message in result.err
    assert f"{display(corpus, location)}:" in result.err, result.err
    assert "fix:" in result.err or "file not found" in result.err
    assert "Traceback" not in result.err + result.out
    assert snapshot(out) == before

    lint = mgl("lint", "--root", corpus)
    assert lint.code == 2 and case.message in lint.err


def display(root: Path, location: str) -> str:
    """How the CLI shows a location under `root` (absolute outside the working folder)."""
    file, _, line = location.partition(":")
    return str(root / file) + (f":{line}" if line else "")


def test_every_problem_is_reported_in_one_run(corpus: Path, mgl: RunCli) -> None:
    unknown_option_in_when(corpus)
    write(corpus, "clauses/06-scope/extra.md", fragment("extra", "See {{ ref('nowhere') }}."))
    result = mgl("lint", "--root", corpus)
    assert result.code == 2
    assert "unknown name 'NCC'" in result.err and "ref('nowhere')" in result.err
    assert "2 problem(s) found" in result.err
