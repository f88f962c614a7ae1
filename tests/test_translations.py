"""Translations: loading, alignment, staleness, missing clauses, the glossary check, `mgl translations`, PO.

The fixture tiny-family is translated into German (`de`), completely and currently.
Expectations are computed here from the fixture's files (the digest with the
contract's own recipe), never from the implementation.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

from clausekit.checks.terms import words
from conftest import TINY, RunCli, copy_sources, edit

LANG = "de"


def digest(path: Path) -> str:
    """The contract's recipe (§2), verbatim in substance."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    title = (yaml.safe_load(front) or {}).get("title") or ""
    return hashlib.sha256((title + "\n" + body.strip()).encode("utf-8")).hexdigest()[:12]


def recorded(path: Path) -> str:
    _, front, _ = path.read_text(encoding="utf-8").split("---\n", 2)
    return str(yaml.safe_load(front)["source"])


def sources(root: Path) -> list[Path]:
    return sorted(p for p in (root / "clauses").rglob("*.md") if "." not in p.name.removesuffix(".md"))


def translation(source: Path) -> Path:
    return source.with_name(f"{source.stem}.{LANG}.md")


def tree(root: Path) -> dict[str, bytes]:
    """Every source file's bytes, to tell whether anything was written."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("clauses", "translations")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    } | {"variants.yaml": (root / "variants.yaml").read_bytes()}


def tiny(tmp_path: Path) -> Path:
    return copy_sources(TINY, tmp_path / "tiny")


def test_the_fixture_translation_is_complete_and_current(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    for source in sources(root):
        assert recorded(translation(source)) == digest(source), source.name
    result = mgl("lint", "--root", root, "--strict")
    assert result.code == 0 and "warning" not in result.err, result.err


def test_a_translation_with_other_jinja_tags_is_refused_at_its_line(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    line = edit(root, "clauses/use.de.md", "{% if SH %}", "{% if PV %}")
    result = mgl("lint", "--root", root)
    assert result.code == 2
    assert f"clauses/use.de.md:{line}: error: the Jinja tags differ" in result.err
    assert "`{% if SH %}`" in result.err and "`{% if PV %}`" in result.err


def test_a_translation_with_another_paragraph_count_is_refused(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    edit(root, "clauses/share-alike.de.md", "Lizenz:\n\n1.", "Lizenz:\n1.")
    result = mgl("lint", "--root", root)
    assert result.code == 2 and "clauses/share-alike.de.md" in result.err and "paragraph" in result.err


def test_misplaced_translation_files_are_refused_with_their_file(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    (root / "clauses/use.fr.md").write_text("---\nsource: 0\n---\nUtilisation.\n", encoding="utf-8")
    (root / "clauses/nothing.de.md").write_text("---\nsource: 0\n---\nNichts.\n", encoding="utf-8")
    line = edit(root, "clauses/use.de.md", "source:", "when: SH\nsource:")
    result = mgl("lint", "--root", root)
    assert result.code == 2
    assert "clauses/use.fr.md:1: error: unknown language suffix 'fr'" in result.err
    assert "clauses/nothing.de.md:1: error: a translation of clauses/nothing.md, which does not exist" in result.err
    assert f"clauses/use.de.md:{line}: error: `when` comes from the source fragment" in result.err


def test_a_stale_translation_warns_is_marked_in_the_build_and_is_clean_once_refreshed(
    tmp_path: Path, mgl: RunCli
) -> None:
    root = tiny(tmp_path)
    edit(root, "clauses/use.md", "copy and analyse", "copy, study and analyse")
    lint = mgl("lint", "--root", root)
    assert lint.code == 0
    assert "clauses/use.de.md:3: warning: stale: clauses/use.md changed since this translation was made" in lint.err
    assert mgl("lint", "--root", root, "--strict").code == 2

    assert mgl("build", "--root", root, "--format", "txt,md").code == 0
    notice = " ".join(yaml.safe_load((root / "translations/de.yaml").read_text(encoding="utf-8"))["stale"].split())
    text = (root / "build/TDL-1.0/license.de.txt").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    header, first_part = flat.split("Teil I.", 1)
    assert notice in header  # at the top
    use = first_part[first_part.index("II.1 Nutzung") :]
    assert use.startswith(f"II.1 Nutzung [{notice}]")  # and at the stale clause
    assert flat.count(notice) == 2  # nowhere else
    markdown = (root / "build/TDL-1.0/license.de.md").read_text(encoding="utf-8")
    assert markdown.count(notice.split(";")[0]) == 2

    use_de = root / "clauses/use.de.md"
    use_de.write_text(
        use_de.read_text(encoding="utf-8").replace(recorded(use_de), digest(root / "clauses/use.md")), encoding="utf-8"
    )
    clean = mgl("lint", "--root", root, "--strict")
    assert clean.code == 0 and "warning" not in clean.err
    assert mgl("build", "--root", root, "--format", "txt,md").code == 0
    rebuilt = " ".join((root / "build/TDL-1.0/license.de.txt").read_text(encoding="utf-8").split())
    assert notice not in rebuilt


def test_a_variant_missing_a_clause_translation_is_not_built_in_that_language(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    assert mgl("build", "--root", root, "--format", "txt,md,json").code == 0
    assert (root / "build/TDL-PV-1.0/license.de.txt").is_file()
    (root / "clauses/private-only.de.md").unlink()
    result = mgl("build", "--root", root, "--format", "txt,md,json")
    assert result.code == 0
    variants = yaml.safe_load((root / "variants.yaml").read_text(encoding="utf-8"))["variants"]
    version = yaml.safe_load((root / "variants.yaml").read_text(encoding="utf-8"))["family"]["version"]
    users = [f"{v['name']}-{version}" for v in variants if "PV" in v["options"]]  # private-only.md: `when: PV`
    for variant_id in users:
        assert f"{variant_id}: not built in de: no translation of clauses/private-only.md" in result.err
        assert not list((root / "build" / variant_id).glob("*.de.*"))  # the earlier German files are removed
        assert (root / "build" / variant_id / "license.txt").is_file()
    others = [f"{v['name']}-{version}" for v in variants if "PV" not in v["options"]]
    index = json.loads((root / "build/index.json").read_text(encoding="utf-8"))
    listed = {v["id"]: v["artifacts"] for v in index["variants"]}
    for variant_id in others:
        assert listed[variant_id]["license.de.txt"] == {
            "path": f"{variant_id}/license.de.txt",
            "sha256": hashlib.sha256((root / "build" / variant_id / "license.de.txt").read_bytes()).hexdigest(),
            "bytes": (root / "build" / variant_id / "license.de.txt").stat().st_size,
            "language": "de",
        }
    for variant_id in users:
        assert not [name for name in listed[variant_id] if ".de." in name]
    assert mgl("build", "--root", root, "--check", "--format", "txt,md,json").code == 0


def test_missing_family_strings_keep_the_language_from_being_built(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    edit(root, "translations/de.yaml", "  Recipient: Empfänger\n", "")
    lint = mgl("lint", "--root", root)
    assert lint.code == 0 and "translations/de.yaml: warning: 1 string(s) missing" in lint.err
    assert "glossary.'Recipient'" in lint.err
    assert mgl("lint", "--root", root, "--strict").code == 2
    build = mgl("build", "--root", root, "--format", "txt")
    assert build.code == 0 and "TDL-1.0: not built in de: incomplete translations/de.yaml" in build.err
    assert not list((root / "build").rglob("*.de.txt"))


def test_lang_limits_a_build_and_an_unknown_one_is_refused(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    assert mgl("build", "--root", root, "--format", "txt", "--lang", "en").code == 0
    assert not list((root / "build").rglob("*.de.txt")) and list((root / "build").rglob("license.txt"))
    assert mgl("build", "--root", root, "--format", "txt", "--lang", "de").code == 0
    assert list((root / "build").rglob("license.de.txt")) and list((root / "build").rglob("license.txt"))
    wrong = mgl("build", "--root", root, "--format", "txt", "--lang", "fr")
    assert wrong.code == 2 and "unknown language 'fr'" in wrong.err


def test_the_glossary_check_catches_a_translation_using_another_term(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    text = (root / "clauses/use.de.md").read_text(encoding="utf-8")
    (root / "clauses/use.de.md").write_text(text.replace("Der Empfänger", "Der Nutzer"), encoding="utf-8")
    result = mgl("lint", "--root", root)
    assert result.code == 2
    assert "clauses/use.de.md: error: the source clauses/use.md uses the defined term 'Recipient'" in result.err
    assert "'Empfänger'" in result.err


def test_the_english_term_check_reads_unicode_words(tmp_path: Path, mgl: RunCli) -> None:
    assert [w.text for w in words("die Datensätzen, l'Ångström-Skala")] == ["die", "Datensätzen", "l'Ångström-Skala"]
    root = tiny(tmp_path)
    edit(root, "clauses/use.md", "copy and analyse", "copy and Überprüfen")
    result = mgl("lint", "--root", root)
    assert result.code == 2 and "the capitalised word 'Überprüfen' is not a defined term" in result.err
    edit(root, "variants.yaml", "\nfamily:", "\nchecks: {undefined_capitalised: false}\nfamily:")
    off = mgl("lint", "--root", root)
    assert "Überprüfen" not in off.err and off.code == 0, off.err


def test_the_html_edition_is_built_per_language_with_the_governing_notice(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    assert mgl("build", "--root", root, "--format", "html").code == 0
    governs = " ".join(yaml.safe_load((root / "translations/de.yaml").read_text(encoding="utf-8"))["governs"].split())
    typeset = json.loads((root / "build/typeset.json").read_text(encoding="utf-8"))["artifacts"]
    for folder in sorted(p for p in (root / "build").iterdir() if p.is_dir()):
        page = (folder / "license.de.html").read_text(encoding="utf-8")
        assert governs in page and governs not in (folder / "license.html").read_text(encoding="utf-8")
        assert f"{folder.name}/license.de.html" in typeset
    folders = [p for p in (root / "build").iterdir() if p.is_dir()]
    (root / "clauses/dataset.de.md").unlink()  # every variant defines the Dataset: no German edition is left
    result = mgl("build", "--root", root, "--format", "html")
    assert result.code == 0 and result.err.count("no translation of clauses/dataset.md") == len(folders)
    assert not list((root / "build").rglob("license.de.html"))
    typeset = json.loads((root / "build/typeset.json").read_text(encoding="utf-8"))["artifacts"]
    assert not [path for path in typeset if ".de." in path]


def test_the_capitalised_word_rule_is_a_setting_of_each_language(tmp_path: Path, mgl: RunCli) -> None:
    """Off for German by default (its nouns are capitalised); a language that wants it turns it on."""
    root = tiny(tmp_path)
    assert mgl("lint", "--root", root).code == 0
    with (root / "translations/de.yaml").open("a", encoding="utf-8") as strings:
        strings.write("checks:\n  undefined_capitalised: true\n")
    result = mgl("lint", "--root", root)
    assert result.code == 2
    assert (
        "clauses/dataset.de.md:" in result.err and "the capitalised word 'Sammlung' is not a defined term" in result.err
    )
