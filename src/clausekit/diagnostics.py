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
    severity: str = "error"  # or "warning": reported, but fails only `mgl lint --strict`

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def format(self) -> str:
        text = f"{self.location()}: {self.severity}: {self.message}"
        if self.variants:
            text += f" (in {', '.join(self.variants)})"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text


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
    grouped: dict[tuple[str, int | None, str, str, str], list[str]] = {}
    for d in diagnostics:
        seen = grouped.setdefault((d.file, d.line, d.message, d.hint, d.severity), [])
        seen.extend(v for v in d.variants if v not in seen)
    merged = (
        Diagnostic(file, line, message, hint, tuple(variants), severity)
        for (file, line, message, hint, severity), variants in grouped.items()
    )
    return tuple(sorted(merged, key=lambda d: (d.file, d.line or 0, d.message)))
