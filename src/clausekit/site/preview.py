"""`mgl serve`: the site previewed with live reload, the edited page first.

Typesetting every PDF again after a one-sentence edit took 16 seconds, and a full
mkdocs build of two languages takes two. So a save is followed by up to three passes,
each of which reloads the browser:

1. **quick**: the governing language alone is loaded, checked and assembled; its
   pages are written, and mkdocs renders only those that changed (a "dirty" build).
   Nothing is built and no other language is touched, so the edited text shows within
   about a second.
2. **full**: every language, with its navigation and search index rebuilt whole.
   The downloads stay as they were: a page whose variant's text changed since its
   downloads were built carries a notice saying they are being rebuilt.
3. **settled**: `mgl build` runs in a separate process at a lower priority, so the
   server stays quick while it typesets. When it ends, the full pass runs again, with
   the new downloads and without the notices.

The redlines of a change not yet released (`mgl site` publishes them beside the
diff) are never made here: they take seconds, and reviewers get them from
`mgl site` or `mgl diff`; the diff page says so.

Everything the preview writes is in its work folder (a temporary folder removed
when it stops) but the artifacts, which go where `mgl build` puts them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from clausekit.diagnostics import Diagnostic, SourceError
from clausekit.document.types import Document, document_digest
from clausekit.output.manifest import INDEX_FILE, TYPESET_FILE, BuiltFrom, parse_index, parse_typeset
from clausekit.output.write import read_existing
from clausekit.site.generate import (
    WATCHED,
    Generated,
    Notices,
    copy_downloads,
    prepare,
    run_mkdocs,
    sync,
    write_work,
)
from clausekit.site.inputs import SiteInputs, collect
from clausekit.sources.files import sources_digest
from clausekit.version import __version__

log = logging.getLogger("mkdocs.plugins.clausekit")

POLL_SECONDS = 0.05  # how often the sources are looked at; mkdocs' default (0.5 s) would be half the budget
BACKGROUND_NICENESS = 10  # the background build yields the cores to the server's passes
TRIGGER_DIR = "passes"  # in the work folder: a file written here asks the server for the next pass


@dataclass(frozen=True)
class Fresh:
    """What the artifacts on disk were built from: per (variant id, language), the document's digest."""

    digests: tuple[tuple[tuple[str, str], str], ...] = ()

    @staticmethod
    def of(inputs: SiteInputs) -> Fresh:
        return Fresh(tuple(sorted(((d.variant_id, d.language), document_digest(d)) for d in _documents(inputs))))

    def stale(self, inputs: SiteInputs) -> frozenset[str]:
        """The variants some of whose documents differ from what their downloads were built from."""
        known = dict(self.digests)
        return frozenset(
            d.variant_id for d in _documents(inputs) if known.get((d.variant_id, d.language)) != document_digest(d)
        )


def _documents(inputs: SiteInputs) -> list[Document]:
    """The current edition's documents in every language the inputs hold."""
    current = inputs.current
    return [*current.documents, *(d for language in current.linted.languages for d in language.documents)]


def unreleased_changes(inputs: SiteInputs) -> frozenset[tuple[str, str]]:
    """The diffs of the working tree (not a release) that have no redlines: the preview's passes make none.

    The first build makes them, as `mgl site` does, so its pages need no notice.
    """
    if inputs.current.release is not None:
        return frozenset()
    version = inputs.current.family.version
    return frozenset((c.old, c.new) for c in inputs.changes if c.new == version and not c.redlines)


class Preview:
    """One `mgl serve` session: the last pass's inputs, and the background build.

    The server calls `rebuild` on its one build thread; the background build's
    watcher thread only sets `finished` and writes a trigger file. So the state here
    is read and written by one thread, except `background`, which the lock guards.
    """

    def __init__(self, root: Path, artifacts: Path, work: Path, site_dir: Path) -> None:
        self.root, self.artifacts, self.work, self.site_dir = root, artifacts, work, site_dir
        self.inputs: SiteInputs | None = None
        self.fresh = Fresh()
        self.seen: tuple[tuple[str, int, int], ...] = ()
        self.lock = threading.Lock()
        self.background: subprocess.Popen[bytes] | None = None
        self.finished: int | None = None  # the background build's exit code, until a full pass reads it
        self.asked = 0  # trigger files written: each one's content differs from the last

    # --- the passes -------------------------------------------------------------------------

    def start(self) -> Generated:
        """The first build: everything, like `mgl site` (raises SourceError, and then nothing is served)."""
        self.seen = self.fingerprint()
        prepared = prepare(self.root)
        inputs = collect(self.root, self.artifacts, self.work / "scratch", prepared.linted, preview_of=None)
        self.inputs, self.fresh = inputs, Fresh.of(inputs)
        generated = write_work(prepared, inputs, self.work, notices=Notices(stale_changes=unreleased_changes(inputs)))
        self._mkdocs_all(generated)
        return generated

    def rebuild(self) -> None:
        """The server's builder: the quick pass after an edit, else the full pass. Problems are logged."""
        seen = self.fingerprint()
        edited, self.seen = seen != self.seen, seen
        try:
            if edited:
                self.quick()
                self.ask_for_pass()
            else:
                self.full()
        except SourceError as problem:
            for diagnostic in problem.diagnostics:
                log.error(diagnostic.format())
            log.error("the sources have problems; the pages are from the last good build")
        except OSError as err:  # a file vanished mid-save, a full disk: say so, keep serving
            log.error(f"{err.filename or 'a file'}: {err.strerror or err}; the pages are from the last good build")

    def quick(self) -> None:
        """The governing language's changed pages, and nothing else."""
        assert self.inputs is not None
        prepared = prepare(self.root, translations=False)
        current = replace(
            self.inputs.current,
            family=prepared.linted.library.family,
            documents=prepared.linted.documents,
            linted=prepared.linted,
        )
        inputs = replace(self.inputs, current=current)
        notices = Notices(self.fresh.stale(inputs), unreleased_changes(inputs))
        generated = write_work(prepared, inputs, self.work, quick=True, notices=notices)
        run_mkdocs(generated.config, self.site_dir, dirty=True)

    def full(self) -> None:
        """Every language whole; the downloads once the background build has caught up."""
        assert self.inputs is not None
        with self.lock:
            running = self.background is not None
            finished, self.finished = self.finished, None
        before = sources_digest(self.root, __version__)
        prepared = prepare(self.root)
        inputs = collect(self.root, self.artifacts, self.work / "scratch", prepared.linted, preview_of=self.inputs)
        recorded = _built_from(self.artifacts)
        if finished is not None and not running:
            # The build read the sources some time ago: its downloads are this text's only if
            # its manifests name the sources read here; otherwise nothing on disk is known
            # to match, until the next build.
            built = finished == 0 and recorded == before == sources_digest(self.root, __version__)
            self.fresh = Fresh.of(inputs) if built else Fresh()
        stale = self.fresh.stale(inputs)
        self.inputs = inputs
        generated = write_work(
            prepared,
            inputs,
            self.work,
            notices=Notices(stale, unreleased_changes(inputs)),
            downloads=not running,
        )
        self._mkdocs_all(generated)
        if stale and not running and finished in (None, 0) and recorded != before:
            self.start_background()  # never twice for the same sources: a build that ended says all it can

    def _mkdocs_all(self, generated: Generated) -> None:
        """Every language into a staging folder, then into the served folder, changed files only."""
        staged = self.work / "staged"
        shutil.rmtree(staged, ignore_errors=True)
        for folder, config in generated.languages or (("", generated.config),):
            run_mkdocs(config, staged / folder)  # the default language first: its build empties `staged`
        copy_downloads(self.work, staged)
        sync(
            self.site_dir, {p.relative_to(staged).as_posix(): p.read_bytes() for p in staged.rglob("*") if p.is_file()}
        )

    # --- the background build ---------------------------------------------------------------

    def start_background(self) -> None:
        """`mgl build` of every format, in its own process at a lower priority."""
        command = [sys.executable, "-m", "clausekit", "build", "--root", str(self.root), "--out", str(self.artifacts)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # Before it starts its workers, which inherit it (preexec_fn is unsafe beside threads);
        # a build that has already ended is reported when it is awaited.
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, process.pid, BACKGROUND_NICENESS)
        with self.lock:
            self.background = process
        log.info("building the downloads in the background")
        threading.Thread(target=self._await_background, args=(process,), daemon=True).start()

    def _await_background(self, process: subprocess.Popen[bytes]) -> None:
        _, errors = process.communicate()
        if process.returncode not in (0, -signal.SIGTERM):
            for line in errors.decode("utf-8", "replace").splitlines():
                log.error(line)
        with self.lock:
            self.background = None
            self.finished = process.returncode
        self.ask_for_pass()

    def stop(self) -> None:
        with self.lock:
            process = self.background
        if process is not None and process.poll() is None:
            process.terminate()  # a build stopped at any moment leaves its folder whole
            process.wait()

    # --- what changed -----------------------------------------------------------------------

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Every watched source's path, size and modification time: a change means an edit."""
        found = []
        for name in WATCHED:
            path = self.root / name
            files = sorted(path.rglob("*")) if path.is_dir() else [path]
            for file in files:
                try:
                    stat = file.stat()
                except OSError:
                    continue
                if file.is_file():
                    found.append((file.relative_to(self.root).as_posix(), stat.st_size, stat.st_mtime_ns))
        return tuple(found)

    def ask_for_pass(self) -> None:
        """Ask the server for another pass, through a file it watches."""
        folder = self.work / TRIGGER_DIR
        folder.mkdir(exist_ok=True)
        with self.lock:
            self.asked += 1
            (folder / "next").write_text(f"{self.asked}\n", encoding="utf-8")


def _built_from(artifacts: Path) -> str | None:
    """The sources digest the build's manifests name, or None when they differ or index.json is missing.

    typeset.json exists only where a build typeset something.
    """
    index = BuiltFrom.of(parse_index(read_existing(artifacts, INDEX_FILE)))
    if not (artifacts / TYPESET_FILE).exists():
        return index.sources
    typeset = BuiltFrom.of(parse_typeset(read_existing(artifacts, TYPESET_FILE)))
    return index.sources if typeset.sources == index.sources else None


def serve_site(root: Path, host: str = "127.0.0.1", port: int = 8000, artifacts: Path | None = None) -> None:
    """Preview the site until interrupted; the clauses, the family files and site/ are watched."""
    from mkdocs.livereload import LiveReloadServer

    _check_port(host, port)
    artifacts = artifacts if artifacts is not None else root / "build"
    with tempfile.TemporaryDirectory(prefix="clausekit-serve-") as scratch:
        work = Path(scratch) / "work"
        site_dir = Path(scratch) / "site"
        work.mkdir()
        site_dir.mkdir()
        preview = Preview(root, artifacts, work, site_dir)
        preview.start()
        server = LiveReloadServer(
            builder=preview.rebuild, host=host, port=port, root=str(site_dir), polling_interval=POLL_SECONDS
        )
        (work / TRIGGER_DIR).mkdir(exist_ok=True)
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name))
        server.watch(str(work / TRIGGER_DIR))
        with _mkdocs_log(), _stop_on_terminate():
            try:
                server.serve()  # type: ignore[no-untyped-call]
            except KeyboardInterrupt:
                log.info("stopping")
            finally:
                server.shutdown()
                preview.stop()


def _check_port(host: str, port: int) -> None:
    """Name the port and the fix before building anything, rather than failing deep in the server."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as err:
        raise SourceError(
            [
                Diagnostic(
                    "--port",
                    None,
                    f"cannot listen on {host}:{port}: {err.strerror or err}",
                    f"choose another port, e.g. --port {port + 1 if port < 65535 else 8000}, or stop what uses it",
                )
            ]
        ) from None


@contextmanager
def _stop_on_terminate() -> Iterator[None]:
    """Ctrl+C and SIGTERM both stop the server, so its work folder is removed either way.

    SIGINT is handled explicitly too: a process started with SIGINT ignored (a
    background job of a script) would otherwise never see Ctrl+C.
    """

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def _mkdocs_log() -> Iterator[None]:
    """mkdocs' own lines while serving ("Detected file changes", "Reloading browsers", problems)."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
