"""How `mgl build` treats the output folder: incremental, checkable, never half-written."""

from __future__ import annotations

import json
from pathlib import Path

from clausekit.output.build import build
from clausekit.render.formats import COMMITTED_FORMATS
from clausekit.sources.types import Family
from conftest import COMMITTED, TINY, RunCli, copy_sources, drop_variant, snapshot


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_a_second_build_writes_nothing(corpus: Path, mgl: RunCli) -> None:
    assert mgl("build", "--root", corpus, *COMMITTED).code == 0
    before = mtimes(corpus / "build")
    result = mgl("build", "--root", corpus, *COMMITTED)
    assert result.code == 0
    assert f"0 written, {len(before)} unchanged" in result.out
    assert mtimes(corpus / "build") == before


def test_check_reports_stale_and_missing_artifacts_and_writes_nothing(
    corpus: Path, mgl: RunCli, family: Family
) -> None:
    first, last = family.variants[0].id, family.variants[-1].id
    assert mgl("build", "--root", corpus, *COMMITTED).code == 0
    assert mgl("build", "--root", corpus, "--check", *COMMITTED).code == 0
    text = (corpus / "clauses/02-rights/reservation.md").read_text(encoding="utf-8")
    (corpus / "clauses/02-rights/reservation.md").write_text(
        text + "\nThe Licensor keeps every other right.\n", encoding="utf-8"
    )
    (corpus / "build" / first / "license.md").unlink()
    before = snapshot(corpus / "build")

    result = mgl("build", "--root", corpus, "--check", *COMMITTED)

    assert result.code == 1
    assert f"missing: {first}/license.md" in result.out
    for variant in (first, last):  # reservation.md is in every variant
        assert f"stale:   {variant}/license.txt" in result.out
    assert "stale:   index.json" in result.out
    assert snapshot(corpus / "build") == before
    assert mgl("build", "--root", corpus, *COMMITTED).code == 0
    assert mgl("build", "--root", corpus, "--check", *COMMITTED).code == 0


def test_building_some_variants_and_formats_keeps_the_index_true_to_disk(
    corpus: Path, mgl: RunCli, family: Family
) -> None:
    out = corpus / "build"
    one, other = family.variants[-1].id, family.variants[0].id
    assert mgl("build", "--root", corpus, "--variant", one, "--format", "txt").code == 0
    translated = family.languages[1:]  # each variant in every language: the corpus is translated whole
    assert sorted(snapshot(out)) == sorted(
        [f"{one}/license.txt", *(f"{one}/license.{lang}.txt" for lang in translated), "index.json"]
    )
    index = json.loads((out / "index.json").read_text())
    assert [v["id"] for v in index["variants"] if v["artifacts"]] == [one]
    assert len(index["variants"]) == len(family.variants)

    assert mgl("build", "--root", corpus, "--variant", other, "--format", "md").code == 0
    index = json.loads((out / "index.json").read_text())
    kept = {v["id"]: sorted(v["artifacts"]) for v in index["variants"] if v["artifacts"]}
    assert kept == {
        other: sorted(["license.md", *(f"license.{lang}.md" for lang in translated)]),
        one: sorted(["license.txt", *(f"license.{lang}.txt" for lang in translated)]),
    }
    assert index["artifacts"] == {}
    assert mgl("build", "--root", corpus, "--variant", other, "--format", "md", "--check").code == 0


def test_a_removed_variant_leaves_no_files_behind(corpus: Path, mgl: RunCli, family: Family) -> None:
    assert mgl("build", "--root", corpus, *COMMITTED).code == 0
    removed = family.variants[-1]
    drop_variant(corpus, removed.name)

    check = mgl("build", "--root", corpus, "--check", *COMMITTED)
    assert check.code == 1 and f"obsolete: {removed.id}/license.txt" in check.out
    result = mgl("build", "--root", corpus, *COMMITTED)
    # license .txt .md .json, the sheets and the badge, in every language
    files = (3 + (4 if family.sheet else 0) + (1 if family.addresses else 0)) * len(family.languages)
    assert result.code == 0 and f"{files} obsolete removed" in result.out
    assert not (corpus / "build" / removed.id).exists()
    assert mgl("build", "--root", corpus, "--check", *COMMITTED).code == 0


def test_a_tampered_index_cannot_make_the_build_delete_outside_its_folder(
    corpus: Path, tmp_path: Path, mgl: RunCli
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    assert mgl("build", "--root", corpus, *COMMITTED).code == 0
    index_path = corpus / "build/index.json"
    index = json.loads(index_path.read_text())
    index["variants"].append({"id": "GONE-1.0", "artifacts": {"txt": {"path": "../../victim.txt", "sha256": "0" * 64}}})
    index_path.write_text(json.dumps(index))
    assert mgl("build", "--root", corpus, *COMMITTED).code == 0
    assert victim.read_text() == "keep me"


def test_the_second_family_builds_with_the_same_code(tmp_path: Path) -> None:
    root = copy_sources(TINY, tmp_path / "tiny")
    result = build(root, formats=COMMITTED_FORMATS)
    assert result.written
    # Every variant in English and, complete in the fixture, in German (`license.de.txt`, ...); no sheet:
    # this family declares none.
    variants = ("TDL-1.0", "TDL-PV-1.0", "TDL-SH-1.0")
    files = [f"license{lang}.{ext}" for lang in ("", ".de") for ext in ("json", "md", "txt")]
    assert sorted(snapshot(root / "build")) == sorted(
        [*(f"{v}/{f}" for v in variants for f in files), "compat.json", "compat.md", "index.json"]
    )
    shared = (root / "build/TDL-SH-1.0/license.txt").read_text()
    assert "Part II. Permissions" in shared and "II.1 Use" in shared
    assert "Sharing follows Appendix Z." in shared and "Appendix Z. Sharing Rules" in shared
    assert "(a) with the same name;" in shared
    private = " ".join((root / "build/TDL-PV-1.0/license.txt").read_text().split())
    assert "for one year at a time" in private and "Appendix" not in private
    assert "as Part II.1 allows private use only" in private
    index = json.loads((root / "build/index.json").read_text())
    assert index["family"] == {"name": "Tiny Data", "version": "1.0"}


def test_the_second_family_enforces_its_own_rules(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(TINY, tmp_path / "tiny")
    family = root / "variants.yaml"
    family.write_text(family.read_text().replace("options: [PV]", "options: [PV, SH]"))
    result = mgl("lint", "--root", root)
    assert result.code == 2
    assert "combines SH and PV, which a rule forbids: private use cannot require public sharing." in result.err
