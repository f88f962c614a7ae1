"""Redlines: the new text with its insertions, deletions and moves marked, for legal review.

A reviewer approving a license change reads a redline: the full text, changes tracked.
This module builds it as plain frozen data (redline.py's `Redline`) that the docx and
blackline PDF writers (render/docx.py, render/blackline.py) only format:

- `variant_redline`: one variant's whole text, OLD to NEW. Paragraphs are laid out as
  the canonical text lays them out (render/text.py), so accepting every change gives
  NEW's text word for word and rejecting every change gives OLD's. Clauses are paired
  by identity (matching.py) before any word is compared, so a clause that moved reads
  as a move, not as a deletion and an insertion. Words are compared as words.py
  tokenizes them, never by line, so rewrapping is no change and a defined term or a
  dotted number stays one token. A number that changed only because a clause before it
  came or went (a heading's number, a list letter, a reference "Section 2.4") is still a
  tracked change, because the text must read exactly, but it is marked `renumbering`, so
  a writer can set it apart (Word: a separate reviewer, whose changes can be hidden or
  accepted at once).
- `review_redline`: the clause-level review of a whole diff report: each changed clause
  once with its word-level redline, the variants it affects and their numbers, then
  the option, rule, fact and sheet changes as tables, and the renumbering once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from clausekit.diff.matching import match_by_key, match_clauses
from clausekit.diff.redline import (
    BODY,
    FIELD,
    HEADING1,
    HEADING2,
    HEADING3,
    ITEM,
    NOTE,
    TITLE,
    Move,
    Op,
    Piece,
    RedBlock,
    Redline,
    RedParagraph,
    RedTable,
)
from clausekit.diff.report import DiffReport, FieldChange, TranslationChange
from clausekit.diff.words import BREAK, TOKEN_PATTERN, WordDiff
from clausekit.document.types import Block, Clause, Document, Paragraph, Section, reference_pattern
from clausekit.pipeline import Linted
from clausekit.render.text import header_fields, list_marker

# --- units: the canonical text's paragraphs, with the look and role of every character -------


@dataclass(frozen=True)
class _Tok:
    space: str
    word: str
    term: bool
    emphasis: bool
    number: bool  # part of a heading number, a list marker or a numbered reference
    unit: int  # index of its paragraph within its group


@dataclass(frozen=True)
class _Unit:
    style: str
    level: int
    chars: tuple[tuple[str, int], ...]  # (character, flags) of the normalised paragraph text


_TERM, _EMPH, _NUM = 1, 2, 4


@dataclass
class _Group:
    key: tuple[str, str]
    units: list[_Unit]


def _chars(chunks: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Characters with flags, whitespace collapsed to single spaces and stripped (normalise's rule)."""
    out: list[tuple[str, int]] = []
    for text, flags in chunks:
        for char in text:
            if char.isspace():
                if out and out[-1][0] != " ":
                    out.append((" ", 0))
            else:
                out.append((char, flags))
    while out and out[-1][0] == " ":
        out.pop()
    return tuple(out)


def _defined(chars: tuple[tuple[str, int], ...], term: str | None) -> tuple[tuple[str, int], ...]:
    """The defined term where a definition first names it, flagged so that writers give it the term style."""
    if not term:
        return chars
    at = "".join(c for c, _ in chars).find(term)
    if at < 0:
        return chars
    return tuple((c, f | _TERM) if at <= n < at + len(term) else (c, f) for n, (c, f) in enumerate(chars))


def _tokens(units: Sequence[_Unit]) -> list[_Tok]:
    """words.tokenize's tokens of each paragraph, each followed by a paragraph mark (BREAK)."""
    tokens: list[_Tok] = []
    for index, unit in enumerate(units):
        text = "".join(c for c, _ in unit.chars)
        for n, match in enumerate(TOKEN_PATTERN.finditer(text)):
            flags = unit.chars[match.start(2)][1]
            space = " " if match.group(1) and n else ""
            tokens.append(
                _Tok(space, match.group(2), bool(flags & _TERM), bool(flags & _EMPH), bool(flags & _NUM), index)
            )
        tokens.append(_Tok("", BREAK, False, False, False, index))
    return tokens


class _Layout:
    """One document as the canonical text lays it out, in groups: the header, each heading, each clause."""

    def __init__(self, document: Document, clause_key: Mapping[str, str], section_key: Mapping[str, str]) -> None:
        labels = [label for s in document.sections if (label := s.number_label) is not None]
        labels += [label for _, c in document.clauses() if (label := c.number_label) is not None]
        self.references = reference_pattern(labels)
        self.groups: list[_Group] = []
        head = [_Unit(TITLE, 0, _chars([(document.title, 0)]))]
        words = document.labels
        head += [
            _Unit(FIELD, 0, _chars([(f"{words('{label}:', label=label)} {value}", 0)]))
            for _, label, value in header_fields(document)
        ]
        self.groups.append(_Group(("head", ""), head))
        for section in document.sections:
            number = [(f"{section.numbering} ", _NUM)] if section.numbering is not None else []
            heading = _Unit(HEADING1, 0, _chars([*number, (section.title, 0)]))
            self.groups.append(_Group(("section", section_key.get(section.id, section.id)), [heading]))
            for clause in section.clauses:
                self._clause(clause, section, clause_key, 0)

    def _clause(self, clause: Clause, section: Section, keys: Mapping[str, str], depth: int) -> None:
        units: list[_Unit] = []
        blocks = list(clause.blocks)
        number = [(f"{clause.number} ", _NUM)] if clause.number else []
        if section.layout != "inline":
            units.append(_Unit(HEADING3 if depth else HEADING2, 0, _chars([*number, (clause.title, 0)])))
        elif blocks and isinstance(first := blocks[0], Paragraph):
            blocks.pop(0)
            units.append(_Unit(BODY, 0, _defined(_chars([*number, *self._spans(first)]), clause.term)))
        elif number:
            units.append(_Unit(BODY, 0, _chars(number)))
        for block in blocks:
            units += self._block(block, 0)
        self.groups.append(_Group(("clause", keys.get(clause.id, clause.id)), units))
        for child in clause.children:
            self._clause(child, section, keys, depth + 1)

    def _spans(self, paragraph: Paragraph) -> list[tuple[str, int]]:
        chunks: list[tuple[str, int]] = []
        for span in paragraph.spans:
            flags = (_TERM if span.strong else 0) | (_EMPH if span.emphasis else 0)
            last = 0
            for match in self.references.finditer(span.text) if self.references else ():
                chunks += [(span.text[last : match.start()], flags), (match.group(0), flags | _NUM)]
                last = match.end()
            chunks.append((span.text[last:], flags))
        return chunks

    def _block(self, block: Block, depth: int) -> list[_Unit]:
        if isinstance(block, Paragraph):
            return [_Unit(ITEM if depth else BODY, depth, _chars(self._spans(block)))]
        units: list[_Unit] = []
        for n, item in enumerate(block.items, start=1):
            marker = list_marker(block.ordered, n, depth)
            first = True
            for inner in item:
                if isinstance(inner, Paragraph):
                    lead = [(marker + " ", _NUM)] if first else []
                    units.append(_Unit(ITEM, depth + 1, _chars([*lead, *self._spans(inner)])))
                else:
                    if first:
                        units.append(_Unit(ITEM, depth + 1, _chars([(marker, _NUM)])))
                    units += self._block(inner, depth + 1)
                first = False
        return units


# --- one variant's redline ---------------------------------------------------------------------


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[RedBlock] = []
        self.pieces: list[Piece] = []
        self.counts = {"insert": 0, "delete": 0, "move": 0, "renumbering": 0}

    def piece(self, token: _Tok, op: Op, renumbering: bool = False) -> None:
        text = token.space + token.word
        last = self.pieces[-1] if self.pieces else None
        if last is not None and (last.op, last.term, last.emphasis, last.renumbering) == (
            op,
            token.term,
            token.emphasis,
            renumbering,
        ):
            self.pieces[-1] = Piece(last.text + text, op, token.term, token.emphasis, renumbering)
        else:
            self.pieces.append(Piece(text, op, token.term, token.emphasis, renumbering))

    def close(self, unit: _Unit, mark: Op, **move: object) -> None:
        self.blocks.append(RedParagraph(unit.style, tuple(self.pieces), mark, unit.level, **move))  # type: ignore[arg-type]
        self.pieces = []


def _diff_groups(builder: _Builder, old: Sequence[_Unit], new: Sequence[_Unit]) -> None:
    """Word diff of a group's paragraphs, marks included, into the builder."""
    a, b = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(None, [t.word for t in a], [t.word for t in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for was, token in zip(a[i1:i2], b[j1:j2], strict=True):
                if was.space != token.space and token.word != BREAK:
                    # Only where a paragraph was split or joined: the space itself is tracked, so that
                    # rejecting the change gives OLD's spacing and accepting it NEW's.
                    spacing = was if was.space else token
                    builder.piece(replace(spacing, word=""), "delete" if was.space else "insert")
                    token = replace(token, space="")
                _emit(builder, token, "equal", new)
            continue
        gone, came = a[i1:i2], b[j1:j2]
        renumbering = (
            op == "replace"
            and all(t.number and t.word != BREAK for t in gone)
            and all(t.number and t.word != BREAK for t in came)
        )
        if renumbering:
            builder.counts["renumbering"] += 1
        if gone and not renumbering:
            builder.counts["delete"] += 1
        if came and not renumbering:
            builder.counts["insert"] += 1
        for token in gone:
            _emit(builder, token, "delete", old, renumbering)
        for token in came:
            _emit(builder, token, "insert", new, renumbering)


def _emit(builder: _Builder, token: _Tok, op: Op, units: Sequence[_Unit], renumbering: bool = False) -> None:
    if token.word == BREAK:
        builder.close(units[token.unit], op)
    else:
        builder.piece(token, op, renumbering)


def _whole(builder: _Builder, units: Sequence[_Unit], op: Op, move: Move | None = None, name: str = "") -> None:
    tokens = _tokens(units)
    for index, token in enumerate(tokens):
        if token.word != BREAK:
            builder.piece(token, op)
            continue
        if move is None:
            builder.close(units[token.unit], op)
        else:
            builder.close(
                units[token.unit],
                op,
                move=move,
                move_name=name,
                move_first=token.unit == 0,
                move_last=index == len(tokens) - 1,
            )


def _same_but_numbers(old: Sequence[_Unit], new: Sequence[_Unit]) -> bool:
    def words(units: Sequence[_Unit]) -> list[str]:
        return [t.word for t in _tokens(units) if not t.number]

    return words(old) == words(new)


def variant_redline(
    old: Linted | None, new: Linted | None, old_id: str | None, new_id: str | None, labels: tuple[str, str]
) -> Redline:
    """One variant's full text from OLD to NEW (either may be absent: a new or a removed variant)."""
    old_doc = next((d for d in old.documents if d.variant_id == old_id), None) if old is not None else None
    new_doc = next((d for d in new.documents if d.variant_id == new_id), None) if new is not None else None
    clause_key: dict[str, str] = {}
    section_key: dict[str, str] = {}
    if old is not None and new is not None:
        for n, pair in enumerate(match_clauses(old.library, new.library)):
            if pair.old is not None:
                clause_key[pair.old.id] = f"#{n}"
            if pair.new is not None:
                clause_key[pair.new.id] = f"#{n}"
        for was, now in match_by_key(
            old.library.family.outline, new.library.family.outline, lambda s: s.id, lambda s: s.title
        ):
            if was is not None and now is not None:
                section_key[was.id] = now.id
    old_groups = _Layout(old_doc, clause_key, section_key).groups if old_doc is not None else []
    new_groups = _Layout(new_doc, clause_key, {}).groups if new_doc is not None else []
    builder = _Builder()
    old_keys = [g.key for g in old_groups]
    new_keys = [g.key for g in new_groups]
    old_by_key = {g.key: g for g in old_groups}
    new_by_key = {g.key: g for g in new_groups}
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    opcodes = matcher.get_opcodes()
    unpaired_old = {k for op, i1, i2, _, _ in opcodes if op != "equal" for k in old_keys[i1:i2]}
    unpaired_new = {k for op, _, _, j1, j2 in opcodes if op != "equal" for k in new_keys[j1:j2]}
    moves = {
        k: f"move{n}"
        for n, k in enumerate((k for k in new_keys if k in unpaired_old & unpaired_new and k[0] == "clause"), start=1)
        if _same_but_numbers(old_by_key[k].units, new_by_key[k].units)
    }
    builder.counts["move"] = len(moves)
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            for k in new_keys[j1:j2]:
                _diff_groups(builder, old_by_key[k].units, new_by_key[k].units)
            continue
        for k in old_keys[i1:i2]:
            if k in moves:
                _whole(builder, old_by_key[k].units, "delete", "from", moves[k])
            elif k in unpaired_new:
                continue  # shown, with its changes, where it now stands
            else:
                builder.counts["delete"] += 1
                _whole(builder, old_by_key[k].units, "delete")
        for k in new_keys[j1:j2]:
            if k in moves:
                _whole(builder, new_by_key[k].units, "insert", "to", moves[k])
            elif k in unpaired_old:
                _diff_groups(builder, old_by_key[k].units, new_by_key[k].units)
            else:
                builder.counts["insert"] += 1
                _whole(builder, new_by_key[k].units, "insert")
    title = (new_doc or old_doc).title if (new_doc or old_doc) is not None else ""  # type: ignore[union-attr]
    old_name = old_doc.variant_id if old_doc is not None else "none (a new variant)"
    new_name = new_doc.variant_id if new_doc is not None else "none (the variant was removed)"
    counts = builder.counts
    summary = (
        f"Redline of {new_name if new_doc is not None else old_name}: {labels[0]} → {labels[1]}.",
        f"Old text: {old_name}. New text: {new_name}.",
        f"{counts['insert']} insertion(s), {counts['delete']} deletion(s), {counts['move']} moved clause(s); "
        f"{counts['renumbering']} number(s) changed only by renumbering.",
    )
    return Redline(title, labels[0], labels[1], summary, tuple(builder.blocks), dict(counts))


# --- the clause-level review ---------------------------------------------------------------------


def _plain(text: str, style: str = BODY, op: Op = "equal") -> RedParagraph:
    return RedParagraph(style, (Piece(text, op),) if text else (), op)


def word_diff_paragraphs(diff: WordDiff, style: str = BODY) -> Iterator[RedParagraph]:
    """A clause's word diff as paragraphs of tracked pieces; a paragraph break added or removed is a tracked mark."""
    pieces: list[Piece] = []
    for segment in diff.segments:
        for token in segment.tokens:
            if token.word == BREAK:
                yield RedParagraph(style, tuple(pieces), segment.op)
                pieces = []
            elif pieces and pieces[-1].op == segment.op:
                pieces[-1] = Piece(pieces[-1].text + token.shown, segment.op)
            else:
                pieces.append(Piece(token.shown, segment.op))
    yield RedParagraph(style, tuple(pieces), "equal")


def _change_cells(fields: Sequence[FieldChange]) -> Iterator[tuple[str, str, str]]:
    for f in fields:
        yield f.name, f.old if f.old is not None else "—", f.new if f.new is not None else "—"


def _translation_rows(change: TranslationChange) -> Iterator[tuple[str, str, str]]:
    """A reviewer's view of the translations part: which language, which file, what happened to it.

    Translations are informational, so they are listed rather than redlined; the
    translators' own tools (PO files) show their words.
    """
    for field in change.default:
        yield (f"{field.old} → {field.new}", "the governing language (languages:)", "changed")
    yield from ((language, "languages:", "added") for language in change.added)
    yield from ((language, "languages:", "removed") for language in change.removed)
    for language in change.languages:
        for file in language.files:
            yield (language.language, f"translation of {file.clause or 'an unknown clause'} ({file.file})", file.status)
        if language.strings != "unchanged":
            strings = f"family strings (translations/{language.language}.yaml)"
            yield (language.language, strings, language.strings)


def review_redline(report: DiffReport) -> Redline:
    """The clause-level review: each changed clause once, then the family's other changes as tables."""
    blocks: list[RedBlock] = []
    counts = {"insert": 0, "delete": 0, "move": 0, "renumbering": 0}
    blocks.append(_plain("Clauses", HEADING1))
    if not report.clauses:
        blocks.append(_plain("No clause changed."))
    for change in report.clauses:
        name = change.title.new if change.title.new is not None else change.title.old or ""
        number = f"{change.number} " if change.number else ""
        blocks.append(_plain(f"{number}{name}", HEADING2))
        blocks.append(_plain(f"What changed: {', '.join(change.kinds)}.", NOTE))
        if change.title.old is not None and change.title.new is not None and change.title.old != change.title.new:
            blocks.append(
                RedParagraph(
                    NOTE,
                    (
                        Piece("Title: ", "equal"),
                        Piece(change.title.old, "delete"),
                        Piece(" ", "equal"),
                        Piece(change.title.new, "insert"),
                    ),
                )
            )
        if change.place.old != change.place.new:
            blocks.append(_plain(f"Moved from {change.place.old or '—'} to {change.place.new or '—'}.", NOTE))
        where = ", ".join(f"{v} ({n})" if n else v for v, n in change.numbers) or ", ".join(change.variants)
        if where:
            blocks.append(_plain(f"Affects: {where}.", NOTE))
        if change.included:
            blocks.append(_plain(f"Now part of: {', '.join(change.included)}.", NOTE))
        if change.excluded:
            blocks.append(_plain(f"No longer part of: {', '.join(change.excluded)}.", NOTE))
        for text in change.text:
            if len(change.text) > 1:
                blocks.append(_plain(f"In {', '.join(text.variants)}:", NOTE))
            counts["insert"] += sum(1 for s in text.diff.segments if s.op == "insert")
            counts["delete"] += sum(1 for s in text.diff.segments if s.op == "delete")
            blocks.extend(word_diff_paragraphs(text.diff))
        if "moved" in change.kinds:
            counts["move"] += 1
    tables: list[RedTable] = []
    options = [(o.code, o.status, *cells) for o in report.options for cells in _change_cells(o.fields)]
    if options:
        tables.append(RedTable("Options", ("option", "change", "key", "old", "new"), tuple(options)))
    declared = [(d.kind, d.name, d.status, *cells) for d in report.declarations for cells in _change_cells(d.fields)]
    if declared:
        tables.append(
            RedTable("Rules and other declarations", ("kind", "name", "change", "key", "old", "new"), tuple(declared))
        )
    variants = [(v.id, v.status, *cells) for v in report.variants for cells in _change_cells((*v.fields, *v.facts))]
    if variants:
        tables.append(
            RedTable("Variants and declared facts", ("variant", "change", "key", "old", "new"), tuple(variants))
        )
    sheet = [(v.id, s.label, s.old or "—", s.new or "—") for v in report.variants for s in v.sheet]
    if sheet:
        tables.append(RedTable(report.sheet_title, ("variant", "row", "old", "new"), tuple(sheet)))
    compat = [(f"{c.first} with {c.second}", c.old, c.new) for c in report.compat]
    if compat:
        tables.append(RedTable("Remix verdicts", ("pair", "old", "new"), tuple(compat)))
    renumbering = [(", ".join(g.variants), r.old, r.new, r.title) for g in report.renumbering for r in g.mapping]
    counts["renumbering"] = len(renumbering)
    if renumbering:
        tables.append(
            RedTable("Renumbering (not counted as changes)", ("variants", "old", "new", "heading"), tuple(renumbering))
        )
    translated = list(_translation_rows(report.translations))
    if translated:
        tables.append(
            RedTable(
                "Translations (compared by file; only the governing text is redlined)",
                ("language", "what", "change"),
                tuple(translated),
            )
        )
    blocks.extend(tables)
    summary = (
        f"Clause-level review of {report.name}: {report.old_label} → {report.new_label}.",
        *(v.summary for v in report.variants),
        *((f"Translations: {len(translated)} change(s), listed at the end, not redlined.",) if translated else ()),
    )
    title = f"{report.name}: {report.old_label} → {report.new_label}"
    return Redline(title, report.old_label, report.new_label, summary, tuple(blocks), counts)
