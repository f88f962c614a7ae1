"""`mgl diff` tells a reviewer which translations changed, though it compares only the governing texts.

Each test copies the corpus into a fresh repository, edits translations (or `languages:`),
commits, and compares HEAD~1 with HEAD. Expectations come from the files themselves: the
languages from variants.yaml, the clause id from the translated fragment's front matter.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from clausekit.diff.report import NO_TRANSLATION_CHANGE, DiffReport
from conftest import REPO, RunCli
from test_diff import Repo, make_repo


def languages(root: Path) -> list[str]:
    found = yaml.safe_load((root / "variants.yaml").read_text(encoding="utf-8"))["languages"]
    assert isinstance(found, list)
    return [str(tag) for tag in found]


def a_translation(root: Path) -> tuple[str, str, str]:
    """(translation file, its language, the id of the clause it translates): the first in sorted order."""
    others = languages(root)[1:]
    assert others, "the corpus has no translation language to test with"
    language = others[0]
    path = sorted((root / "clauses").rglob(f"*.{language}.md"))[0]
    source = path.with_name(path.name.removesuffix(f".{language}.md") + ".md")
    front = yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1])
    return path.relative_to(root).as_posix(), language, str(front["id"])


def governing(report: DiffReport) -> DiffReport:
    """The report without its translations part, and without its sides' labels."""
    return replace(report, translations=NO_TRANSLATION_CHANGE, old_label="", new_label="")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return make_repo(REPO, tmp_path / "repo")


def test_a_translation_only_edit_is_a_change_with_its_language_and_clause(repo: Repo, mgl: RunCli) -> None:
    file, language, clause = a_translation(repo.root)
    path = repo.root / file
    path.write_text(path.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    repo.commit()
    report = repo.diff()
    assert governing(report).empty  # the governing texts did not change
    assert not report.empty
    (changed,) = report.translations.languages
    assert (changed.language, changed.status, changed.strings) == (language, "changed", "unchanged")
    assert [(f.file, f.status, f.clause) for f in changed.files] == [(file, "changed", clause)]
    assert (report.translations.added, report.translations.removed) == ((), ())

    text = mgl("diff", "HEAD~1", "HEAD", "--root", repo.root, "--exit-code")
    assert text.code == 1, text.err
    assert f"changed translation of {clause} ({file})" in text.out
    assert f"translations: {language}: 1 file changed" in text.out
    data = json.loads(mgl("diff", "HEAD~1", "HEAD", "--root", repo.root, "--format", "json").out)
    assert data["empty"] is False
    assert data["translations"]["languages"] == [
        {
            "language": language,
            "status": "changed",
            "strings": "unchanged",
            "files": [{"file": file, "status": "changed", "clause": clause}],
        }
    ]


def test_a_changed_strings_file_and_a_removed_translation(repo: Repo) -> None:
    file, language, clause = a_translation(repo.root)
    (repo.root / file).unlink()
    strings = repo.root / "translations" / f"{language}.yaml"
    strings.write_text(strings.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    repo.commit()
    (changed,) = repo.diff().translations.languages
    assert changed.strings == "changed"
    assert [(f.file, f.status, f.clause) for f in changed.files] == [(file, "removed", clause)]


def test_a_language_added_to_languages_is_reported(repo: Repo, mgl: RunCli) -> None:
    before = languages(repo.root)
    new = next(tag for tag in ("fr", "de", "es") if tag not in before)
    listed = f"languages: [{', '.join(before)}]"
    repo.edit("variants.yaml", listed, f"languages: [{', '.join([*before, new])}]")
    repo.commit()
    report = repo.diff()
    assert report.translations.added == (new,)
    assert report.translations.removed == ()
    assert governing(report).empty
    shown = mgl("diff", "HEAD~1", "HEAD", "--root", repo.root, "--exit-code")
    assert shown.code == 1, shown.err
    assert f"added language {new}" in shown.out
    reverse = repo.diff("HEAD", "HEAD~1").translations
    assert (reverse.added, reverse.removed) == ((), (new,))


def test_untouched_translations_report_nothing_and_leave_the_governing_diff_alone(repo: Repo) -> None:
    file, _, _ = a_translation(repo.root)
    repo.edit("clauses/05-termination/term.md", "no fixed end date", "no set end date")
    repo.commit("governing")
    path = repo.root / file
    path.write_text(path.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    repo.commit("translation")
    governing_only = repo.diff("HEAD~2", "HEAD~1")
    assert governing_only.translations.empty
    assert not governing_only.empty
    both = repo.diff("HEAD~2", "HEAD")
    assert not both.translations.empty
    assert governing(both) == governing(governing_only)
    same = repo.diff("HEAD", "HEAD")
    assert same.empty and same.translations.empty
