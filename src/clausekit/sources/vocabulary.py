"""Read the family's own words (`vocabulary:`), publishing targets (`publish:`) and addresses (`addresses:`).

All are optional: a family that declares none gets neutral words, publishes no
platform snippet and has no canonical URL, so nothing about any one family leaks
into another's output.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection

from clausekit.sources import schema
from clausekit.sources.labels import DEFAULT_LABELS, Labels, placeholder_problems
from clausekit.sources.types import (
    HEADING_PLACEHOLDERS,
    LICENSE_JSON_KEYS,
    NO_HEADING,
    SNIPPET_PLACEHOLDERS,
    URL_PLACEHOLDERS,
    Addresses,
    BadgeColour,
    Snippet,
    TextLayout,
    Vocabulary,
)
from clausekit.sources.yamlfile import Fields, Path, YamlReader

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
# A BCP 47 language tag as families use them: `en`, `zh-Hans`, `pt-BR`, `de-CH-1996`.
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}\Z")


def load_labels(reader: YamlReader, top: Fields) -> Labels:
    """The family's own versions of the toolchain's words; each key must be one the toolchain prints."""
    if "labels" not in top.data:
        return Labels()
    return Labels(
        read_labels(reader, ("labels",), DEFAULT_LABELS, "clausekit/sources/labels.py (the README's Labels section)")
    )


def read_labels(reader: YamlReader, path: Path, known: Collection[str], listed: str) -> dict[str, str]:
    """The `labels:` mapping at `path`, msgid -> words, refusing every key not in `known` (`listed` says where).

    Shared by the family file and each translation, so both refuse a misspelt msgid
    the same way: silently kept, it would print nowhere and leave the real word
    untranslated. Only the placeholder errors are reported here: a family's own words
    may leave out what its language does not say, and a translation's omissions are a
    warning of their own (checks/translations.py).
    """
    f = reader.fields(path, schema.LABELS)
    found: dict[str, str] = {}
    for msgid in f.data:
        if not isinstance(msgid, str):
            f.error((*path, msgid), f"the key {msgid!r} is not text", 'quote it, e.g. "yes": ...')
            continue
        text = f.verbatim(msgid)
        if msgid not in known:
            close = difflib.get_close_matches(msgid, list(known), n=1)
            guess = f"did you mean {close[0]!r}? " if close else ""
            f.error(
                (*path, msgid),
                f"{msgid!r} is not a word the toolchain prints",
                f"{guess}use an English text listed in {listed}",
            )
        elif text is not None:
            for problem in placeholder_problems(f.doc.file, f.line(msgid), msgid, text):
                if problem.severity == "error":
                    f.error((*path, msgid), problem.message, problem.hint)
            found[msgid] = text
    return found


def load_references(reader: YamlReader, top: Fields) -> dict[str, str]:
    """Outline label -> how the default language names a number; each pattern must hold `{number}`."""
    if "references" not in top.data:
        return {}
    f = reader.fields(("references",), schema.REFERENCES)
    found: dict[str, str] = {}
    for label in f.data:
        pattern = f.text(label)
        if pattern is not None and "{number}" not in pattern:
            f.error(("references", label), f"the pattern {pattern!r} has no {{number}}", 'write e.g. "第{number}条"')
        elif pattern is not None:
            found[str(label)] = pattern
    return found


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


# An absolute http(s) URL of characters that need no quoting in HTML attributes, YAML,
# Markdown link targets or XML once escaped: no space, quote, angle bracket, backslash,
# brace (but the placeholders), backtick, caret or vertical bar.
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
_SITE_URL = re.compile(rf"https?://{_URL_CHARS}+/\Z")
_LICENSE_URL = re.compile(rf"(?:{_URL_CHARS}|\{{[a-z_]+\}})+\Z")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\Z")


def load_addresses(reader: YamlReader, top: Fields) -> Addresses | None:
    """The family's addresses, or None when it declares none; every malformed URL or colour is reported."""
    if "addresses" not in top.data:
        return None
    path: tuple[str | int, ...] = ("addresses",)
    f = reader.fields(path, schema.ADDRESSES)
    site_url = f.text("site_url") or ""
    if site_url and not _SITE_URL.match(site_url):
        f.error(
            (*path, "site_url"),
            f"{site_url!r} is not a usable base URL",
            "write an absolute http(s) URL ending in `/`, without spaces, quotes, angle brackets or braces, "
            "e.g. `https://example.org/licenses/`",
        )
    license_url = f.text("license_url") or schema.DEFAULT_LICENSE_URL
    unknown = [p for p in _PLACEHOLDER.findall(license_url) if p not in URL_PLACEHOLDERS]
    if unknown or not _LICENSE_URL.match(license_url) or not license_url.startswith("{site_url}"):
        f.error(
            (*path, "license_url"),
            f"{license_url!r} is not a usable URL pattern",
            "start it with {site_url} and use only "
            + ", ".join("{" + p + "}" for p in URL_PLACEHOLDERS)
            + " and URL characters, e.g. `{site_url}licenses/{id}.html`",
        )
    colours = []
    for entry in f.items("badge_colours"):
        e = reader.fields(entry, schema.BADGE_COLOUR)
        colours.append(BadgeColour(e.text("when") or "", _colour(e, entry), e.line()))
    return Addresses(
        site_url=site_url,
        license_url=license_url,
        in_text=f.flag("header_url"),
        badge_colour=_colour(f, path, "badge_colour"),
        badge_colours=tuple(colours),
        line=f.line(),
    )


def _colour(f: Fields, path: tuple[str | int, ...], key: str = "colour") -> str:
    """The colour under `key`, lower-cased, or the schema's default when absent or malformed (reported)."""
    value = f.text(key) or str(schema.ADDRESSES.key("badge_colour").default)
    if not _COLOUR.match(value):
        f.error((*path, key), f"{value!r} is not a colour", "write it as `#rrggbb`, e.g. `#2e7d32`")
        return str(schema.ADDRESSES.key("badge_colour").default)
    return value.lower()


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


def load_publish(reader: YamlReader, top: Fields, addresses: Addresses | None = None) -> tuple[Snippet, ...]:
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
                elif found == "url" and addresses is None:
                    fields.error(
                        (*path, "fields", name),
                        f"{{url}} in {name!r} needs the family's canonical URLs, and it declares none",
                        "add `addresses:` with `site_url:` to the family file, or remove {url}",
                    )
            values.append((name, value))
        snippets.append(Snippet(key, f.text("title") or "", tuple(values), f.line()))
    return tuple(snippets)
