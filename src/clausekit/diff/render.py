"""Diff reports as text (plain or coloured), Markdown, HTML and JSON.

The three readable formats share one outline (parts of indented lines made of
styled runs), built once from the report, so they always say the same thing;
each writer only decides how a style looks. JSON is built from the report
directly, for tools (its shape is described in `report_data`).

Long unchanged stretches of a clause are shortened to `CONTEXT` words on either
side of each change. Every piece of clause text is escaped for the format it is
written in; HTML also escapes braces and percent signs, so no template markup
(`{{`, `{%`) can survive into a page that a site generator reads again.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from clausekit.diff.report import (
    ClauseChange,
    DiffReport,
    FieldChange,
    FileDiffReport,
    Renumbered,
    SectionDiff,
    TextChange,
    VariantChange,
)
from clausekit.diff.words import BREAK, Segment, Token, WordDiff

CONTEXT = 8  # unchanged words kept on each side of a change
ELLIPSIS = "…"
PILCROW = "¶"  # a paragraph break that was added or removed
ARROW = "→"

Report = DiffReport | FileDiffReport


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


def _library_outline(report: DiffReport) -> Outline:
    everyone = tuple(v.id for v in report.variants if v.status != "removed")
    parts = [Part("Summary", tuple(Line(0, (Run(v.summary),)) for v in report.variants))]
    if report.empty:
        parts.append(Part("No differences", (Line(0, (Run("The two sides build the same licenses."),)),)))
    parts.append(Part("Family", tuple(_field_line(0, f) for f in report.family)))
    parts.append(Part("Variants", tuple(_variant_lines(report.variants))))
    parts.append(_status_part("Options", [(o.status, o.code, o.fields) for o in report.options]))
    parts.append(_status_part("Outline", [(section.status, section.id, section.fields) for section in report.sections]))
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
    title = f"{report.name}: {report.old_label} {ARROW} {report.new_label}"
    return Outline(title, tuple(p for p in parts if p.lines))


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
    head += [Run(name), Run(" "), Run(change.new_id or change.old_id or "", "code")]
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


# --- text -----------------------------------------------------------------------------------

_TEXT_MARKS = {"del": ("[-", "-]"), "ins": ("{+", "+}")}
_RICH_STYLES = {
    "strong": "bold",
    "code": "cyan",
    "dim": "dim",
    "del": "bold red strike",
    "ins": "bold green underline",
}


def render_text(report: Report) -> str:
    """Plain text: deletions as [-old-], insertions as {+new+}."""
    return "".join(str(piece) for piece in _text_pieces(outline(report), styled=False))


def render_rich(report: Report) -> Text:
    """The same as render_text, coloured for a terminal (the markers stay for colour-blind readers)."""
    text = Text()
    for piece in _text_pieces(outline(report), styled=True):
        if isinstance(piece, tuple):
            text.append(piece[0], style=piece[1])
        else:
            text.append(piece)
    return text


def _text_pieces(doc: Outline, styled: bool) -> Iterator[str | tuple[str, str]]:
    yield (doc.title, "bold") if styled else doc.title
    yield "\n"
    for part in doc.parts:
        yield "\n"
        yield (part.title, "bold underline") if styled else f"{part.title}\n{'-' * len(part.title)}"
        yield "\n"
        for line in part.lines:
            indent = "  " * (line.level + 1) + ("  " if line.quote else "")
            yield indent
            for run in line.runs:
                if run.style == "break":
                    yield "\n" + indent
                    continue
                opening, closing = _TEXT_MARKS.get(run.style, ("", ""))
                shown = f"{opening}{run.text}{closing}"
                yield (shown, _RICH_STYLES[run.style]) if styled and run.style in _RICH_STYLES else shown
            yield "\n"


# --- Markdown -------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~&])")
_MD_MARKS = {"strong": ("**", "**"), "del": ("~~", "~~"), "ins": ("**", "**"), "dim": ("*", "*")}


def render_markdown(report: Report) -> str:
    """Markdown for a pull-request comment: ~~deleted~~ and **inserted** words, ids in code.

    Statements are nested list items; clause text is a block quote inside the item above it.
    """
    doc = outline(report)
    out = [f"## {_md_escape(doc.title)}", ""]
    for part in doc.parts:
        out += [f"### {_md_escape(part.title)}", ""]
        for line in part.lines:
            lead = "  " * line.level + ("> " if line.quote else "- ")
            continuation = "  " * line.level + "> " if line.quote else "  " * (line.level + 1)
            out.append(lead + "".join(_md_run(run, continuation) for run in line.runs))
        out.append("")
    return "\n".join(out)


def _md_run(run: Run, continuation: str) -> str:
    if run.style == "break":
        return f"\n{continuation.rstrip()}\n{continuation}" if ">" in continuation else f"\\\n{continuation}"
    if run.style == "code":
        return f"`{run.text}`" if "`" not in run.text else _md_escape(run.text)
    text = _md_escape(run.text)
    if run.style in _MD_MARKS and text.strip():
        opening, closing = _MD_MARKS[run.style]
        core = text.strip(" ")
        before, after = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")) :]
        return f"{before}{opening}{core}{closing}{after}"
    return text


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


# --- HTML -----------------------------------------------------------------------------------

_HTML_TAGS = {"strong": "strong", "code": "code", "del": "del", "ins": "ins", "dim": "small"}
_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; border-bottom: 1px solid #ddd; }
ul { padding-left: 1.4rem; } li { margin: 0.2rem 0; }
blockquote { margin: 0.3rem 0; padding: 0.3rem 0.8rem; border-left: 3px solid #ccc; background: #fafafa; }
del { background: #fdd; color: #900; } ins { background: #dfd; color: #060; text-decoration: none; }
small { color: #666; } code { background: #f3f3f3; padding: 0 0.2rem; }
""".strip()


def render_html(report: Report) -> str:
    """A standalone page; every piece of text is escaped, braces and percent signs included."""
    doc = outline(report)
    body = render_html_body(report)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        f"<title>{_html_escape(doc.title)}</title>",
        f"<style>\n{_STYLE}\n</style></head>",
        "<body>",
        f"<h1>{_html_escape(doc.title)}</h1>",
        *([body] if body else []),
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def render_html_body(report: Report, *, heading_level: int = 2) -> str:
    """The report's parts, one `<section>` each with an `<h{heading_level}>`, without the title.

    render_html puts them under its `<h1>`; a page with a title of its own (a site's
    page) asks for a lower heading level. No trailing newline.
    """
    tag = f"h{min(heading_level, 6)}"
    out: list[str] = []
    for part in outline(report).parts:
        out.append(f"<section><{tag}>{_html_escape(part.title)}</{tag}>")
        out += _html_list(part.lines)
        out.append("</section>")
    return "\n".join(out)


def _html_list(lines: Sequence[Line]) -> list[str]:
    """Nested lists by level; a quote line is a blockquote inside the item above it."""
    out: list[str] = []
    depth = 0  # open <ul> elements, each with its last <li> still open
    for line in lines:
        body = "".join(_html_run(run) for run in line.runs)
        if line.quote:
            while depth > max(line.level, 1):
                out.append("</li></ul>")
                depth -= 1
            out.append(f"<blockquote>{body}</blockquote>")
            continue
        target = line.level + 1
        if target > depth:
            out.extend("<ul>" for _ in range(target - depth))
        else:
            out.append("</li>")
            while depth > target:
                out.append("</ul></li>")
                depth -= 1
        depth = target
        out.append(f"<li>{body}")
    out.append("</li></ul>" * depth)
    return out


def _html_run(run: Run) -> str:
    if run.style == "break":
        return "<br>"
    text = _html_escape(run.text)
    tag = _HTML_TAGS.get(run.style)
    return f"<{tag}>{text}</{tag}>" if tag else text


def _html_escape(text: str) -> str:
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")


# --- JSON -----------------------------------------------------------------------------------

FORMAT_NAME, FORMAT_VERSION = "clausekit-diff", 1


def render_json(report: Report) -> str:
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"


def report_data(report: Report) -> dict[str, Any]:
    """The report for tools. Keys are stable; lists are in reading order.

    Common: `format` ("clausekit-diff"), `version` (1), `mode` ("library" or "files"),
    `old`, `new` (the sides' labels), `empty`.
    library: `family` (name), `summary` (one line per variant), `family_changes`,
      `variants`, `options`, `sections`, `renumbering`, `clauses`, `compat`.
    files: `old_sections`, `new_sections` (counts), `renumbering`, `sections`.
    A change of a named value is {"name", "old", "new"}, null for an absent side; a word
    diff is a list of {"op": "equal"|"delete"|"insert", "text"} with paragraph breaks as "\\n".
    """
    common = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "mode": "files" if isinstance(report, FileDiffReport) else "library",
        "old": report.old_label,
        "new": report.new_label,
        "empty": report.empty,
    }
    if isinstance(report, FileDiffReport):
        return {
            **common,
            "old_sections": report.old_sections,
            "new_sections": report.new_sections,
            "renumbering": [_renumbered(r) for r in report.renumbering],
            "sections": [
                {
                    "kinds": list(s.kinds),
                    "old_number": s.old_number,
                    "new_number": s.new_number,
                    "title": _pair(s.title),
                    "diff": _diff(s.diff) if s.diff is not None else None,
                }
                for s in report.sections
            ],
        }
    return {
        **common,
        "family": report.name,
        "summary": [v.summary for v in report.variants],
        "family_changes": _fields(report.family),
        "variants": [
            {
                "old_id": v.old_id,
                "new_id": v.new_id,
                "status": v.status,
                "summary": v.summary,
                "fields": _fields(v.fields),
                "facts": _fields(v.facts),
                "sheet": [{"row": s.row, "label": s.label, "old": s.old, "new": s.new} for s in v.sheet],
                "clauses": {
                    "changed": v.clauses_changed,
                    "added": v.clauses_added,
                    "removed": v.clauses_removed,
                    "renumbered": v.renumbered,
                },
            }
            for v in report.variants
        ],
        "options": [{"code": o.code, "status": o.status, "fields": _fields(o.fields)} for o in report.options],
        "sections": [{"id": s.id, "status": s.status, "fields": _fields(s.fields)} for s in report.sections],
        "renumbering": [
            {"variants": list(g.variants), "mapping": [_renumbered(r) for r in g.mapping]} for g in report.renumbering
        ],
        "clauses": [_clause(c) for c in report.clauses],
        "compat": [
            {"first": c.first, "second": c.second, "old": c.old, "new": c.new, "explanation": c.explanation}
            for c in report.compat
        ],
    }


def _clause(change: ClauseChange) -> dict[str, Any]:
    return {
        "old_id": change.old_id,
        "new_id": change.new_id,
        "kinds": list(change.kinds),
        "number": change.number,
        "title": _pair(change.title),
        "place": _pair(change.place),
        "source": _pair(change.source),
        "similarity": change.similarity,
        "variants": list(change.variants),
        "included": list(change.included),
        "excluded": list(change.excluded),
        "text": [_text(t) for t in change.text],
    }


def _text(change: TextChange) -> dict[str, Any]:
    return {"variants": list(change.variants), "diff": _diff(change.diff)}


def _diff(diff: WordDiff) -> list[dict[str, str]]:
    return [{"op": s.op, "text": s.text} for s in diff.segments]


def _pair(field: FieldChange) -> dict[str, str | None]:
    return {"old": field.old, "new": field.new}


def _fields(fields: Iterable[FieldChange]) -> list[dict[str, str | None]]:
    return [{"name": f.name, "old": f.old, "new": f.new} for f in fields]


def _renumbered(entry: Renumbered) -> dict[str, str]:
    return {"old": entry.old, "new": entry.new, "title": entry.title}


RENDERERS = {"text": render_text, "md": render_markdown, "json": render_json, "html": render_html}
