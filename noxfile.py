"""Developer tasks. `nox -s build` builds everything; `nox -s tests` runs the tests."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True


PYTHON = None  # the interpreter that runs nox, so any Python >= 3.11 will do


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Validate the sources and build every variant into build/."""
    session.install(".")
    session.run("mgl", "build", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (passes extra arguments on to pytest)."""
    session.install(".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff and mypy over the package, the tests and the benchmark; mgl lint over the corpus."""
    session.install(".[lint,test]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("mgl", "lint")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Print timing figures; never fails on a number."""
    session.install(".")
    session.run("python", "benchmarks/bench.py", *session.posargs)
