"""Write an imported root all or nothing, through the build's journal; never over a root without --force."""

from __future__ import annotations

from pathlib import Path

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.output.transaction import Change, exclusive, publish

IMPORTED = ("variants.yaml", "clauses")


def refuse_existing(out: Path, force: bool) -> Checked[None]:
    """An existing root (or any non-empty folder) is kept unless --force says to replace it."""
    if out.exists() and not out.is_dir():
        return Checked(None, (Diagnostic(str(out), None, "exists and is not a folder", "choose another --out"),))
    if not force and out.is_dir() and any(out.iterdir()):
        return Checked(
            None,
            (
                Diagnostic(
                    str(out),
                    None,
                    "exists and is not empty; nothing was written",
                    "choose a new folder, or give --force to replace its clauses/ and variants.yaml",
                ),
            ),
        )
    return Checked(None)


def write_root(out: Path, files: dict[str, str]) -> None:
    """Publish the files as one change; with --force, fragments of an earlier import not written again go."""
    folder = out / "clauses"
    old = sorted(p.relative_to(out).as_posix() for p in folder.rglob("*.md") if p.is_file()) if folder.is_dir() else []
    removals = tuple(p for p in old if p not in files)
    with exclusive(out):
        publish(out, Change(tuple((path, text.encode("utf-8")) for path, text in files.items()), removals))
