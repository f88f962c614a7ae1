"""Typesetting: which HTML and PDF editions need rendering, and rendering them in parallel.

A typeset edition is slow to render, so each records a digest of its inputs (the
assembled document, the renderer's and the typesetter's versions, the settings, and
what else of the machine it depends on: the CJK font, for a CJK PDF) and
one whose inputs did not change is not rendered again. The ones that are render in
parallel worker processes, longest first, with the parent taking jobs too.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from clausekit.document.types import Document, block_paragraphs, document_digest
from clausekit.output.manifest import Entries, Entry, sha256
from clausekit.output.write import inside, read_existing
from clausekit.render.formats import (
    FORMATS,
    Settings,
    VariantFormat,
    artifact_language,
    artifact_name,
    render_file,
    variant_format,
)
from clausekit.sources.types import DEFAULT_LANGUAGE

Progress = Callable[[str, int, int], None]  # (what is being rendered, number done, total)


@dataclass(frozen=True)
class TypesetJob:
    format: str
    filename: str
    path: str
    document: Document
    inputs: str


def plan_typeset(
    documents: Sequence[Document],
    formats: Sequence[str],
    settings: Settings,
    previous: Entries,
    out: Path,
    default_language: str = DEFAULT_LANGUAGE,
) -> tuple[list[TypesetJob], Entries]:
    """Which typeset files need rendering, and which previous ones still hold (same inputs, intact file).

    Previous files of a variant and language not rendered now are carried over as they are.
    """
    jobs: list[TypesetJob] = []
    kept: Entries = {}
    typeset = {name: fmt for name in formats if (fmt := variant_format(name)) is not None}
    versions = {name: fmt.versions() for name, fmt in typeset.items()}
    for document in documents:
        digest = document_digest(document)
        for name, fmt in typeset.items():
            for filename in [f.name for f in fmt.files] if fmt.applies(document) else []:
                path = f"{document.variant_id}/{artifact_name(filename, document.language, default_language)}"
                local = fmt.local_inputs(document)
                # Only a file that depends on more of the machine than versions() gets a line more,
                # so every other file's digest, and so what the last build left, stays valid.
                text = f"{name}\n{filename}\n{versions[name]}\n{sorted(settings_data(settings).items())}\n{digest}"
                inputs = sha256((text + (f"\n{local}" if local else "")).encode())
                old = previous.get(path)
                if old is not None and old["inputs"] == inputs and intact(out, old):
                    kept[path] = old
                else:
                    jobs.append(TypesetJob(name, filename, path, document, inputs))
    chosen = {(d.variant_id, d.language) for d in documents}
    carried = {
        path: entry
        for path, entry in previous.items()
        if (path.split("/")[0], artifact_language(path, default_language)) not in chosen
    }
    return jobs, {**carried, **kept}


def render_typeset(
    jobs: Sequence[TypesetJob], settings: Settings, progress: Progress | None = None
) -> dict[str, bytes]:
    """Render typeset files; slow formats in parallel across the cores.

    The parent works too: it renders the quick files, then takes slow jobs from the
    same queue as the worker processes, so that no core waits while a worker
    process starts.
    """
    rendered: dict[str, bytes] = {}
    total = len(jobs)

    def finish(job: TypesetJob, content: bytes) -> None:
        rendered[job.path] = content
        if progress:
            progress(job.path, len(rendered), total)

    def here(job: TypesetJob) -> None:
        finish(job, render_file(job.format, job.filename, job.document, settings))

    # Longest documents first, so that no process is left alone with a long job at the end.
    parallel = {name for name, fmt in FORMATS.items() if isinstance(fmt, VariantFormat) and fmt.parallel}
    slow = sorted((job for job in jobs if job.format in parallel), key=lambda job: -_size(job.document))
    queue = deque(slow)
    workers = min((os.cpu_count() or 1) - 1, len(queue) - 1)
    if workers < 1:
        for job in jobs:
            here(job)
        return rendered

    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from multiprocessing import get_context

    # Forked workers start warm, with the typesetter already loaded here; but forking
    # is only safe while this process runs one thread (a progress bar is another).
    method = "fork" if threading.active_count() == 1 else "spawn"
    if method == "fork":
        for name in sorted({job.format for job in queue}):
            fmt = variant_format(name)
            if fmt is not None:
                fmt.warm()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context(method)) as pool:
        running: dict[Future[bytes], TypesetJob] = {}

        def feed() -> None:  # two per worker: one rendering, one waiting, so no worker idles
            while queue and len(running) < 2 * workers:
                job = queue.popleft()
                running[pool.submit(render_file, job.format, job.filename, job.document, settings)] = job

        def steal() -> TypesetJob | None:
            """A job still waiting for a worker, taken back for the parent to render."""
            for future, job in list(running.items()):
                if future.cancel():
                    del running[future]
                    return job
            return None

        feed()
        for job in jobs:
            if job.format not in parallel:
                here(job)
        while queue or running:
            mine = queue.popleft() if queue else steal()
            if mine is not None:
                here(mine)
            finished, _ = wait(running, timeout=0 if mine is not None else None, return_when=FIRST_COMPLETED)
            for future in finished:
                finish(running.pop(future), future.result())
            feed()
    return rendered


def _size(document: Document) -> int:
    return sum(len(paragraph.text) for _, clause in document.clauses() for paragraph in block_paragraphs(clause.blocks))


def intact(out: Path, entry: Entry) -> bool:
    """A listed file is still there with the listed size and digest (the build's quick path asks this too)."""
    content = read_existing(out, entry["path"]) if inside(out, entry["path"]) else None
    return content is not None and len(content) == entry.get("bytes") and sha256(content) == entry["sha256"]


def settings_data(settings: Settings) -> dict[str, Any]:
    """The settings as a typeset manifest records them, and as a job's input digest includes them."""
    return asdict(settings)
