"""The command line as a user meets it (output here is not a terminal: plain text)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from clausekit.sources.types import Family, Variant
from clausekit.version import __version__
from conftest import REPO, RunCli


def test_lint_is_clean_on_the_corpus(mgl: RunCli, family: Family) -> None:
    result = mgl("lint", "--root", REPO)
    assert result.code == 0
    assert f"{len(family.variants)} variants, no problems" in result.out


def shown(value: object) -> str:
    return {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool) else str(value)


def declared_status(variant: Variant) -> dict[str, str | None]:
    """The variant's lifecycle as variants.yaml writes it (read here, not through the loader)."""
    entries = yaml.safe_load((REPO / "variants.yaml").read_text(encoding="utf-8"))["variants"]
    entry = next(e for e in entries if e["name"] == variant.name)
    return {k: entry.get(k, "active" if k == "status" else None) for k in ("status", "successor", "reason")}


def table_row(variant: Variant, family: Family) -> list[str]:
    status = declared_status(variant)
    shown_status = [str(status["status"]), *(["by", str(status["successor"])] if status["successor"] else [])]
    return [
        variant.id,
        *shown_status,
        *(variant.options or ["-"]),
        *(shown(variant.facts[f.name]) for f in family.facts),
    ]


def test_list_prints_a_plain_table(mgl: RunCli, family: Family) -> None:
    result = mgl("list", "--root", REPO)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["id", "status", "options", *(f.name for f in family.facts)]
    assert [line.split() for line in lines[1:]] == [table_row(v, family) for v in family.variants]
    assert "\x1b[" not in result.out


def test_list_json(mgl: RunCli, family: Family) -> None:
    rows = json.loads(mgl("list", "--root", REPO, "--json").out)
    assert rows == [
        {"id": v.id, "title": v.title, "options": list(v.options), "facts": dict(v.facts), **declared_status(v)}
        for v in family.variants
    ]


def test_unknown_variant_is_a_clear_error(mgl: RunCli, tmp_path: Path, family: Family) -> None:
    result = mgl("build", "--root", REPO, "--out", tmp_path, "--variant", "NO-SUCH-VARIANT")
    assert result.code == 2
    assert "--variant: error: unknown variant 'NO-SUCH-VARIANT'" in result.err
    assert all(v.id in result.err for v in family.variants)  # the fix lists the real ones
    assert not any(tmp_path.iterdir())


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "clausekit",
            "build",
            "--root",
            str(REPO),
            "--out",
            str(tmp_path),
            "--format",
            "txt,docx",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "--format: error: unknown format 'docx'" in result.stderr
    assert "use one or more of: txt, md, sheet, badge, html, pdf, json, compat" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_the_command_line_knows_every_diff_and_sheet_format() -> None:
    """The parser lists format names without importing the renderers (for start-up time); keep them in step."""
    from clausekit.cli.diff import DIFF_FORMATS
    from clausekit.diff import RENDERERS

    assert tuple(RENDERERS) == DIFF_FORMATS


def test_missing_root_explains_itself(mgl: RunCli, tmp_path: Path) -> None:
    result = mgl("lint", "--root", tmp_path / "nowhere")
    assert result.code == 2
    assert "variants.yaml: error: file not found" in result.err
    assert "clauses: error: the clause folder is missing" in result.err


def test_console_script_and_version() -> None:
    result = subprocess.run(["mgl", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"mgl {__version__}"
