"""Put artifacts on disk without ever leaving a half-written file.

Everything is rendered in memory before the first write. Each file is written to a
temporary file beside it and renamed over the old one (atomic on POSIX), and a file
whose bytes did not change is not touched at all, so a no-op build writes nothing.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Artifact:
    path: str  # relative to the output folder, forward slashes
    content: bytes


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def read_existing(out: Path, relative: str) -> bytes | None:
    try:
        return (out / relative).read_bytes()
    except OSError:
        return None


def inside(out: Path, relative: str) -> bool:
    """True when `relative` names a place inside `out` (guards paths read from an index)."""
    if not relative or Path(relative).is_absolute():
        return False
    return (out / relative).resolve().is_relative_to(out.resolve())


def stale(out: Path, artifacts: Iterable[Artifact], removals: Iterable[str]) -> list[str]:
    """What a build would change: artifacts missing or different, files it would remove."""
    problems = []
    for artifact in artifacts:
        existing = read_existing(out, artifact.path)
        if existing is None:
            problems.append(f"missing: {artifact.path}")
        elif existing != artifact.content:
            problems.append(f"stale:   {artifact.path}")
    problems += [f"obsolete: {path}" for path in removals if (out / path).exists()]
    return problems


def write_artifacts(out: Path, artifacts: Iterable[Artifact], removals: Iterable[str]) -> WriteReport:
    written, unchanged, removed = [], [], []
    for artifact in artifacts:
        if read_existing(out, artifact.path) == artifact.content:
            unchanged.append(artifact.path)
            continue
        _atomic_write(out / artifact.path, artifact.content)
        written.append(artifact.path)
    for path in removals:
        target = out / path
        if target.is_file():
            target.unlink()
            removed.append(path)
            _remove_empty_parents(target.parent, out)
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def _atomic_write(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
