"""Shared fixtures: the real corpus, copies of it to break, and an in-process CLI."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from clausekit import lint_root
from clausekit.cli.main import main
from clausekit.document.types import Document

REPO = Path(__file__).resolve().parent.parent
# Most tests are about the committed artifacts; typeset editions (PDF) take seconds each.
COMMITTED = ("--format", "txt,md,sheet,json,compat")
TINY = REPO / "tests" / "fixtures" / "tiny-family"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


RunCli = Callable[..., Run]


@pytest.fixture
def mgl(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Run `mgl` in-process, as a user would from a shell (not a terminal)."""

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def copy_sources(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "variants.yaml", target / "variants.yaml")
    shutil.copytree(source / "clauses", target / "clauses")
    return target


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the real corpus that a test may edit."""
    return copy_sources(REPO, tmp_path / "corpus")


@pytest.fixture(scope="session")
def documents() -> tuple[Document, ...]:
    checked = lint_root(REPO)
    assert checked.ok and checked.value is not None, "\n".join(p.format() for p in checked.problems)
    result = checked.value
    return result.documents


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes, to prove a failed build touched nothing."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
