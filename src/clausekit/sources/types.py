"""The sources as plain, frozen data: a license family and its clause fragments.

Loaders produce these values; everything after loading is a pure function of them.
Nothing here knows about any particular license family.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from clausekit.sources.labels import ENGLISH, Labels, reference

FactValue = bool | str


@dataclass(frozen=True)
class Answer:
    """A model-sheet answer: yes or no, optionally qualified ("yes, non-commercial only")."""

    allowed: bool
    note: str | None = None

    @property
    def mark(self) -> str:
        """ "yes", "no", or "limited" for a qualified yes."""
        if not self.allowed:
            return "no"
        return "limited" if self.note else "yes"

    @property
    def text(self) -> str:
        """The answer in English, for diagnostics and diffs."""
        return self.words(ENGLISH)

    def words(self, labels: Labels) -> str:
        """The answer in the document's language: "yes", "no, except ..." ("是", ...)."""
        word = labels("yes") if self.allowed else labels("no")
        return labels("{answer}, {note}", answer=word, note=self.note) if self.note else word


@dataclass(frozen=True)
class SheetRow:
    """One line of the model sheet: a default answer, or one that follows a fact."""

    id: str
    label: str
    group: str
    default: Answer | None  # None for rows that follow a fact
    fact: str | None
    fact_answers: Mapping[FactValue, Answer] = field(hash=False)
    line: int
    # What a yes means for the reader (a `permission`, `condition` or `limitation`), and
    # the reader's words for a yes and a no; None: a neutral row that reads "yes" or "no".
    kind: str | None = None
    if_yes: str | None = None
    if_no: str | None = None

    def reads(self, answer: Answer, labels: Labels = ENGLISH) -> str:
        """The answer in the reader's words ("may not sublicense, ..."), or a neutral yes or no."""
        phrase = self.if_yes if answer.allowed else self.if_no
        if phrase is None:
            return answer.words(labels)
        return labels("{answer}, {note}", answer=phrase, note=answer.note) if answer.note else phrase


@dataclass(frozen=True)
class SheetSpec:
    note: str
    groups: tuple[str, ...]
    rows: tuple[SheetRow, ...]

    def row(self, row_id: str) -> SheetRow | None:
        return next((r for r in self.rows if r.id == row_id), None)


@dataclass(frozen=True)
class Evidence:
    """A clause's claim that it establishes a sheet row, in the variants where `when` holds."""

    row: str
    when: str | None
    line: int


REMIX_UNSHAREABLE, REMIX_SHAREALIKE = "unshareable", "sharealike"
# The built-in condition name, true in a variant with any option at all.
ANY_OPTION = "any_option"


@dataclass(frozen=True)
class Option:
    """A choice a publisher makes (e.g. NonCommercial); variants combine options."""

    code: str
    name: str
    meaning: str
    implies: tuple[str, ...]
    clauses: tuple[str, ...]  # fragments every variant with this option must contain
    sheet: Mapping[str, Answer] = field(hash=False)  # how the option changes sheet rows
    remix: str | None  # "unshareable", "sharealike" or None: how the option rules remixes
    line: int
    group: str | None = None  # a name conditions may use: true when a variant has any option of the group

    @property
    def unshareable_remix(self) -> bool:
        """A remix with a work under this option cannot be shared at all (e.g. NoDerivatives)."""
        return self.remix == REMIX_UNSHAREABLE

    @property
    def sharealike_remix(self) -> bool:
        """A remix with a work under this option may be shared only under that same variant."""
        return self.remix == REMIX_SHAREALIKE


@dataclass(frozen=True)
class Rule:
    """A set of options that must never appear together, with the reason why."""

    never: tuple[str, ...]
    because: str
    line: int


@dataclass(frozen=True)
class FactSpec:
    """A fact every variant declares, used for in-line wording differences."""

    name: str
    meaning: str
    values: tuple[FactValue, ...]
    line: int


@dataclass(frozen=True)
class OutlineSection:
    """A top-level section whose number is the same in every variant."""

    id: str
    title: str
    number: str | None  # None for unnumbered parts such as a preamble
    label: str  # word used in headings and references, e.g. "Section"
    layout: str  # "headings": items have headings; "inline": number runs into the text
    when: str | None
    line: int
    heading: str | None = None  # the text edition's heading format for this section; "none" for no heading


LIFECYCLE_STATES = ("active", "deprecated", "superseded")


@dataclass(frozen=True)
class Lifecycle:
    """Where a variant stands: still offered, or deprecated or superseded (by `successor`, for `reason`).

    The current edition says it on the variant in variants.yaml; a released edition,
    whose family file never changes again, says it in versions.yaml under the release.
    """

    status: str = "active"  # one of LIFECYCLE_STATES
    successor: str | None = None  # a variant id, possibly of a later edition
    reason: str | None = None
    line: int = 0  # where it is declared, for diagnostics (0: not declared)

    @property
    def active(self) -> bool:
        return self.status == "active"


ACTIVE = Lifecycle()


@dataclass(frozen=True)
class Variant:
    name: str
    id: str
    title: str
    options: tuple[str, ...]
    facts: Mapping[str, FactValue] = field(hash=False)
    line: int
    lifecycle: Lifecycle = ACTIVE

    def has(self, option: str) -> bool:
        return option in self.options


DEFAULT_REMIX_NOTE = (
    "These verdicts are for remixes that merge two works into one new work. Works that are only "
    "combined side by side, each still separate, create no new work: each keeps its own license."
)


@dataclass(frozen=True)
class Vocabulary:
    """The words generated output uses for what a family licenses.

    The engine is generic: a family of licenses for typefaces or data sets must not
    read "model" in its sheets and remix verdicts, so every such word comes from the
    family file, with neutral defaults.
    """

    work: str = "work"  # one licensed thing, in "Remixing a work under A with one under B"
    works: str = "works"  # the plural, in "Remixing <family> <version> works"
    sheet: str = "Summary sheet"  # the name of the one-page summary of a variant
    remix_note: str = DEFAULT_REMIX_NOTE  # shown with every remix matrix


HEADING_PLACEHOLDERS = ("label", "number", "title")
NO_HEADING = "none"
DEFAULT_WIDTH = 78


@dataclass(frozen=True)
class TextLayout:
    """How the plain-text edition lays a variant out, as data (`layout:` in variants.yaml).

    The defaults are the canonical layout every released text was built with. A family
    that moves in from existing full texts (`mgl import`) says here that its texts carry
    no generated title block or underlines, how its headings read and where lines wrap,
    so the build gives back the words it imported.
    """

    title_block: bool = True
    underline: bool = True
    wrap: int = DEFAULT_WIDTH  # 0: one line per paragraph
    headings: tuple[str, ...] = ("{label} {number}. {title}", "{number} {title}")

    def heading_format(self, level: int) -> str:
        """The format of a numbered heading at outline level 1 (section), 2 (clause), 3 ...; the last repeats."""
        return self.headings[min(level, len(self.headings)) - 1]


CANONICAL_LAYOUT = TextLayout()


SNIPPET_PLACEHOLDERS = ("id", "id_lower", "name", "version", "url")
# What `addresses.license_url` may use: the site's base URL and the variant's names.
URL_PLACEHOLDERS = ("site_url", "id", "id_lower", "name", "version")
# The keys license.json uses itself: a snippet under one of them would overwrite it.
LICENSE_JSON_KEYS = (
    "schema_version",
    "identifier",
    "name",
    "title",
    "version",
    "status",
    "lifecycle",
    "family",
    "options",
    "facts",
    "spdx",
    "url",
    "reuse",
    "sheet",
    "text",
    "artifacts",
)


@dataclass(frozen=True)
class Snippet:
    """A block of settings another platform wants, published in each variant's license.json.

    Declared in data, so a family publishes only to the platforms it names. Field values
    may hold the placeholders {id}, {id_lower}, {name} and {version}.
    """

    key: str  # the key in license.json
    title: str
    fields: tuple[tuple[str, str], ...]
    line: int


DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class BadgeColour:
    """The badge colour of the variants where `when` holds (the first entry that holds wins)."""

    when: str
    colour: str  # "#rrggbb", checked when loaded
    line: int


@dataclass(frozen=True)
class Addresses:
    """Where the family's licenses live for good (`addresses:` in the family file).

    The canonical URL of a variant is `license_url` with its placeholders filled in; it
    is printed wherever a license is named (license.json, snippets, the HTML and PDF
    editions, the site). `in_text` puts it in the header of the canonical text and
    Markdown too; it is a switch on the edition, since a released text never changes.
    """

    site_url: str  # absolute, ends with "/"
    license_url: str  # a pattern over URL_PLACEHOLDERS
    in_text: bool = False
    badge_colour: str = "#555555"  # the badge colour when no entry of `badge_colours` holds
    badge_colours: tuple[BadgeColour, ...] = ()
    line: int = 0

    def url_of(self, variant: Variant) -> str:
        """The variant's canonical URL."""
        values = {
            "site_url": self.site_url,
            "id": variant.id,
            "id_lower": variant.id.lower(),
            "name": variant.name,
            "version": variant.id[len(variant.name) + 1 :],
        }
        return re.sub(r"\{([a-z_]+)\}", lambda m: values[m.group(1)], self.license_url)


@dataclass(frozen=True)
class Family:
    """Everything variants.yaml says: the single source of truth for a family."""

    name: str
    version: str
    outline: tuple[OutlineSection, ...]
    options: tuple[Option, ...]
    rules: tuple[Rule, ...]
    facts: tuple[FactSpec, ...]
    words: tuple[str, ...]
    variants: tuple[Variant, ...]
    sheet: SheetSpec | None
    file: str
    vocabulary: Vocabulary = Vocabulary()
    publish: tuple[Snippet, ...] = ()
    addresses: Addresses | None = None  # None: the family declares no public address
    layout: TextLayout = CANONICAL_LAYOUT
    releases: tuple[Release, ...] = ()  # versions.yaml, read beside the family file
    maintainers: str | None = None  # who signs the tracked changes of a redline
    languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)  # the default (governing) language first
    language: str = DEFAULT_LANGUAGE  # the language this family's strings are in (localize() changes it)
    undefined_capitalised: bool = True  # whether a capitalised undefined word is a problem in `language`
    labels: Labels = ENGLISH  # the toolchain's own words in that language
    # outline label -> how a number is named in that language ("第{number}条"); absent: "{label} {number}"
    references: Mapping[str, str] = field(default_factory=dict, hash=False)
    notices: tuple[str, ...] = ()  # shown at the top of every text in `language` (a translation: the default governs)
    stale_notice: str = ""  # shown at the top of a text with stale clauses, and at each stale clause

    @property
    def default_language(self) -> str:
        """The language that governs; its text is what every translation follows."""
        return self.languages[0]

    def reference(self, label: str, number: str) -> str:
        """How this family's text names a numbered part: "Section 2.4", "第2.4条"."""
        return reference(self.references.get(label), label, number, self.labels)

    @property
    def release(self) -> Release | None:
        """The release of this edition, or None while it is a draft (its version is not listed)."""
        return next((r for r in self.releases if r.version == self.version), None)

    @property
    def status(self) -> str:
        """`released` when versions.yaml lists this edition's version, else `draft`."""
        return "released" if self.release is not None else "draft"

    def lifecycle_of(self, variant: Variant) -> Lifecycle:
        """The variant's standing: as variants.yaml says, else as this edition's release records it."""
        if not variant.lifecycle.active or self.release is None:
            return variant.lifecycle
        return self.release.lifecycle.get(variant.id, variant.lifecycle)

    def known_variant_ids(self) -> frozenset[str]:
        """Every variant id of this edition and of every listed release a successor may name."""
        listed = {variant_id for r in self.releases for variant_id in (*r.texts, *r.lifecycle)}
        return frozenset({v.id for v in self.variants} | listed)

    def option_codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)

    def option_groups(self) -> tuple[str, ...]:
        """The `group:` names the options declare, each once, in family order."""
        return tuple(dict.fromkeys(o.group for o in self.options if o.group is not None))

    def condition_names(self, variant: Variant) -> dict[str, bool]:
        """What conditions may name about a variant's options: each code, each group, `any_option`."""
        found: dict[str, bool] = {ANY_OPTION: bool(variant.options)}
        for group in self.option_groups():
            found[group] = any(variant.has(o.code) for o in self.options if o.group == group)
        found.update({code: variant.has(code) for code in self.option_codes()})
        return found

    def section(self, section_id: str) -> OutlineSection | None:
        return next((s for s in self.outline if s.id == section_id), None)

    def variant(self, variant_id: str) -> Variant | None:
        return next((v for v in self.variants if v.id == variant_id), None)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    def variant_with(self, options: frozenset[str]) -> Variant | None:
        """The variant whose option set is exactly `options`, if the family has one."""
        return next((v for v in self.variants if frozenset(v.options) == options), None)


@dataclass(frozen=True)
class Erratum:
    """A typo-level correction of released texts: when, why, and the corrected texts' sha256 per variant id."""

    date: str  # YYYY-MM-DD
    note: str
    texts: Mapping[str, str] = field(hash=False)
    line: int


@dataclass(frozen=True)
class Release:
    """One entry of versions.yaml: a released version, its commit, its texts' digests, errata, lifecycle."""

    version: str
    date: str  # YYYY-MM-DD
    revision: str  # a commit id
    note: str | None
    line: int
    texts: Mapping[str, str] = field(default_factory=dict, hash=False)  # variant id -> sha256 of license.txt
    errata: tuple[Erratum, ...] = ()
    lifecycle: Mapping[str, Lifecycle] = field(default_factory=dict, hash=False)  # variant id -> lifecycle

    def digest(self, variant_id: str) -> str | None:
        """The sha256 the variant's text must have: the latest erratum's for it, else the release's."""
        for erratum in reversed(self.errata):
            if variant_id in erratum.texts:
                return erratum.texts[variant_id]
        return self.texts.get(variant_id)


@dataclass(frozen=True)
class Fragment:
    """One clause as written in clauses/: front matter plus a Jinja2/Markdown body."""

    id: str
    title: str
    section: str | None  # None when the fragment is a sub-item of `parent`
    parent: str | None
    order: int
    when: str | None
    stable_number: bool
    term: str | None
    aliases: tuple[str, ...]
    establishes: tuple[Evidence, ...]
    body: str
    file: str  # path relative to the source root, with forward slashes
    body_line: int  # file line of the body's first line
    key_lines: Mapping[str, int] = field(hash=False)  # front-matter key -> file line

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


@dataclass(frozen=True)
class TranslatedFragment:
    """A clause's translation (`<stem>.<lang>.md` beside its source): title and body only.

    Everything else (id, place, condition, evidence) is the source's; `digest` is the
    digest of the source text it was made from, so a changed source shows it stale.
    """

    language: str
    source: str  # the source fragment's file
    file: str
    title: str | None
    digest: str
    body: str
    body_line: int
    key_lines: Mapping[str, int] = field(hash=False)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


@dataclass(frozen=True)
class RowStrings:
    label: str
    if_yes: str | None = None
    if_no: str | None = None


@dataclass(frozen=True)
class FamilyStrings:
    """`translations/<lang>.yaml`: every reader-visible string of the family in one language.

    Keyed by id where the English has one, by the English text where it has none.
    `lines` maps a dotted key path (`options.BY.name`) to its line, for diagnostics.
    """

    language: str
    name: str
    governs: str
    stale: str
    file: str
    references: Mapping[str, str] = field(default_factory=dict, hash=False)
    variants: Mapping[str, str] = field(default_factory=dict, hash=False)  # variant name -> title
    outline: Mapping[str, str] = field(default_factory=dict, hash=False)  # outline id -> title
    options: Mapping[str, tuple[str, str]] = field(default_factory=dict, hash=False)  # code -> (name, meaning)
    facts: Mapping[str, str] = field(default_factory=dict, hash=False)  # fact name -> meaning
    rules: Mapping[str, str] = field(default_factory=dict, hash=False)  # English because -> translation
    vocabulary: Mapping[str, str] = field(default_factory=dict, hash=False)
    sheet_note: str | None = None
    groups: Mapping[str, str] = field(default_factory=dict, hash=False)  # English group title -> translation
    rows: Mapping[str, RowStrings] = field(default_factory=dict, hash=False)
    notes: Mapping[str, str] = field(default_factory=dict, hash=False)  # English answer note -> translation
    glossary: Mapping[str, str] = field(default_factory=dict, hash=False)  # English term -> translation
    labels: Mapping[str, str] = field(default_factory=dict, hash=False)  # English label -> translation
    undefined_capitalised: bool = False
    lines: Mapping[str, int] = field(default_factory=dict, hash=False)

    def line_of(self, path: str) -> int:
        """The line of a dotted key path, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return 1


@dataclass(frozen=True)
class Translation:
    """One non-default language: its clause translations and its family strings (None when the file is missing)."""

    language: str
    fragments: tuple[TranslatedFragment, ...]
    strings: FamilyStrings | None

    def of(self, source_file: str) -> TranslatedFragment | None:
        return next((t for t in self.fragments if t.source == source_file), None)


@dataclass(frozen=True)
class Library:
    family: Family
    fragments: tuple[Fragment, ...]
    translations: tuple[Translation, ...] = ()  # one per non-default language the family declares
    stale: frozenset[str] = frozenset()  # in a localized library: ids of clauses whose translation is stale

    def translation(self, language: str) -> Translation | None:
        return next((t for t in self.translations if t.language == language), None)

    def fragment(self, fragment_id: str) -> Fragment | None:
        return next((f for f in self.fragments if f.id == fragment_id), None)


def frozen_mapping(values: Mapping[str, FactValue]) -> Mapping[str, FactValue]:
    return MappingProxyType(dict(values))
