"""Shared fixtures and helpers: the real corpus, the fixture families, copies to break, an in-process CLI.

Tests about the engine run on the fixture families (`TINY`, `OTHER`); tests about the
real corpus take their expectations from its `variants.yaml` (the `family` fixture), so
a new edition of the corpus needs no edit here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from clausekit import lint_root
from clausekit.cli.main import main
from clausekit.document.types import Document
from clausekit.sources.types import Family, Variant

REPO = Path(__file__).resolve().parent.parent
# Most tests are about the committed artifacts; typeset editions (PDF) take seconds each.
COMMITTED = ("--format", "txt,md,sheet,badge,json,compat")
FIXTURES = REPO / "tests" / "fixtures"
TINY = FIXTURES / "tiny-family"
OTHER = FIXTURES / "other-family"


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
    if (source / "translations").is_dir():
        shutil.copytree(source / "translations", target / "translations")
    return target


def edit(root: Path, relative: str, old: str, new: str) -> int:
    """Replace the first `old` in a source file; return the line where it was."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the sources changed: {old!r} is no longer in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the real corpus that a test may edit."""
    return copy_sources(REPO, tmp_path / "corpus")


def lint_clean(root: Path) -> tuple[Family, tuple[Document, ...]]:
    """The family and the assembled documents of a source tree that must lint clean."""
    checked = lint_root(root)
    assert checked.ok and checked.value is not None, "\n".join(p.format() for p in checked.problems)
    return checked.value.library.family, checked.value.documents


@pytest.fixture(scope="session")
def documents() -> tuple[Document, ...]:
    return lint_clean(REPO)[1]


@pytest.fixture(scope="session")
def family() -> Family:
    """The real corpus's family file: where corpus tests take their expectations from."""
    return lint_clean(REPO)[0]


def variant_where(family: Family, test: Callable[[Variant], bool], what: str) -> Variant:
    """The first variant with a property, so a test names what it needs, not which variant has it."""
    found = next((v for v in family.variants if test(v)), None)
    if found is None:
        pytest.skip(f"the family has no variant with {what}")
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes, to prove a failed build touched nothing."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def read_index(out: Path) -> Any:
    """A build folder's index.json."""
    return read_json(out / "index.json")


@pytest.fixture(scope="session")
def other_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every format of other-family, built once per session; tests only read it."""
    out = tmp_path_factory.mktemp("other-build")
    assert main(["build", "--root", str(OTHER), "--out", str(out)]) == 0
    return out


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus with a good build in its build/ folder, made once; each case breaks a copy."""
    root = copy_sources(REPO, tmp_path_factory.mktemp("pristine") / "corpus")
    assert main(["build", "--root", str(root), *COMMITTED]) == 0
    return root


@pytest.fixture
def built(pristine: Path, tmp_path: Path) -> Path:
    """A private copy of the pristine corpus and its build, for one case to break."""
    return Path(shutil.copytree(pristine, tmp_path / "corpus", symlinks=True))


def next_version(version: str) -> str:
    """The edition after `version`: its last number plus one ("2.0" gives "2.1")."""
    head, _, last = version.rpartition(".")
    return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)


def drop_variant(root: Path, name: str) -> None:
    """Remove one variant's entry from a source tree's variants.yaml."""
    path = root / "variants.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  - name: {name}\n")
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
