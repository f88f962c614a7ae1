"""The format registry: dependency order, lazy renderers, and `mgl sheet` reading the same files."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from clausekit.output.build import build
from clausekit.render.formats import FORMATS, VariantFormat, in_dependency_order
from conftest import REPO, TINY, RunCli, copy_sources


def test_a_format_renders_after_the_formats_it_uses() -> None:
    users = [f for f in FORMATS.values() if f.uses]
    assert users, "some format records the sha256 of others"
    for fmt in users:
        order = in_dependency_order([fmt.name, *reversed(fmt.uses)])
        assert order.index(fmt.name) > max(order.index(u) for u in fmt.uses)


def test_license_json_records_the_files_built_with_it_whatever_the_order_asked(tmp_path: Path) -> None:
    root = copy_sources(TINY, tmp_path / "src")
    out = tmp_path / "out"
    build(root, out, formats=["json", "txt", "md", "sheet", "compat"])
    (root / "clauses" / "use.md").write_text((root / "clauses" / "use.md").read_text() + "\nOne more sentence.\n")
    build(root, out, formats=["json", "txt"])  # license.txt changes, and is asked for after json
    for variant in out.iterdir():
        if not (variant / "license.json").exists():
            continue
        recorded = json.loads((variant / "license.json").read_text())["artifacts"]
        for name, entry in recorded.items():
            assert entry["sha256"] == hashlib.sha256((variant / name).read_bytes()).hexdigest(), name


def test_a_no_op_build_loads_no_renderer(tmp_path: Path) -> None:
    root = copy_sources(TINY, tmp_path / "src")
    build(root, tmp_path / "out", formats=["txt", "md", "sheet", "json", "compat"])
    script = (
        "import sys\n"
        "from clausekit.cli.main import main\n"
        "loaded = set(sys.modules)\n"
        f"assert main(['build', '--root', {str(root)!r}, '--out', {str(tmp_path / 'out')!r}, "
        "'--format', 'txt,md,sheet,json,compat']) == 0\n"
        "print(sorted(m for m in set(sys.modules) - loaded if m.startswith('clausekit.render.') or m == 'weasyprint'))\n"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert found.stdout.strip().splitlines()[-1] == "[]"


def test_mgl_sheet_prints_what_the_build_writes(mgl: RunCli, tmp_path: Path) -> None:
    sheet = FORMATS["sheet"]
    assert isinstance(sheet, VariantFormat)
    out = tmp_path / "out"
    assert mgl("build", "--root", REPO, "--out", out, "--format", "sheet").code == 0
    variant = next(p for p in out.iterdir() if p.is_dir() and (p / sheet.files[0].name).exists())
    for file in sheet.files:
        suffix = file.name.rsplit(".", 1)[-1]
        shown = mgl("sheet", "--root", REPO, variant.name, "--format", suffix)
        assert shown.code == 0, shown.err
        assert shown.out == (variant / file.name).read_text(encoding="utf-8")
