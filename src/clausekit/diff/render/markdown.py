"""Diff reports as Markdown, for a pull-request comment.

Every piece of clause text is escaped, so a clause's own asterisks or brackets are
shown, never read as markup.
"""

from __future__ import annotations

import re

from clausekit.diff.render.outline import Report, Run, outline

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
