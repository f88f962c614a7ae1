"""Developer tasks. `nox -s build` builds everything; `nox -s tests` runs the tests."""

from __future__ import annotations

import os
import shutil
import subprocess

import nox

nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True


# Debian packages the PDF edition wants: HarfBuzz's subsetter keeps PDFs small and
# their bytes the same on every machine; pdftoppm lets a test look at a page; Noto Serif
# CJK sets Chinese, Japanese and Korean text (probed by the file render/pdf.py embeds).
SYSTEM_PACKAGES = {
    "libharfbuzz-subset0": "libharfbuzz-subset.so.0",
    "poppler-utils": "pdftoppm",
    "fonts-noto-cjk": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
}

# The browser tests drive Debian's Chromium (Playwright's own browser download is not available here);
# the redline tests convert a .docx to PDF with headless LibreOffice, as a reviewer's word processor opens it.
TEST_PACKAGES = {**SYSTEM_PACKAGES, "chromium": "chromium", "libreoffice-writer-nogui": "soffice"}

PYTHON = None  # the interpreter that runs nox, so any Python >= 3.11 will do


def system_packages(session: nox.Session, packages: dict[str, str] = SYSTEM_PACKAGES) -> None:
    """Install the Debian packages above when they are missing and this machine lets us (root, apt)."""
    missing = [name for name, probe in packages.items() if not _present(probe)]
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        session.warn(
            f"missing {', '.join(missing)}: install them with apt-get (without libharfbuzz-subset0 PDFs are larger; "
            "without fonts-noto-cjk no CJK PDF can be made; "
            "without chromium the browser tests fail, CLAUSEKIT_SKIP_BROWSER=1 skips them)"
        )
        return
    session.run("apt-get", "update", "-qq", external=True)
    session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, external=True)


def _present(probe: str) -> bool:
    if probe.startswith("/"):
        return os.path.isfile(probe)
    if ".so" in probe:
        return subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout.count(probe) > 0
    return shutil.which(probe) is not None


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Validate the sources, build every variant into build/ and the documentation site into build/site/."""
    system_packages(session)
    session.install(".")
    session.run("mgl", "build", *session.posargs)
    session.run("mgl", "site")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (passes extra arguments on to pytest)."""
    system_packages(session, TEST_PACKAGES)
    session.install(".[test]")
    # One worker per core (pytest-xdist): the suite is mostly builds and browsers, which parallelise.
    session.run("pytest", "-n", "auto", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff, mypy and import-linter over the code; mgl lint over the corpus."""
    session.install(".[lint,test]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("lint-imports")
    session.run("mgl", "lint")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Print timing figures; never fails on a number."""
    session.install(".")
    session.run("python", "benchmarks/bench.py", *session.posargs)
    session.run("python", "benchmarks/bench_diff.py")
    session.run("python", "benchmarks/bench_import.py")
    session.run("python", "benchmarks/bench_serve.py")
