"""Summary sheets as Markdown, plain text, JSON and HTML: pure functions of a Document.

The sheet is computed with the document (see sheet.py), so these renderers only
lay it out. Marks: ✓ yes, ✗ no, ◐ yes with a qualifier.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from clausekit.document.types import Document, Sheet
from clausekit.render.markdown import escape
from clausekit.sources.types import Answer

MARKS = {"yes": "✓", "no": "✗", "limited": "◐"}
SHEET_SCHEMA_VERSION = 1


def _sheet(document: Document) -> Sheet:
    if document.sheet is None:
        raise ValueError(f"{document.variant_id} has no sheet: the family declares no `sheet:`")
    return document.sheet


def mark(answer: Answer) -> str:
    return f"{MARKS[answer.mark]} {answer.text}"


def sheet_data(document: Document) -> dict[str, Any]:
    sheet = _sheet(document)
    return {
        "schema_version": SHEET_SCHEMA_VERSION,
        "variant": document.variant_id,
        "title": document.title,
        "note": sheet.note,
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
                        "text": e.answer.text,
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
    out = [f"# {escape(sheet.title)}: {escape(document.title)} ({document.variant_id})", "", f"*{escape(sheet.note)}*"]
    for group in sheet.groups:
        out += ["", f"## {escape(group.title)}", "", "| | |", "|---|---|"]
        out += [f"| {escape(e.label)} | {escape(mark(e.answer))} |" for e in group.entries]
    return "\n".join(out) + "\n"


def render_sheet_text(document: Document) -> str:
    sheet = _sheet(document)
    heading = f"{sheet.title}: {document.title} ({document.variant_id})"
    out = [heading, "=" * len(heading), "", sheet.note]
    width = max(len(e.label) for g in sheet.groups for e in g.entries)
    for group in sheet.groups:
        out += ["", group.title, "-" * len(group.title)]
        out += [f"{e.label:<{width}}  {mark(e.answer)}" for e in group.entries]
    return "\n".join(out) + "\n"


def sheet_table_html(document: Document) -> str:
    """The sheet as one <table>, to embed in another page (the docs site does)."""
    sheet = _sheet(document)
    rows = []
    for group in sheet.groups:
        rows.append(f'<tr><th colspan="2" scope="colgroup">{html.escape(group.title)}</th></tr>')
        for e in group.entries:
            answer = f'<td class="answer {e.answer.mark}"><span aria-hidden="true">{MARKS[e.answer.mark]}</span> {html.escape(e.answer.text)}</td>'
            rows.append(f'<tr><th scope="row">{html.escape(e.label)}</th>{answer}</tr>')
    caption = f"{html.escape(sheet.title)} of {html.escape(document.variant_id)}. {html.escape(sheet.note)}"
    return (
        f'<table class="{sheet_class(sheet)}" id="sheet-{html.escape(document.variant_id)}">\n<caption>{caption}</caption>\n'
        + "\n".join(rows)
        + "\n</table>\n"
    )


def sheet_class(sheet: Sheet) -> str:
    """The table's class, named after what the family calls its sheet ("Model sheet" -> "model-sheet")."""
    return re.sub(r"[^a-z0-9]+", "-", sheet.title.lower()).strip("-") or "sheet"


SHEET_CSS = """body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
table.CLASS{border-collapse:collapse;width:100%}
.CLASS caption{text-align:left;font-style:italic;padding:.5rem 0}
.CLASS th,.CLASS td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.CLASS th[scope=colgroup]{background:#f2f2f2;padding-top:.8rem}
.CLASS th[scope=row]{font-weight:normal}
.CLASS .yes{color:#116329}.CLASS .no{color:#a40e26}.CLASS .limited{color:#7d4e00}"""


def render_sheet_html(document: Document) -> str:
    sheet = _sheet(document)
    title = html.escape(f"{sheet.title}: {document.title} ({document.variant_id})")
    css = SHEET_CSS.replace("CLASS", sheet_class(sheet))
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n{sheet_table_html(document)}</body>\n</html>\n"
    )
