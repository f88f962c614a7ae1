"""Reading source files, and only source files inside the source root.

Clause fragments are contributions from others; a symlink planted in clauses/ must
not make the build read (and publish) a file from elsewhere on the machine.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from clausekit.diagnostics import Checked, Diagnostic

MAX_SOURCE_BYTES = 1024 * 1024  # far above any real fragment or family file; bounds the work per file
FAMILY_FILE = "variants.yaml"
CLAUSE_DIR = "clauses"
RELEASES_FILE = "versions.yaml"  # the record of releases: it decides whether the edition is a draft
FRAGMENT_SUFFIX = ".md"
TRANSLATIONS_DIR = "translations"  # translations/<lang>.yaml: a language's family strings


@dataclass(frozen=True)
class SourceText:
    file: str  # relative to the root, forward slashes
    text: str


def read_source(root: Path, relative: str) -> Checked[SourceText]:
    """Read one UTF-8 file that must resolve to a place inside `root`."""
    found = _read(root, relative)
    return Checked.failed(found) if isinstance(found, Diagnostic) else Checked(found)


def _read(root: Path, relative: str) -> SourceText | Diagnostic:
    path = root / relative
    real_root = root.resolve()
    try:
        real = path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        return Diagnostic(
            relative, None, "file not found", f"create {relative} or point --root at the folder that holds it"
        )
    if not real.is_relative_to(real_root):
        return Diagnostic(
            relative,
            None,
            "refusing to read a file outside the source tree (it is a link to another place)",
            "replace the link with a regular file inside the repository",
        )
    text = _read_text(real, relative)
    return text if isinstance(text, Diagnostic) else SourceText(relative, text)


def read_text_file(path: Path, shown: str) -> Checked[str]:
    """Any text file the user names (`mgl diff a.txt b.txt`), with the bounds every source has."""
    found = _read_text(path, shown)
    return Checked.failed(found) if isinstance(found, Diagnostic) else Checked(found)


def _read_text(path: Path, shown: str) -> str | Diagnostic:
    """A regular file of at most MAX_SOURCE_BYTES, decoded; a FIFO is refused, never waited on."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            return Diagnostic(shown, None, "not a regular file", "replace it with an ordinary text file")
        if status.st_size > MAX_SOURCE_BYTES:
            return Diagnostic(
                shown,
                None,
                f"the file is larger than {MAX_SOURCE_BYTES // 1024} KiB",
                "split it: a clause fragment, family file or license text this large is a mistake",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        return Diagnostic(shown, None, "file not found", "check the path")
    except OSError as err:
        return Diagnostic(shown, None, f"cannot read the file: {err.strerror}", "check the file's permissions")
    return _decode(data, shown)


def _decode(data: bytes, file: str) -> str | Diagnostic:
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        return Diagnostic(file, line, "the file contains a NUL byte", "remove it: source files are plain text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return Diagnostic(file, line, "the file is not valid UTF-8", "save the file with UTF-8 encoding")
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def is_translation_file(relative: str) -> bool:
    """`use.de.md` translates `use.md`: a dot inside the stem marks a translation, never a fragment.

    Fragment ids and file stems never hold a dot, so every such name is a translation
    (of a declared language or not: the translation loader reports an unknown one).
    """
    name = relative.rsplit("/", 1)[-1]
    return "." in name.removesuffix(FRAGMENT_SUFFIX)


def fragment_files(root: Path) -> Checked[tuple[str, ...]]:
    """All fragment files below clauses/, sorted so every machine sees one order; translations excluded."""
    found = clause_folder_files(root)
    return Checked(tuple(f for f in found.value or () if not is_translation_file(f)), found.problems)


def translation_files(root: Path) -> tuple[str, ...]:
    """The clause translations below clauses/ (`<stem>.<lang>.md`), sorted."""
    return tuple(f for f in clause_folder_files(root).value or () if is_translation_file(f))


def strings_files(root: Path) -> tuple[str, ...]:
    """The family-string files `translations/<lang>.yaml`, sorted (none when the folder is absent)."""
    base = root / TRANSLATIONS_DIR
    if not base.is_dir() or base.is_symlink():
        return ()
    return tuple(
        sorted(
            f"{TRANSLATIONS_DIR}/{p.name}"
            for p in base.iterdir()
            if p.name.endswith(".yaml") and not p.name.startswith(".")
        )
    )


def clause_folder_files(root: Path) -> Checked[tuple[str, ...]]:
    """Every .md file below clauses/ (fragments and their translations), sorted."""
    base = root / CLAUSE_DIR
    if not base.is_dir():
        return Checked.failed(
            Diagnostic(
                CLAUSE_DIR,
                None,
                "the clause folder is missing",
                f"create {CLAUSE_DIR}/ with one .md file per clause, or point --root at the folder that holds it",
            )
        )
    if base.is_symlink() or not base.resolve().is_relative_to(root.resolve()):
        return Checked.failed(
            Diagnostic(
                CLAUSE_DIR,
                None,
                "refusing a clause folder that is a link to another place",
                f"make {CLAUSE_DIR}/ an ordinary folder inside the repository",
            )
        )
    found: list[str] = []
    for folder, dirs, files in os.walk(base, followlinks=False):
        dirs.sort()
        for name in files:
            if name.endswith(FRAGMENT_SUFFIX) and not name.startswith("."):
                found.append((Path(folder) / name).relative_to(root).as_posix())
    return Checked(tuple(sorted(found)))


def check_output_folder(root: Path, folder: Path, what: str, example: Path) -> tuple[Diagnostic, ...]:
    """An output folder may not be the source root, hold it, or lie inside clauses/.

    Output written there would overwrite the sources or be read back as sources.
    """
    real_root, real = root.resolve(), folder.resolve()
    if real == real_root or real_root.is_relative_to(real) or real.is_relative_to(real_root / CLAUSE_DIR):
        return (
            Diagnostic(
                "--out",
                None,
                f"the {what} {folder} would hold or mix with the sources in {root}",
                f"choose a folder of its own outside {CLAUSE_DIR}/, e.g. {example}",
            ),
        )
    return ()


def sources_digest(root: Path, version: str) -> str | None:
    """A fingerprint of every source file and the toolchain version, or None if a source is unreadable.

    A build records it, so that the next build of the same sources can see at once
    that nothing needs doing, without loading or rendering anything.
    """
    files = clause_folder_files(root).value
    if files is None:
        return None
    digest = hashlib.sha256(f"clausekit {version}\n".encode())
    for relative in [FAMILY_FILE, *files, *strings_files(root), RELEASES_FILE]:
        path = root / relative
        if relative == RELEASES_FILE and not path.exists():
            continue  # no release yet: every edition is a draft
        if path.is_symlink() or not path.is_file():
            return None  # let the full build report it properly
        digest.update(f"{relative}\n{path.stat().st_size}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
