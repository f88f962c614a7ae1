"""The outline every readable diff format is written from.

Parts of indented lines made of styled runs, built once from the report, so text,
terminal, Markdown and HTML always say the same thing; each writer only decides how
a style looks. Long unchanged stretches of a clause are shortened to `CONTEXT`
words on either side of each change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from clausekit.diff.report import (
    ClauseChange,
    DiffReport,
    FieldChange,
    FileDiffReport,
    LanguageChange,
    Renumbered,
    SectionDiff,
    TranslationChange,
    VariantChange,
)
from clausekit.diff.words import BREAK, Segment, Token, WordDiff

CONTEXT = 8  # unchanged words kept on each side of a change
ELLIPSIS = "…"
PILCROW = "¶"  # a paragraph break that was added or removed
ARROW = "→"

Report = DiffReport | FileDiffReport

# The parts that show the family file's other declarations, by kind, in reading order.
DECLARATION_PARTS = {
    "rule": "Rules",
    "fact": "Facts",
    "words": "Accepted words",
    "vocabulary": "Vocabulary",
    "publish": "Publishing",
    "addresses": "Addresses",
    "sheet": "{sheet}: note",
    "sheet group": "{sheet}: groups",
    "sheet row": "{sheet}: rows",
    "release": "Releases: errata and lifecycle",
}


@dataclass(frozen=True)
class Run:
    text: str
    style: str = ""  # "", "strong", "code", "dim", "del", "ins", "break"


@dataclass(frozen=True)
class Line:
    level: int
    runs: tuple[Run, ...]
    quote: bool = False  # clause text, as opposed to a statement about it


@dataclass(frozen=True)
class Part:
    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Outline:
    title: str
    parts: tuple[Part, ...]


# --- the shared outline ---------------------------------------------------------------------


def outline(report: Report) -> Outline:
    if isinstance(report, FileDiffReport):
        return _file_outline(report)
    return _library_outline(report)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def grouped_summaries(lines: Iterable[str]) -> list[str]:
    """One line per distinct outcome: "A, B: text unchanged, sheet unchanged" rather than one per variant.

    A summary reads "<variant>: <what changed>"; variants whose outcome reads the same share a line,
    in the order their first member came.
    """
    groups: dict[str, list[str]] = {}
    for line in lines:
        who, _, what = line.partition(": ")
        groups.setdefault(what, []).append(who)
    return [f"{', '.join(who)}: {what}" if what else ", ".join(who) for what, who in groups.items()]


def _library_outline(report: DiffReport) -> Outline:
    everyone = tuple(v.id for v in report.variants if v.status != "removed")
    summary = [Line(0, (Run(line),)) for line in grouped_summaries(v.summary for v in report.variants)]
    if report.declarations:
        kinds = ", ".join(dict.fromkeys(d.kind for d in report.declarations))
        count = len(report.declarations)
        summary.append(
            Line(0, (Run(f"family file: {count} declaration{'' if count == 1 else 's'} changed ({kinds})"),))
        )
    if not report.translations.empty:
        summary.append(Line(0, (Run(f"translations: {translation_summary(report.translations)}"),)))
    parts = [Part("Summary", tuple(summary))]
    if report.empty:
        parts.append(Part("No differences", (Line(0, (Run("The two sides build the same licenses."),)),)))
    parts.append(Part("Family", tuple(_field_line(0, f) for f in report.family)))
    parts.append(Part("Variants", tuple(_variant_lines(report.variants))))
    parts.append(_status_part("Options", [(o.status, o.code, o.fields) for o in report.options]))
    parts.append(_status_part("Outline", [(section.status, section.id, section.fields) for section in report.sections]))
    for kind, title in DECLARATION_PARTS.items():
        shown = [(d.status, d.name, d.fields) for d in report.declarations if d.kind == kind]
        parts.append(_status_part(title.format(sheet=report.sheet_title), shown))
    parts.append(
        Part(
            "Renumbering (not counted as changes)",
            tuple(
                line
                for group in report.renumbering
                for line in [
                    Line(0, (Run(f"in {_variant_list(group.variants, everyone)}:"),)),
                    *(_renumbered_line(1, r) for r in group.mapping),
                ]
            ),
        )
    )
    parts.append(Part("Clauses", tuple(line for c in report.clauses for line in _clause_lines(c, everyone))))
    parts.append(
        Part(
            "Declared facts",
            tuple(
                line
                for v in report.variants
                if v.facts
                for line in [Line(0, (Run(v.id, "code"),)), *(_field_line(1, f) for f in v.facts)]
            ),
        )
    )
    parts.append(
        Part(
            report.sheet_title,
            tuple(
                line
                for v in report.variants
                if v.sheet
                for line in [
                    Line(0, (Run(v.id, "code"),)),
                    *(_field_line(1, FieldChange(s.label, s.old, s.new)) for s in v.sheet),
                ]
            ),
        )
    )
    parts.append(
        Part(
            "Remix verdicts",
            tuple(
                line
                for c in report.compat
                for line in [
                    Line(
                        0,
                        (
                            Run(c.first, "code"),
                            Run(" with "),
                            Run(c.second, "code"),
                            Run(": "),
                            Run(c.old, "del"),
                            Run(f" {ARROW} "),
                            Run(c.new, "ins"),
                        ),
                    ),
                    Line(1, (Run(c.explanation, "dim"),)),
                ]
            ),
        )
    )
    parts.append(Part("Translations", tuple(_translation_lines(report.translations))))
    title = f"{report.name}: {report.old_label} {ARROW} {report.new_label}"
    return Outline(title, tuple(p for p in parts if p.lines))


def translation_summary(change: TranslationChange) -> str:
    """One line: "zh-Hans: 2 files changed; language fr added" (words only, no text of the translations)."""
    said = [f"default language {f.old} {ARROW} {f.new}" for f in change.default]
    said += [f"language {lang} added" for lang in change.added]
    said += [f"language {lang} removed" for lang in change.removed]
    for language in change.languages:
        said.append(f"{language.language}: {_file_verbs(language)}")
    return "; ".join(said)


def _file_verbs(language: LanguageChange) -> str:
    statuses = [f.status for f in language.files]
    if language.strings != "unchanged":
        statuses.append(language.strings)
    counts = [(statuses.count(s), s) for s in ("changed", "added", "removed") if s in statuses]
    return ", ".join(f"{n} file{'' if n == 1 else 's'} {s}" for n, s in counts)


def _translation_lines(change: TranslationChange) -> Iterator[Line]:
    yield from (_field_line(0, f) for f in change.default)
    for status, languages in (("added", change.added), ("removed", change.removed)):
        for lang in languages:
            yield Line(0, (Run(status, "strong"), Run(" language "), Run(lang, "code"), Run(" (languages:)", "dim")))
    for language in change.languages:
        head = [Run(language.language, "code"), Run(": ")]
        head.append(Run(_file_verbs(language)))
        yield Line(0, tuple(head))
        for file in language.files:
            runs = [Run(file.status, "strong"), Run(" translation of ")]
            runs += [Run(file.clause, "code")] if file.clause else [Run("an unknown clause")]
            yield Line(1, (*runs, Run(f" ({file.file})", "dim")))
        if language.strings != "unchanged":
            yield Line(
                1,
                (
                    Run(language.strings, "strong"),
                    Run(" family strings"),
                    Run(f" (translations/{language.language}.yaml)", "dim"),
                ),
            )


def _variant_lines(variants: Sequence[VariantChange]) -> Iterator[Line]:
    for v in variants:
        if v.status in ("added", "removed", "renamed") or v.fields:
            head = [Run(v.status, "strong"), Run(" "), Run(v.id, "code")]
            if v.status == "renamed":
                head += [Run(" (was "), Run(v.old_id or "", "code"), Run(")")]
            yield Line(0, tuple(head))
            yield from (_field_line(1, f) for f in v.fields)


def _clause_lines(change: ClauseChange, everyone: Sequence[str]) -> Iterator[Line]:
    name = change.title.new if change.title.new is not None else change.title.old or ""
    head = [Run(", ".join(change.kinds), "strong"), Run(" ")]
    if change.number:
        head.append(Run(f"{change.number} "))
    clause_id = change.new_id or change.old_id or ""
    head.append(Run(name))
    if clause_id != _slug(name):  # "2.4 Output output" says the same thing twice
        head += [Run(" "), Run(clause_id, "code")]
    head.append(Run(f" ({change.source.new or change.source.old})", "dim"))
    yield Line(0, tuple(head))
    if "renamed" in change.kinds:
        score = f" (matched by title and text, similarity {change.similarity:.2f})" if change.similarity else ""
        yield Line(
            1,
            (
                Run("id: "),
                Run(change.old_id or "", "code"),
                Run(f" {ARROW} "),
                Run(change.new_id or "", "code"),
                Run(score, "dim"),
            ),
        )
    if change.title.old is not None and change.title.new is not None and change.title.old != change.title.new:
        yield _field_line(1, change.title)
        retitled = [v for v in change.variants if v not in change.included + change.excluded]
        yield Line(2, (Run(f"in {_variant_list(retitled, everyone)}"),))
    if "moved" in change.kinds:
        where = change.place.old if change.place.old == change.place.new else None
        yield (
            Line(1, (Run(f"moved within {where}: now in another order among its neighbours"),))
            if where
            else _field_line(1, FieldChange("moved", change.place.old, change.place.new))
        )
    if "added" in change.kinds or "removed" in change.kinds:
        verb = "in" if "added" in change.kinds else "was in"
        yield Line(1, (Run(f"{verb} {_variant_list(change.variants, everyone)}"),))
    if change.included:
        yield Line(1, (Run(f"now also in {_variant_list(change.included, everyone)}"),))
    if change.excluded:
        yield Line(1, (Run(f"no longer in {_variant_list(change.excluded, everyone)}"),))
    for text in change.text:
        if "changed" in change.kinds or len(change.text) > 1:
            yield Line(1, (Run(f"text in {_variant_list(text.variants, everyone)}:"),))
        yield Line(2, tuple(diff_runs(text.diff, elide="changed" in change.kinds)), quote=True)


def _status_part(title: str, items: Sequence[tuple[str, str, Sequence[FieldChange]]]) -> Part:
    """A part listing things by status and id, each followed by its changed fields (options, sections)."""
    lines = [
        line
        for status, name, fields in items
        for line in [
            Line(0, (Run(status, "strong"), Run(" "), Run(name, "code"))),
            *(_field_line(1, f) for f in fields),
        ]
    ]
    return Part(title, tuple(lines))


def _field_line(level: int, field: FieldChange) -> Line:
    runs = [Run(f"{field.name}: ")]
    if field.old is None:
        runs += [Run("added ", "dim"), Run(field.new or "", "ins")]
    elif field.new is None:
        runs += [Run("removed ", "dim"), Run(field.old, "del")]
    else:
        runs += [Run(field.old, "del"), Run(f" {ARROW} "), Run(field.new, "ins")]
    return Line(level, tuple(runs))


def _renumbered_line(level: int, entry: Renumbered) -> Line:
    return Line(level, (Run(entry.old), Run(f" {ARROW} "), Run(entry.new, "strong"), Run(f"  {entry.title}", "dim")))


def _variant_list(ids: Sequence[str], everyone: Sequence[str]) -> str:
    if len(ids) > 1 and set(ids) == set(everyone):
        return f"all {len(ids)} variants"
    return ", ".join(ids) if ids else "no variant"


def _file_outline(report: FileDiffReport) -> Outline:
    counts = f"{report.old_sections} sections {ARROW} {report.new_sections} sections"
    kinds = [k for s in report.sections for k in s.kinds]
    found = ", ".join(f"{kinds.count(k)} {k}" for k in ("changed", "added", "removed", "moved") if k in kinds)
    summary = f"{counts}: {found or 'no differences'}"
    if report.renumbering:
        summary += f", {len(report.renumbering)} renumbered"
    parts = [
        Part("Summary", (Line(0, (Run(summary),)),)),
        Part("Renumbering (not counted as changes)", tuple(_renumbered_line(0, r) for r in report.renumbering)),
        Part("Sections", tuple(line for s in report.sections for line in _section_lines(s))),
    ]
    return Outline(f"{report.old_label} {ARROW} {report.new_label}", tuple(p for p in parts if p.lines))


def _section_lines(section: SectionDiff) -> Iterator[Line]:
    number = section.new_number if section.new_number is not None else section.old_number
    title = section.title.new if section.title.new is not None else section.title.old or ""
    head = [Run(", ".join(section.kinds), "strong"), Run(" ")]
    if number:
        head.append(Run(f"{number} "))
    head.append(Run(title or "(text before the first heading)"))
    yield Line(0, tuple(head))
    if section.title.old is not None and section.title.new is not None and section.title.old != section.title.new:
        yield _field_line(1, section.title)
    if section.diff is not None:
        yield Line(1, tuple(diff_runs(section.diff)), quote=True)


def diff_runs(diff: WordDiff, elide: bool = True) -> Iterator[Run]:
    """A word diff as runs; long unchanged stretches keep `CONTEXT` words around each change."""
    segments = diff.segments
    for index, segment in enumerate(segments):
        if segment.op != "equal":
            replacing = segment.op == "insert" and index > 0 and segments[index - 1].op == "delete"
            yield from _changed_runs(segment, space=not replacing)
            continue
        tokens = segment.tokens
        first, last = index == 0, index == len(segments) - 1
        if not elide or len(tokens) <= CONTEXT * (1 if first or last else 2):
            yield from _tokens_runs(tokens, "")
            continue
        if not first:
            yield from _tokens_runs(tokens[:CONTEXT], "")
            yield Run(" ")
        yield Run(ELLIPSIS, "dim")
        if not last:
            yield from _tokens_runs(tokens[-CONTEXT:], "")


def _changed_runs(segment: Segment, space: bool) -> Iterator[Run]:
    """A deletion or insertion; the space before it stays outside the markers (none after a deletion)."""
    text = "".join(PILCROW if t.word == BREAK else t.shown for t in segment.tokens)
    stripped = text.lstrip(" ")
    if space and len(stripped) < len(text):
        yield Run(" ")
    yield Run(stripped, "del" if segment.op == "delete" else "ins")


def _tokens_runs(tokens: Sequence[Token], style: str) -> Iterator[Run]:
    buffer = ""
    for token in tokens:
        if token.word == BREAK:
            if buffer:
                yield Run(buffer, style)
            yield Run("", "break")
            buffer = ""
        else:
            buffer += token.shown
    if buffer:
        yield Run(buffer, style)
