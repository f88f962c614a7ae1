"""`layout:` makes the text edition's title block, underlines, headings and wrapping data."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import TINY, RunCli, copy_sources


def _with_layout(tmp_path: Path, layout: str, outline_heading: str | None = None) -> Path:
    root = copy_sources(TINY, tmp_path / "family")
    family = (root / "variants.yaml").read_text("utf-8")
    if outline_heading is not None:
        family = family.replace(
            "    title: Permissions\n", f"    title: Permissions\n    heading: '{outline_heading}'\n"
        )
    (root / "variants.yaml").write_text(family + layout, "utf-8")
    return root


def _text(mgl: RunCli, root: Path, out: Path) -> str:
    result = mgl("build", "--root", root, "--format", "txt", "--out", out)
    assert result.code == 0, result.err
    return (out / "TDL-1.0" / "license.txt").read_text("utf-8")


def test_the_default_layout_is_the_canonical_one(mgl: RunCli, tmp_path: Path) -> None:
    plain = _text(mgl, copy_sources(TINY, tmp_path / "a"), tmp_path / "out-a")
    explicit = _with_layout(
        tmp_path,
        "layout:\n  title_block: true\n  underline: true\n  wrap: 78\n"
        "  headings: ['{label} {number}. {title}', '{number} {title}']\n",
    )
    assert _text(mgl, explicit, tmp_path / "out-b") == plain


def test_layout_keys_change_the_text(mgl: RunCli, tmp_path: Path) -> None:
    plain = _text(mgl, copy_sources(TINY, tmp_path / "a"), tmp_path / "out-a")
    root = _with_layout(
        tmp_path,
        "layout:\n  title_block: false\n  underline: false\n  wrap: 0\n  headings: ['{number} - {title}', '[{number}] {title}']\n",
        outline_heading="{label} {number}: {title}",
    )
    text = _text(mgl, root, tmp_path / "out-b")
    lines = text.splitlines()
    title = plain.splitlines()[0]
    assert title not in lines and "Identifier: TDL-1.0" not in text.replace("  ", " ")
    assert not any(set(line) <= {"-", "="} for line in lines if line)
    assert "Part II: Permissions" in lines  # the outline's own format wins over the layout's
    assert any(line.startswith("[II.1] ") for line in lines)  # clause headings follow the level-2 format
    assert all(len(p.strip().split("\n")) == 1 for p in re.split(r"\n\s*\n", text) if p.strip())  # wrap: 0


def test_a_heading_format_with_an_unknown_placeholder_is_refused(mgl: RunCli, tmp_path: Path) -> None:
    root = _with_layout(tmp_path, "layout:\n  headings: ['{section} {title}']\n")
    result = mgl("lint", "--root", root)
    assert result.code == 2
    assert "variants.yaml" in result.err and "{section}" in result.err


def test_wrap_sets_the_line_width(mgl: RunCli, tmp_path: Path) -> None:
    narrow = _text(mgl, _with_layout(tmp_path / "n", "layout:\n  wrap: 30\n"), tmp_path / "out-n")
    wide = _text(
        mgl,
        _with_layout(tmp_path / "w", "layout:\n  wrap: 0\n  title_block: false\n  underline: false\n"),
        tmp_path / "out-w",
    )
    assert max(len(line) for line in wide.splitlines()) > 30
    assert all(len(line) <= 30 for line in narrow.splitlines() if " " in line.strip())
    assert len(narrow.split()) >= len(wide.split())  # the same words, on more lines
    assert all(len(p.strip().split("\n")) == 1 for p in re.split(r"\n\s*\n", wide) if p.strip())
