"""Generated families round-trip through `mgl import` (hypothesis).

Random options, variants and the rules they imply; random sections and clauses with
random `when:` conditions, paragraphs under `{% if %}`, in-line conditional phrases and
`ref()`s, and sometimes a defined term (its definition in straight or curly quotes, used
in a clause every variant has); built into full texts by the normal pipeline, imported,
built again: every paragraph comes back word for word, the fragments hold at most 1.15
times the words of the inputs' distinct paragraphs, and the definition is found again.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clausekit.ingest.run import import_texts
from clausekit.pipeline import lint_root
from clausekit.render.text import render_text

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "fox", "golf", "hotel", "india", "kilo", "lima", "mike"]
CODES = ["A", "B", "C", "D"]
TERMS = ["Gizmo", "Widget Set", "Third-Party Kit"]
QUOTES = [('"', '"'), ("\u201c", "\u201d")]


def _paragraphs(text: str) -> list[list[str]]:
    """Blocks separated by blank lines, as words; an underline below a heading is layout."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        if len(lines) > 1 and re.fullmatch(r"[=\-]{3,}", lines[-1].strip()):
            lines = lines[:-1]
        if words := " ".join(lines).split():
            found.append(words)
    return found


@st.composite
def families(draw: st.DrawFn) -> dict[str, str]:
    """A family root as files: variants.yaml and clauses/**.md."""
    codes = CODES[: draw(st.integers(2, 4))]
    combos = [frozenset(c for i, c in enumerate(codes) if mask >> i & 1) for mask in range(1 << len(codes))]
    chosen = draw(st.lists(st.sampled_from(combos), min_size=2, max_size=min(8, len(combos)), unique=True))
    used = sorted({c for s in chosen for c in s}, key=codes.index)
    if not used:
        chosen.append(frozenset(codes[:1]))
        used = codes[:1]
    rules = [list(p) for p in itertools.combinations(used, 2) if not any(set(p) <= s for s in chosen)]
    phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
    literal = st.sampled_from(used).flatmap(lambda c: st.sampled_from([c, f"not {c}"]))
    condition = st.one_of(literal, st.tuples(literal, literal).map(lambda p: f"{p[0]} or {p[1]}"))
    files: dict[str, str] = {}
    term = draw(st.one_of(st.none(), st.sampled_from(TERMS)))
    if term is not None:  # defined last in part 1 (every variant has it), used at the start of part1-c1
        opening, closing = draw(st.sampled_from(QUOTES))
        head = {"id": "part1-def", "term": term, "section": "part1", "order": 99}
        meaning = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=8)))
        files["clauses/part1-def.md"] = f"---\n{yaml.safe_dump(head)}---\n{opening}{term}{closing} means {meaning}.\n"
    outline = []
    unconditional: list[str] = []
    for s in range(draw(st.integers(1, 3))):
        section = f"part{s + 1}"
        entry: dict[str, object] = {"id": section, "title": f"part {WORDS[s]}", "number": str(s + 1)}
        entry["layout"] = draw(st.sampled_from(["headings", "inline"]))
        section_when = draw(st.one_of(st.none(), condition)) if s > 0 else None
        if section_when:
            entry["when"] = section_when
        outline.append(entry)
        for c in range(draw(st.integers(1, 4))):
            clause = f"{section}-c{c + 1}"
            when = None if c == 0 else draw(st.one_of(st.none(), condition))
            head = {"id": clause, "title": f"{WORDS[c]} {WORDS[-1 - c]}", "section": section, "order": c + 1}
            if when:
                head["when"] = when
            lead = f"the {term}" if term is not None and s == 0 and c == 0 else ""
            files[f"clauses/{clause}.md"] = _fragment(draw, head, unconditional, condition, phrase, lead)
            if not when and not section_when:
                unconditional.append(clause)
            for k in range(draw(st.integers(0, 2)) if not when else 0):
                child = {"id": f"{clause}-k{k + 1}", "title": f"{WORDS[k + 5]} item", "parent": clause, "order": k + 1}
                if k > 0 and (child_when := draw(st.one_of(st.none(), condition))):
                    child["when"] = child_when
                files[f"clauses/{child['id']}.md"] = _fragment(draw, child, unconditional, condition, phrase)
    family = {
        "family": {"name": "Gen", "version": "1.0"},
        "outline": outline,
        "options": [{"code": c, "name": f"option {c}", "meaning": "a choice."} for c in used],
        "rules": [{"never": r, "because": "never combined."} for r in rules],
        "variants": [
            {"name": "-".join(["G", *sorted(s, key=codes.index)]), "title": "generated license", "options": sorted(s)}
            for s in chosen
        ],
    }
    files["variants.yaml"] = yaml.safe_dump(family, sort_keys=False)
    return files


def _fragment(
    draw: st.DrawFn,
    head: dict[str, object],
    targets: list[str],
    condition: st.SearchStrategy[str],
    phrase: st.SearchStrategy[str],
    lead: str = "",
) -> str:
    """A fragment: 1-3 paragraphs of random words, with in-line conditionals, refs and conditional paragraphs.

    `lead` opens the first paragraph, which is never conditional.
    """
    paragraphs = []
    for p in range(draw(st.integers(1, 3))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=14))
        if p == 0 and lead:
            words.insert(0, lead)
        if draw(st.booleans()):
            at = draw(st.integers(0, len(words)))
            words.insert(at, f"{{% if {draw(condition)} %}}{draw(phrase)}{{% endif %}}")
        if draw(st.booleans()) and targets:
            words.append(f"as {{{{ ref('{draw(st.sampled_from(targets))}') }}}} says")
        text = " ".join(words) + "."
        if p > 0 and draw(st.booleans()):
            text = f"{{% if {draw(condition)} %}}{text}{{% endif %}}"
        paragraphs.append(text)
    return f"---\n{yaml.safe_dump(head)}---\n" + "\n\n".join(paragraphs) + "\n"


def _texts(files: dict[str, str], root: Path) -> dict[str, str]:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, "utf-8")
    linted = lint_root(root)
    assert linted.value is not None and not linted.problems, [p.format() for p in linted.problems]
    return {d.variant_id: render_text(d) for d in linted.value.documents}


# Found by this test: clauses of one inline section that open alike, one of them only in
# variant G-A. Paired by how often their opening had come up, G-A's second "alpha alpha…"
# was taken for G's second, which G has after the clause citing Section 1.1 and G-A before
# it: the orders contradicted each other, and G-A's text came back with two clauses swapped.
REPEATED_OPENINGS = {
    "clauses/part1-c1.md": "---\nid: part1-c1\norder: 1\nsection: part1\ntitle: alpha mike\n---\nalpha alpha alpha alpha.\n\n{% if A %}alpha{% endif %} alpha alpha alpha alpha.\n",
    "clauses/part2-c1.md": "---\nid: part2-c1\norder: 1\nsection: part2\ntitle: alpha mike\n---\nalpha alpha alpha alpha.\n",
    "clauses/part2-c2.md": "---\nid: part2-c2\norder: 2\nsection: part2\ntitle: bravo lima\nwhen: A\n---\nalpha alpha alpha alpha.\n",
    "clauses/part2-c3.md": "---\nid: part2-c3\norder: 3\nsection: part2\ntitle: charlie kilo\n---\nalpha alpha alpha alpha as {{ ref('part1-c1') }} says.\n",
    "clauses/part2-c4.md": "---\nid: part2-c4\norder: 4\nsection: part2\ntitle: delta india\n---\nalpha alpha alpha alpha.\n",
    "variants.yaml": "family:\n  name: Gen\n  version: '1.0'\noutline:\n- id: part1\n  title: part alpha\n  number: '1'\n  layout: headings\n- id: part2\n  title: part bravo\n  number: '2'\n  layout: inline\noptions:\n- code: A\n  name: option A\n  meaning: a choice.\n- code: B\n  name: option B\n  meaning: a choice.\nrules:\n- never:\n  - A\n  - B\n  because: never combined.\nvariants:\n- name: G\n  title: generated license\n  options: []\n- name: G-A\n  title: generated license\n  options:\n  - A\n- name: G-B\n  title: generated license\n  options:\n  - B\n",
}

# Found while fixing that: G-A's third clause opens like none seen, but close to the clause
# G has twice. It must pair with G's second, which G-A has not matched yet, or it becomes
# a fragment of its own and the ratio reaches 1.18.
CLOSE_OPENINGS = {
    "clauses/part1-c1.md": "---\nid: part1-c1\norder: 1\nsection: part1\ntitle: alpha mike\n---\nalpha alpha alpha alpha.\n",
    "clauses/part1-c2.md": "---\nid: part1-c2\norder: 2\nsection: part1\ntitle: bravo lima\n---\nalpha alpha alpha alpha as {{ ref('part1-c1') }} says.\n\nalpha alpha alpha alpha.\n\nalpha alpha alpha alpha as {{ ref('part1-c1') }} says.\n",
    "clauses/part1-c3.md": "---\nid: part1-c3\norder: 3\nsection: part1\ntitle: charlie kilo\n---\n{% if A %}alpha{% endif %} alpha alpha alpha alpha as {{ ref('part1-c1') }} says.\n",
    "clauses/part1-c3-k1.md": "---\nid: part1-c3-k1\norder: 1\nparent: part1-c3\ntitle: fox item\n---\nalpha alpha alpha alpha alpha alpha alpha as {{ ref('part1-c1') }} says.\n",
    "variants.yaml": "family:\n  name: Gen\n  version: '1.0'\noutline:\n- id: part1\n  title: part alpha\n  number: '1'\n  layout: inline\noptions:\n- code: A\n  name: option A\n  meaning: a choice.\n- code: B\n  name: option B\n  meaning: a choice.\nrules:\n- never:\n  - A\n  - B\n  because: never combined.\nvariants:\n- name: G\n  title: generated license\n  options: []\n- name: G-A\n  title: generated license\n  options:\n  - A\n- name: G-B\n  title: generated license\n  options:\n  - B\n",
}

# And: G-A's "alpha alpha alpha alpha." is close to G's definition of Gizmo, which G-A
# also has, word for word. Paired by closeness first, it took the definition's place, the
# definition became a second fragment, and the term (defined twice) was refused. An
# exact match now wins; closeness pairs only within a stretch where the orders differ.
EXACT_BEFORE_CLOSE = {
    "clauses/part1-def.md": '---\nid: part1-def\norder: 99\nsection: part1\nterm: Gizmo\n---\n"Gizmo" means alpha alpha.\n',
    "clauses/part1-c1.md": "---\nid: part1-c1\norder: 1\nsection: part1\ntitle: alpha mike\n---\nthe Gizmo alpha alpha alpha alpha.\n",
    "clauses/part1-c2.md": "---\nid: part1-c2\norder: 2\nsection: part1\ntitle: bravo lima\nwhen: A\n---\nalpha alpha alpha alpha.\n",
    "variants.yaml": "family:\n  name: Gen\n  version: '1.0'\noutline:\n- id: part1\n  title: part alpha\n  number: '1'\n  layout: inline\noptions:\n- code: A\n  name: option A\n  meaning: a choice.\nrules: []\nvariants:\n- name: G\n  title: generated license\n  options: []\n- name: G-A\n  title: generated license\n  options:\n  - A\n",
}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(families())
@example(REPEATED_OPENINGS)
@example(CLOSE_OPENINGS)
@example(EXACT_BEFORE_CLOSE)
def test_generated_families_round_trip(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        texts = _texts(files, base / "family")
        inputs = base / "in"
        inputs.mkdir()
        for identifier, text in texts.items():
            (inputs / f"{identifier}.txt").write_text(text, "utf-8")
        result = import_texts(sorted(inputs.iterdir()), base / "imported")
        assert result.value is not None, [p.format() for p in result.problems]
        assert result.value.mismatches == ()
        assert result.value.plan.ratio <= 1.15
        defined = [yaml.safe_load(t.split("---\n")[1]).get("term") for t in files.values() if t.startswith("---")]
        assert sorted(filter(None, defined)) == sorted(result.value.plan.terms)
        rebuilt = _texts({}, base / "imported")
        assert sorted(rebuilt) == sorted(texts)
        for identifier, text in texts.items():
            assert _paragraphs(rebuilt[identifier]) == _paragraphs(text), identifier
