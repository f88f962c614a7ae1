"""Summary sheets as Markdown, plain text, JSON and HTML: pure functions of a Document.

The sheet is computed with the document (see sheet.py), so these renderers only
lay it out. A row the family classifies reads by what its answer means for the reader:
✓ a right granted, ✗ a right withheld, ℹ a duty imposed, ⚠ a limitation in force, – a
duty or limitation that does not apply. The legend under every sheet defines the marks
so, hence a permission answered no is ✗ in the tables too, never "–": "– no commercial
use" would tell the reader commercial use does not apply. Each entry has one tone
(`SheetEntry.tone`), used alike by the tables, the summary and the site. A neutral row
keeps ✓ yes, ✗ no, ◐ yes with a qualifier. When the family classifies rows, every sheet
opens with the three short lists of what applies, as choosealicense.com does; a permission
the variant withholds is listed under the limitations, marked ✗ with its `if_no` words
("no commercial use of the model"), so a reader sees at a glance what is not allowed.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from clausekit.document.types import ABSENT, WITHHELD, Document, Sheet, SheetEntry
from clausekit.render.markdown import escape
from clausekit.render.text import display_width, pad
from clausekit.sources.labels import Labels
from clausekit.sources.types import Answer

MARKS = {
    "yes": "✓",
    "no": "✗",
    "limited": "◐",
    "good": "✓",
    "info": "ℹ",
    "warning": "⚠",
    ABSENT: "–",
    WITHHELD: "✗",
}
SHEET_SCHEMA_VERSION = 3  # 3: a permission answered no has the tone `withheld` (was `absent`)
# The summary's lists, one per kind of row, with what a mark means in the legend.
KIND_TITLES = {"permission": "Permissions", "condition": "Conditions", "limitation": "Limitations"}
TONE_WORDS = {
    "good": "right granted",
    WITHHELD: "right withheld",
    "info": "duty",
    "warning": "limitation",
    ABSENT: "does not apply",
}


def _sheet(document: Document) -> Sheet:
    if document.sheet is None:
        raise ValueError(f"{document.variant_id} has no sheet: the family declares no `sheet:`")
    return document.sheet


def mark(answer: Answer, labels: Labels) -> str:
    return f"{MARKS[answer.mark]} {answer.words(labels)}"


def entry_mark(entry: SheetEntry) -> str:
    """The entry's mark and its answer in the reader's words, e.g. "⚠ licensor may revoke", "✗ no commercial use"."""
    return f"{MARKS[entry.tone]} {entry.reads}"


def summary(sheet: Sheet) -> dict[str, tuple[SheetEntry, ...]]:
    """The rows that apply, by kind, the withheld permissions among the limitations; empty for a neutral sheet."""
    if not sheet.classified:
        return {}
    return {
        "permission": sheet.applying("permission"),
        "condition": sheet.applying("condition"),
        "limitation": sheet.limiting(),
    }


def legend(labels: Labels) -> str:
    """One line saying what the marks mean, for a sheet whose rows are classified."""
    return labels.join(
        [labels("{mark} {meaning}", mark=MARKS[tone], meaning=labels(TONE_WORDS[tone])) for tone in TONE_WORDS]
    )


def marks_line(labels: Labels) -> str:
    """ "Marks: ✓ right granted, ...", the legend as a sentence."""
    return labels("Marks: {legend}.", legend=legend(labels))


def title_line(document: Document, sheet: Sheet) -> str:
    """The sheet's title: "Model sheet: <license title> (<identifier>)"."""
    return document.labels("{sheet}: {title} ({id})", sheet=sheet.title, title=document.title, id=document.variant_id)


def sheet_data(document: Document) -> dict[str, Any]:
    sheet = _sheet(document)
    return {
        "schema_version": SHEET_SCHEMA_VERSION,
        "variant": document.variant_id,
        "title": document.title,
        "note": sheet.note,
        "summary": {kind: [e.id for e in entries] for kind, entries in summary(sheet).items()},
        "groups": [
            {
                "title": group.title,
                "rows": [
                    {
                        "id": e.id,
                        "label": e.label,
                        "answer": e.answer.mark,
                        "allowed": e.answer.allowed,
                        "note": e.answer.note,
                        "text": e.answer.words(document.labels),
                        "kind": e.kind,
                        "applies": e.applies,
                        "tone": e.tone,
                        "reads": e.reads,
                    }
                    for e in group.entries
                ],
            }
            for group in sheet.groups
        ],
    }


def render_sheet_json(document: Document) -> str:
    return json.dumps(sheet_data(document), indent=2, ensure_ascii=False) + "\n"


def render_sheet_markdown(document: Document) -> str:
    sheet = _sheet(document)
    labels = document.labels
    out = [f"# {escape(title_line(document, sheet))}", "", f"*{escape(sheet.note)}*"]
    for kind, entries in summary(sheet).items():
        out += ["", f"**{escape(labels(KIND_TITLES[kind]))}**", ""]
        out += [f"- {escape(entry_mark(e))}" for e in entries] or [f"- {escape(labels('none'))}"]
    if sheet.classified:
        out += ["", escape(marks_line(labels))]
    for group in sheet.groups:
        out += ["", f"## {escape(group.title)}", "", "| | |", "|---|---|"]
        out += [f"| {escape(e.label)} | {escape(entry_mark(e))} |" for e in group.entries]
    return "\n".join(out) + "\n"


def render_sheet_text(document: Document) -> str:
    sheet = _sheet(document)
    labels = document.labels
    heading = title_line(document, sheet)
    out = [heading, "=" * display_width(heading), "", sheet.note]
    for kind, entries in summary(sheet).items():
        out += ["", labels("{label}:", label=labels(KIND_TITLES[kind]))]
        out += [f"  {entry_mark(e)}" for e in entries] or [f"  {labels('none')}"]
    if sheet.classified:
        out += ["", marks_line(labels)]
    width = max(display_width(e.label) for g in sheet.groups for e in g.entries)
    for group in sheet.groups:
        out += ["", group.title, "-" * display_width(group.title)]
        out += [f"{pad(e.label, width)}  {entry_mark(e)}" for e in group.entries]
    return "\n".join(out) + "\n"


def sheet_table_html(document: Document) -> str:
    """The sheet as one <table>, to embed in another page (the docs site does)."""
    sheet = _sheet(document)
    rows = []
    for group in sheet.groups:
        rows.append(f'<tr><th colspan="2" scope="colgroup">{html.escape(group.title)}</th></tr>')
        for e in group.entries:
            rows.append(f'<tr><th scope="row">{html.escape(e.label)}</th>{answer_cell_html(e)}</tr>')
    caption = html.escape(
        document.labels("{sheet} of {id}. {note}", sheet=sheet.title, id=document.variant_id, note=sheet.note)
    )
    return (
        f'<table class="{sheet_class(sheet)}" id="sheet-{html.escape(document.variant_id)}">\n<caption>{caption}</caption>\n'
        + "\n".join(rows)
        + "\n</table>\n"
    )


def answer_classes(entry: SheetEntry) -> str:
    """A cell's or summary item's classes: `answer`, the row's kind if any, and its tone (`good`, `withheld`, ...)."""
    return " ".join(("answer", *((entry.kind,) if entry.kind else ()), entry.tone))


def answer_cell_html(entry: SheetEntry, attributes: str = "") -> str:
    """One answer as a table cell, marked and coloured by what it means for the reader."""
    return (
        f'<td class="{answer_classes(entry)}"{attributes}><span aria-hidden="true">{MARKS[entry.tone]}</span> '
        f"{html.escape(entry.reads)}</td>"
    )


def summary_html(document: Document) -> str:
    """The three short lists of what applies (permissions, conditions, limitations); empty for a neutral sheet."""
    lists = summary(_sheet(document))
    if not lists:
        return ""
    labels = document.labels
    out = ['<div class="sheet-summary">']
    for kind, entries in lists.items():
        items = "".join(
            f'<li class="{answer_classes(e)}"><span aria-hidden="true">{MARKS[e.tone]}</span> '
            f"{html.escape(e.reads)}</li>"
            for e in entries
        )
        items = items or f'<li class="none">{html.escape(labels("none"))}</li>'
        title = html.escape(labels(KIND_TITLES[kind]))
        out.append(f'<section class="summary-{kind}"><h3>{title}</h3><ul>{items}</ul></section>')
    out.append(f'<p class="sheet-legend">{html.escape(marks_line(labels))}</p>')
    out.append("</div>\n")
    return "\n".join(out)


def sheet_class(sheet: Sheet) -> str:
    """The table's class, named after what the family calls its sheet ("Model sheet" -> "model-sheet")."""
    return re.sub(r"[^a-z0-9]+", "-", sheet.title.lower()).strip("-") or "sheet"


SHEET_CSS = """body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
table.CLASS{border-collapse:collapse;width:100%}
.CLASS caption{text-align:left;font-style:italic;padding:.5rem 0}
.CLASS th,.CLASS td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.CLASS th[scope=colgroup]{background:#f2f2f2;padding-top:.8rem}
.CLASS th[scope=row]{font-weight:normal}
.CLASS .yes{color:#116329}.CLASS .no{color:#a40e26}.CLASS .limited{color:#7d4e00}
.answer.good{color:#116329}.answer.info{color:#0a4f8c}.answer.warning{color:#8a4b00;font-weight:600}.answer.absent{color:#6b6b6b}
.answer.withheld{color:#a40e26;font-weight:600}
.sheet-summary{display:flex;flex-wrap:wrap;gap:1rem}.sheet-summary section{flex:1 1 10rem}
.sheet-summary h3{font-size:1rem;margin:.5rem 0}.sheet-summary ul{list-style:none;padding:0;margin:0}"""


def render_sheet_html(document: Document) -> str:
    sheet = _sheet(document)
    title = html.escape(title_line(document, sheet))
    css = SHEET_CSS.replace("CLASS", sheet_class(sheet))
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(document.language)}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n{summary_html(document)}{sheet_table_html(document)}</body>\n</html>\n"
    )
