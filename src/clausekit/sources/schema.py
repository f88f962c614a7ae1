"""Every key of variants.yaml and of fragment front matter, declared once.

The loaders read keys through these tables (required keys, unknown keys, types),
the diff compares the fields they list, and the JSON Schema for editors and the
README's key tables are generated from them, so the four can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The kinds a value may have; `Fields` knows how to read each, and JSON_TYPES says
# how an editor should check it.
TEXT = "text"
TEXTS = "texts"
INTEGER = "integer"
FLAG = "flag"
CONDITION = "condition"
ANSWER = "answer"
ANSWERS = "answers"
FACT_VALUES = "fact values"
FACT_MAP = "fact map"
TEXT_MAP = "text map"
CHOICE = "choice"
TABLE = "table"
TABLE_LIST = "table list"
TABLE_MAP = "table map"
EVIDENCE_LIST = "evidence list"

KIND_WORDS = {
    TEXT: "text",
    TEXTS: "list of texts",
    INTEGER: "whole number",
    FLAG: "true/false",
    CONDITION: "condition",
    ANSWER: "answer",
    ANSWERS: "mapping of answers",
    FACT_VALUES: "list of values",
    FACT_MAP: "mapping of facts",
    TEXT_MAP: "mapping of texts",
    CHOICE: "one of",
    TABLE: "mapping",
    TABLE_LIST: "list",
    TABLE_MAP: "mapping",
    EVIDENCE_LIST: "list",
}


@dataclass(frozen=True)
class Key:
    """One key: its kind, whether it must be there, its default, what it means."""

    name: str
    kind: str
    description: str
    required: bool = False
    default: str | bool | None = None
    required_unless: str | None = None  # required unless this other key is given
    required_with: str | None = None  # required when this other key is given
    choices: tuple[str, ...] = ()
    entry: Table | None = None  # the keys of each entry, for TABLE, TABLE_LIST, TABLE_MAP, EVIDENCE_LIST


@dataclass(frozen=True)
class Table:
    """The keys a YAML mapping may have."""

    what: str  # how messages name one such mapping, e.g. "an option"
    keys: tuple[Key, ...] = field(default=())

    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys)

    def key(self, name: str) -> Key:
        found = next((k for k in self.keys if k.name == name), None)
        if found is None:
            raise KeyError(f"{name!r} is not a key of {self.what}")  # a toolchain bug, not a source problem
        return found


FAMILY_HEAD = Table(
    "the `family` entry",
    (
        Key("name", TEXT, "The family's name, e.g. used in titles.", required=True),
        Key("version", TEXT, "The edition of the family; part of every variant id.", required=True),
        Key(
            "maintainers",
            TEXT,
            "Who maintains the texts: the author of the tracked changes in a redline (`mgl diff --format docx`).",
        ),
    ),
)

SECTION = Table(
    "an outline section",
    (
        Key("id", TEXT, "The section id fragments name in `section:` and `ref()`.", required=True),
        Key("title", TEXT, "The section heading.", required=True),
        Key("number", TEXT, "The fixed section number; leave out for an unnumbered part."),
        Key("label", TEXT, "The word used in headings and references.", default="Section"),
        Key(
            "layout",
            CHOICE,
            "`headings` gives items headings; `inline` runs each number into its text.",
            default="headings",
            choices=("headings", "inline"),
        ),
        Key("when", CONDITION, "The section exists only in variants where this condition holds."),
        Key(
            "heading",
            TEXT,
            "How the text edition writes this section's heading, instead of the layout's level-1 format: "
            "`{label}`, `{number}` and `{title}` in any words, or `none` for no heading line.",
        ),
    ),
)

# The classes of sheet rows, as choosealicense.com has them: a yes on a `permission` row
# grants a right, on a `condition` row imposes a duty, on a `limitation` row limits the licensee.
ROW_KINDS = ("permission", "condition", "limitation")

OPTION_SHEET = Table("an option's `sheet` entry")
ROW_ANSWERS = Table("a row's `answers`")

OPTION = Table(
    "an option",
    (
        Key("code", TEXT, "The code variants and conditions use, e.g. `NC`.", required=True),
        Key("name", TEXT, "The option's name.", required=True),
        Key("meaning", TEXT, "One sentence on what the option asks of a licensee.", required=True),
        Key("implies", TEXTS, "Options every variant with this one must also have."),
        Key("clauses", TEXTS, "Clause ids every variant with this option must contain."),
        Key("sheet", ANSWERS, "How the option changes sheet rows: row id to answer.", entry=OPTION_SHEET),
        Key(
            "remix",
            CHOICE,
            "`unshareable`: a remix with material under this option cannot be shared; "
            "`sharealike`: such a remix may be shared only under that same variant.",
            choices=("unshareable", "sharealike"),
        ),
        Key(
            "group",
            TEXT,
            "A name conditions may use, true in variants with any option of the group (e.g. `condition`).",
        ),
    ),
)

RULE = Table(
    "a rule",
    (
        Key("never", TEXTS, "Two or more option codes that may never be combined.", required=True),
        Key("because", TEXT, "Why; shown when a variant breaks the rule.", required=True),
    ),
)

FACT = Table(
    "a fact",
    (
        Key("meaning", TEXT, "What the fact says about a variant.", required=True),
        Key("values", FACT_VALUES, "Two or more true/false or text values a variant may give it.", required=True),
    ),
)

SHEET_ROW = Table(
    "a sheet row",
    (
        Key("id", TEXT, "The row id options and `establishes:` name.", required=True),
        Key("label", TEXT, "The row's label on the sheet.", required=True),
        Key("default", ANSWER, "The answer unless an option changes it.", required_unless="fact"),
        Key("fact", TEXT, "A fact whose value chooses the answer, instead of a default."),
        Key(
            "answers", ANSWERS, "For a fact row: fact value to answer (booleans answer themselves).", entry=ROW_ANSWERS
        ),
        Key(
            "kind",
            CHOICE,
            "What a yes means for the reader: a right granted, a duty imposed, or a limit on the licensee."
            " Without it the row reads a neutral yes or no.",
            choices=ROW_KINDS,
        ),
        Key(
            "if_yes",
            TEXT,
            "What a yes means, in the reader's words, e.g. `may sublicense`, `must keep notices`.",
            required_with="kind",
        ),
        Key(
            "if_no",
            TEXT,
            "What a no means, in the reader's words, e.g. `may not sublicense`, `no duty to keep notices`.",
            required_with="kind",
        ),
    ),
)

SHEET_GROUP = Table(
    "a sheet group",
    (
        Key("title", TEXT, "The group's heading.", required=True),
        Key("rows", TABLE_LIST, "The rows of the group.", required=True, entry=SHEET_ROW),
    ),
)

SHEET = Table(
    "the `sheet` entry",
    (
        Key("note", TEXT, "A note printed on every sheet.", required=True),
        Key("groups", TABLE_LIST, "The groups of rows.", required=True, entry=SHEET_GROUP),
    ),
)

VARIANT = Table(
    "a variant",
    (
        Key("name", TEXT, "The variant's name; its id is name-version.", required=True),
        Key("title", TEXT, "The license's full title.", required=True),
        Key("options", TEXTS, "The option codes the variant combines.", required=True),
        Key("facts", FACT_MAP, "A value for every declared fact."),
        Key(
            "status",
            CHOICE,
            "Where the variant stands: offered, or kept only for works already under it.",
            default="active",
            choices=("active", "deprecated", "superseded"),
        ),
        Key("successor", TEXT, "The variant id to use instead (this or a later edition); needs a `status`."),
        Key("reason", TEXT, "Why the variant is deprecated or superseded; needs a `status`."),
    ),
)

VOCABULARY = Table(
    "the `vocabulary` entry",
    (
        Key("work", TEXT, "What one licensed thing is called in generated text, e.g. `model`.", default="work"),
        Key("works", TEXT, "The same in the plural.", default="works"),
        Key("sheet", TEXT, "The summary sheet's title; also its HTML class.", default="Summary sheet"),
        Key("remix_note", TEXT, "A note shown with every remix matrix (default: a neutral one)."),
    ),
)

SNIPPET_FIELDS = Table("the `fields` of a `publish` entry")

LABELS = Table("the `labels` entry")
REFERENCES = Table("the `references` entry")

SNIPPET = Table(
    "a `publish` entry",
    (
        Key("key", TEXT, "The snippet's key in every variant's license.json.", required=True),
        Key("title", TEXT, "What the snippet is for, e.g. the platform's name.", required=True),
        Key(
            "fields",
            TEXT_MAP,
            "Field name to value; values may use `{id}`, `{id_lower}`, `{name}`, `{version}` and `{url}` "
            "(the canonical URL; needs `addresses`).",
            required=True,
            entry=SNIPPET_FIELDS,
        ),
    ),
)

LANGUAGE_CHECKS = Table(
    "the `checks` entry",
    (
        Key(
            "undefined_capitalised",
            FLAG,
            "Report a capitalised word that is no defined term (a rule of English drafting).",
            default=True,
        ),
    ),
)

BADGE_COLOUR = Table(
    "a `badge_colours` entry",
    (
        Key("when", CONDITION, "The variants this colour is for, e.g. `ND` or `NC and not ND`.", required=True),
        Key("colour", TEXT, "The colour, as `#rrggbb`.", required=True),
    ),
)

DEFAULT_LICENSE_URL = "{site_url}licenses/{id}.html"

ADDRESSES = Table(
    "the `addresses` entry",
    (
        Key(
            "site_url",
            TEXT,
            "The site's permanent base URL, `https://...` ending in `/`; also mkdocs' `site_url`.",
            required=True,
        ),
        Key(
            "license_url",
            TEXT,
            "Each variant's canonical URL: a pattern that may use `{site_url}`, `{id}`, `{id_lower}`, "
            "`{name}` and `{version}`; by default its page on the site.",
            default=DEFAULT_LICENSE_URL,
        ),
        Key(
            "header_url",
            FLAG,
            "Print the canonical URL in the header of license.txt and license.md. Set it only in a new "
            "edition: a released text never changes.",
            default=False,
        ),
        Key(
            "badge_colour",
            TEXT,
            "The badge colour, as `#rrggbb`, where no `badge_colours` entry holds.",
            default="#555555",
        ),
        Key(
            "badge_colours",
            TABLE_LIST,
            "The badge colour by kind of license: the first entry whose condition holds.",
            entry=BADGE_COLOUR,
        ),
    ),
)

LAYOUT = Table(
    "the `layout` entry",
    (
        Key(
            "title_block",
            FLAG,
            "The text edition opens with the generated title, underline and header fields.",
            default=True,
        ),
        Key("underline", FLAG, "Headings in the text edition are underlined.", default=True),
        Key("wrap", INTEGER, "The text edition's line width (default 78); 0 writes each paragraph on one line."),
        Key(
            "headings",
            TEXTS,
            "Heading formats by outline level (section, clause, sub-clause; the last repeats), with `{label}`, "
            "`{number}` and `{title}`; default `{label} {number}. {title}` then `{number} {title}`. "
            "An unnumbered heading is its title.",
        ),
    ),
)

FAMILY = Table(
    "variants.yaml",
    (
        Key("family", TABLE, "The family's `name` and `version`.", required=True, entry=FAMILY_HEAD),
        Key(
            "languages",
            TEXTS,
            "The languages the family is published in, the default (governing) one first, e.g. `[en, zh-Hans]`;"
            " without it, `[en]`.",
        ),
        Key("checks", TABLE, "Which drafting checks hold in the default language.", entry=LANGUAGE_CHECKS),
        Key("outline", TABLE_LIST, "Top-level sections, in order.", required=True, entry=SECTION),
        Key("options", TABLE_LIST, "The choices variants combine.", required=True, entry=OPTION),
        Key("rules", TABLE_LIST, "Option combinations that must never exist.", entry=RULE),
        Key("facts", TABLE_MAP, "Facts every variant declares (name to spec).", entry=FACT),
        Key("words", TEXTS, "Capitalised words the term check accepts."),
        Key("vocabulary", TABLE, "The words generated output uses for what the family licenses.", entry=VOCABULARY),
        Key(
            "labels",
            TEXT_MAP,
            "The toolchain's own words (`Version`, `yes`, ...) in the family's words: English text to text.",
            entry=LABELS,
        ),
        Key(
            "references",
            TEXT_MAP,
            'How an outline `label` names a number in the default language, e.g. `Section: "第{number}条"`'
            " (default `{label} {number}`).",
            entry=REFERENCES,
        ),
        Key("publish", TABLE_LIST, "Snippets for other platforms, written into license.json.", entry=SNIPPET),
        Key(
            "layout",
            TABLE,
            "How the plain-text edition lays out a variant (title block, headings, wrapping).",
            entry=LAYOUT,
        ),
        Key("sheet", TABLE, "The summary sheet: its note and groups of rows.", entry=SHEET),
        Key(
            "addresses",
            TABLE,
            "Where the licenses live for good: the site's URL, each variant's canonical URL, its badge.",
            entry=ADDRESSES,
        ),
        Key("variants", TABLE_LIST, "The licenses of the family.", required=True, entry=VARIANT),
    ),
)

# --- versions.yaml: the record of releases -----------------------------------------------------

RELEASE_TEXTS = Table("a release's `texts`")

ERRATUM = Table(
    "an erratum",
    (
        Key("date", TEXT, "When the correction was made, YYYY-MM-DD.", required=True),
        Key("note", TEXT, "What was corrected, and why it changes no right or duty.", required=True),
        Key(
            "texts",
            TEXT_MAP,
            "The corrected variants: variant id to the sha256 of its corrected license.txt.",
            required=True,
            entry=RELEASE_TEXTS,
        ),
    ),
)

RELEASED_LIFECYCLE = Table(
    "a `lifecycle` entry",
    (
        Key(
            "status",
            CHOICE,
            "Where the released variant stands now.",
            required=True,
            choices=("active", "deprecated", "superseded"),
        ),
        Key("successor", TEXT, "The variant id to use instead, possibly of a later edition."),
        Key("reason", TEXT, "Why the variant is deprecated or superseded."),
    ),
)

RELEASE = Table(
    "a release",
    (
        Key("version", TEXT, "The family version released (`family.version` in variants.yaml), quoted.", required=True),
        Key("date", TEXT, "The release date, YYYY-MM-DD.", required=True),
        Key("revision", TEXT, "The full id of the git commit that holds the release.", required=True),
        Key("note", TEXT, "One line about the release."),
        Key(
            "texts",
            TEXT_MAP,
            "Variant id to the sha256 of its canonical license.txt as released.",
            entry=RELEASE_TEXTS,
        ),
        Key("errata", TABLE_LIST, "Typo-level corrections made since, oldest first.", entry=ERRATUM),
        Key(
            "lifecycle",
            TABLE_MAP,
            "Variant id to where it stands now (a released family file never changes).",
            entry=RELEASED_LIFECYCLE,
        ),
    ),
)

VERSIONS = Table(
    "versions.yaml",
    (Key("versions", TABLE_LIST, "The released versions, oldest first.", required=True, entry=RELEASE),),
)


EVIDENCE = Table(
    "an `establishes` entry",
    (
        Key("row", TEXT, "The sheet row the clause establishes.", required=True),
        Key("when", CONDITION, "Only in variants where this condition holds."),
    ),
)

FRONT_MATTER = Table(
    "the front matter",
    (
        Key("id", TEXT, "The clause id, unique in the family.", required=True),
        Key("title", TEXT, "The clause heading (defaults to `term`).", required_unless="term"),
        Key("section", TEXT, "The outline section the clause belongs to.", required_unless="parent"),
        Key("parent", TEXT, "A top-level clause this one is a sub-item of."),
        Key("order", INTEGER, "Position among its siblings.", required=True),
        Key("when", CONDITION, "The clause is selected only where this condition holds."),
        Key("stable_number", FLAG, "Its number must be the same in every variant.", default=False),
        Key("term", TEXT, "The term this clause defines."),
        Key("aliases", TEXTS, "Other forms of the term."),
        Key(
            "establishes",
            EVIDENCE_LIST,
            "Sheet rows the clause backs: a row id or `{row, when}`.",
            entry=EVIDENCE,
        ),
    ),
)


# --- translations: clauses/**/<stem>.<lang>.md and translations/<lang>.yaml -------------------

TRANSLATION_FRONT_MATTER = Table(
    "a translation's front matter",
    (
        Key("title", TEXT, "The translated clause heading; required when the source has a `title`."),
        Key(
            "source",
            TEXT,
            "The digest of the source text this translation follows (see Translations); stale when it differs.",
            required=True,
        ),
    ),
)

TEXT_ENTRIES = Table("a mapping of texts")

STRINGS_TITLE = Table("a translated title", (Key("title", TEXT, "The translated title.", required=True),))

STRINGS_OPTION = Table(
    "a translated option",
    (
        Key("name", TEXT, "The option's name.", required=True),
        Key("meaning", TEXT, "The option's one-sentence meaning.", required=True),
    ),
)

STRINGS_FACT = Table("a translated fact", (Key("meaning", TEXT, "What the fact says.", required=True),))

STRINGS_VOCABULARY = Table(
    "the translated `vocabulary`",
    tuple(Key(k.name, TEXT, k.description) for k in VOCABULARY.keys),
)

STRINGS_ROW = Table(
    "a translated sheet row",
    (
        Key("label", TEXT, "The row's label.", required=True),
        Key("if_yes", TEXT, "What a yes means; required when the row has one."),
        Key("if_no", TEXT, "What a no means; required when the row has one."),
    ),
)

STRINGS_SHEET = Table(
    "the translated `sheet`",
    (
        Key("note", TEXT, "The sheet's note."),
        Key("groups", TEXT_MAP, "English group title to its translation.", entry=TEXT_ENTRIES),
        Key("rows", TABLE_MAP, "Row id to its translated words.", entry=STRINGS_ROW),
        Key("notes", TEXT_MAP, "English answer note to its translation.", entry=TEXT_ENTRIES),
    ),
)

STRINGS_CHECKS = Table(
    "the `checks` entry",
    (
        Key(
            "undefined_capitalised",
            FLAG,
            "Report a capitalised word that is no defined term (off unless the language's drafting wants it).",
            default=False,
        ),
    ),
)

STRINGS = Table(
    "a translations file",
    (
        Key("language", TEXT, "The language tag; the file is `translations/<language>.yaml`.", required=True),
        Key("name", TEXT, "The language's own name, for a language switcher.", required=True),
        Key("governs", TEXT, "Shown at the top of every translated text: the default language governs.", required=True),
        Key("stale", TEXT, "Shown at the top of a text with stale clauses, and at each stale clause.", required=True),
        Key(
            "references",
            TEXT_MAP,
            "Outline label to how a numbered part is named, `{number}` standing for its number.",
            entry=TEXT_ENTRIES,
        ),
        Key("variants", TABLE_MAP, "Variant name to its translated `title`.", entry=STRINGS_TITLE),
        Key("outline", TABLE_MAP, "Outline id to its translated `title`.", entry=STRINGS_TITLE),
        Key("options", TABLE_MAP, "Option code to its translated `name` and `meaning`.", entry=STRINGS_OPTION),
        Key("facts", TABLE_MAP, "Fact name to its translated `meaning`.", entry=STRINGS_FACT),
        Key("rules", TEXT_MAP, "A rule's English `because` to its translation.", entry=TEXT_ENTRIES),
        Key("vocabulary", TABLE, "The family's words (`vocabulary:`) translated.", entry=STRINGS_VOCABULARY),
        Key("sheet", TABLE, "The summary sheet's words translated.", entry=STRINGS_SHEET),
        Key("glossary", TEXT_MAP, "Each defined term (English) to its translation.", entry=TEXT_ENTRIES),
        Key("labels", TEXT_MAP, "Every other word the toolchain prints, by its English text.", entry=TEXT_ENTRIES),
        Key("checks", TABLE, "Which drafting checks hold in this language.", entry=STRINGS_CHECKS),
    ),
)


# --- generated views: the JSON Schema for editors and the README's key tables ---------------

_TEXT_JSON: dict[str, Any] = {"type": ["string", "integer"]}  # `version: 2` reads as text
_ANSWER_JSON: dict[str, Any] = {
    "oneOf": [
        {"type": "boolean"},
        {
            "type": "object",
            "properties": {"value": {"type": "boolean"}, "note": {"type": "string", "minLength": 1}},
            "required": ["value", "note"],
            "additionalProperties": False,
        },
    ]
}


def variants_json_schema() -> dict[str, Any]:
    """A JSON Schema of variants.yaml, so editors can complete and check keys as they are typed."""
    return _document_schema("variants", "variants.yaml: a license family", FAMILY)


def versions_json_schema() -> dict[str, Any]:
    """A JSON Schema of versions.yaml, generated like the one of variants.yaml."""
    return _document_schema("versions", "versions.yaml: the released versions of a license family", VERSIONS)


def translations_json_schema() -> dict[str, Any]:
    """A JSON Schema of translations/<lang>.yaml, generated like the one of variants.yaml."""
    return _document_schema(
        "translations", "translations/<lang>.yaml: a license family's strings in one language", STRINGS
    )


def _document_schema(name: str, title: str, table: Table) -> dict[str, Any]:
    """The JSON Schema of one source file, from the table that declares its keys."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:clausekit:schema:{name}:1",
        "title": title,
        "description": "Generated from clausekit.sources.schema by `mgl schema`; do not edit by hand.",
        **_table_json(table),
    }


def _table_json(table: Table) -> dict[str, Any]:
    found: dict[str, Any] = {
        "type": "object",
        "properties": {k.name: _key_json(k) for k in table.keys},
        "additionalProperties": False,
    }
    required = [k.name for k in table.keys if k.required]
    if required:
        found["required"] = required
    together: dict[str, list[str]] = {}
    for k in table.keys:
        if k.required_with is not None:
            together.setdefault(k.required_with, []).append(k.name)
    if together:
        found["dependentRequired"] = together
    return found


def _key_json(key: Key) -> dict[str, Any]:
    entry = _table_json(key.entry) if key.entry is not None and key.entry.keys else {}
    kinds: dict[str, dict[str, Any]] = {
        TEXT: _TEXT_JSON,
        TEXTS: {"type": "array", "items": _TEXT_JSON},
        INTEGER: {"type": "integer"},
        FLAG: {"type": "boolean"},
        CONDITION: {"type": ["string", "boolean"]},
        ANSWER: _ANSWER_JSON,
        ANSWERS: {"type": "object", "additionalProperties": _ANSWER_JSON},
        FACT_VALUES: {"type": "array", "minItems": 2, "uniqueItems": True, "items": {"type": ["boolean", "string"]}},
        FACT_MAP: {"type": "object", "additionalProperties": {"type": ["boolean", "string"]}},
        TEXT_MAP: {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
        CHOICE: {"enum": list(key.choices)},
        TABLE: entry,
        TABLE_LIST: {"type": "array", "items": entry},
        TABLE_MAP: {"type": "object", "additionalProperties": entry},
        EVIDENCE_LIST: {"type": "array", "items": {"anyOf": [{"type": "string", "minLength": 1}, entry]}},
    }
    found = {"description": key.description, **kinds[key.kind]}
    if key.default is not None:
        found["default"] = key.default
    return found


def key_table(table: Table) -> str:
    """A Markdown table of every key under `table`, nested keys by their path (`outline[].id`)."""
    rows = ["| key | kind | required | meaning |", "|---|---|---|---|"]
    rows += [
        f"| `{path}` | {_kind_words(key)} | {_requirement(key)} | {key.description} |" for path, key in _walk(table, "")
    ]
    return "\n".join(rows)


def _walk(table: Table, prefix: str) -> list[tuple[str, Key]]:
    found: list[tuple[str, Key]] = []
    for key in table.keys:
        path = f"{prefix}{key.name}"
        found.append((path, key))
        if key.entry is not None and key.entry.keys:
            inner = {TABLE: ".", TABLE_LIST: "[].", TABLE_MAP: ".<name>.", EVIDENCE_LIST: "[]."}[key.kind]
            found += _walk(key.entry, path + inner)
    return found


def _kind_words(key: Key) -> str:
    if key.kind == CHOICE:
        return "one of " + ", ".join(f"`{c}`" for c in key.choices)
    return KIND_WORDS[key.kind]


def _requirement(key: Key) -> str:
    if key.required:
        return "yes"
    if key.required_unless:
        return f"unless `{key.required_unless}`"
    if key.required_with:
        return f"with `{key.required_with}`"
    if key.default is not None:
        return f"no (default `{str(key.default).lower() if isinstance(key.default, bool) else key.default}`)"
    return "no"


README_TABLES = {
    "variants": FAMILY,
    "front-matter": FRONT_MATTER,
    "versions": VERSIONS,
    "translation-front-matter": TRANSLATION_FRONT_MATTER,
    "translations": STRINGS,
}


def readme_with_tables(readme: str) -> str:
    """The README with the text between each `<!-- schema:NAME -->` marker pair regenerated."""
    for name, table in README_TABLES.items():
        start, end = f"<!-- schema:{name} -->", f"<!-- /schema:{name} -->"
        before, found, rest = readme.partition(start)
        _, found_end, after = rest.partition(end)
        if not found or not found_end:
            raise ValueError(f"README lacks the markers {start} ... {end}")
        readme = f"{before}{start}\n{key_table(table)}\n{end}{after}"
    return readme
