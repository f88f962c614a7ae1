"""The family's own words and publishing targets come from its data, never from the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from clausekit.render.metadata import license_data
from clausekit.sources.types import LICENSE_JSON_KEYS
from conftest import COMMITTED, REPO, TINY, RunCli, edit, lint_clean

WORD_MODEL = re.compile(r"\bmodels?\b", re.IGNORECASE)


@pytest.fixture
def tiny_build(tmp_path: Path, mgl: RunCli) -> Path:
    out = tmp_path / "out"
    result = mgl("build", "--root", TINY, "--out", out, *COMMITTED)
    assert result.code == 0, result.err
    return out


def test_a_family_without_vocabulary_gets_neutral_words(tiny_build: Path) -> None:
    compat = (tiny_build / "compat.md").read_text()
    assert compat.startswith("# Remixing Tiny Data 1.0 works\n")
    assert "Remixing a work under" in (tiny_build / "compat.json").read_text()
    for path in tiny_build.rglob("*"):
        if path.is_file():
            assert not WORD_MODEL.search(path.read_text()), path
            assert "hugging face" not in path.read_text().lower(), path


def test_a_family_publishes_only_the_snippets_it_declares(tiny_build: Path) -> None:
    for path in tiny_build.glob("*/license.json"):
        assert set(json.loads(path.read_text())) == set(LICENSE_JSON_KEYS), path


def test_without_vocabulary_the_sheet_has_a_neutral_name(corpus: Path, tmp_path: Path, mgl: RunCli) -> None:
    family_file = corpus / "variants.yaml"
    data = yaml.safe_load(family_file.read_text())
    del data["vocabulary"]
    family_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    out = tmp_path / "out"
    result = mgl("build", "--root", corpus, "--out", out, *COMMITTED)
    assert result.code == 0, result.err
    variant = next(p for p in sorted(out.iterdir()) if p.is_dir())
    assert (variant / "sheet.md").read_text().startswith("# Summary sheet: ")
    assert 'class="summary-sheet"' in (variant / "sheet.html").read_text()
    assert (out / "compat.md").read_text().split("\n", 1)[0].endswith(" works")


def test_the_vocabulary_reaches_sheets_and_remix_verdicts(corpus: Path, tmp_path: Path, mgl: RunCli) -> None:
    edit(
        corpus,
        "variants.yaml",
        "  work: model\n  works: models\n  sheet: Model sheet\n",
        "  work: asset\n  works: assets\n  sheet: Asset card\n",
    )
    out = tmp_path / "out"
    assert mgl("build", "--root", corpus, "--out", out, *COMMITTED).code == 0
    sheet = next(out.glob("*/sheet.md")).read_text()
    assert sheet.startswith("# Asset card: ")
    assert (out / "compat.md").read_text().split("\n", 1)[0].endswith(" assets")
    assert "Remixing an asset under" in (out / "compat.json").read_text()
    assert 'class="asset-card"' in next(out.glob("*/sheet.html")).read_text()


def test_snippet_fields_are_filled_in_and_their_yaml_reads_back(corpus: Path, tmp_path: Path, mgl: RunCli) -> None:
    edit(
        corpus,
        "variants.yaml",
        '      license_link: "{url}"\n',
        '      license_link: "https://example.org/{id}: #x"\n      note: "yes"\n      name_of: "{name} {version}"\n',
    )
    out = tmp_path / "out"
    assert mgl("build", "--root", corpus, "--out", out, *COMMITTED).code == 0, "build failed"
    for path in out.glob("*/license.json"):
        data = json.loads(path.read_text())
        card = data["model_card"]
        assert card["license_link"] == f"https://example.org/{data['identifier']}: #x"
        assert card["name_of"] == f"{data['name']} {data['version']}"
        fields = {k: v for k, v in card.items() if k != "yaml"}
        assert yaml.safe_load(card["yaml"]) == fields  # "yes" stays a string, the colon and # stay text


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('license_name: "{id_lower}"', 'license_name: "{id.__class__}"', "unknown placeholder {id.__class__}"),
        ("  - key: model_card\n", "  - key: text\n", "the key 'text' is already used in license.json"),
        ("  - key: model_card\n", "  - key: Model Card\n", "'Model Card' is not a usable key"),
        ("  work: model\n", "  wrk: model\n", "unknown key 'wrk' in the `vocabulary` entry"),
        ("      license: other\n", "      yaml: other\n", "'yaml' is not a usable field name"),
    ],
)
def test_bad_vocabulary_or_publish_entries_are_reported(
    corpus: Path, mgl: RunCli, old: str, new: str, message: str
) -> None:
    line = edit(corpus, "variants.yaml", old, new)
    result = mgl("lint", "--root", corpus)
    assert result.code == 2
    assert message in result.err
    assert f"variants.yaml:{line}" in result.err
    assert "Traceback" not in result.err


def test_license_json_keys_are_the_reserved_ones() -> None:
    """A snippet may not take a key license.json uses itself; the list must follow the renderer."""
    family, documents = lint_clean(REPO)
    data = license_data(documents[0], {})
    assert set(data) - {s.key for s in family.publish} == set(LICENSE_JSON_KEYS)
