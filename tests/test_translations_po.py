"""`mgl translations`: the status per language, and the round trip through gettext PO files.

Expectations are computed from the fixture's files (tiny-family, translated into German).
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RunCli, edit
from test_translations import LANG, digest, recorded, sources, tiny, translation, tree


def test_translations_json_counts_translated_stale_and_missing(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    edit(root, "clauses/use.md", "copy and analyse", "copy, study and analyse")
    (root / "clauses/recipient.de.md").unlink()
    result = mgl("translations", "--root", root, "--json")
    assert result.code == 0
    found = json.loads(result.out)["languages"]
    # Every fragment of the fixture is used by some variant (the English texts show them all).
    used = sources(root)
    translated = [s for s in used if translation(s).exists()]
    stale = [s for s in translated if recorded(translation(s)) != digest(s)]
    current = len(translated) - len(stale)
    assert found == [
        {
            "language": LANG,
            "clauses": len(used),
            "translated": len(translated),
            "current": current,
            "stale": len(stale),
            "missing": len(used) - len(translated),
            "percent": round(100 * current / len(used), 1),
            "stale_files": ["clauses/use.md"],
            "missing_files": ["clauses/recipient.md"],
            "missing_strings": [],
            "variants_built": [],  # every variant defines Recipient
        }
    ]
    text = mgl("translations", "--root", root)
    assert text.code == 0 and f"de: {round(100 * current / len(used), 1)}% current" in text.out


def test_po_export_then_import_changes_no_byte(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    edit(root, "clauses/use.md", "copy and analyse", "copy, study and analyse")  # a stale one stays stale
    before = tree(root)
    po = tmp_path / "de.po"
    assert mgl("translations", "--root", root, "export", "--lang", "de", "-o", po).code == 0
    text = po.read_text(encoding="utf-8")
    assert 'msgctxt "use"' in text and 'msgctxt "option:SH:name"' in text and "#, fuzzy" in text
    done = mgl("translations", "--root", root, "import", po)
    assert done.code == 0 and "0 file(s) written" in done.out
    assert tree(root) == before


def test_po_import_recreates_the_translation_files_byte_for_byte(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    before = tree(root)
    po = tmp_path / "de.po"
    assert mgl("translations", "--root", root, "export", "--lang", "de", "-o", po).code == 0
    for file in [*(root / "clauses").glob("*.de.md"), root / "translations/de.yaml"]:
        file.unlink()
    assert mgl("translations", "--root", root, "import", po).code == 0
    assert tree(root) == before


def test_po_import_sets_the_digest_only_for_the_current_source_text(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    edit(root, "clauses/use.md", "copy and analyse", "copy, study and analyse")
    po = tmp_path / "de.po"
    assert mgl("translations", "--root", root, "export", "--lang", "de", "-o", po).code == 0
    old = recorded(root / "clauses/use.de.md")
    # The translator updates the text and clears the fuzzy flag, as PO editors do.
    text = po.read_text(encoding="utf-8")
    block_start = text.index('msgctxt "use"')
    head = text.rindex("#, fuzzy\n", 0, block_start)
    text = text[:head] + text[head + len("#, fuzzy\n") :]
    po.write_text(text.replace("kopieren und auswerten", "kopieren, untersuchen und auswerten"), encoding="utf-8")
    assert mgl("translations", "--root", root, "import", po).code == 0
    assert recorded(root / "clauses/use.de.md") == digest(root / "clauses/use.md") != old
    assert mgl("lint", "--root", root, "--strict").code == 0


def test_a_bad_po_file_exits_2_with_its_line_and_writes_nothing(tmp_path: Path, mgl: RunCli) -> None:
    root = tiny(tmp_path)
    before = tree(root)
    po = tmp_path / "de.po"
    assert mgl("translations", "--root", root, "export", "--lang", "de", "-o", po).code == 0
    lines = po.read_text(encoding="utf-8").split("\n")
    text = "\n".join(lines).replace("Gleiche Bedingungen", "Gleich", 1)  # a change that would be written
    unknown = 'msgctxt "no-such-clause"\nmsgid "x"\nmsgstr "y"\n'
    po.write_text(text + "\n" + unknown, encoding="utf-8")
    line = len((text + "\n").split("\n"))
    result = mgl("translations", "--root", root, "import", po)
    assert result.code == 2
    assert f"{po}:{line}: error: no clause id or family string matches msgctxt 'no-such-clause'" in result.err
    assert "nothing was written" in result.err
    assert tree(root) == before

    broken = po.read_text(encoding="utf-8").replace("{{ ref('use') }}", "{{ ref('dataset') }}", 2)
    po.write_text(broken.replace(unknown, ""), encoding="utf-8")
    bad_tags = mgl("translations", "--root", root, "import", po)
    assert bad_tags.code == 2 and "does not keep the source's Jinja tags" in bad_tags.err
    assert tree(root) == before
