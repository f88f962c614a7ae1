"""Problems found in the sources, reported the way a maintainer can act on them.

Every check in the toolchain produces `Diagnostic` values instead of raising at the
first problem, so one `mgl lint` run lists everything that needs fixing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, what is wrong, how to fix it."""

    file: str
    line: int | None
    message: str
    hint: str = ""
    variants: tuple[str, ...] = ()
    column: int | None = None  # 1-based, where known: then `source` is the line, shown with a caret
    source: str = ""
    severity: str = "error"  # or "warning": reported, but fails only `mgl lint --strict`

    def location(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"

    def format(self) -> str:
        text = f"{self.location()}: {self.severity}: {self.message}"
        if self.variants:
            text += f" (in {', '.join(self.variants)})"
        if self.column and self.source:
            shown, at = excerpt(self.source, self.column)
            gutter = str(self.line or "")
            text += f"\n    {gutter} | {shown}\n    {' ' * len(gutter)} | {' ' * (at - 1)}^"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text


# How much of a long line a report shows on each side of the column it points at.
_HALF_WINDOW = 36


def excerpt(text: str, column: int) -> tuple[str, int]:
    """A window of the line around `column` (1-based), and the column within that window.

    A clause paragraph is one line of hundreds of characters; the window, cut with an
    ellipsis on each cut side, keeps the caret under it readable in a terminal.
    """
    index = min(max(column - 1, 0), len(text))
    start = max(0, index - _HALF_WINDOW)
    end = min(len(text), index + _HALF_WINDOW)
    head = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    return head + text[start:end] + tail, index - start + len(head) + 1


@dataclass(frozen=True)
class Checked(Generic[T]):
    """What a loader or pipeline stage found: a value (None when nothing sound is left) and every problem.

    One shape for every stage, so callers test `ok` instead of telling a value from a
    list of problems with isinstance; a stage may return a partial value together with
    problems, so that later stages can keep checking what is sound.
    """

    value: T | None
    problems: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        return self.value is not None and not self.problems

    @classmethod
    def failed(cls, *problems: Diagnostic) -> Checked[T]:
        return cls(None, problems)


class SourceError(Exception):
    """The sources cannot be built; carries every problem found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def relabel(diagnostics: Iterable[Diagnostic], name: Callable[[str], str]) -> list[Diagnostic]:
    """The diagnostics with each file renamed by `name`, for the reader's point of view.

    A loader names files relative to the root it read; the reader needs them from
    where they stand, inside a git revision (`REV:path`), or under a folder. The
    pseudo-files of the command line ("--format", "-") keep their names.
    """
    return [d if d.file.startswith("-") else dataclasses.replace(d, file=name(d.file)) for d in diagnostics]


def merge_by_variant(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Fold the same problem seen in several variants into one report.

    A typo in a shared clause would otherwise be reported nine times.
    """
    grouped: dict[Diagnostic, list[str]] = {}
    for d in diagnostics:
        seen = grouped.setdefault(dataclasses.replace(d, variants=()), [])
        seen.extend(v for v in d.variants if v not in seen)
    merged = (dataclasses.replace(d, variants=tuple(variants)) for d, variants in grouped.items())
    return tuple(sorted(merged, key=lambda d: (d.file, d.line or 0, d.message)))
