"""Read the real corpus's fragments independently of the engine, so corpus tests find their anchors in the data.

Tests that edit the corpus must not name a phrase, file or clause of one edition: the
next edition rewrites them. These helpers parse the fragment files themselves (front
matter, and the `{% if %}` branches of the body) and work out which variants render a
piece of text with plain Jinja2 expressions, not with the engine under test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment

from clausekit.sources.types import Family, Variant

TAG = re.compile(r"{%-?\s*(if|elif|else|endif)\b(.*?)-?%}", re.DOTALL)
OUTPUT = re.compile(r"{{.*?}}", re.DOTALL)
WORD = re.compile(r"(?<![\w'’-])[a-z]{4,}(?![\w'’-])")
REF = re.compile(r"""ref\(\s*['"]([\w-]+)['"]\s*\)""")


@dataclass(frozen=True)
class Fragment:
    """One clause file: its front matter and where its body starts in the file's text."""

    path: str  # relative to the source root, e.g. "clauses/05-termination/term.md"
    text: str  # the whole file
    front: dict[str, Any]
    body_start: int

    @property
    def id(self) -> str:
        return str(self.front["id"])

    @property
    def when(self) -> str | None:
        when = self.front.get("when")
        return None if when is None else str(when)

    def establishes(self) -> list[str]:
        """The rows named in `establishes:`, with or without a condition."""
        return [e if isinstance(e, str) else str(e["row"]) for e in self.front.get("establishes", [])]


@dataclass(frozen=True)
class Segment:
    """A stretch of body text between template tags, with the branch conditions that must hold to render it."""

    fragment: Fragment
    start: int  # offsets into fragment.text
    end: int
    conditions: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.fragment.text[self.start : self.end]

    def words(self) -> Iterator[tuple[int, str]]:
        """(file offset, word) of plain lower-case words, outside `{{ ... }}` expressions."""
        blanked = OUTPUT.sub(lambda m: " " * len(m.group()), self.text)
        for match in WORD.finditer(blanked):
            yield self.start + match.start(), match.group()


def fragments(root: Path) -> tuple[Fragment, ...]:
    """The source fragments: `<stem>.<lang>.md` files are translations of them, not fragments."""
    found = []
    for path in sorted(p for p in (root / "clauses").rglob("*.md") if "." not in p.stem):
        text = path.read_text(encoding="utf-8")
        _, head, _ = text.split("---\n", 2)
        found.append(Fragment(path.relative_to(root).as_posix(), text, yaml.safe_load(head), len(head) + 8))
    return tuple(found)


def segments(fragment: Fragment) -> Iterator[Segment]:
    """The body's text runs in order; an `elif`/`else` branch carries the negation of the branches before it."""
    stack: list[list[str]] = []  # per open `if`: the conditions of its branches so far
    current: list[tuple[str, ...]] = []  # per open `if`: the condition of the branch being read

    def path() -> tuple[str, ...]:
        return tuple(c for branch in current for c in branch)

    position = fragment.body_start
    for tag in TAG.finditer(fragment.text, fragment.body_start):
        if tag.start() > position:
            yield Segment(fragment, position, tag.start(), path())
        kind, expression = tag.group(1), tag.group(2).strip()
        earlier = tuple(f"not ({c})" for c in stack[-1]) if kind in ("elif", "else") else ()
        if kind == "if":
            stack.append([expression])
            current.append((expression,))
        elif kind == "elif":
            stack[-1].append(expression)
            current[-1] = (*earlier, expression)
        elif kind == "else":
            current[-1] = earlier
        else:
            stack.pop()
            current.pop()
        position = tag.end()
    if position < len(fragment.text):
        yield Segment(fragment, position, len(fragment.text), path())


def names(family: Family, variant: Variant) -> dict[str, Any]:
    """What a condition may name, built from the family file: option codes, groups, `any_option`, facts."""
    context: dict[str, Any] = {o.code: variant.has(o.code) for o in family.options}
    for group in {o.group for o in family.options if o.group}:
        context[str(group)] = any(variant.has(o.code) for o in family.options if o.group == group)
    context["any_option"] = bool(variant.options)
    context.update(variant.facts)
    return context


def holds(family: Family, variant: Variant, conditions: tuple[str, ...]) -> bool:
    environment = Environment()
    context = names(family, variant)
    return all(bool(environment.compile_expression(c)(**context)) for c in conditions)


def selection(family: Family, library: tuple[Fragment, ...], fragment: Fragment) -> tuple[str, ...]:
    """The conditions that select a fragment: its own `when`, its parents' and its section's."""
    by_id = {f.id: f for f in library}
    found: list[str] = []
    current: Fragment | None = fragment
    while current is not None:
        if current.when is not None:
            found.append(current.when)
        section = current.front.get("section")
        if section is not None:
            outline = family.section(str(section))
            assert outline is not None, section
            if outline.when is not None:
                found.append(outline.when)
        parent = current.front.get("parent")
        current = by_id[str(parent)] if parent is not None else None
    return tuple(found)


def rendering(family: Family, library: tuple[Fragment, ...], segment: Segment) -> tuple[str, ...]:
    """The ids of the variants (in family order) whose text contains this segment."""
    conditions = (*selection(family, library, segment.fragment), *segment.conditions)
    return tuple(v.id for v in family.variants if holds(family, v, conditions))


def mentions(condition: str, name: str) -> bool:
    return re.search(rf"(?<![\w'\"]){re.escape(name)}(?![\w'\"])", condition) is not None


def replace_at(root: Path, relative: str, start: int, old: str, new: str) -> None:
    """Replace the text at a known offset of a source file (checked, so a stale offset fails loudly)."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text[start : start + len(old)] == old, (relative, start, old)
    path.write_text(text[:start] + new + text[start + len(old) :], encoding="utf-8")


def with_front(fragment: Fragment, **changes: Any) -> str:
    """The fragment's file with front-matter keys set (None removes a key); the body untouched."""
    front = {**fragment.front, **changes}
    front = {k: v for k, v in front.items() if v is not None}
    head = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{head}---\n{fragment.text[fragment.body_start :]}"
