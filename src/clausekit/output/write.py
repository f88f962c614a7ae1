"""Put artifacts on disk: all of a build's files or none of them.

Everything is rendered in memory before the first write; `transaction` then
publishes the whole set at once. A file whose bytes did not change is not touched
at all, so a no-op build writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from clausekit.output.transaction import Change, publish


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
    """Publish the changed artifacts and the removals as one change (hold `exclusive(out)` while calling)."""
    written, unchanged = [], []
    for artifact in artifacts:
        if read_existing(out, artifact.path) == artifact.content:
            unchanged.append(artifact)
        else:
            written.append(artifact)
    removed = [path for path in removals if (out / path).is_file()]
    publish(out, Change(tuple((a.path, a.content) for a in written), tuple(removed)))
    return WriteReport(tuple(a.path for a in written), tuple(a.path for a in unchanged), tuple(removed))
