"""Read the family's own words (`vocabulary:`) and publishing targets (`publish:`).

Both are optional: a family that declares neither gets neutral words and publishes
no platform snippet, so nothing about any one family leaks into another's output.
"""

from __future__ import annotations

import re

from clausekit.sources import schema
from clausekit.sources.types import (
    HEADING_PLACEHOLDERS,
    LICENSE_JSON_KEYS,
    NO_HEADING,
    SNIPPET_PLACEHOLDERS,
    Snippet,
    TextLayout,
    Vocabulary,
)
from clausekit.sources.yamlfile import Fields, Path, YamlReader

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")


def load_vocabulary(reader: YamlReader, top: Fields) -> Vocabulary:
    if "vocabulary" not in top.data:
        return Vocabulary()
    f = reader.fields(("vocabulary",), schema.VOCABULARY)
    default = Vocabulary()
    return Vocabulary(
        work=f.text("work") or default.work,
        works=f.text("works") or default.works,
        sheet=f.text("sheet") or default.sheet,
        remix_note=f.text("remix_note") or default.remix_note,
    )


def load_layout(reader: YamlReader, top: Fields) -> TextLayout:
    """The text layout; without `layout:` the canonical one, so existing texts stay byte-identical."""
    if "layout" not in top.data:
        return TextLayout()
    f = reader.fields(("layout",), schema.LAYOUT)
    default = TextLayout()
    wrap = f.integer("wrap")
    if wrap is not None and not 0 <= wrap <= 10_000:
        f.error(("layout", "wrap"), f"wrap width {wrap} is out of range", "use 0 (no wrapping) or a width such as 78")
        wrap = None
    headings = f.texts("headings") or default.headings
    for index, heading in enumerate(headings):
        check_heading(f, ("layout", "headings", index), heading, allow_none=False)
    return TextLayout(
        title_block=f.flag("title_block"),
        underline=f.flag("underline"),
        wrap=default.wrap if wrap is None else wrap,
        headings=tuple(headings),
    )


def check_heading(f: Fields, path: Path, heading: str, *, allow_none: bool) -> None:
    """A heading format may name only {label}, {number} and {title}: anything else would print as written."""
    if allow_none and heading == NO_HEADING:
        return
    names = _PLACEHOLDER.findall(heading)
    unknown = [n for n in names if n not in HEADING_PLACEHOLDERS]
    if unknown or heading.count("{") != len(names) or heading.count("}") != len(names):
        f.error(
            path,
            f"heading format {heading!r} uses something other than {{label}}, {{number}} and {{title}}",
            "write the heading with only {label}, {number} and {title}"
            + (", or `none` for no heading" if allow_none else ""),
        )


def load_publish(reader: YamlReader, top: Fields) -> tuple[Snippet, ...]:
    snippets = []
    seen: set[str] = set()
    for path in top.items("publish"):
        f = reader.fields(path, schema.SNIPPET)
        key = f.text("key") or ""
        if key and not _KEY.match(key):
            f.error((*path, "key"), f"{key!r} is not a usable key", "use lower-case letters, digits and _")
        elif key in LICENSE_JSON_KEYS or key in seen:
            f.error((*path, "key"), f"the key {key!r} is already used in license.json", "choose another key")
        seen.add(key)
        fields = reader.fields((*path, "fields"), schema.SNIPPET_FIELDS)
        values = []
        for name in fields.data:
            if not isinstance(name, str) or not _KEY.match(name) or name == "yaml":
                fields.error(
                    (*path, "fields", name), f"{name!r} is not a usable field name", "use a-z, 0-9 and _, not `yaml`"
                )
                continue
            value = fields.text(name) or ""
            for found in _PLACEHOLDER.findall(value):
                if found not in SNIPPET_PLACEHOLDERS:
                    fields.error(
                        (*path, "fields", name),
                        f"unknown placeholder {{{found}}} in {name!r}",
                        f"use one of: {', '.join('{' + p + '}' for p in SNIPPET_PLACEHOLDERS)}",
                    )
            values.append((name, value))
        snippets.append(Snippet(key, f.text("title") or "", tuple(values), f.line()))
    return tuple(snippets)
