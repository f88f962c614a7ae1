"""A translated label or site word may use only the placeholders of its English text (the msgid).

Nothing fills a placeholder the msgid lacks, so "第3页，共{pgae}页" would be printed as
written: lint, build and site refuse it at the file and line of the translation. One the
msgid has and the translation leaves out is a warning (`mgl lint --strict` fails on it).

The label to break is picked from the data files (the first translated entry whose msgid
has two placeholders and whose translation says both), and the placeholders the message
must name are read off that msgid here, not taken from the implementation.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from conftest import FIXTURES, REPO, RunCli, copy_sources, snapshot

ZH = FIXTURES / "zh-family"
NAME = re.compile(r"\{([a-z_]+)\}")


def _pick(path: Path, under: str | None) -> tuple[str, list[str], int, tuple[int, int]]:
    """(msgid, its placeholders, the key's line, where its value starts) of an entry to break, from the file itself."""
    root = yaml.compose(path.read_text(encoding="utf-8"))
    assert isinstance(root, yaml.MappingNode)
    mapping = root
    if under is not None:
        mapping = next(v for k, v in root.value if k.value == under)
        assert isinstance(mapping, yaml.MappingNode)
    for key, value in mapping.value:
        names = NAME.findall(key.value)
        if len(set(names)) >= 2 and all("{" + n + "}" in value.value for n in names):
            return key.value, names, key.start_mark.line + 1, (value.start_mark.line, value.start_mark.column)
    raise AssertionError(f"{path} has no translated entry with two placeholders")


def _misspell(path: Path, value: tuple[int, int], name: str, wrong: str) -> None:
    """Write `{wrong}` for `{name}` in an entry's value (not in its key, which may share the line)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    line, column = value
    head, tail = lines[line][:column], lines[line][column:]
    assert "{" + name + "}" in tail
    lines[line] = head + tail.replace("{" + name + "}", "{" + wrong + "}")
    path.write_text("\n".join(lines), encoding="utf-8")


def _with_site(tmp_path: Path) -> Path:
    root = copy_sources(REPO, tmp_path / "corpus")
    shutil.copytree(REPO / "site", root / "site")
    shutil.copy2(REPO / "versions.yaml", root / "versions.yaml")
    return root


def _strings_file(root: Path) -> Path:
    found = sorted((root / "translations").glob("*.yaml"))
    assert found, "the corpus has no translations"
    return found[0]


def _site_words_file(root: Path) -> Path:
    found = sorted((root / "site").glob("labels.*.yml"))
    assert found, "the corpus site has no words in another language"
    return found[0]


def _refused(run_err: str, file: str, line: int, msgid: str, names: list[str], wrong: str) -> None:
    assert f"{file}:{line}: error:" in run_err, run_err
    assert "{" + wrong + "}" in run_err and repr(msgid) in run_err
    assert all("{" + n + "}" in run_err.split("allowed:", 1)[1] for n in names), run_err
    assert "Traceback" not in run_err


def test_the_corpus_and_its_site_say_every_placeholder(tmp_path: Path, mgl: RunCli) -> None:
    """The real translations use only known placeholders and drop none (`{work}` stands for `{a_work}`)."""
    run = mgl("lint", "--root", _with_site(tmp_path))
    assert run.code == 0, run.err
    assert "placeholder" not in run.err and "leave out" not in run.err


def test_lint_refuses_an_unknown_placeholder_in_a_translation(tmp_path: Path, mgl: RunCli) -> None:
    root = _with_site(tmp_path)
    strings = _strings_file(root)
    msgid, names, key_line, value = _pick(strings, "labels")
    _misspell(strings, value, names[-1], "pgae")
    run = mgl("lint", "--root", root)
    assert run.code == 2
    _refused(run.err, f"translations/{strings.name}", key_line, msgid, names, "pgae")


def test_build_refuses_it_and_writes_nothing(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(REPO, tmp_path / "corpus")
    strings = _strings_file(root)
    msgid, names, key_line, value = _pick(strings, "labels")
    _misspell(strings, value, names[0], "Page")  # a capital is as unknown: nothing fills it either
    out = tmp_path / "out"
    run = mgl("build", "--root", root, "--out", out, "--format", "txt")
    assert run.code == 2
    _refused(run.err, f"translations/{strings.name}", key_line, msgid, names, "Page")
    assert not out.exists() or snapshot(out) == {}


def test_a_dropped_placeholder_is_a_warning(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(REPO, tmp_path / "corpus")
    strings = _strings_file(root)
    msgid, names, key_line, value = _pick(strings, "labels")
    _misspell(strings, value, names[-1], "")  # "{}" is no placeholder at all
    run = mgl("lint", "--root", root)
    assert run.code == 0, run.err
    assert f"translations/{strings.name}:{key_line}: warning:" in run.err
    assert "{" + names[-1] + "}" in run.err and repr(msgid) in run.err
    strict = mgl("lint", "--strict", "--root", root)
    assert strict.code == 2 and f"translations/{strings.name}:{key_line}" in strict.err


def test_lint_refuses_an_unknown_placeholder_in_the_site_words(tmp_path: Path, mgl: RunCli) -> None:
    root = _with_site(tmp_path)
    words = _site_words_file(root)
    msgid, names, key_line, value = _pick(words, None)
    _misspell(words, value, names[-1], "totl")
    run = mgl("lint", "--root", root)
    assert run.code == 2
    _refused(run.err, f"site/{words.name}", key_line, msgid, names, "totl")


def test_site_refuses_it_before_building_anything(tmp_path: Path, mgl: RunCli) -> None:
    root = _with_site(tmp_path)
    words = _site_words_file(root)
    msgid, names, key_line, value = _pick(words, None)
    _misspell(words, value, names[0], "shwn")
    out, artifacts = tmp_path / "site", tmp_path / "artifacts"
    run = mgl("site", "--root", root, "--out", out, "--artifacts", artifacts)
    assert run.code == 2
    _refused(run.err, f"site/{words.name}", key_line, msgid, names, "shwn")
    assert "nothing was written" in run.err
    for folder in (out, artifacts):
        assert not folder.exists() or snapshot(folder) == {}


def test_a_dropped_site_word_placeholder_is_a_warning(tmp_path: Path, mgl: RunCli) -> None:
    root = _with_site(tmp_path)
    words = _site_words_file(root)
    msgid, names, key_line, value = _pick(words, None)
    _misspell(words, value, names[0], "")
    run = mgl("lint", "--root", root)
    assert run.code == 0, run.err
    assert f"site/{words.name}:{key_line}: warning:" in run.err and repr(msgid) in run.err


def test_a_familys_own_label_with_an_unknown_placeholder(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(ZH, tmp_path / "zh")
    family = root / "variants.yaml"
    msgid, names, key_line, value = _pick(family, "labels")
    _misspell(family, value, names[-1], "pgae")
    run = mgl("lint", "--root", root)
    assert run.code == 2
    _refused(run.err, "variants.yaml", key_line, msgid, names, "pgae")
