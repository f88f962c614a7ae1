"""Diff reports as HTML: a standalone page, or the body a site page embeds.

Every piece of text is escaped, braces and percent signs included, so no template
markup (`{{`, `{%`) can survive into a page that a site generator reads again.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from clausekit.diff.render.outline import Line, Report, Run, outline

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
