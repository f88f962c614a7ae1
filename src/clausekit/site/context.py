"""What a page template sees: one frozen dataclass per kind of page.

Every template gets the `SiteContext`; the variant template also gets a
`VariantContext` and the changes template a `ChangeContext`. Typed fields make a
misspelt name a mypy error here rather than a template that renders an empty
string, and `template_vars` turns one into the mapping Jinja renders from.
Markup fields (`Markup`) hold HTML from clausekit's own renderers, which escape
every piece of text; everything else is escaped by the templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from markupsafe import Markup

from clausekit.document.compat import Verdict
from clausekit.document.types import Document
from clausekit.site.chooser import Question
from clausekit.sources.types import Erratum, Family, Variant


@dataclass(frozen=True)
class Download:
    name: str
    href: str
    sha256: str
    size: int


@dataclass(frozen=True)
class CompatTable:
    rows: tuple[tuple[Variant, tuple[Verdict, ...]], ...]  # each variant with its row of verdicts (the matrix)
    legend: tuple[tuple[str, str, str], ...]  # (mark, kind, meaning)
    note: str
    anchor: Callable[[Verdict], str]  # the list item that explains a cell: a mirrored pair shares one
    # The verdicts the list explains, by first variant: a pair whose verdict reads the same in
    # either order (A+B and B+A) is said once, under the earlier variant.
    listed: tuple[tuple[Variant, tuple[Verdict, ...]], ...] = ()
    either_order: Callable[[Verdict], bool] = lambda verdict: False  # said once for both orders


@dataclass(frozen=True)
class Wording:
    """One wording of a clause, with every variant whose license holds it."""

    body: Markup  # the clause's own paragraphs and lists, escaped; references stay plain text
    places: tuple[tuple[str, str, str], ...]  # (variant id, its number or title there, docs path#anchor)


@dataclass(frozen=True)
class ClauseText:
    """One clause on the clauses page: one heading (one search entry) for all its wordings."""

    anchor: str
    title: str
    wordings: tuple[Wording, ...]


@dataclass(frozen=True)
class ClausePart:
    """A part of the licenses (a section of the outline) with the clause texts it holds."""

    title: str
    anchor: str
    texts: tuple[ClauseText, ...]


@dataclass(frozen=True)
class Chooser:
    questions: tuple[Question, ...]
    data: Callable[[Callable[[str], str]], dict[str, Any]]  # called with the page's `href`


@dataclass(frozen=True)
class EditionVariant:
    id: str
    title: str
    page: str


@dataclass(frozen=True)
class VersionRow:
    """One version on the versions page: a release, or the working tree's unreleased version."""

    version: str
    date: str | None
    note: str | None
    revision: str | None
    released: bool
    current: bool
    previous: str | None
    changes: str | None  # the docs path of the diff from `previous`, when there is one
    variants: tuple[EditionVariant, ...]  # empty when this clone lacks the version's sources
    errata: tuple[Erratum, ...] = ()  # typo-level corrections recorded since the release


@dataclass(frozen=True)
class ChangeLink:
    old: str
    new: str
    page: str


@dataclass(frozen=True)
class SiteContext:
    """What every page sees."""

    family: Family
    documents: tuple[Document, ...]
    variant_page: Callable[[str], str]
    sheet_marks: Mapping[str, str]
    sheet_table: Callable[[Document], Markup]
    sheet_summary: Callable[[Document], Markup]  # the three lists of what applies; empty for a neutral sheet
    compat: CompatTable
    clause_parts: tuple[ClausePart, ...]  # every clause text once, with the variants that hold it
    chooser: Chooser
    versions: tuple[VersionRow, ...]
    changes: tuple[ChangeLink, ...]


@dataclass(frozen=True)
class Notice:
    """On the page of an earlier edition's variant, or of a deprecated or superseded one.

    `current` is the current version when the page is of an earlier edition (None on a
    current page); `status` and `reason` are the variant's lifecycle as the data records
    it (versions.yaml for a release, variants.yaml for the current edition); `successor`
    is the variant to use instead, linked when the site has its page.
    """

    current: str | None
    successor: str | None
    status: str = "active"
    reason: str | None = None
    successor_page: str | None = None


@dataclass(frozen=True)
class Translation:
    """On a variant's page in a language other than the default: what the translation's data says.

    `governs` (always shown) says the default language's text governs; `stale` (shown
    when some of the variant's clauses were translated from an earlier text) says so.
    """

    language: str
    governs: str
    stale: str | None = None


@dataclass(frozen=True)
class VariantContext:
    """What a variant's page (`_variant.md`) sees besides the SiteContext."""

    document: Document
    variant: Variant
    option_labels: tuple[str, ...]
    option_meanings: Mapping[str, str]
    downloads: Mapping[str, Download]
    metadata: Mapping[str, Any]
    notice: Notice | None
    license_text: str
    license_body: Markup
    translation: Translation | None = None  # None on the default language's pages
    # The variant's permanent address and its badge's, from the current family's `addresses:`
    # (earlier editions' pages are on the same site); None when the family declares none.
    url: str | None = None
    badge_url: str | None = None


@dataclass(frozen=True)
class ChangeBody:
    old: str
    new: str
    body: Markup
    downloads: tuple[tuple[str, Download], ...] = ()  # (what it is, the file): the redline and the blackline


@dataclass(frozen=True)
class ChangeContext:
    """What a changes page (`_changes.md`) sees besides the SiteContext."""

    change: ChangeBody


PageContext = SiteContext | VariantContext | ChangeContext


def template_vars(*contexts: PageContext) -> dict[str, Any]:
    """The contexts' fields by name, for Jinja (shallow: the values stay the objects themselves)."""
    return {f.name: getattr(c, f.name) for c in contexts for f in fields(c)}
