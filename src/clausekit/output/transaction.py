"""All-or-nothing publication of a build's files, with one writer per output folder.

Writing each file atomically is not enough: a build killed halfway leaves a folder
that mixes old and new artifacts, and an index that matches neither. So a build
first writes every new file beside its target under a temporary name, then commits
by writing a journal that lists the renames and removals, and only then applies
them. A crash before the journal leaves the old folder as it was (plus temporary
files, which the next run deletes: their names say we made them); a crash after it
is completed by the next run. Either way the folder ends wholly old or wholly new.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

JOURNAL = ".clausekit-journal.json"
LOCK = ".clausekit.lock"
TEMP_SUFFIX = ".clausekit-tmp"


class OutputError(Exception):
    """Writing the output failed; the message says truthfully what was and wasn't changed."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Change:
    """The whole set of changes one build publishes: files to write and files to remove."""

    writes: tuple[tuple[str, bytes], ...]  # (path relative to out, content)
    removals: tuple[str, ...]


@contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """Hold the output folder's lock, so two builds never interleave their files.

    The lock file exists only while a build runs, so it never shows among the
    artifacts. Because it is removed on release, a waiter may lock a file that is
    already gone: after locking, the file must still be the one at the path.
    """
    lock = out / LOCK
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise OutputError(
            f"cannot use the output folder {out}: {err.strerror}", "check that the folder can be created and written"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputError(
                    f"another build is writing to {out}", "wait for it to finish, or build into another --out"
                ) from None
            raise
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if not same:
            raise OutputError(
                f"another build is writing to {out}", "wait for it to finish, or build into another --out"
            )
        try:
            yield
        finally:
            with contextlib.suppress(OSError):  # a lock file left behind is harmless: the next build takes it
                lock.unlink(missing_ok=True)
    finally:
        os.close(fd)  # closing releases the lock


def pending(out: Path) -> bool:
    """True when an interrupted build left a committed change that is not yet applied."""
    return (out / JOURNAL).is_file()


def recover(out: Path) -> None:
    """Finish what an interrupted build committed, and delete the temporary files of one that never committed."""
    journal = out / JOURNAL
    if journal.is_file():
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))
            renames = [(str(temp), str(final)) for temp, final in entries["renames"]]
            removals = [str(path) for path in entries["removals"]]
        except (OSError, ValueError, KeyError, TypeError):
            raise OutputError(
                f"{journal} is damaged, so an interrupted build cannot be completed",
                f"delete {journal} and run the build again; it rewrites every artifact that differs",
            ) from None
        _apply(out, [(t, f) for t, f in renames if _inside(out, t) and _inside(out, f)], removals)
        journal.unlink()
        _sync(out)
    for folder, _, files in os.walk(out):
        for name in files:
            if name.endswith(TEMP_SUFFIX):
                (Path(folder) / name).unlink(missing_ok=True)


def publish(out: Path, change: Change) -> None:
    """Make the whole change visible, or none of it. Call it while holding `exclusive(out)`."""
    outside = [relative for relative, _ in change.writes if not _inside(out, relative)]
    if outside:
        raise OutputError(
            f"refusing to write {outside[0]!r}: it would land outside {out}; nothing in {out} was replaced",
            "remove the link inside the output folder that points elsewhere, or choose another --out",
        )
    staged: list[tuple[str, str]] = []
    try:
        for relative, content in change.writes:
            staged.append((_stage(out, relative, content), relative))
    except OSError as err:
        for temp, _ in staged:
            (out / temp).unlink(missing_ok=True)
        failed = change.writes[len(staged)][0]
        raise OutputError(
            f"cannot write {out / failed}: {err.strerror}; nothing in {out} was replaced",
            "free some space or fix the folder's permissions, then build again",
        ) from None
    if not staged and not change.removals:
        return
    try:
        _write_journal(out, staged, change.removals)
    except OSError as err:
        for temp, _ in staged:
            (out / temp).unlink(missing_ok=True)
        raise OutputError(
            f"cannot write {out / JOURNAL}: {err.strerror}; nothing in {out} was replaced",
            "free some space or fix the folder's permissions, then build again",
        ) from None
    try:
        _apply(out, staged, change.removals)
    except OSError as err:
        raise OutputError(
            f"the build stopped while replacing files in {out}: {err.strerror}",
            "run the build again: it completes the interrupted change from its journal first",
        ) from None
    (out / JOURNAL).unlink()
    _sync(out)


def _stage(out: Path, relative: str, content: bytes) -> str:
    target = out / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp.relative_to(out).as_posix()


def _write_journal(out: Path, renames: Sequence[tuple[str, str]], removals: Sequence[str]) -> None:
    data = json.dumps({"renames": [list(pair) for pair in renames], "removals": list(removals)}, indent=1)
    temp = out / f"{JOURNAL}{TEMP_SUFFIX}"
    with open(temp, "w", encoding="utf-8") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, out / JOURNAL)
    _sync(out)


def _apply(out: Path, renames: Sequence[tuple[str, str]], removals: Sequence[str]) -> None:
    """Idempotent, so that recovery can run it again after a crash in the middle."""
    for temp, final in renames:
        if (out / temp).exists():
            os.replace(out / temp, out / final)
    for relative in removals:
        target = out / relative
        if _inside(out, relative) and target.is_file() and not target.is_symlink():
            target.unlink()
            _remove_empty_parents(target.parent, out)


def _inside(out: Path, relative: str) -> bool:
    if not relative or Path(relative).is_absolute():
        return False
    return (out / relative).resolve().is_relative_to(out.resolve())


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _sync(folder: Path) -> None:
    """Flush the folder's entries (the renames) to disk, where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
