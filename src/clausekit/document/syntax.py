"""Where in a line a Jinja2 syntax error is, so a report can point at the tag.

Jinja2 reports only the line of a syntax error, and a clause paragraph is one long
line holding many tags. A maintainer told "line 12" must then hunt through 800
characters for the stray brace. This module finds the tag: it re-parses the source
cut after each tag of the reported line and takes the first cut that fails for a
reason other than "the template ended too soon", which any cut inside an open block
does. An error that is only "never closed" points at the block's opening tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import Environment, TemplateSyntaxError

_TAG_START = re.compile(r"\{[{%#]")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_BLOCK_TAG = re.compile(r"\{%-?\s*(\w+)")
_OPENERS = {"if": "endif", "for": "endfor", "macro": "endmacro", "block": "endblock", "raw": "endraw"}


@dataclass(frozen=True)
class Spot:
    """A 1-based line and column in the template source."""

    line: int
    column: int


def locate(env: Environment, source: str, err: TemplateSyntaxError) -> Spot | None:
    """The tag that caused `err`, or None when no tag of its line can be blamed."""
    lines = source.split("\n")
    lineno = err.lineno
    if not 1 <= lineno <= len(lines):
        return None
    before = "".join(line + "\n" for line in lines[: lineno - 1])
    text = lines[lineno - 1]
    for start in (m.start() for m in _TAG_START.finditer(text)):
        closer = _CLOSERS[text[start : start + 2]]
        end = text.find(closer, start + 2)
        cut = len(text) if end < 0 else end + len(closer)
        try:
            env.parse(before + text[:cut])
        except TemplateSyntaxError as cut_err:
            if not _ran_out(cut_err):
                return Spot(lineno, start + 1)
    if _ran_out(err):
        return _unclosed(lines)
    return None


def _ran_out(err: TemplateSyntaxError) -> bool:
    """Whether the parser only reached the end while a block or tag was still open."""
    return "end of template" in (err.message or "").lower()


def _unclosed(lines: list[str]) -> Spot | None:
    """The opening tag of the innermost block that is never closed."""
    stack: list[tuple[str, Spot]] = []
    for number, text in enumerate(lines, start=1):
        for match in _BLOCK_TAG.finditer(text):
            word = match.group(1)
            if word in _OPENERS:
                stack.append((_OPENERS[word], Spot(number, match.start() + 1)))
            elif stack and word == stack[-1][0]:
                stack.pop()
    return stack[-1][1] if stack else None
