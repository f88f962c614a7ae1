"""Every word the toolchain itself prints, by its English text (a gettext-style msgid).

Renderers never hold an English word of their own: a header label, a sheet legend or
a remix sentence is looked up in the document's `Labels`, so a family (variants.yaml,
`labels:`) or a translation (translations/<lang>.yaml, `labels:`) can say it in its own
words and language. The English text is both the key and the default, as in gettext,
so the table below is also the list of what a translator has to translate.

Placeholders are written `{name}` and filled by plain replacement (never `str.format`),
so a label from the sources can hold any character without breaking a renderer. Where a
msgid says `{a_work}` ("a model"), `{work}` ("model") is given too, for languages that
have no article.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from clausekit.diagnostics import Diagnostic

# msgid -> the English text. The key is what the code asks for; the value is what an
# English document prints, unless the family overrides it.
DEFAULT_LABELS: Mapping[str, str] = {
    msgid: msgid
    for msgid in (
        # The header of every edition (text, Markdown, HTML, PDF), in this order.
        "Version",
        "Status",
        "Identifier",
        "URL",  # the canonical address, where the family declares `addresses:`
        "Options",
        "draft, not released",  # a draft's status
        "none",  # no options; an empty list on a sheet
        "{label}:",  # a header label followed by its value
        "{name} ({code})",  # an option: its name and code
        ", ",  # between the items of a list
        # Headings and references.
        "{reference}.",  # a numbered heading's number part: "Section 2."
        "{label} {number}",  # how a number is referred to, unless `references:` gives a pattern
        "the {title}",  # a reference to an unnumbered section
        '"{title}"',  # a reference to an unnumbered clause
        # The HTML and PDF editions.
        "Contents",
        "{title}, version {version}",  # the page and PDF title
        "{title} ({id}), edition {version} of the {family} licenses.",  # description, PDF subject
        "Page {page} of {pages}",  # the PDF footer
        # The site's generated words (the pages' own words are in site/ templates).
        "Draft",  # the draft banner's title
        "Version {version} of the {name} licenses is a draft, not released: its texts may still change "
        "under the same identifiers. Do not release a work under them yet.",
        # Sheets.
        "yes",
        "no",
        "{answer}, {note}",  # a qualified answer: "yes, non-commercial only"
        "Permissions",
        "Conditions",
        "Limitations",
        "right granted",
        "right withheld",  # a permission the variant does not grant, listed among the limitations
        "duty",
        "limitation",
        "does not apply",
        "Marks: {legend}.",
        "{mark} {meaning}",  # one entry of a legend
        "{sheet}: {title} ({id})",  # a sheet's title
        "{sheet} of {id}. {note}",  # the caption of a sheet's table
        # Remix verdicts (compat.json, compat.md, `mgl compat`, the site).
        "the remix may be shared under the license named",
        "the remix cannot be shared, so no license can apply to it",
        "no license of the family carries both sets of options",
        "Remixing {family} {version} {works}",
        "remix of ↓ with →",
        "Legend:",
        "Where {names} decides the verdict:",
        "Where {names} decide the verdict:",
        " and ",  # between the last two items of a list of names
        "no options",
        "Remixing {a_work} under {first} with one under {second}",
        "{pair} gives {a_work} that may not be shared, because {names} forbids sharing it; no license can apply to it.",
        "{pair} combines {names}; the remix may be shared under {result}.",
        "{pair} combines {names}, and no {family} license carries all of them.{reason}",
        " {because}",  # the rule's reason after an incompatible verdict
        "{pair} gives no {work} that may be shared: {demands}, and no {work} can be under both.",
        "{names} in {id} requires sharing it under {id}",
        "{pair} gives {a_work} that may be shared only under {id}, as {names} requires; "
        "{id} already holds every option of {other}.",
        "{pair} gives no {work} that may be shared: {names} in {id} requires sharing it under {id} alone, "
        "which lacks {missing} of {other}.",
    )
}


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# What a writer may mean as a placeholder, typos included ("{Page}", "{page2}"): anything of
# this shape that the msgid does not allow would print as written, so it is refused.
_WRITTEN = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# A placeholder and the others the code fills with it, for languages that say it otherwise
# (no article: `{work}` for `{a_work}`). Every call that fills the key fills these too.
ALTERNATIVES: Mapping[str, tuple[str, ...]] = {"a_work": ("work",)}


def placeholders(msgid: str) -> tuple[str, ...]:
    """The placeholders a text for `msgid` may use: the msgid's own, then their alternatives, in order."""
    own = _PLACEHOLDER.findall(msgid)
    found = [*own, *(alt for name in own for alt in ALTERNATIVES.get(name, ()))]
    return tuple(dict.fromkeys(found))


def placeholder_problems(file: str, line: int | None, msgid: str, text: str) -> list[Diagnostic]:
    """What is wrong with the placeholders of `text`, the words given for `msgid` in `file` at `line`.

    A placeholder the msgid does not have is an error: nothing fills it, so it would be
    printed as written ("第3页，共{pgae}页"). One the msgid has and the text leaves out is
    a warning: a language may have no room for it, but mostly it is a slip that drops a
    page count or a license name, so `mgl lint --strict` fails on it.
    """
    allowed = placeholders(msgid)
    shown = ", ".join("{" + name + "}" for name in allowed) or "none"
    written = _WRITTEN.findall(text)
    unknown = [name for name in dict.fromkeys(written) if name not in allowed]
    if unknown:
        return [
            Diagnostic(
                file,
                line,
                f"the words for {msgid!r} use the placeholder(s) "
                + ", ".join("{" + name + "}" for name in unknown)
                + f", which nothing fills (allowed: {shown})",
                "write only the placeholders the English text has, spelled as there",
            )
        ]
    dropped = [
        name
        for name in _PLACEHOLDER.findall(msgid)
        if name not in written and not any(alt in written for alt in ALTERNATIVES.get(name, ()))
    ]
    if dropped:
        return [
            Diagnostic(
                file,
                line,
                f"the words for {msgid!r} leave out " + ", ".join("{" + name + "}" for name in dropped),
                "say each placeholder of the English text, unless the language truly has no room for it",
                severity="warning",
            )
        ]
    return []


@dataclass(frozen=True)
class Labels:
    """The words of one document's language: English defaults, overridden by the family or a translation.

    Plain data (a dict inside), so documents carrying it still pickle across processes
    and hash into the typeset editions' input digests.
    """

    texts: Mapping[str, str] = field(default_factory=dict, hash=False)  # msgid -> text, only the overrides

    def __call__(self, msgid: str, **values: str) -> str:
        """The text for `msgid`, placeholders filled; an msgid not declared above is a toolchain bug."""
        if msgid not in DEFAULT_LABELS:
            raise KeyError(f"{msgid!r} is not a declared label: add it to clausekit.sources.labels.DEFAULT_LABELS")
        text = self.texts.get(msgid, DEFAULT_LABELS[msgid])
        # One pass: a value that itself holds "{name}" is never filled in again.
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        """Items joined with the language's list separator ("a, b, c")."""
        return self(", ").join(items)

    def overridden(self, overrides: Mapping[str, str]) -> Labels:
        """These labels with some texts replaced (a translation over a family's own words)."""
        return Labels({**self.texts, **overrides})


ENGLISH = Labels()


def reference(pattern: str | None, label: str, number: str, labels: Labels) -> str:
    """How a numbered part is named: the language's pattern ("第{number}条"), else "{label} {number}"."""
    if pattern is not None:
        return _PLACEHOLDER.sub(lambda m: number if m.group(1) == "number" else m.group(0), pattern)
    return labels("{label} {number}", label=label, number=number)
