"""Read one full text per variant into normalised text: the only place that touches the input files.

Real-world texts come with a UTF-8 byte-order mark, CRLF or CR line ends, tabs and
trailing spaces; none of these is part of a license's words, so they go here. Quotes
stay as written: the round trip compares words, and a curly quote is a different word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from clausekit.diagnostics import Checked, Diagnostic

MAX_BYTES = 4 * 1024 * 1024  # a license is a few hundred kB at most; anything bigger is not one
IDENTIFIER = re.compile(r"[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*\Z")


@dataclass(frozen=True)
class Source:
    """One input text: its file (as given), the variant identifier its stem names, the normalised text."""

    file: str
    identifier: str
    text: str
    markdown: bool = False


def normalise(raw: str) -> str:
    """BOM, line ends, tabs and trailing spaces out; everything else as written."""
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


def read_source(path: Path) -> Checked[Source]:
    file = str(path)

    def problem(message: str, hint: str) -> Checked[Source]:
        return Checked(None, (Diagnostic(file, None, message, hint),))

    if not path.is_file():
        return problem("is not a regular file", "give the path of a plain-text or Markdown license text")
    identifier = path.stem
    if not IDENTIFIER.match(identifier) or len(identifier) > 64:
        return problem(
            f"the file name {path.name!r} does not name a variant identifier",
            "name each file <NAME>-<VERSION>.txt, e.g. MG-BY-NC-2.0.txt, with letters, digits, dots and dashes",
        )
    with path.open("rb") as stream:
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return problem(f"is larger than {MAX_BYTES // (1024 * 1024)} MiB", "give one license text per file")
    if b"\x00" in data:
        return problem("is a binary file, not a text", "give the plain-text or Markdown edition of the license")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return Checked(
            None,
            (Diagnostic(file, line, "is not UTF-8 text", "save the file as UTF-8 (most editors offer it)"),),
        )
    text = normalise(raw)
    if not text.strip():
        return problem("is empty", "give the full text of the variant's license")
    return Checked(Source(file, identifier, text, path.suffix.lower() in (".md", ".markdown")))
