"""Model sheets, remix verdicts and license.json: derived from the options, checked against the text."""

from __future__ import annotations

import json
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
from clausekit.sources.types import Family, Option, Rule, Variant
from conftest import REPO, RunCli
from test_bad_input import edit
from test_corpus_properties import FACTS_TABLE

BUILD = REPO / "build"
SCHEMAS = REPO / "schemas"


def family() -> Family:
    from clausekit.sources.library import load_library

    library = load_library(REPO).value
    assert library is not None
    return library.family


def variant(name: str) -> Variant:
    found = family().variant(f"{name}-2.0")
    assert found is not None
    return found


# --- remix compatibility -------------------------------------------------------


def test_the_three_worked_examples_of_the_facts() -> None:
    nc_os = verdict(family(), variant("MG-BY-NC"), variant("MG-BY-OS"))
    assert (nc_os.kind, nc_os.result) == (COMPATIBLE, "MG-BY-NC-OS-2.0")
    by_nd = verdict(family(), variant("MG-BY"), variant("MG-BY-ND"))
    assert (by_nd.kind, by_nd.result) == (UNSHAREABLE, None)
    os_rai = verdict(family(), variant("MG-BY-OS"), variant("MG-BY-RAI"))
    assert (os_rai.kind, os_rai.result) == (INCOMPATIBLE, None)
    assert "GPL-3.0 section 10" in os_rai.explanation  # the rule's reason is given


def test_the_matrix_is_symmetric_with_a_sensible_diagonal() -> None:
    f = family()
    cells = {(v.first, v.second): v for v in matrix(f)}
    assert len(cells) == 81
    for (a, b), cell in cells.items():
        mirror = cells[b, a]
        assert (cell.kind, cell.result, cell.union) == (mirror.kind, mirror.result, mirror.union)
    for v in f.variants:
        own = cells[v.id, v.id]
        expected = (UNSHAREABLE, None) if v.has("ND") else (COMPATIBLE, v.id)
        assert (own.kind, own.result) == expected


def mini_family(
    codes: list[str], unshareable: set[str], rules: list[frozenset[str]], variant_sets: list[frozenset[str]]
) -> Family:
    options = tuple(Option(c, f"Option {c}", "m", (), (), MappingProxyType({}), c in unshareable, 1) for c in codes)
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


def test_every_sheet_agrees_with_the_facts_table_and_the_options(documents: tuple[Document, ...]) -> None:
    for document in documents:
        options, revocable, sublicensing = FACTS_TABLE[document.variant_id]
        rows = answers(document)
        assert rows["revocable"].allowed is revocable
        assert rows["sublicensable"].allowed is (sublicensing == "sublicensable")
        assert rows["patent-license"].allowed and rows["copyright-license"].allowed
        has = set(options).__contains__
        for row in ("lm-commercial", "dm-commercial", "out-commercial"):
            assert rows[row].allowed is not has("NC"), (document.variant_id, row)
        assert rows["dm-share"].allowed is not has("ND")
        assert rows["out-share"].allowed is not has("ND")
        assert rows["lm-share"].allowed  # verbatim copies may always be shared
        assert rows["use-restrictions"].allowed is has("RAI")
        assert rows["duty-pass-restrictions"].allowed is has("RAI")
        assert rows["duty-source-open"].allowed is has("OS")
        assert rows["duty-same-license"].allowed is has("OS")
        assert rows["duty-license-copy"].allowed is has("BY")
        assert rows["duty-attribution"].allowed is has("BY")
        assert rows["duty-state-changes"].allowed is (has("BY") and not has("ND"))


def test_the_sheet_says_it_does_not_replace_the_license() -> None:
    text = (BUILD / "MG-BY-NC-2.0" / "sheet.txt").read_text()
    assert "summarises the license and does not replace it" in text
    assert "Commercial use" in text and "✗ no" in text


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        pytest.param(
            lambda root: edit(
                root, "clauses/02-rights/attribution.md", "duty-license-copy, duty-attribution,", "duty-license-copy,"
            ),
            "the sheet says 'Keep attribution and notices: yes', but no clause in this variant establishes it",
            id="the sheet claims what no clause says",
        ),
        pytest.param(
            lambda root: edit(
                root,
                "clauses/02-rights/no-derivatives.md",
                "establishes: [dm-share, out-share]",
                "establishes: [out-share]",
            ),
            "option ND changes the sheet to 'Share: no', but none of its clauses establishes it",
            id="an option's change rests on a general clause only",
        ),
        pytest.param(
            lambda root: edit(
                root, "clauses/02-rights/reservation.md", "order: 50\n", "order: 50\nestablishes: [duty-source-open]\n"
            ),
            "clause 'reservation' establishes the Duties when distributing row 'duty-source-open', but the sheet says no",
            id="a clause says what the sheet does not show",
        ),
        pytest.param(
            lambda root: edit(root, "clauses/02-rights/noncommercial.md", "establishes: [", "establishes: [lm-use, "),
            "clause 'noncommercial' establishes the Rights in Licensed Materials row 'lm-use', but the sheet shows its default (yes)",
            id="an option clause claims a row its option leaves alone",
        ),
        pytest.param(
            lambda root: edit(
                root, "clauses/02-rights/output.md", "establishes: [out-use,", "establishes: [out-usage,"
            ),
            "unknown sheet row 'out-usage' in `establishes:`",
            id="unknown row",
        ),
        pytest.param(
            lambda root: edit(
                root,
                "variants.yaml",
                "      lm-commercial: false\n",
                "      lm-commercial: false\n      dm-share: false\n",
            ),
            "options disagree on sheet row 'dm-share': NC says 'no', OS says 'yes, in Source Form, under this same license'",
            id="two options disagree",
        ),
    ],
)
def test_the_evidence_check_catches_a_broken_corpus(breaks: Any, message: str, corpus: Path, mgl: RunCli) -> None:
    assert mgl("lint", "--root", corpus).code == 0
    breaks(corpus)
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


def test_every_generated_file_matches_its_published_schema() -> None:
    license_schema, sheet_schema = validator("license"), validator("sheet")
    for folder in sorted(p for p in BUILD.iterdir() if p.is_dir() and (p / "license.json").exists()):
        license_schema.validate(json.loads((folder / "license.json").read_text()))
        sheet_schema.validate(json.loads((folder / "sheet.json").read_text()))
    validator("compat").validate(json.loads((BUILD / "compat.json").read_text()))
    assert len([p for p in BUILD.glob("*/license.json")]) == 9


def test_a_schema_rejects_a_wrong_file() -> None:
    data = json.loads((BUILD / "MG0-2.0" / "license.json").read_text())
    data["spdx"]["license_ref"] = "MG0-2.0"  # not a LicenseRef
    assert list(validator("license").iter_errors(data))


def test_license_json_records_the_text_and_the_other_artifacts() -> None:
    data = json.loads((BUILD / "MG-BY-NC-RAI-2.0" / "license.json").read_text())
    assert data["text"] == (BUILD / "MG-BY-NC-RAI-2.0" / "license.txt").read_text()
    assert data["spdx"]["expression"] == "LicenseRef-MG-BY-NC-RAI-2.0"
    assert data["model_card"]["yaml"] == "license: other\nlicense_name: mg-by-nc-rai-2.0\nlicense_link: LICENSE\n"
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
    entry = next(v for v in index["variants"] if v["id"] == "MG-BY-NC-RAI-2.0")["artifacts"]["license.json"]
    assert entry["path"] == "MG-BY-NC-RAI-2.0/license.json"
    assert sorted(index["artifacts"]) == ["compat.json", "compat.md"]


def test_mgl_compat_explains_one_pair(mgl: RunCli) -> None:
    result = mgl("compat", "--root", REPO, "MG-BY-NC", "MG-BY-OS-2.0")
    assert result.code == 0
    assert result.out.startswith("✅ Remixing a model under MG-BY-NC-2.0 with one under MG-BY-OS-2.0")
    assert "may be shared under MG-BY-NC-OS-2.0" in result.out
    data = json.loads(mgl("compat", "--root", REPO, "MG-BY-RAI", "MG-BY-OS", "--json").out)
    assert data["verdict"] == "incompatible" and data["result"] is None


def test_mgl_compat_prints_the_matrix_with_a_legend(mgl: RunCli) -> None:
    result = mgl("compat", "--root", REPO)
    assert result.code == 0
    for mark in ("✅", "⚠️", "❌"):
        assert mark in result.out
    assert "separable" in result.out and "BY-NC-RAI" in result.out
    assert json.loads(mgl("compat", "--root", REPO, "--json").out) == json.loads((BUILD / "compat.json").read_text())


def test_mgl_compat_needs_two_variants_or_none(mgl: RunCli) -> None:
    result = mgl("compat", "--root", REPO, "MG-BY")
    assert result.code == 2 and "expected two variants, got 1" in result.err
    result = mgl("compat", "--root", REPO, "MG-BY", "MG-ZZ")
    assert result.code == 2 and "MG-ZZ: error: no variant has this id or name" in result.err


@pytest.mark.parametrize("fmt", ["txt", "md", "json", "html"])
def test_mgl_sheet_prints_the_built_sheet(fmt: str, mgl: RunCli) -> None:
    result = mgl("sheet", "--root", REPO, "MG-BY-ND", "--format", fmt)
    assert result.code == 0
    assert result.out == (BUILD / "MG-BY-ND-2.0" / f"sheet.{fmt}").read_text()
