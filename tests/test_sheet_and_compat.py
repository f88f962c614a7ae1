"""Model sheets, remix verdicts and license.json: derived from the options, checked against the text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from clausekit.document.compat import COMPATIBLE, INCOMPATIBLE, UNSHAREABLE, matrix, verdict
from clausekit.document.types import Document
from clausekit.output.manifest import sha256
from clausekit.sources.types import Answer, Family, Option, Rule, SheetRow, Variant
from conftest import REPO, RunCli, edit, lint_clean, variant_where, write
from corpus_source import Fragment, fragments, holds, selection, with_front

BUILD = REPO / "build"
SCHEMAS = REPO / "schemas"


# --- remix compatibility -------------------------------------------------------


def pairs(family: Family) -> list[tuple[Variant, Variant]]:
    return [(a, b) for a in family.variants for b in family.variants if a.id < b.id]


def unshareable(family: Family, options: set[str]) -> bool:
    return any(o.unshareable_remix for o in family.options if o.code in options)


def named(options: list[Option]) -> list[str]:
    """What an explanation must mention of each option: its name and its code."""
    return [word for o in options for word in (o.name, o.code)]


def expected_verdict(family: Family, a: Variant, b: Variant) -> tuple[str, str | None, tuple[str, ...], list[str]]:
    """(kind, result, the deciding sharealike codes, words the explanation must hold), from the documented rules, in the documented order.

    Unshareable first; then ShareAlike, before the union rule: a remix with a sharealike
    variant may be shared only under it, so it is compatible when the other work's options
    are all among its own and incompatible otherwise (naming the sharealike option and the
    options the other work would lose); two sharealike variants never combine. Otherwise
    the union rule: the variant with the union, else incompatible, with the reason of the
    first rule of the family file that the union breaks.
    """
    union = set(a.options) | set(b.options)
    blocking = [o for o in family.options if o.code in union and o.remix == "unshareable"]
    if blocking:
        return UNSHAREABLE, None, (), named(blocking)
    bound = [(v, [o for o in family.options if o.remix == "sharealike" and v.has(o.code)]) for v in (a, b)]
    bound = [(v, options) for v, options in bound if options]
    if len(bound) == 2:
        deciding = tuple(o.code for o in family.options if any(o in options for _, options in bound))
        return INCOMPATIBLE, None, deciding, [word for _, options in bound for word in named(options)]
    if bound:
        ((carrier, options),) = bound
        other = b if carrier is a else a
        missing = [o for o in family.options if other.has(o.code) and not carrier.has(o.code)]
        deciding = tuple(o.code for o in options)
        if not missing:
            return COMPATIBLE, carrier.id, deciding, [carrier.id, *named(options)]
        return INCOMPATIBLE, None, deciding, [carrier.id, *named(options), *named(missing)]
    if (result := family.variant_with(frozenset(union))) is not None:
        return COMPATIBLE, result.id, (), [result.id]
    broken = [r for r in family.rules if set(r.never) <= union]
    return INCOMPATIBLE, None, (), [broken[0].because[1:]] if broken else []


def test_the_union_rule_on_the_corpus(family: Family) -> None:
    """Every pair of the corpus gets the verdict the documented rules give, with the reason they give."""
    kinds = set()
    for a, b in pairs(family):
        found = verdict(family, a, b)
        kind, result, deciding, words = expected_verdict(family, a, b)
        kinds.add(found.kind)
        assert (found.kind, found.result, found.sharealike) == (kind, result, deciding), (a.id, b.id)
        for word in words:
            assert word in found.explanation, (a.id, b.id, word)
    assert kinds == {COMPATIBLE, UNSHAREABLE, INCOMPATIBLE}, "the corpus shows every kind of verdict"


def test_the_matrix_is_symmetric_with_a_sensible_diagonal(family: Family) -> None:
    f = family
    cells = {(v.first, v.second): v for v in matrix(f)}
    assert len(cells) == len(f.variants) ** 2
    for (a, b), cell in cells.items():
        mirror = cells[b, a]
        assert (cell.kind, cell.result, cell.union) == (mirror.kind, mirror.result, mirror.union)
    for v in f.variants:
        own = cells[v.id, v.id]
        expected = (UNSHAREABLE, None) if unshareable(f, set(v.options)) else (COMPATIBLE, v.id)
        assert (own.kind, own.result) == expected


def mini_family(
    codes: list[str], unshareable: set[str], rules: list[frozenset[str]], variant_sets: list[frozenset[str]]
) -> Family:
    options = tuple(
        Option(c, f"Option {c}", "m", (), (), MappingProxyType({}), "unshareable" if c in unshareable else None, 1)
        for c in codes
    )
    variants = tuple(
        Variant(
            f"V-{'-'.join(sorted(s)) or '0'}",
            f"V-{'-'.join(sorted(s)) or '0'}-1",
            "t",
            tuple(sorted(s)),
            MappingProxyType({}),
            1,
        )
        for s in dict.fromkeys(variant_sets)
    )
    return Family(
        "Mini",
        "1",
        (),
        options,
        tuple(Rule(tuple(sorted(r)), "because", 1) for r in rules),
        (),
        (),
        variants,
        None,
        "f.yaml",
    )


CODES = ["A", "B", "C", "D", "E"]
OPTION_SETS = st.frozensets(st.sampled_from(CODES))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(OPTION_SETS, min_size=1, max_size=12),
    st.sets(st.sampled_from(CODES)),
    st.lists(st.frozensets(st.sampled_from(CODES), min_size=2, max_size=3), max_size=2),
)
def test_verdicts_are_symmetric_and_never_drop_an_option(
    sets: list[frozenset[str]], unshareable: set[str], rules: list[frozenset[str]]
) -> None:
    f = mini_family(CODES, unshareable, rules, sets)
    for a in f.variants:
        for b in f.variants:
            one, other = verdict(f, a, b), verdict(f, b, a)
            assert (one.kind, one.result) == (other.kind, other.result)
            if one.kind == COMPATIBLE:
                result = f.variant(one.result or "")
                assert result is not None
                assert set(result.options) >= set(a.options) | set(b.options)
            if one.kind == UNSHAREABLE:
                assert (set(a.options) | set(b.options)) & unshareable


# --- model sheets ----------------------------------------------------------------


def answers(document: Document) -> dict[str, Any]:
    assert document.sheet is not None
    return {e.id: e.answer for g in document.sheet.groups for e in g.entries}


def test_every_sheet_follows_the_options_facts_and_defaults(documents: tuple[Document, ...], family: Family) -> None:
    """Each row answers what the family file says: an option's answer (the implying option winning), a fact, or the default."""
    assert family.sheet is not None
    facts = {f.name: f for f in family.facts}
    changed = 0
    for document, variant in zip(documents, family.variants, strict=True):
        rows = answers(document)
        mine = [o for o in family.options if variant.has(o.code)]
        for row in family.sheet.rows:
            setting = [o for o in mine if row.id in o.sheet]
            winners = [o for o in setting if not any(o.code in other.implies for other in setting)]
            if winners:
                assert {o.sheet[row.id] for o in winners} == {rows[row.id]}, (variant.id, row.id)
                changed += rows[row.id] != row.default
            elif row.fact is not None:
                value = variant.facts[row.fact]
                assert row.fact in facts
                expected = row.fact_answers.get(value) if row.fact_answers else None
                if expected is None:
                    assert rows[row.id].allowed is value, (variant.id, row.id)
                else:
                    assert rows[row.id] == expected, (variant.id, row.id)
            else:
                assert rows[row.id] == row.default, (variant.id, row.id)
    assert changed, "no option changes any row: the test would check nothing"


def test_the_sheet_says_it_does_not_replace_the_license(family: Family) -> None:
    assert family.sheet is not None
    restricted = variant_where(
        family,
        lambda v: any(not a.allowed for o in family.options if v.has(o.code) for a in o.sheet.values()),
        "a restriction",
    )
    text = (BUILD / restricted.id / "sheet.txt").read_text()
    assert family.sheet.note in " ".join(text.split())
    withheld = [r for o in family.options if restricted.has(o.code) for r, a in o.sheet.items() if not a.allowed]
    row = family.sheet.row(withheld[0])
    assert row is not None
    # A no reads in the family's words: a permission answered no is a right withheld (✗, as the
    # legend under the lists defines it), a duty or limitation answered no does not apply (–).
    expected = {"permission": f"✗ {row.if_no}", None: "✗ no"}.get(row.kind, f"– {row.if_no}")
    assert expected in text


def said(family: Family, variant: Variant, row: SheetRow) -> dict[str, Answer]:
    """The answers the variant's options give a row, in the variant's order, less those an implying option overrides."""
    implies = {o.code: set(o.implies) for o in family.options}

    def closure(code: str) -> set[str]:
        found = set(implies.get(code, ()))
        for other in list(found):
            found |= closure(other)
        return found

    answers = {c: o.sheet[row.id] for c in variant.options if (o := family.option(c)) and row.id in o.sheet}
    overridden = {implied for code in answers for implied in closure(code)}
    return {code: answer for code, answer in answers.items() if code not in overridden}


def spoken(answer: Answer) -> str:
    """An answer as messages quote it: yes or no, then the note."""
    word = "yes" if answer.allowed else "no"
    return f"{word}, {answer.note}" if answer.note else word


def shown(family: Family, variant: Variant, row: SheetRow) -> Answer | None:
    answers = list(said(family, variant, row).values())
    return answers[0] if answers else row.default


def establishing(
    family: Family, library: tuple[Fragment, ...], variant: Variant, row: str, among: set[str]
) -> list[Fragment]:
    """The fragments among `among` that the variant contains and that establish the row in it."""
    found = []
    for fragment in library:
        if fragment.id not in among or not holds(family, variant, selection(family, library, fragment)):
            continue
        for entry in fragment.front.get("establishes", []):
            when = () if isinstance(entry, str) else tuple(str(c) for c in [entry.get("when")] if c)
            if (entry if isinstance(entry, str) else entry["row"]) == row and holds(family, variant, when):
                found.append(fragment)
                break
    return found


def option_change_on_a_general_clause(root: Path, family: Family) -> str:
    """Take a row from the clauses of the one option that changes it, where a general clause still establishes it."""
    assert family.sheet is not None
    library = fragments(root)
    every = {f.id for f in library}
    optional = {c for o in family.options for c in o.clauses}
    for variant in family.variants:
        for row in (r for r in family.sheet.rows if r.fact is None):
            changers = [c for c, answer in said(family, variant, row).items() if answer != row.default]
            if len(changers) != 1:
                continue
            option = family.option(changers[0])
            assert option is not None
            own = establishing(family, library, variant, row.id, set(option.clauses))
            others = establishing(family, library, variant, row.id, optional - set(option.clauses))
            if own and not others and establishing(family, library, variant, row.id, every - optional):
                for fragment in own:
                    kept = [
                        e for e in fragment.front["establishes"] if (e if isinstance(e, str) else e["row"]) != row.id
                    ]
                    write(root, fragment.path, with_front(fragment, establishes=kept or None))
                answer = shown(family, variant, row)
                assert answer is not None
                return f"option {option.code} changes the sheet to '{row.label}: {spoken(answer)}', but none of its clauses establishes it"
    pytest.skip("no option changes a row that a general clause also establishes")


def general_clause_claims_a_no(root: Path, family: Family) -> str:
    """Make a general clause in every variant establish a row that some variant answers no, with no option clause backing it."""
    assert family.sheet is not None
    library = fragments(root)
    optional = {c for o in family.options for c in o.clauses}
    general = next(
        f
        for f in library
        if f.id not in optional and not selection(family, library, f) and "establishes" not in f.front
    )
    for row in (r for r in family.sheet.rows if r.fact is None):
        for variant in family.variants:
            if shown(family, variant, row) == Answer(False) and not establishing(
                family, library, variant, row.id, optional
            ):
                write(root, general.path, with_front(general, establishes=[row.id]))
                return f"clause {general.id!r} establishes the {row.group} row {row.id!r}, but the sheet says no"
    pytest.skip("no variant answers no to a row that no option clause establishes")


def two_options_disagree(root: Path, family: Family) -> str:
    """Give an option an answer opposite to another's, on a row of a variant that has both and neither implies the other."""
    assert family.sheet is not None
    for variant in family.variants:
        for row in (r for r in family.sheet.rows if r.fact is None):
            answers = said(family, variant, row)
            for first in variant.options:
                option = family.option(first)
                assert option is not None
                for second, answer in answers.items():
                    if second == first or row.id in option.sheet:
                        continue
                    changed = replace(
                        option, sheet=MappingProxyType({**option.sheet, row.id: Answer(not answer.allowed)})
                    )
                    family_after = replace(
                        family, options=tuple(changed if o.code == first else o for o in family.options)
                    )
                    after = said(family_after, variant, row)
                    if first not in after or second not in after:
                        continue  # one implies the other: its answer wins, nothing disagrees
                    insert_sheet_answer(root, first, row.id, not answer.allowed)
                    listed = ", ".join(f"{code} says {spoken(a)!r}" for code, a in after.items())
                    return f"options disagree on sheet row {row.id!r}: {listed}"
    pytest.skip("no variant has two options that neither implies the other")


def insert_sheet_answer(root: Path, code: str, row: str, allowed: bool) -> None:
    """Add `row: allowed` to an option's `sheet:` in variants.yaml (block style, as the family file writes it)."""
    path = root / "variants.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - code: {code}\n")
    end = text.find("\n  - code:", start + 1)
    block = text[start : end if end != -1 else text.index("\nrules:", start)]
    line = f"      {row}: {'true' if allowed else 'false'}\n"
    if "\n    sheet:\n" in block:
        at = start + block.index("\n    sheet:\n") + len("\n    sheet:\n")
        text = text[:at] + line + text[at:]
    else:
        at = start + len(f"  - code: {code}\n")
        text = text[:at] + "    sheet:\n" + line + text[at:]
    path.write_text(text, encoding="utf-8")


def edited(change: Callable[[Path], object], message: str) -> Callable[[Path, Family], str]:
    """A fixed edit with a fixed message."""

    def breaks(root: Path, family: Family) -> str:
        change(root)
        return message

    return breaks


@pytest.mark.parametrize(
    "breaks",
    [
        pytest.param(
            edited(
                lambda root: edit(
                    root,
                    "clauses/02-rights/attribution.md",
                    "duty-license-copy, duty-attribution,",
                    "duty-license-copy,",
                ),
                "the sheet says 'Keep attribution and notices: yes', but no clause in this variant establishes it",
            ),
            id="the sheet claims what no clause says",
        ),
        pytest.param(option_change_on_a_general_clause, id="an option's change rests on a general clause only"),
        pytest.param(general_clause_claims_a_no, id="a clause says what the sheet does not show"),
        pytest.param(
            edited(
                lambda root: edit(
                    root, "clauses/02-rights/noncommercial.md", "establishes: [", "establishes: [lm-use, "
                ),
                "clause 'noncommercial' establishes the Rights in Licensed Materials row 'lm-use', but the sheet shows its default (yes)",
            ),
            id="an option clause claims a row its option leaves alone",
        ),
        pytest.param(
            edited(
                lambda root: edit(
                    root, "clauses/02-rights/output.md", "establishes: [out-use,", "establishes: [out-usage,"
                ),
                "unknown sheet row 'out-usage' in `establishes:`",
            ),
            id="unknown row",
        ),
        pytest.param(two_options_disagree, id="two options disagree"),
    ],
)
def test_the_evidence_check_catches_a_broken_corpus(
    breaks: Callable[[Path, Family], str], corpus: Path, mgl: RunCli
) -> None:
    assert mgl("lint", "--root", corpus).code == 0
    family = lint_clean(corpus)[0]
    message = breaks(corpus, family)
    result = mgl("lint", "--root", corpus)
    assert result.code == 2
    assert message in result.err, result.err


# --- license.json, schemas, CLI ----------------------------------------------------


def validator(name: str) -> Draft202012Validator:
    resources = [
        (json.loads(p.read_text())["$id"], Resource.from_contents(json.loads(p.read_text())))
        for p in SCHEMAS.glob("*.schema.json")
    ]
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=Registry().with_resources(resources))


def test_every_generated_file_matches_its_published_schema(family: Family) -> None:
    license_schema, sheet_schema = validator("license"), validator("sheet")
    for folder in sorted(p for p in BUILD.iterdir() if p.is_dir() and (p / "license.json").exists()):
        license_schema.validate(json.loads((folder / "license.json").read_text()))
        sheet_schema.validate(json.loads((folder / "sheet.json").read_text()))
    validator("compat").validate(json.loads((BUILD / "compat.json").read_text()))
    assert sorted(p.parent.name for p in BUILD.glob("*/license.json")) == sorted(v.id for v in family.variants)


def test_a_schema_rejects_a_wrong_file(family: Family) -> None:
    first = family.variants[0].id
    data = json.loads((BUILD / first / "license.json").read_text())
    assert not list(validator("license").iter_errors(data))
    data["spdx"]["license_ref"] = first  # not a LicenseRef
    assert list(validator("license").iter_errors(data))


def test_license_json_records_the_text_and_the_other_artifacts(family: Family) -> None:
    vid = max(family.variants, key=lambda v: len(v.options)).id  # the one with the most options
    data = json.loads((BUILD / vid / "license.json").read_text())
    assert data["text"] == (BUILD / vid / "license.txt").read_text()
    assert data["spdx"]["expression"] == f"LicenseRef-{vid}"
    url = family.addresses.license_url if family.addresses else ""
    for name, value in (("site_url", family.addresses.site_url if family.addresses else ""), ("id", vid)):
        url = url.replace("{" + name + "}", value)
    assert url.startswith("https://") and data["url"] == url
    assert data["spdx"]["see_also"] == [url] and data["reuse"] == {"file": f"LICENSES/LicenseRef-{vid}.txt"}
    assert data["model_card"]["yaml"] == f"license: other\nlicense_name: {vid.lower()}\nlicense_link: {url}\n"
    assert sorted(data["artifacts"]) == [
        "license.md",
        "license.txt",
        "sheet.html",
        "sheet.json",
        "sheet.md",
        "sheet.txt",
    ]
    for entry in data["artifacts"].values():
        assert sha256((BUILD / entry["path"]).read_bytes()) == entry["sha256"]
    index = json.loads((BUILD / "index.json").read_text())
    entry = next(v for v in index["variants"] if v["id"] == vid)["artifacts"]["license.json"]
    assert entry["path"] == f"{vid}/license.json"
    assert sorted(index["artifacts"]) == ["compat.json", "compat.md"]


def test_mgl_compat_explains_one_pair(mgl: RunCli, family: Family) -> None:
    """One pair named by name, the other by id; a compatible pair and an incompatible one, picked by the union rule."""
    a, b, result = next(
        (a, b, r)
        for a, b in pairs(family)
        if (r := family.variant_with(frozenset(a.options) | frozenset(b.options))) not in (None, a, b)
        and not unshareable(family, set(r.options))
    )
    out = mgl("compat", "--root", REPO, a.name, b.id)
    assert out.code == 0
    assert out.out.startswith(f"✅ Remixing a model under {a.id} with one under {b.id}")
    assert f"may be shared under {result.id}" in out.out
    c, d = next(
        (a, b)
        for a, b in pairs(family)
        if family.variant_with(frozenset(a.options) | frozenset(b.options)) is None
        and not unshareable(family, set(a.options) | set(b.options))
    )
    data = json.loads(mgl("compat", "--root", REPO, c.name, d.name, "--json").out)
    assert data["verdict"] == "incompatible" and data["result"] is None


def test_mgl_compat_prints_the_matrix_with_a_legend(mgl: RunCli) -> None:
    result = mgl("compat", "--root", REPO)
    assert result.code == 0
    for mark in ("✅", "⚠️", "❌"):
        assert mark in result.out
    assert "separable" in result.out
    assert json.loads(mgl("compat", "--root", REPO, "--json").out) == json.loads((BUILD / "compat.json").read_text())


def test_mgl_compat_needs_two_variants_or_none(mgl: RunCli, family: Family) -> None:
    name = family.variants[0].name
    result = mgl("compat", "--root", REPO, name)
    assert result.code == 2 and "expected two variants, got 1" in result.err
    result = mgl("compat", "--root", REPO, name, "NO-SUCH-VARIANT")
    assert result.code == 2 and "NO-SUCH-VARIANT: error: no variant has this id or name" in result.err


@pytest.mark.parametrize("fmt", ["txt", "md", "json", "html"])
def test_mgl_sheet_prints_the_built_sheet(fmt: str, mgl: RunCli, family: Family) -> None:
    variant = family.variants[-1]
    result = mgl("sheet", "--root", REPO, variant.name, "--format", fmt)
    assert result.code == 0
    assert result.out == (BUILD / variant.id / f"sheet.{fmt}").read_text()


# --- what an answer means for the reader ------------------------------------------------

TONES = {"permission": "good", "condition": "info", "limitation": "warning"}


def test_every_row_of_the_corpus_has_a_class_and_its_words(family: Family) -> None:
    assert family.sheet is not None
    for row in family.sheet.rows:
        assert row.kind in TONES, row.id
        assert row.if_yes and row.if_no, row.id


def test_json_and_html_show_a_limitation_as_a_warning_and_a_permission_as_granted(family: Family) -> None:
    """Every built sheet.json and sheet.html marks each row by its kind and whether it applies."""
    assert family.sheet is not None
    kinds = {r.id: r.kind for r in family.sheet.rows}
    seen: set[tuple[str | None, bool]] = set()
    for variant in family.variants:
        data = json.loads((BUILD / variant.id / "sheet.json").read_text())
        page = (BUILD / variant.id / "sheet.html").read_text()
        for row in (r for g in data["groups"] for r in g["rows"]):
            kind = kinds[row["id"]]
            # answered no: a permission is withheld (✗), a condition or limitation does not apply (–)
            tone = TONES[str(kind)] if row["allowed"] else ("withheld" if kind == "permission" else "absent")
            assert (row["kind"], row["applies"], row["tone"]) == (kind, row["allowed"], tone), (variant.id, row)
            seen.add((kind, row["allowed"]))
        cells = re.findall(r'<td class="answer ([\w ]+)">', page)
        assert cells == [f"{kinds[r['id']]} {r['tone']}" for g in data["groups"] for r in g["rows"]]
        rows = [r for g in data["groups"] for r in g["rows"]]
        applying = {k: [r["id"] for r in rows if r["kind"] == k and r["allowed"]] for k in TONES}
        # a permission withheld is, for the reader, a limitation (test_sheet_withheld.py checks the words)
        applying["limitation"] = [
            r["id"] for r in rows if (r["kind"] == "limitation") == r["allowed"] and r["kind"] != "condition"
        ]
        assert data["summary"] == applying
    assert {("limitation", True), ("permission", True), ("permission", False)} <= seen, (
        "the corpus exercises too little"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param("kind: limitation,", "kind: warning,", "unknown kind 'warning'", id="unknown kind"),
        pytest.param(", if_no: irrevocable}", "}", "lacks the required key 'if_no'", id="missing phrase"),
    ],
)
def test_lint_refuses_a_bad_row_class_with_file_and_line(
    old: str, new: str, message: str, corpus: Path, mgl: RunCli
) -> None:
    line = edit(corpus, "variants.yaml", old, new)
    result = mgl("lint", "--root", corpus)
    assert result.code == 2
    assert message in result.err, result.err
    assert f"variants.yaml:{line}" in result.err or f"variants.yaml:{line - 1}" in result.err, result.err
    assert "Traceback" not in result.err
