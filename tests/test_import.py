"""`mgl import`: full texts in, fragments out, and a build gives every paragraph back.

The expectations are computed here, independently of the importer: paragraphs are
split on blank lines and compared word by word (`_paragraphs`), the variants come
from the corpus's variants.yaml, and the imported root is built with `mgl build` as a
user would build it.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, RunCli

UNDERLINE = re.compile(r"[=\-]{3,}")


def _imported(mgl: RunCli, *args: str | Path) -> Any:
    """`mgl import ARGS --json`, which must succeed: its report."""
    result = mgl("import", *args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def _paragraphs(text: str) -> list[list[str]]:
    """Blocks separated by blank lines, as words; a heading's underline is layout, not words."""
    found = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")):
        lines = [line for line in block.split("\n") if line.strip()]
        if len(lines) > 1 and UNDERLINE.fullmatch(lines[-1].strip()):
            lines = lines[:-1]
        words = " ".join(lines).split()
        if words:
            found.append(words)
    return found


def _corpus_ids() -> list[str]:
    data = yaml.safe_load((REPO / "variants.yaml").read_text("utf-8"))
    return sorted(f"{v['name']}-{data['family']['version']}" for v in data["variants"])


@pytest.fixture(scope="module")
def corpus_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """This project's own texts, built fresh with `mgl build --format txt`."""
    from clausekit.cli.main import main

    out = tmp_path_factory.mktemp("corpus-build")
    assert main(["build", "--root", str(REPO), "--format", "txt", "--out", str(out)]) == 0
    return {i: (out / i / "license.txt").read_text("utf-8") for i in _corpus_ids()}


def _write_inputs(folder: Path, texts: dict[str, str], *, suffix: str = ".txt", encoding: str = "utf-8") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for identifier, text in texts.items():
        path = folder / f"{identifier}{suffix}"
        path.write_bytes(text.encode(encoding))
        paths.append(path)
    return paths


def _built(mgl: RunCli, root: Path, out: Path) -> dict[str, str]:
    result = mgl("build", "--root", root, "--format", "txt", "--out", out)
    assert result.code == 0, result.err
    return {d.name: (d / "license.txt").read_text("utf-8") for d in out.iterdir() if (d / "license.txt").is_file()}


def _assert_round_trip(inputs: dict[str, str], built: dict[str, str]) -> None:
    assert sorted(built) == sorted(inputs)
    for identifier, text in inputs.items():
        assert _paragraphs(built[identifier]) == _paragraphs(text), identifier


def test_the_corpus_round_trips_through_import(mgl: RunCli, tmp_path: Path, corpus_texts: dict[str, str]) -> None:
    paths = _write_inputs(tmp_path / "in", corpus_texts)
    root = tmp_path / "imported"
    report = _imported(mgl, *paths, "--out", root)
    assert report["round_trip"] == "exact"
    assert sorted(report["variants"]) == sorted(corpus_texts)
    assert report["conditions"]["option expression"] > 0
    assert 0 < report["dedup_ratio"] <= 1.15
    assert mgl("lint", "--root", root).code == 0
    _assert_round_trip(corpus_texts, _built(mgl, root, tmp_path / "rebuilt"))
    # Shared text lives once: a plain paragraph is in the fragments no more often than in one input.
    most: dict[str, int] = {}
    for text in corpus_texts.values():
        for paragraph, count in Counter(" ".join(p) for p in _paragraphs(text)).items():
            most[paragraph] = max(most.get(paragraph, 0), count)
    in_fragments: Counter[str] = Counter()
    for fragment in sorted((root / "clauses").rglob("*.md")):
        for paragraph in fragment.read_text("utf-8").split("---\n", 2)[2].split("\n\n"):
            if not set(paragraph) & set("{}\\"):
                in_fragments[" ".join(paragraph.split())] += 1
    repeated = {p: n for p, n in in_fragments.items() if n > most.get(p, 1)}
    assert not repeated
    # Conditions name options, never variant ids.
    ids = set(corpus_texts)
    for fragment in (root / "clauses").rglob("*.md"):
        assert not any(i in fragment.read_text("utf-8") for i in ids)
    assert mgl("import", *paths, "--out", root, "--check").code == 0
    # Definitions: `term:` (and `aliases:`) on exactly the clauses whose corpus fragment has them.
    expected, imported = _definitions(REPO), _definitions(root)
    assert sorted(imported) == sorted(expected)
    for identifier, clauses in expected.items():
        assert {t for t, _ in clauses.values() if t} == {t for t, _ in imported[identifier].values() if t}
        for opening, found in imported[identifier].items():
            if opening in clauses:
                assert found == clauses[opening], (identifier, opening)
    terms = {t for clauses in expected.values() for t, _ in clauses.values() if t}
    assert terms and report["terms"] == len(terms) and sorted(report["defined_terms"]) == sorted(terms)
    strict = mgl("lint", "--root", root, "--strict")
    assert strict.code == 0 and "warning" not in strict.out + strict.err


def _definitions(root: Path) -> dict[str, dict[str, tuple[str | None, tuple[str, ...]]]]:
    """Per variant, each clause's first paragraph to the term it defines and its aliases, as the pipeline loads them."""
    from clausekit.document.types import block_paragraphs
    from clausekit.pipeline import lint_root

    linted = lint_root(root, translations=False)
    assert linted.value is not None and not linted.problems, [p.format() for p in linted.problems]
    aliases = {f.id: tuple(f.aliases) for f in linted.value.library.fragments}
    found: dict[str, dict[str, tuple[str | None, tuple[str, ...]]]] = {}
    for document in linted.value.documents:
        clauses = found.setdefault(document.variant_id, {})
        for _, clause in document.clauses():
            paragraphs = [p.text for p in block_paragraphs(clause.blocks)]
            if paragraphs:
                clauses[paragraphs[0]] = (clause.term, aliases[clause.id] if clause.term else ())
    return found


def _messy(text: str, width: int) -> str:
    """The same words with a BOM, CRLF, tabs, trailing spaces, curly quotes and another wrapping."""
    paragraphs = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if len(lines) == 2 and UNDERLINE.fullmatch(lines[1]):
            paragraphs.append(block)
            continue
        joined = " ".join(lines)
        joined = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", joined)
        paragraphs.append("\n".join(textwrap.wrap(joined, width, break_long_words=False, break_on_hyphens=False)))
    return "\ufeff" + "\t\n\n".join(p.replace("\n", "  \r\n") for p in paragraphs).replace("\n\n", "\r\n\r\n")


@pytest.mark.parametrize("width", [60, 100])
def test_messy_inputs_round_trip(mgl: RunCli, tmp_path: Path, corpus_texts: dict[str, str], width: int) -> None:
    messy = {i: _messy(t, width) for i, t in corpus_texts.items()}
    assert any("\u201c" in t for t in messy.values())
    paths = _write_inputs(tmp_path / "in", messy)
    root = tmp_path / "imported"
    report = _imported(mgl, *paths, "--out", root)
    assert report["round_trip"] == "exact"
    _assert_round_trip(messy, _built(mgl, root, tmp_path / "rebuilt"))
    # Curly quotes, CRLF and another wrapping hide no definition.
    terms = {t for clauses in _definitions(REPO).values() for t, _ in clauses.values() if t}
    assert sorted(report["defined_terms"]) == sorted(terms)
    assert {t for clauses in _definitions(root).values() for t, _ in clauses.values() if t} == terms


MARKUP_TEXTS = {
    "KIT-1.0": """Kit License

1. Scope

1.1 Words

This text uses *stars*, _underscores_, `backticks`, [brackets](x), <tags>, &amp; and {{ braces }} {% as %} {# is #}.

# this line starts with a hash and 1. looks like a list

1. a line that looks like an ordered list item but has a long sentence in it that ends with a period.

- a dash item, + a plus, > a quote, \\ a backslash.

1.2 More

See Section 1.1 and Section 1.2 for more.
""",
    "KIT-X-1.0": """Kit License

1. Scope

1.1 Words

This text uses *stars*, _underscores_, `backticks`, [brackets](x), <tags>, &amp; and {{ braces }} {% as %} {# is #} too.

1.2 Extra

Only the X variant has this clause.

1.3 More

See Section 1.1 and Section 1.3 for more.
""",
}


def test_markup_and_template_characters_come_back_as_written(mgl: RunCli, tmp_path: Path) -> None:
    paths = _write_inputs(tmp_path / "in", MARKUP_TEXTS)
    root = tmp_path / "imported"
    result = mgl("import", *paths, "--out", root)
    assert result.code == 0, result.err
    _assert_round_trip(MARKUP_TEXTS, _built(mgl, root, tmp_path / "rebuilt"))
    # "Section 1.3" in KIT-X and "Section 1.2" in KIT name the same clause: one shared ref().
    assert "ref(" in "".join(p.read_text("utf-8") for p in (root / "clauses").rglob("*.md"))


def test_an_existing_root_is_kept_unless_forced(mgl: RunCli, tmp_path: Path) -> None:
    paths = _write_inputs(tmp_path / "in", MARKUP_TEXTS)
    root = tmp_path / "imported"
    assert mgl("import", *paths, "--out", root).code == 0
    stale = root / "clauses" / "stale.md"
    stale.write_text("left over", "utf-8")
    before = (root / "variants.yaml").read_bytes()
    refused = mgl("import", *paths, "--out", root)
    assert refused.code == 2 and str(root) in refused.err and "--force" in refused.err
    assert (root / "variants.yaml").read_bytes() == before and stale.exists()
    assert mgl("import", *paths, "--out", root, "--force").code == 0
    assert not stale.exists()


def test_check_names_the_variant_and_the_first_paragraph_that_differs(mgl: RunCli, tmp_path: Path) -> None:
    paths = _write_inputs(tmp_path / "in", MARKUP_TEXTS)
    root = tmp_path / "imported"
    assert mgl("import", *paths, "--out", root).code == 0
    assert mgl("import", *paths, "--out", root, "--check").code == 0
    extra = next(p for p in (root / "clauses").rglob("*.md") if "Only the X variant" in p.read_text("utf-8"))
    extra.write_text(extra.read_text("utf-8").replace("Only the X variant", "Only the changed variant"), "utf-8")
    result = mgl("import", *paths, "--out", root, "--check")
    assert result.code == 1
    assert "KIT-X-1.0" in result.out and "Only the X variant" in result.out
    assert "KIT-1.0 (" not in result.out


def test_options_file_overrides_the_names(mgl: RunCli, tmp_path: Path) -> None:
    paths = _write_inputs(tmp_path / "in", MARKUP_TEXTS)
    options = tmp_path / "options.yaml"
    options.write_text("KIT-1.0: []\nKIT-X-1.0: [X, EXTRA]\n", "utf-8")
    root = tmp_path / "imported"
    assert mgl("import", *paths, "--out", root, "--options", options).code == 0
    family = yaml.safe_load((root / "variants.yaml").read_text("utf-8"))
    assert {v["name"]: v["options"] for v in family["variants"]} == {"KIT": [], "KIT-X": ["X", "EXTRA"]}


BAD_CASES = ["duplicate", "empty", "binary", "unknown-option", "nothing-shared"]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_exits_2_names_the_file_and_writes_nothing(mgl: RunCli, tmp_path: Path, case: str) -> None:
    paths = _write_inputs(tmp_path / "in", MARKUP_TEXTS)
    extra: list[str | Path] = []
    if case == "duplicate":
        twin = _write_inputs(tmp_path / "other", {"KIT-1.0": MARKUP_TEXTS["KIT-1.0"]})[0]
        paths.append(twin)
        named = twin
    elif case == "empty":
        named = paths[0]
        named.write_text("\n \n", "utf-8")
    elif case == "binary":
        named = paths[0]
        named.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    elif case == "unknown-option":
        options = tmp_path / "options.yaml"
        options.write_text("KIT-1.0: []\nKIT-X-1.0: [Y]\n", "utf-8")
        extra = ["--options", options]
        named = paths[1]
    else:
        named = paths[1]
        named.write_text("Something else entirely.\n\nNothing in common here.\n", "utf-8")
    root = tmp_path / "imported"
    result = mgl("import", *paths, "--out", root, *extra)
    assert result.code == 2
    assert str(named) in result.err or named.name in result.err
    assert "Traceback" not in result.err
    assert not root.exists()


def test_variants_with_the_same_options_fall_back_to_name_lists(mgl: RunCli, tmp_path: Path) -> None:
    texts = {"KIT-X-1.0": MARKUP_TEXTS["KIT-1.0"], "KIT-1.0": MARKUP_TEXTS["KIT-X-1.0"]}
    paths = _write_inputs(tmp_path / "in", texts)
    options = tmp_path / "options.yaml"
    options.write_text("KIT-1.0: [X]\nKIT-X-1.0: [X]\n", "utf-8")
    root = tmp_path / "imported"
    report = _imported(mgl, *paths, "--out", root, "--options", options)
    assert report["conditions"]["name list"] > 0 and len(report["name_options"]) == 2
    assert mgl("lint", "--root", root).code == 0
    _assert_round_trip(texts, _built(mgl, root, tmp_path / "rebuilt"))


def test_markdown_headings_are_layout(mgl: RunCli, tmp_path: Path) -> None:
    texts = {
        identifier: text.replace("Kit License", "# Kit License").replace("1. Scope", "## 1. Scope")
        for identifier, text in MARKUP_TEXTS.items()
    }
    paths = _write_inputs(tmp_path / "in", texts, suffix=".md")
    root = tmp_path / "imported"
    result = mgl("import", *paths, "--out", root)
    assert result.code == 0, result.err
    built = _built(mgl, root, tmp_path / "rebuilt")
    for identifier, text in texts.items():
        expected = [w[1:] if w[0] in ("#", "##") else w for w in _paragraphs(text)]
        assert _paragraphs(built[identifier]) == expected


@pytest.mark.parametrize("selected", [0b0001, 0b0110, 0b1011, 0b1110, 0b0101])
def test_conditions_select_exactly_their_variants(selected: int) -> None:
    from clausekit.ingest.conditions import minimal_condition

    codes = ["BY", "NC", "ND"]
    variants = [frozenset(), frozenset({"BY"}), frozenset({"BY", "NC"}), frozenset({"BY", "ND"})]
    on = frozenset(v for i, v in enumerate(variants) if selected >> i & 1)
    off = frozenset(variants) - on
    found = minimal_condition(codes, on, off)
    for variant in variants:
        holds = True if found is None else eval(found, {}, {c: c in variant for c in codes})
        assert holds == (variant in on), (found, sorted(variant))
    if on == {frozenset({"BY", "NC"})}:
        assert found == "NC"  # a combination no variant has is a don't-care


def test_merged_orders_keep_every_variants_order() -> None:
    from clausekit.ingest.align import merge_order

    # found by hypothesis: a key that one sequence puts before b and another after a must end between them
    sequences = [["a", "b"], ["a", "c"], ["a", "x", "c"], ["a", "x", "b"]]
    merged = merge_order(sequences)
    assert sorted(merged) == ["a", "b", "c", "x"]
    for sequence in sequences:
        assert [k for k in merged if k in sequence] == sequence


TERM_TEXTS = {
    "TERMS-1.0": """Terms License

1. Definitions

1.1 \u201cSoftware\u201d means the program this text comes with.

1.2 "Licensee" or "Licensees" refers to whoever receives the Software.

1.3 "Notice" has the meaning given below, and "Notices" has a corresponding meaning.

1.4 "Orphan" means a term that no other clause uses.

1.5 The word "free" means nothing here: a Licensee pays what the Notice says.

2. Grant

2.1 Rights

Each Licensee may run the Software as the Notice allows; Licensees keep their Notices.
""",
    "TERMS-X-1.0": """Terms License

1. Definitions

1.1 \u201cSoftware\u201d means the program this text comes with.

1.2 "Licensee" or "Licensees" refers to whoever receives the Software.

1.3 "Extra" means what only the X variant defines.

1.4 "Orphan" means a term that no other clause uses.

1.5 The word "free" means nothing here: a Licensee pays what the Notice says.

2. Grant

2.1 Rights

Each Licensee may run the Software as the Notice allows, and an Extra too.
""",
}


def _front_matter(root: Path) -> list[dict[str, object]]:
    return [yaml.safe_load(p.read_text("utf-8").split("---\n")[1]) for p in sorted((root / "clauses").rglob("*.md"))]


def test_definitions_become_terms_only_where_the_term_check_accepts_them(mgl: RunCli, tmp_path: Path) -> None:
    """Software (curly quotes) and Licensee (an alias) are defined and used in both variants;
    Extra is defined and used in TERMS-X-1.0 only. Notice is defined in TERMS-1.0 only, but
    TERMS-X-1.0 uses it, and Orphan is used nowhere but in its definition: the term check
    would refuse either, so they stay plain text. A quoted word mid-sentence defines nothing.
    """
    paths = _write_inputs(tmp_path / "in", TERM_TEXTS)
    root = tmp_path / "imported"
    report = _imported(mgl, *paths, "--out", root)
    assert report["round_trip"] == "exact"
    assert report["terms"] == 3 and sorted(report["defined_terms"]) == ["Extra", "Licensee", "Software"]
    heads = _front_matter(root)
    defined = {str(h["term"]): h for h in heads if "term" in h}
    assert sorted(defined) == ["Extra", "Licensee", "Software"]
    assert defined["Licensee"]["aliases"] == ["Licensees"] and "aliases" not in defined["Software"]
    assert "when" in defined["Extra"] and "when" not in defined["Software"]
    strict = mgl("lint", "--root", root, "--strict")
    assert strict.code == 0 and "warning" not in strict.out + strict.err, strict.out + strict.err
    _assert_round_trip(TERM_TEXTS, _built(mgl, root, tmp_path / "rebuilt"))
    text = mgl("import", *paths, "--out", root, "--check")
    assert text.code == 0 and "terms:       3 defined" in text.out


@pytest.mark.parametrize(
    ("paragraph", "term", "aliases"),
    [
        ('"Licensed Materials" means the Model.', "Licensed Materials", ()),
        ("\u201cOutput\u201d means any content.", "Output", ()),
        (
            '"Distribute" means to share. "Distribution" and "Distributed" have corresponding meanings.',
            "Distribute",
            ("Distribution", "Distributed"),
        ),
        ('"You" means the person, and "Your" has a corresponding meaning.', "You", ("Your",)),
        ('"Model" or "Models" refers to the weights.', "Model", ("Models",)),
        ('"Third-Party Materials" has the meaning given in Section 5.', "Third-Party Materials", ()),
        ('"NonCommercial" describes a use.', "NonCommercial", ()),
        ("\u2018Work\u2019 shall mean the work.", "Work", ()),
        ('The word "free" means nothing here.', None, ()),
        ('"free" means nothing here.', None, ()),
        ('"Model," means the weights.', None, ()),
        ('"Model" meaningfully differs.', None, ()),
        ('"A very long quotation of seven words here" means little.', None, ()),
    ],
)
def test_a_definition_opens_its_paragraph_with_a_quoted_term_and_a_defining_verb(
    paragraph: str, term: str | None, aliases: tuple[str, ...]
) -> None:
    from clausekit.ingest.terms import definition

    found = definition(paragraph)
    got = (found.term, found.aliases) if found else (None, ())
    assert got == (term, aliases)


def test_a_term_the_check_would_refuse_falls_back_to_plain_text(
    mgl: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the planner ever keep a definition the term check refuses, the import still lints and writes."""
    import clausekit.ingest.plan

    monkeypatch.setattr(clausekit.ingest.plan, "usable", lambda candidates, paragraphs, names: tuple(candidates))
    paths = _write_inputs(tmp_path / "in", TERM_TEXTS)
    root = tmp_path / "imported"
    result = mgl("import", *paths, "--out", root)
    assert result.code == 0, result.err
    assert "terms:       0 defined" in result.out
    assert not any("term" in head for head in _front_matter(root))
    assert mgl("lint", "--root", root, "--strict").code == 0
    _assert_round_trip(TERM_TEXTS, _built(mgl, root, tmp_path / "rebuilt"))
