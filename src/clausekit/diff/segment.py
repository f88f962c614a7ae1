"""File-vs-file mode: two license texts with no clause library behind them.

Each text is cut into sections at its headings, then the sections are aligned by
title and text, never by number, so a copy that numbers the same sections
differently still lines up; what differs in numbering is reported once, as a
mapping. Headings are recognised by their shape, in plain text and Markdown:

- `# Title`, `## 2.4 Output`, a line underlined with `===` or `---`, a line in `**bold**`,
  a one-line paragraph of a few capitalised words without punctuation (`About This License`);
- a one-line paragraph `LABEL NUMBER. Title` (`Section 2. License Rights`, `Attachment A`),
  `2.4 Output`, `2. Output` or `IV. Output`, starting with a capital;
- a paragraph that begins with a dotted or bold number (`1.1 "Output" means ...`,
  `**1.1** ...`): an inline item, titled by its quoted term or its first words.

List markers ((a), 1., -) are dropped and emphasis is ignored, so a Markdown copy and
a plain-text copy of one license compare equal. A reference in the old text (a
capitalised word and a number an aligned section had, "Section 3") is rewritten to
what the new text calls that section ("Article IV") before comparing, so references
that changed only with the numbering are no change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from clausekit.diff.matching import longest_common_subsequence
from clausekit.diff.report import FieldChange, FileDiffReport, Renumbered, SectionDiff
from clausekit.diff.variant import BULLET
from clausekit.diff.words import best_pairs, normalise, same_words, word_diff

_NUMBER = r"(?:\d{1,3}(?:\.\d{1,3})*|[A-Z](?:\.\d{1,3})*|[IVXLC]{1,6}(?:\.\d{1,3})*)"
_DOTTED = r"(?:(?:\d{1,3}|[A-Z])(?:\.\d{1,3})+)"
_LABELLED = re.compile(rf"^(?P<label>[A-Z][a-z]+)\s+(?P<number>{_NUMBER})\.?(?:[:.)]?\s+(?P<title>\S.*))?$")
# CJK text: a wide character (ideograph, kana, hangul, fullwidth form).
_WIDE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
# A number inside a language's reference pattern: "第2条 许可权利", "附件A 使用限制".
_PATTERNED = re.compile(
    rf"^(?P<before>[{_WIDE}]{{1,4}})(?P<number>{_NUMBER})(?P<after>[{_WIDE}]{{0,4}})(?:\s+(?P<title>\S.*))?$"
)
_WIDE_GAP = re.compile(rf"(?<=[{_WIDE}]) (?=[{_WIDE}])")
_NUMBERED = re.compile(rf"^(?P<number>{_DOTTED}\.?|\d{{1,3}}\.|[A-Z]\.|[IVXLC]{{1,6}}\.|\d{{1,3}})\s+(?P<title>\S.*)$")
_INLINE = re.compile(rf"^(?:\*\*(?P<bold>{_NUMBER})\.?\*\*|(?P<dotted>{_DOTTED})\.?)\s+(?P<rest>\S.*)$", re.S)
_ATX = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*#*$")
_BOLD_LINE = re.compile(r"^\*\*(?P<text>[^*]+)\*\*$")
_UNDERLINE = re.compile(r"^(?:={3,}|-{3,})$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)]|\((?:[a-z]{1,4}|\d{1,3})\))\s+")
_TERM = re.compile(r'^["“]([^"”]{1,80})["”]')
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*\\])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TITLE_WORDS = 8  # at most this many words in an unnumbered heading, or in a title made from a text
_SHORT_TITLE = 4  # a numbered heading ending in a full stop has at most this many words


@dataclass(frozen=True)
class TextSection:
    """One section of a license text: its heading and the text up to the next heading."""

    label: str | None  # "Section", "Attachment" when the heading names one, or a pattern such as "第{number}条"
    number: str | None
    title: str
    text: str  # normalised paragraphs

    @property
    def name(self) -> str:
        """The number as a reference shows it: "Section 2", "2.4", or the title when unnumbered."""
        if self.number is None:
            return self.title
        return _named(self.label, self.number)


def _named(label: str | None, number: str) -> str:
    """How a reference names a number: "Section 2", "第2条" (a pattern label), or the bare number."""
    if label is None:
        return number
    return label.replace("{number}", number) if "{number}" in label else f"{label} {number}"


@dataclass(frozen=True)
class _Heading:
    label: str | None
    number: str | None
    title: str
    rest: str  # text that follows an inline number in the same paragraph


def segment(text: str) -> tuple[TextSection, ...]:
    """Cut a license text into sections at its headings; text before the first is untitled."""
    sections: list[TextSection] = []
    heading = _Heading(None, None, "", "")
    paragraphs: list[str] = []

    def close() -> None:
        if heading.title or heading.number or paragraphs:
            sections.append(TextSection(heading.label, heading.number, heading.title, normalise(list(paragraphs))))

    for block in _blocks(text):
        found = _heading(block)
        if found is None:
            paragraphs.extend(_paragraphs(block))
            continue
        close()
        heading, paragraphs = found, [_plain(found.rest)] if found.rest else []
    close()
    return tuple(sections)


def _blocks(text: str) -> Iterator[list[str]]:
    """Runs of non-blank lines; an underline stays with the line above it."""
    block: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            block.append(line.rstrip())
        elif block:
            yield block
            block = []
    if block:
        yield block


def _heading(block: list[str]) -> _Heading | None:
    first = block[0].strip()
    if len(block) == 2 and _UNDERLINE.match(block[1].strip()):
        return _numbered(first) or _Heading(None, None, _plain(first), "")
    if match := _ATX.match(first):
        if len(block) > 1:
            return None  # not a heading line on its own: leave it to the text
        text = _plain(match.group("text"))
        return _numbered(text) or _Heading(None, None, text, "")
    if len(block) == 1 and (match := _BOLD_LINE.match(first)):
        text = match.group("text").strip()
        return _numbered(text) or _Heading(None, None, text, "")
    if len(block) == 1 and (found := _numbered(first)) is not None and _looks_like_title(found.title):
        return found
    if len(block) == 1 and _title_case(first):
        return _Heading(None, None, first, "")
    if match := _INLINE.match(" ".join(line.strip() for line in block)):
        rest = match.group("rest")
        term = _TERM.match(_plain(rest))
        title = term.group(1) if term else " ".join(_plain(rest).split()[:_TITLE_WORDS])
        return _Heading(None, match.group("bold") or match.group("dotted"), title, rest)
    return None


def _numbered(line: str) -> _Heading | None:
    if match := _LABELLED.match(line):
        return _Heading(match.group("label"), match.group("number"), (match.group("title") or "").strip(), "")
    if match := _NUMBERED.match(line):
        return _Heading(None, match.group("number").rstrip("."), match.group("title").strip(), "")
    if match := _PATTERNED.match(line):
        pattern = match.group("before") + "{number}" + match.group("after")
        return _Heading(pattern, match.group("number"), (match.group("title") or "").strip(), "")
    return None


def _looks_like_title(title: str) -> bool:
    """A heading's title: short, capitalised, not a sentence or list item that happens to start with a number."""
    if title and re.match(rf"[{_WIDE}]", title[0]):  # CJK has no capitals: a short phrase without sentence marks
        return len(title) <= 30 and not any(mark in title for mark in "，。；：！？")
    return (
        0 < len(title) <= 100
        and (title[0].isupper() or title[0] in '"“')
        and not title.endswith((",", ";", ":"))
        and not (title.endswith(".") and len(title.split()) > _SHORT_TITLE)
    )


def _title_case(line: str) -> bool:
    """A short line of capitalised words with no sentence punctuation: an unnumbered heading."""
    words = line.split()
    capitalised = sum(1 for w in words if w[0].isupper())
    return (
        0 < len(words) <= _TITLE_WORDS
        and words[0][0].isupper()
        and 2 * capitalised > len(words)
        and not any(c in line for c in ".,;:!?()[]*`|")
    )


def _paragraphs(block: list[str]) -> Iterator[str]:
    """A block's paragraphs; in a list block, each item is one, marked with a bullet."""
    if not _ITEM.match(block[0]):
        yield _plain(" ".join(block))
        return
    item: list[str] = []
    for line in block:
        if _ITEM.match(line) and item:
            yield f"{BULLET} {_plain(' '.join(item))}"
            item = []
        item.append(_ITEM.sub("", line, count=1) if not item else line)
    yield f"{BULLET} {_plain(' '.join(item))}"


def _plain(text: str) -> str:
    """Text without Markdown emphasis or escapes, whitespace collapsed."""
    while True:
        stripped = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), text)
        if stripped == text:
            break
        text = stripped
    # A line break inside CJK text is no space: rewrapping must not read as a change.
    return _WIDE_GAP.sub("", " ".join(_ESCAPE.sub(r"\1", text).split()))


# --- alignment ------------------------------------------------------------------------------


def compare_texts(old_text: str, new_text: str, old_label: str = "OLD", new_label: str = "NEW") -> FileDiffReport:
    old, new = segment(old_text), segment(new_text)
    pairs = align(old, new)
    partner = {j: i for i, j in pairs.items()}
    moved = _moved(pairs)
    mapping = tuple(
        Renumbered(old[i].name, new[j].name, new[j].title)
        for j, i in sorted(partner.items())
        if (old[i].label, old[i].number) != (new[j].label, new[j].number) and (old[i].number or new[j].number)
    )
    rewrite = _reference_rewriter(old, new, pairs)
    entries: list[tuple[tuple[int, int, int], SectionDiff]] = []
    for j, section in enumerate(new):
        i = partner.get(j)
        if i is None:
            entries.append(((j, 0, 0), _single("added", section)))
            continue
        was = old[i]
        before = rewrite(was.text)
        title_changed = was.title != section.title
        text_changed = not same_words(before, section.text)
        kinds = tuple(k for k, holds in (("moved", i in moved), ("changed", title_changed or text_changed)) if holds)
        if kinds:
            entries.append(
                (
                    (j, 0, 0),
                    SectionDiff(
                        kinds,
                        was.number,
                        section.number,
                        FieldChange("title", was.title, section.title),
                        word_diff(before, section.text) if text_changed else None,
                        None,
                    ),
                )
            )
    for i, section in enumerate(old):
        if i not in pairs:
            previous = max((pairs[k] for k in pairs if k < i), default=-1)
            entries.append(((previous, 1, i), _single("removed", section)))
    return FileDiffReport(
        old_label, new_label, len(old), len(new), tuple(e for _, e in sorted(entries, key=lambda e: e[0])), mapping
    )


def _single(kind: str, section: TextSection) -> SectionDiff:
    added = kind == "added"
    return SectionDiff(
        (kind,),
        None if added else section.number,
        section.number if added else None,
        FieldChange("title", None if added else section.title, section.title if added else None),
        None,
        None,
    )


def align(old: Sequence[TextSection], new: Sequence[TextSection]) -> dict[int, int]:
    """Old index -> new index. Equal titles in the same order pair first; the rest pair by similarity."""
    titles = SequenceMatcher(None, [_key(s) for s in old], [_key(s) for s in new], autojunk=False)
    pairs: dict[int, int] = {}
    for block in titles.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
    taken = set(pairs.values())
    similar = best_pairs(
        [(str(i), s.title, s.text) for i, s in enumerate(old) if i not in pairs],
        [(str(j), s.title, s.text) for j, s in enumerate(new) if j not in taken],
    )
    pairs.update({int(i): int(j) for i, j, _ in similar})
    return pairs


def _key(section: TextSection) -> str:
    return " ".join(section.title.lower().split())


def _moved(pairs: dict[int, int]) -> set[int]:
    """Old indexes of sections out of order with their aligned neighbours."""
    by_old = [str(i) for i in sorted(pairs)]
    by_new = [str(i) for i in sorted(pairs, key=lambda i: pairs[i])]
    kept = set(longest_common_subsequence(by_old, by_new))
    return {int(i) for i in by_old if i not in kept}


def _reference_rewriter(
    old: Sequence[TextSection], new: Sequence[TextSection], pairs: dict[int, int]
) -> Callable[[str], str]:
    """Rewrites references in the old text ("Section 3") to what the new text calls the same section.

    A reference is a capitalised word and a number that an aligned section had in the
    old text. The new text's label replaces the word when its heading has one
    ("Section 3" -> "Article IV"); otherwise only the number changes.
    """
    renamed: dict[str, tuple[str | None, str]] = {}
    patterned: dict[str, str] = {}  # "第3条" -> "第4条": references by a language's pattern, renamed whole
    for i, j in pairs.items():
        before, after = old[i], new[j]
        if before.number and after.number and (before.label, before.number) != (after.label, after.number):
            if before.label is not None and "{number}" in before.label:
                patterned[before.name] = after.name
            else:
                renamed[before.number] = (after.label, after.number)
    # A clause heading carries no label ("3.2 标题"), yet CJK text cites it by the sections' pattern ("第3.2条").
    patterns = {s.label for s in old if s.label is not None and "{number}" in s.label}
    for number, (_, new_number) in renamed.items():
        for label in patterns:
            patterned.setdefault(_named(label, number), _named(label, new_number))
    rewriters: list[Callable[[str], str]] = []
    if renamed:
        numbers = "|".join(re.escape(n) for n in sorted(renamed, key=len, reverse=True))
        pattern = re.compile(rf"\b([A-Z][a-z]+) ({numbers})(?![\w]|\.\w)")

        def replace(match: re.Match[str]) -> str:
            label, number = renamed[match.group(2)]
            return f"{label or match.group(1)} {number}"

        rewriters.append(lambda text: pattern.sub(replace, text))
    if patterned:
        whole = re.compile("|".join(re.escape(n) for n in sorted(patterned, key=len, reverse=True)))
        rewriters.append(lambda text: whole.sub(lambda m: patterned[m.group(0)], text))

    def rewrite(text: str) -> str:
        for rewriter in rewriters:
            text = rewriter(text)
        return text

    return rewrite
