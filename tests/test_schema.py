"""The schema module is the one list of keys: the JSON Schema and README tables are generated from it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from clausekit.sources.schema import FAMILY, FRONT_MATTER, key_table, readme_with_tables, variants_json_schema
from conftest import REPO, RunCli

SCHEMA = REPO / "schemas" / "variants.schema.json"


def test_the_committed_json_schema_is_freshly_generated() -> None:
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == variants_json_schema()


@pytest.mark.parametrize("family", [REPO / "variants.yaml", REPO / "tests/fixtures/tiny-family/variants.yaml"])
def test_real_family_files_satisfy_the_json_schema(family: Path) -> None:
    jsonschema.validate(yaml.safe_load(family.read_text(encoding="utf-8")), variants_json_schema())


def test_the_json_schema_rejects_an_unknown_key_and_a_missing_one() -> None:
    data = yaml.safe_load((REPO / "variants.yaml").read_text(encoding="utf-8"))
    data["variants"][0]["titel"] = data["variants"][0].pop("title")
    errors = list(jsonschema.Draft202012Validator(variants_json_schema()).iter_errors(data))
    assert any("titel" in e.message for e in errors) and any("'title' is a required" in e.message for e in errors)


def test_the_readme_tables_are_generated_from_the_schema() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme_with_tables(readme) == readme
    for table in (FAMILY, FRONT_MATTER):
        assert key_table(table) in readme


def test_mgl_schema_writes_the_json_schema(tmp_path: Path, mgl: RunCli) -> None:
    target = tmp_path / "out.json"
    assert mgl("schema", "--output", target).code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == variants_json_schema()


def test_every_schema_key_is_read_by_the_loader(corpus: Path, mgl: RunCli) -> None:
    """A key the schema lists but the loader ignored would be accepted silently; an unlisted one is refused."""
    path = corpus / "variants.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  version:", "  versoin:", 1), encoding="utf-8")
    result = mgl("lint", "--root", corpus)
    assert result.code == 2
    assert "unknown key 'versoin' in the `family` entry" in result.err and "did you mean 'version'?" in result.err
    assert "lacks the required key 'version'" in result.err


def test_the_translations_schema_is_fresh_and_fits_every_translations_file() -> None:
    from clausekit.sources.schema import translations_json_schema

    committed = REPO / "schemas" / "translations.schema.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == translations_json_schema()
    files = sorted(REPO.glob("translations/*.yaml")) + sorted(REPO.glob("tests/fixtures/*/translations/*.yaml"))
    assert files, "the tiny-family fixture has a translation"
    for file in files:
        jsonschema.validate(yaml.safe_load(file.read_text(encoding="utf-8")), translations_json_schema())
