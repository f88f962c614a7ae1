"""Every command meets bad arguments and hostile environments with exit 2 and a fix, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import COMMITTED, RunCli, git, snapshot


def mgl_process(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`mgl` in its own process, with a time limit: a command that would hang fails instead."""
    return subprocess.run(
        [sys.executable, "-m", "clausekit", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=False,
    )


def refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_date_past_the_year_9999_is_refused(corpus: Path) -> None:
    result = mgl_process("build", "--root", corpus, "--format", "txt", env={"SOURCE_DATE_EPOCH": "9" * 30})
    refused(result, "SOURCE_DATE_EPOCH: error: must be a whole number of seconds from 1970 to the year 9999")


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_serve_refuses_a_port_that_does_not_exist(corpus: Path, port: str) -> None:
    refused(mgl_process("serve", "--root", corpus, "--port", port), "is not a port")


def test_serve_names_a_port_in_use(corpus: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = mgl_process("serve", "--root", corpus, "--port", str(port))
    refused(result, f"cannot listen on 127.0.0.1:{port}")
    assert "--port" in result.stderr


@pytest.mark.parametrize("where", [".", "clauses", ".."])
def test_site_refuses_an_output_folder_among_the_sources(corpus: Path, where: str) -> None:
    before = snapshot(corpus)
    refused(mgl_process("site", "--root", corpus, "--out", where, cwd=corpus), "would hold or mix with the sources")
    assert snapshot(corpus) == before


def test_site_leaves_folders_beside_its_output_alone(corpus: Path, tmp_path: Path, mgl: RunCli) -> None:
    out = tmp_path / "site"
    mine = [tmp_path / ".site.new", tmp_path / ".site.old"]
    for folder in mine:
        folder.mkdir()
        (folder / "keep.txt").write_text("mine")
    artifacts = tmp_path / "artifacts"
    for _ in range(2):  # the second build replaces the first
        result = mgl("site", "--root", corpus, "--out", out, "--artifacts", artifacts)
        assert result.code == 0, result.err
    assert all((folder / "keep.txt").read_text() == "mine" for folder in mine)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".site.new", ".site.old", "artifacts", "corpus", "site"]
    )


@pytest.fixture
def history_with_a_link(corpus: Path, tmp_path: Path) -> Path:
    """A repository whose last commit holds a link in clauses/ to a file outside the repository."""
    secret = tmp_path / "secret.md"
    secret.write_text("---\nid: secret\ntitle: Secret\nsection: scope\norder: 999\n---\nA secret of this machine.\n")
    git(corpus, "init", "-q")
    git(corpus, "add", ".")
    git(corpus, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "sources")
    target = next((corpus / "clauses").iterdir())
    os.symlink(secret, target / "secret.md")
    git(corpus, "add", ".")
    git(corpus, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "a link")
    (target / "secret.md").unlink()
    git(corpus, "checkout", "-q", "HEAD~1")
    return corpus


def test_a_committed_link_is_refused_by_build_rev_and_diff(history_with_a_link: Path, tmp_path: Path) -> None:
    root = history_with_a_link
    out = tmp_path / "rev"
    refused(mgl_process("build", "--root", root, "--rev", "master", "--out", out, *COMMITTED), "refusing a link")
    assert not out.exists() or not any(out.rglob("*.txt"))
    refused(mgl_process("diff", "--root", root, "HEAD", "master"), "refusing a link")


def test_diff_refuses_a_huge_file_and_a_fifo(tmp_path: Path) -> None:
    big, small, fifo = tmp_path / "big.txt", tmp_path / "small.txt", tmp_path / "fifo.txt"
    big.write_text("Terms of use. " * 200_000)
    small.write_text("Terms of use.\n")
    os.mkfifo(fifo)
    refused(mgl_process("diff", big, small), "larger than 1024 KiB")
    refused(mgl_process("diff", small, fifo), "not a regular file")
