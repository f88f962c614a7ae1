"""`mgl serve`: the preview starts, serves on localhost, and shows a clause edit without a restart.

The server runs as a subprocess over a copy of the corpus; every wait is bounded, and
the process is stopped (then killed if it lingers) whatever happens.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from clausekit.output.build import source_date_epoch
from clausekit.sources.types import Family
from conftest import REPO, copy_sources, variant_where
from test_site import BuiltSite, built_site

START_TIMEOUT, RELOAD_TIMEOUT = 60.0, 90.0
CLAUSE = "clauses/02-rights/no-derivatives.md"
OLD, NEW = "only as verbatim copies", "only as exact verbatim copies"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(check: Callable[[], bool], timeout: float, what: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if process.poll() is not None:
            pytest.fail(f"mgl serve exited with {process.returncode} while waiting for {what}")
        time.sleep(0.3)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built_site(tmp_path_factory)


@pytest.fixture
def served(built: BuiltSite, tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    root = copy_sources(REPO, tmp_path / "corpus")
    shutil.copytree(REPO / "site", root / "site")
    artifacts = shutil.copytree(built.artifacts, tmp_path / "artifacts")  # up to date: the start builds nothing
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch(REPO))}
    command = [sys.executable, "-m", "clausekit", "serve", "--root", str(root), "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--artifacts", str(artifacts)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield root, f"http://127.0.0.1:{port}", process
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl+C: the server shuts down and removes its work folder
        try:
            process.communicate(timeout=45)  # generous: a rebuild in progress finishes first
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                output, _ = process.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                output, _ = process.communicate(timeout=15)
            pytest.fail(f"mgl serve did not stop within 45 s of Ctrl+C; it printed:\n{output}")


def test_serve_previews_and_reloads_when_a_clause_changes(
    served: tuple[Path, str, subprocess.Popen[str]], family: Family
) -> None:
    root, base, process = served
    nd = [v for v in family.variants if v.has("ND")]  # CLAUSE has `when: ND`
    without = variant_where(family, lambda v: not v.has("ND"), "no ND option")
    if not nd:
        pytest.skip("the family has no variant with the ND option")
    page = f"{base}/licenses/{nd[0].id}.html"
    wait_for(lambda: fetch(page) is not None, START_TIMEOUT, "the first page", process)
    first = fetch(page) or ""
    assert nd[0].title in first and OLD in first
    assert "livereload" in first  # mkdocs' live-reload script is injected while serving
    home = fetch(f"{base}/") or ""
    assert f"{family.name} licenses {family.version}" in home
    for language in family.languages[1:]:  # every language is previewed, under its own folder
        translated = fetch(f"{base}/{language}/licenses/{nd[0].id}.html") or ""
        assert f'lang="{language.split("-")[0]}' in translated

    clause = root / CLAUSE
    text = clause.read_text(encoding="utf-8")
    assert OLD in text, f"the corpus changed: {OLD!r} is no longer in {CLAUSE}"
    clause.write_text(text.replace(OLD, NEW, 1), encoding="utf-8")
    wait_for(lambda: NEW in (fetch(page) or ""), RELOAD_TIMEOUT, "the edited clause to show", process)
    for variant in nd[1:]:
        assert NEW in (fetch(f"{base}/licenses/{variant.id}.html") or "")
    assert NEW not in (fetch(f"{base}/licenses/{without.id}.html") or "")  # a variant without the clause
