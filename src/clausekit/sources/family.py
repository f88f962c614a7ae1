"""Load variants.yaml into a `Family`, reporting every schema problem with its line.

Only the shape of the file is checked here (types, required keys, unknown keys);
whether names refer to things that exist is the validator's job, where it can look
at the family and the fragments together.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any

from clausekit.diagnostics import Checked
from clausekit.sources import schema
from clausekit.sources.files import SourceText
from clausekit.sources.types import (
    DEFAULT_LANGUAGE,
    Answer,
    FactSpec,
    FactValue,
    Family,
    Lifecycle,
    Option,
    OutlineSection,
    Rule,
    SheetRow,
    SheetSpec,
    Variant,
    frozen_mapping,
)
from clausekit.sources.vocabulary import (
    check_heading,
    load_addresses,
    load_labels,
    load_layout,
    load_publish,
    load_references,
    load_vocabulary,
)
from clausekit.sources.yamlfile import Fields, YamlReader, describe, parse_yaml

LAYOUTS = schema.SECTION.key("layout").choices
REMIX = schema.OPTION.key("remix").choices
STATES = schema.VARIANT.key("status").choices
ROW_KINDS = schema.SHEET_ROW.key("kind").choices


def load_family(source: SourceText) -> Checked[Family]:
    """The family, with every problem; a broken variant is left out, so lint can check the others."""
    parsed = parse_yaml(source.text, source.file)
    if parsed.value is None:
        return Checked(None, parsed.problems)
    reader = YamlReader(parsed.value)
    top = reader.fields((), schema.FAMILY, source.file)
    if not top.ok:
        return reader.checked(None)

    head = reader.fields(("family",), schema.FAMILY_HEAD)
    name = _plain_name(head, "name")
    version = _identifier(head, "version")
    maintainers = head.text("maintainers")

    outline = tuple(_section(reader, path) for path in top.items("outline"))
    options = tuple(_option(reader, path) for path in top.items("options"))
    rules = tuple(_rule(reader, path) for path in top.items("rules"))
    facts = _facts(reader) if "facts" in top.data else ()
    words = top.texts("words") or ()
    sheet = _sheet(reader) if "sheet" in top.data else None
    vocabulary = load_vocabulary(reader, top)
    addresses = load_addresses(reader, top)
    publish = load_publish(reader, top, addresses)
    languages = _languages(top)
    labels = load_labels(reader, top)
    references = load_references(reader, top)
    capitalised = (
        reader.fields(("checks",), schema.LANGUAGE_CHECKS).flag("undefined_capitalised")
        if "checks" in top.data
        else True
    )
    layout = load_layout(reader, top)
    shared_ok = reader.count == 0
    variants = []
    for path in top.items("variants"):
        before = reader.count
        variant = _variant(reader, path, version)
        if reader.count == before:
            variants.append(variant)
    return reader.partial(
        None
        if not shared_ok
        else Family(
            name=name,
            version=version,
            outline=outline,
            options=options,
            rules=rules,
            facts=facts,
            words=words,
            variants=tuple(variants),
            sheet=sheet,
            file=source.file,
            vocabulary=vocabulary,
            publish=publish,
            maintainers=maintainers,
            languages=languages,
            language=languages[0],
            labels=labels,
            references=references,
            undefined_capitalised=capitalised,
            addresses=addresses,
            layout=layout,
        )
    )


LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")


def _languages(top: Fields) -> tuple[str, ...]:
    """`languages: [en, zh-Hans]`: BCP 47 tags, each once, the default first; they become file names."""
    found = top.texts("languages") if "languages" in top.data else None
    if found is None:
        return (DEFAULT_LANGUAGE,)
    if not found:
        top.error(("languages",), "`languages` is empty", "list the default language first, e.g. `[en]`")
        return (DEFAULT_LANGUAGE,)
    for tag in found:
        if not LANGUAGE_TAG.match(tag):
            top.error(
                ("languages",), f"{tag!r} is not a language tag", "use a BCP 47 tag such as `en`, `de` or `zh-Hans`"
            )
            return (DEFAULT_LANGUAGE,)
    if len(set(found)) != len(found):
        top.error(("languages",), "a language is listed twice", "list each language once")
    return tuple(dict.fromkeys(found))


def _section(reader: YamlReader, path: tuple[str | int, ...]) -> OutlineSection:
    f = reader.fields(path, schema.SECTION)
    layout = f.text("layout") or "headings"
    if layout not in LAYOUTS:
        f.error((*path, "layout"), f"unknown layout {layout!r}", f"use one of: {', '.join(LAYOUTS)}")
    heading = f.text("heading")
    if heading is not None:
        check_heading(f, (*path, "heading"), heading, allow_none=True)
    return OutlineSection(
        id=f.text("id") or "",
        title=f.text("title") or "",
        number=f.text("number"),
        label=f.text("label") or "Section",
        layout=layout,
        when=f.text("when"),
        heading=heading,
        line=f.line(),
    )


def _option(reader: YamlReader, path: tuple[str | int, ...]) -> Option:
    f = reader.fields(path, schema.OPTION)
    remix = f.text("remix")
    if remix not in (None, *REMIX):
        f.error((*path, "remix"), f"unknown remix behaviour {remix!r}", f"use one of: {', '.join(REMIX)}")
    effects = {str(row): answer for row, answer in _answers(f, "sheet").items()}
    return Option(
        code=f.text("code") or "",
        name=f.text("name") or "",
        meaning=f.text("meaning") or "",
        implies=f.texts("implies") or (),
        clauses=f.texts("clauses") or (),
        sheet=MappingProxyType(effects),
        remix=remix if remix in REMIX else None,
        line=f.line(),
        group=f.text("group"),
    )


ANSWER_FORMS = 'true, false, or {value: true/false, note: "qualifier"}'


def _answer(value: Any) -> Answer | None:
    if isinstance(value, bool):
        return Answer(value)
    if isinstance(value, dict) and set(value) == {"value", "note"} and isinstance(value["value"], bool):
        note = value["note"]
        return Answer(value["value"], note.strip()) if isinstance(note, str) and note.strip() else None
    return None


def _answers(fields: Fields, key: str) -> dict[Any, Answer]:
    """A mapping of keys to sheet answers under `key`, if present; each bad answer is reported."""
    if key not in fields.data:
        return {}
    entry = fields.table.key(key).entry
    assert entry is not None
    table = fields.reader.fields((*fields.path, key), entry)
    found = {name: table.get(name, _answer, ANSWER_FORMS) for name in table.data}
    return {name: answer for name, answer in found.items() if answer is not None}


def _sheet(reader: YamlReader) -> SheetSpec:
    f = reader.fields(("sheet",), schema.SHEET)
    groups: list[str] = []
    rows: list[SheetRow] = []
    for group_path in f.items("groups"):
        group = reader.fields(group_path, schema.SHEET_GROUP)
        title = group.text("title") or ""
        groups.append(title)
        for row_path in group.items("rows"):
            rows.append(_sheet_row(reader, row_path, title))
    return SheetSpec(note=f.text("note") or "", groups=tuple(groups), rows=tuple(rows))


def _sheet_row(reader: YamlReader, path: tuple[str | int, ...], group: str) -> SheetRow:
    f = reader.fields(path, schema.SHEET_ROW)
    fact = f.text("fact")
    default = f.get("default", _answer, ANSWER_FORMS)
    if fact is not None and "default" in f.data:
        f.error((*path, "default"), "a row that follows a fact takes no default", "remove `default:` or `fact:`")
    answers: dict[FactValue, Answer] = _answers(f, "answers")
    kind = f.text("kind")
    if kind is not None and kind not in ROW_KINDS:
        f.error(
            (*path, "kind"),
            f"unknown kind {kind!r} of the sheet row {f.text('id')!r}",
            f"use one of: {', '.join(ROW_KINDS)}",
        )
        kind = None
    return SheetRow(
        id=f.text("id") or "",
        label=f.text("label") or "",
        group=group,
        default=default,
        fact=fact,
        fact_answers=MappingProxyType(answers),
        line=f.line(),
        kind=kind,
        if_yes=f.text("if_yes"),
        if_no=f.text("if_no"),
    )


def _rule(reader: YamlReader, path: tuple[str | int, ...]) -> Rule:
    f = reader.fields(path, schema.RULE)
    never = f.texts("never") or ()
    if f.ok and "never" in f.data and len(never) < 2:
        f.error(
            (*path, "never"),
            "a rule must name at least two options that may not be combined",
            "list two or more option codes, e.g. `never: [ND, OS]`",
        )
    return Rule(never=never, because=f.text("because") or "", line=f.line())


def _facts(reader: YamlReader) -> tuple[FactSpec, ...]:
    table = reader.fields(("facts",), schema.Table("the `facts` entry"))
    specs = []
    for name in table.data:
        f = reader.fields(("facts", name), schema.FACT, f"the fact {name!r}")
        values = f.get("values", _fact_values, "a list of two or more true/false or text values") or ()
        specs.append(FactSpec(name=name, meaning=f.text("meaning") or "", values=values, line=f.line()))
    return tuple(specs)


def _fact_values(value: Any) -> tuple[FactValue, ...] | None:
    if not isinstance(value, list) or len(value) < 2:
        return None
    if not all(isinstance(v, (bool, str)) for v in value) or len(set(value)) != len(value):
        return None
    return tuple(value)


IDENTIFIER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,62}[A-Za-z0-9])?\Z")


def _identifier(fields: Fields, key: str) -> str:
    """A variant name or a version: they make up identifiers, and so file and folder names.

    The SPDX `LicenseRef-` alphabet (letters, digits, `.` and `-`) keeps `../` and `/`
    out, so no identifier can name a place outside the output folder.
    """
    value = fields.text(key) or ""
    if value and (not IDENTIFIER.match(value) or ".." in value):
        fields.error(
            (*fields.path, key),
            f"{key} {value!r} cannot be part of an identifier",
            "use letters, digits, single dots and dashes (at most 64), starting and ending with a letter or digit",
        )
        return ""
    return value


MARKUP = re.compile(r"[<>&\"`{}\[\]\\|]")


def _plain_name(fields: Fields, key: str) -> str:
    """The family's name or a license's title: text without characters markup would read.

    Names land in page titles, navigation and the site name, which the site's theme prints
    without escaping in places; a name has no use for these characters, so they are refused.
    """
    value = fields.text(key) or ""
    found = MARKUP.search(value)
    if found:
        fields.error(
            (*fields.path, key),
            f"{key} {value!r} contains {found.group(0)!r}, which markup would read",
            'write the name without < > & " ` { } [ ] \\ |',
        )
    return value


def _variant(reader: YamlReader, path: tuple[str | int, ...], version: str) -> Variant:
    f = reader.fields(path, schema.VARIANT)
    name = _identifier(f, "name")
    facts: dict[str, FactValue] = {}
    raw = f.data.get("facts", {})
    if not isinstance(raw, dict):
        f.error(
            (*path, "facts"),
            f"'facts' must be a mapping of fact names to values, found {describe(raw)}",
            "write `facts: {name: value, ...}`",
        )
    else:
        for key, value in raw.items():
            if isinstance(value, (bool, str)):
                facts[str(key)] = value
            else:
                f.error(
                    (*path, "facts", key),
                    f"fact {key!r} must be true, false or a text value, found {describe(value)}",
                    "use one of the values declared under `facts:`",
                )
    return Variant(
        name=name,
        id=f"{name}-{version}",
        title=_plain_name(f, "title"),
        options=f.texts("options") or (),
        facts=frozen_mapping(facts),
        line=f.line(),
        lifecycle=_lifecycle(f),
    )


def _lifecycle(f: Fields) -> Lifecycle:
    """The variant's `status`, `successor` and `reason`; a successor or reason needs a status other than active."""
    status = f.text("status") or "active"
    if status not in STATES:
        f.error((*f.path, "status"), f"unknown status {status!r}", f"use one of: {', '.join(STATES)}")
    successor, reason = f.text("successor"), f.text("reason")
    for key, value in (("successor", successor), ("reason", reason)):
        if value is not None and status == "active":
            f.error(
                (*f.path, key),
                f"`{key}` is given but the variant is active (no `status`)",
                "add `status: superseded` or `status: deprecated`, or remove the key",
            )
    return Lifecycle(status, successor, reason, f.line("status") if "status" in f.data else f.line())
