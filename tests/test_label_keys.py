"""A translation's `labels:` keys only words the toolchain prints: a misspelt msgid is refused.

Kept, an unknown key would print nowhere, and the word it meant would stay untranslated
(at best a "missing string" warning far from the typo). The keys to break are read off
the corpus's own translation file and site words, never listed here.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import FIXTURES, REPO, RunCli, copy_sources


def _strings_file(root: Path) -> Path:
    found = sorted((root / "translations").glob("*.yaml"))
    assert found, "the corpus has no translations"
    return found[0]


def _label_keys(path: Path) -> list[tuple[str, int]]:
    """Each key of the file's `labels:` with its line (1-based), in file order."""
    root = yaml.compose(path.read_text(encoding="utf-8"))
    assert isinstance(root, yaml.MappingNode)
    labels = next(v for k, v in root.value if k.value == "labels")
    assert isinstance(labels, yaml.MappingNode)
    return [(k.value, k.start_mark.line + 1) for k, _ in labels.value]


def _labels_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines.index("labels:") + 1


def _insert_after(path: Path, line: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(line, text)
    path.write_text("\n".join(lines), encoding="utf-8")


def _misspell_first_word(path: Path) -> tuple[str, str, int]:
    """Drop a letter of the first plain-word msgid long enough to still read as it: (msgid, typo, line)."""
    keys = _label_keys(path)
    known = {k for k, _ in keys}
    msgid, line = next((k, n) for k, n in keys if k.isalpha() and len(k) >= 6)
    typo = msgid[:2] + msgid[3:]
    assert typo not in known
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[line - 1].lstrip().startswith(msgid + ":")
    lines[line - 1] = lines[line - 1].replace(msgid + ":", typo + ":", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return msgid, typo, line


def test_a_misspelt_msgid_is_refused_at_its_line_naming_the_one_meant(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(REPO, tmp_path / "corpus")
    path = _strings_file(root)
    msgid, typo, line = _misspell_first_word(path)

    run = mgl("lint", "--root", root)

    assert run.code == 2, run.err
    relative = path.relative_to(root).as_posix()
    error = next(x for x in run.err.splitlines() if f"{relative}:{line}: error:" in x)
    assert repr(typo) in error
    assert f"did you mean {msgid!r}?" in run.err
    assert "Traceback" not in run.err


def test_an_unknown_msgid_is_refused(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(REPO, tmp_path / "corpus")
    path = _strings_file(root)
    at = _labels_line(path)
    _insert_after(path, at, "  Bogus: x")

    run = mgl("lint", "--root", root)

    assert run.code == 2, run.err
    assert f"{path.relative_to(root).as_posix()}:{at + 1}: error: 'Bogus'" in run.err
    assert "Traceback" not in run.err


def test_a_site_word_is_a_known_key(tmp_path: Path, mgl: RunCli) -> None:
    """A translation may give the site's words too (the site reads them over site/labels.<lang>.yml)."""
    root = copy_sources(REPO, tmp_path / "corpus")
    path = _strings_file(root)
    words = sorted((REPO / "site").glob("labels.*.yml"))
    assert words, "the corpus site has no words in another language"
    site = yaml.safe_load(words[0].read_text(encoding="utf-8"))
    known = {k for k, _ in _label_keys(path)}
    word = next(k for k in site if k not in known and k.replace(" ", "").isalpha())
    _insert_after(path, _labels_line(path), f'  "{word}": "{site[word]}"')

    run = mgl("lint", "--root", root)

    assert run.code == 0, run.err
    assert "error" not in run.err


def test_the_family_file_names_the_msgid_meant_too(tmp_path: Path, mgl: RunCli) -> None:
    """variants.yaml's `labels:` is read by the same code, so its refusal names the closest msgid as well."""
    root = copy_sources(FIXTURES / "zh-family", tmp_path / "family")
    msgid, typo, line = _misspell_first_word(root / "variants.yaml")

    run = mgl("lint", "--root", root)

    assert run.code == 2, run.err
    assert f"variants.yaml:{line}: error: {typo!r}" in run.err
    assert f"did you mean {msgid!r}?" in run.err
