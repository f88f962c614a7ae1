"""Remix rules beyond the union rule (`remix: sharealike`), and option groups in conditions.

The verdicts are checked against an oracle written here from the rule's definition,
over random families, not against the implementation's own reasoning.
"""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from clausekit import render_text
from clausekit.document.compat import COMPATIBLE, INCOMPATIBLE, UNSHAREABLE, verdict
from clausekit.sources.types import Family, Option, Rule, Variant
from conftest import TINY, RunCli, copy_sources, edit, lint_clean, read_json

CODES = ("A", "B", "C", "D", "E")


def family_of(remix: dict[str, str | None], rules: list[frozenset[str]], sets: list[frozenset[str]]) -> Family:
    options = tuple(Option(c, f"Option {c}", "m", (), (), MappingProxyType({}), remix.get(c), 1, None) for c in CODES)
    variants = tuple(
        Variant(f"V-{'-'.join(sorted(s)) or '0'}", f"V-{'-'.join(sorted(s)) or '0'}-1", "t", tuple(sorted(s)), {}, 1)
        for s in dict.fromkeys(sets)
    )
    never = tuple(Rule(tuple(sorted(r)), "because", 1) for r in rules)
    return Family("Mini", "1", (), options, never, (), (), variants, None, "f.yaml")


def oracle(
    remix: dict[str, str | None], variants: list[frozenset[str]], a: frozenset[str], b: frozenset[str]
) -> tuple[str, frozenset[str] | None]:
    """The rule from its definition: unshareable first, then ShareAlike, then the union rule."""
    union = a | b
    if any(remix.get(c) == "unshareable" for c in union):
        return UNSHAREABLE, None
    bound = [s for s in {a, b} if any(remix.get(c) == "sharealike" for c in s)]
    if len(bound) == 2:  # two different sharealike variants: each demands its own license
        return INCOMPATIBLE, None
    if len(bound) == 1:
        other = b if bound[0] == a else a
        return (COMPATIBLE, bound[0]) if other <= bound[0] else (INCOMPATIBLE, None)
    return (COMPATIBLE, union) if union in variants else (INCOMPATIBLE, None)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.frozensets(st.sampled_from(CODES)), min_size=1, max_size=12),
    st.dictionaries(st.sampled_from(CODES), st.sampled_from(["sharealike", "unshareable"])),
    st.lists(st.frozensets(st.sampled_from(CODES), min_size=2, max_size=3), max_size=2),
)
def test_verdicts_follow_the_sharealike_rule(
    sets: list[frozenset[str]], remix: dict[str, str], rules: list[frozenset[str]]
) -> None:
    family = family_of(dict(remix), rules, sets)
    by_options = {frozenset(v.options): v for v in family.variants}
    for a, b in product(family.variants, repeat=2):
        found = verdict(family, a, b)
        kind, result = oracle(dict(remix), list(by_options), frozenset(a.options), frozenset(b.options))
        assert (found.kind, found.result) == (kind, by_options[result].id if result is not None else None), (
            a.id,
            b.id,
            remix,
        )
        sharealike = [o for o in family.options if o.remix == "sharealike" and (a.has(o.code) or b.has(o.code))]
        if kind == INCOMPATIBLE and sharealike and a.id != b.id:
            # the verdict names the option that decided it, by name and code
            assert any(f"{o.name} ({o.code})" in found.explanation for o in sharealike), found.explanation


def cc_family() -> Family:
    """A Creative-Commons-style family: BY-SA with BY-NC has no shareable remix, though BY-NC-SA exists."""
    options = tuple(
        Option(code, name, "m", (), (), MappingProxyType({}), remix, 1)
        for code, name, remix in (
            ("BY", "Attribution", None),
            ("NC", "NonCommercial", None),
            ("SA", "ShareAlike", "sharealike"),
        )
    )
    sets = [("BY",), ("BY", "SA"), ("BY", "NC"), ("BY", "NC", "SA")]
    variants = tuple(Variant("CC-" + "-".join(s), "CC-" + "-".join(s) + "-4", "t", s, {}, 1) for s in sets)
    return Family("CC", "4", (), options, (), (), (), variants, None, "f.yaml")


def test_the_creative_commons_example() -> None:
    family = cc_family()
    by, by_sa, by_nc, by_nc_sa = family.variants
    assert (verdict(family, by_sa, by_nc).kind, verdict(family, by_sa, by_nc).result) == (INCOMPATIBLE, None)
    assert family.variant_with(frozenset(("BY", "NC", "SA"))) is by_nc_sa  # the union exists, yet no remix
    assert (verdict(family, by, by_sa).kind, verdict(family, by, by_sa).result) == (COMPATIBLE, by_sa.id)
    assert (verdict(family, by_nc, by_nc_sa).kind, verdict(family, by_nc, by_nc_sa).result) == (COMPATIBLE, by_nc_sa.id)
    assert verdict(family, by_sa, by_nc_sa).kind == INCOMPATIBLE  # two different sharealike variants
    assert verdict(family, by_sa, by_sa).result == by_sa.id


def sharealike_tiny(tmp_path: Path) -> Path:
    """tiny-family with Share-Alike marked `remix: sharealike`, an Attribution option and AT variants."""
    root = copy_sources(TINY, tmp_path / "tiny")
    edit(root, "variants.yaml", "    clauses: [share-alike]\n", "    clauses: [share-alike]\n    remix: sharealike\n")
    edit(
        root,
        "variants.yaml",
        "rules:\n",
        "  - code: AT\n    name: Attribution\n    meaning: Name the Dataset's authors.\nrules:\n",
    )
    (root / "variants.yaml").write_text(
        (root / "variants.yaml").read_text()
        + "  - name: TDL-AT\n    title: Tiny Data Attribution License\n    options: [AT]\n"
        "    facts: {duration: perpetual}\n"
        "  - name: TDL-AT-SH\n    title: Tiny Data Attribution Share-Alike License\n    options: [AT, SH]\n"
        "    facts: {duration: perpetual}\n"
    )
    return root


def test_mgl_compat_explains_a_sharealike_verdict(mgl: RunCli, tmp_path: Path) -> None:
    root = sharealike_tiny(tmp_path)
    family, _ = lint_clean(root)
    work = family.vocabulary.work
    out = mgl("compat", "--root", root, "TDL-SH", "TDL-AT")
    assert out.code == 0, out.err
    text = " ".join(out.out.split())
    assert text.startswith(f"❌ Remixing a {work} under TDL-SH-1.0 with one under TDL-AT-1.0 gives no {work}")
    assert "Share-Alike (SH) in TDL-SH-1.0 requires sharing it under TDL-SH-1.0 alone" in text
    assert "lacks Attribution (AT) of TDL-AT-1.0" in text
    assert family.variant_with(frozenset(("AT", "SH"))) is not None  # the union rule alone would allow it
    ok = json.loads(mgl("compat", "--root", root, "TDL", "TDL-SH", "--json").out)
    assert (ok["verdict"], ok["result"]) == ("compatible", "TDL-SH-1.0")
    # compat.json and compat.md carry the same explanation
    out_dir = tmp_path / "out"
    assert mgl("build", "--root", root, "--out", out_dir, "--format", "compat").code == 0
    pairs = {(p["first"], p["second"]): p for p in read_json(out_dir / "compat.json")["pairs"]}
    assert pairs["TDL-SH-1.0", "TDL-AT-1.0"]["explanation"] in " ".join(out.out.split())
    assert "lacks Attribution (AT) of TDL-AT-1.0" in (out_dir / "compat.md").read_text()


# --- option groups in conditions ------------------------------------------------------


def test_option_groups_and_any_option_in_conditions(tmp_path: Path) -> None:
    root = copy_sources(TINY, tmp_path / "tiny")
    edit(root, "variants.yaml", "    clauses: [private-only]\n", "    clauses: [private-only]\n    group: limits\n")
    edit(
        root,
        "clauses/use.md",
        "{% if SH %}",
        "{% if limits %}Limits apply.{% endif %}{% if not any_option %}No options.{% endif %}{% if SH %}",
    )
    # a section's `when:` names a group too
    edit(root, "variants.yaml", "    clauses: [share-alike]\n", "    clauses: [share-alike]\n    group: sharing\n")
    edit(root, "variants.yaml", "    when: SH\n", "    when: sharing\n")
    family, documents = lint_clean(root)
    limits = {o.code for o in family.options if o.group == "limits"}
    sharing = {o.code for o in family.options if o.group == "sharing"}
    appendix = family.section("appendix")
    assert limits and sharing and appendix is not None, "the edits declared the groups"
    for variant, document in zip(family.variants, documents, strict=True):
        text = " ".join(render_text(document).split())
        assert ("Limits apply." in text) == bool(limits & set(variant.options)), variant.id
        assert ("No options." in text) == (not variant.options), variant.id
        assert (appendix.title in text) == bool(sharing & set(variant.options)), variant.id


def test_an_unknown_name_is_still_an_error(mgl: RunCli, tmp_path: Path) -> None:
    root = copy_sources(TINY, tmp_path / "tiny")
    line = edit(root, "clauses/use.md", "{% if SH %}", "{% if limitz %}")
    found = mgl("lint", "--root", root)
    assert found.code == 2
    assert f"use.md:{line}" in found.err and "unknown name 'limitz'" in found.err
    assert "any_option" in found.err  # the fix lists the built-in name


def test_a_group_may_not_shadow_an_option(mgl: RunCli, tmp_path: Path) -> None:
    root = copy_sources(TINY, tmp_path / "tiny")
    edit(root, "variants.yaml", "    clauses: [private-only]\n", "    clauses: [private-only]\n    group: SH\n")
    found = mgl("lint", "--root", root)
    assert found.code == 2 and "group name 'SH' of option 'PV' is also an option code" in found.err
