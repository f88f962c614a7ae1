"""Load clause fragments: YAML front matter between `---` lines, then the body."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.sources import schema
from clausekit.sources.files import SourceText
from clausekit.sources.types import Evidence, Fragment
from clausekit.sources.yamlfile import Fields, YamlDocument, YamlReader, parse_yaml

FENCE = "---"


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown source split at its front matter: the parsed keys, then the body and its first line."""

    doc: YamlDocument
    body: str
    body_line: int  # the file line of the body's first non-blank line


def split_front_matter(source: SourceText, what: str, keys: str, closing: str) -> Checked[FrontMatter]:
    """Front matter between `---` lines, parsed, and the body after it (fragments and their translations).

    `what` names the file in a report ("fragment"), `keys` what its front matter holds, and
    `closing` where the closing line goes.
    """
    lines = source.text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return Checked.failed(
            Diagnostic(
                source.file,
                1,
                f"the {what} does not start with YAML front matter",
                f"begin the file with a `---` line, {keys}, then another `---` line",
            )
        )
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == FENCE), None)
    if end is None:
        return Checked.failed(
            Diagnostic(source.file, 1, "the front matter is never closed", f"add a `---` line {closing}")
        )
    parsed = parse_yaml("\n".join(lines[1:end]), source.file, first_line=2)
    if parsed.value is None:
        return Checked(None, parsed.problems)
    body = lines[end + 1 :]
    return Checked(FrontMatter(parsed.value, "\n".join(body).strip("\n"), end + 2 + _leading_blank_lines(body)))


def load_fragment(source: SourceText) -> Checked[Fragment]:
    split = split_front_matter(
        source,
        "fragment",
        "the clause's `id:`, `title:`, `section:` and `order:`",
        "after the last front-matter key",
    )
    if split.value is None:
        return Checked(None, split.problems)
    doc = split.value.doc
    reader = YamlReader(doc)
    f = reader.fields((), schema.FRONT_MATTER)
    if not f.ok:
        return reader.checked(None)
    fragment_id = f.text("id") or ""
    term = f.text("term")
    title = f.text("title") or term or ""
    parent = f.text("parent")
    section = f.text("section")
    if parent is not None and "section" in f.data:
        f.error(
            ("section",),
            "a fragment with a `parent` takes its section from the parent",
            "remove `section:` or `parent:`",
        )
    order = f.integer("order")
    when = f.get("when", _condition_text, 'a condition such as "NC and not ND"')
    fragment = Fragment(
        id=fragment_id,
        title=title,
        section=section,
        parent=parent,
        order=order if order is not None else 0,
        when=when,
        stable_number=f.flag("stable_number"),
        term=term,
        aliases=f.texts("aliases", required=False) or (),
        establishes=_evidence(f) if "establishes" in f.data else (),
        body=split.value.body,
        file=source.file,
        body_line=split.value.body_line,
        key_lines=MappingProxyType({str(k): doc.line((str(k),)) for k in f.data}),
    )
    return reader.checked(fragment)


def _evidence(top: Fields) -> tuple[Evidence, ...]:
    """`establishes: [row, {row: other-row, when: "not ND"}]`: the sheet rows this clause backs."""
    found = []
    doc = top.doc
    for path in top.items("establishes"):
        item = doc.value["establishes"][path[-1]]
        if isinstance(item, str) and item.strip():
            found.append(Evidence(item.strip(), None, doc.line(path)))
            continue
        entry = top.reader.fields(path, schema.EVIDENCE)
        if entry.ok:
            row = entry.text("row")
            when = entry.get("when", _condition_text, 'a condition such as "not ND"')
            if row:
                found.append(Evidence(row, when, doc.line(path)))
    return tuple(found)


def _condition_text(value: object) -> str | None:
    # YAML reads `when: true` as a boolean; accept it as the always-true condition.
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.strip() if isinstance(value, str) and value.strip() else None


def _leading_blank_lines(lines: list[str]) -> int:
    count = 0
    for line in lines:
        if line.strip():
            break
        count += 1
    return count
