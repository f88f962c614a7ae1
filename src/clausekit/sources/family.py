"""Load variants.yaml into a `Family`, reporting every schema problem with its line.

Only the shape of the file is checked here (types, required keys, unknown keys);
whether names refer to things that exist is the validator's job, where it can look
at the family and the fragments together.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from clausekit.diagnostics import Diagnostic
from clausekit.sources.files import SourceText
from clausekit.sources.types import (
    Answer,
    FactSpec,
    FactValue,
    Family,
    Option,
    OutlineSection,
    Rule,
    SheetRow,
    SheetSpec,
    Variant,
    frozen_mapping,
)
from clausekit.sources.vocabulary import load_publish, load_vocabulary
from clausekit.sources.yamlfile import Fields, YamlDocument, describe, parse_yaml

LAYOUTS = ("headings", "inline")


def load_family(source: SourceText) -> Family | list[Diagnostic]:
    doc = parse_yaml(source.text, source.file)
    if isinstance(doc, Diagnostic):
        return [doc]
    problems: list[Diagnostic] = []
    top = Fields(doc, (), problems, source.file)
    if not top.ok:
        return problems
    top.only({"family", "outline", "options", "rules", "facts", "words", "vocabulary", "publish", "variants", "sheet"})

    head = Fields(doc, ("family",), problems, "the `family` entry")
    head.only({"name", "version"})
    name = head.text("name") or ""
    version = head.text("version") or ""

    outline = tuple(_section(doc, path, problems) for path in top.items("outline"))
    options = tuple(_option(doc, path, problems) for path in top.items("options"))
    rules = tuple(_rule(doc, path, problems) for path in _optional_items(top, "rules"))
    facts = _facts(doc, problems)
    words = top.texts("words", required=False) or ()
    variants = tuple(_variant(doc, path, problems, version) for path in top.items("variants"))
    sheet = _sheet(doc, problems) if "sheet" in top.data else None
    vocabulary = load_vocabulary(doc, problems)
    publish = load_publish(doc, top, problems)
    if problems:
        return problems
    return Family(
        name=name,
        version=version,
        outline=outline,
        options=options,
        rules=rules,
        facts=facts,
        words=words,
        variants=variants,
        sheet=sheet,
        file=source.file,
        vocabulary=vocabulary,
        publish=publish,
    )


def _optional_items(top: Fields, key: str) -> list[tuple[str | int, ...]]:
    return top.items(key) if key in top.data else []


def _section(doc: YamlDocument, path: tuple[str | int, ...], problems: list[Diagnostic]) -> OutlineSection:
    f = Fields(doc, path, problems, "an outline section")
    f.only({"id", "title", "number", "label", "layout", "when"})
    layout = f.text("layout", required=False, default="headings") or "headings"
    if layout not in LAYOUTS:
        f.error((*path, "layout"), f"unknown layout {layout!r}", f"use one of: {', '.join(LAYOUTS)}")
    return OutlineSection(
        id=f.text("id") or "",
        title=f.text("title") or "",
        number=f.text("number", required=False),
        label=f.text("label", required=False, default="Section") or "Section",
        layout=layout,
        when=f.text("when", required=False),
        line=f.line(),
    )


def _option(doc: YamlDocument, path: tuple[str | int, ...], problems: list[Diagnostic]) -> Option:
    f = Fields(doc, path, problems, "an option")
    f.only({"code", "name", "meaning", "implies", "clauses", "sheet", "remix"})
    remix = f.text("remix", required=False)
    if remix not in (None, *REMIX):
        f.error((*path, "remix"), f"unknown remix behaviour {remix!r}", f"use one of: {', '.join(REMIX)}")
    effects = {str(row): answer for row, answer in _answers(f, "sheet", "an option's `sheet` entry").items()}
    return Option(
        code=f.text("code") or "",
        name=f.text("name") or "",
        meaning=f.text("meaning") or "",
        implies=f.texts("implies", required=False) or (),
        clauses=f.texts("clauses", required=False) or (),
        sheet=MappingProxyType(effects),
        unshareable_remix=remix == "unshareable",
        line=f.line(),
    )


REMIX = ("unshareable",)
ANSWER_FORMS = 'true, false, or {value: true/false, note: "qualifier"}'


def _answer(value: Any) -> Answer | None:
    if isinstance(value, bool):
        return Answer(value)
    if isinstance(value, dict) and set(value) == {"value", "note"} and isinstance(value["value"], bool):
        note = value["note"]
        return Answer(value["value"], note.strip()) if isinstance(note, str) and note.strip() else None
    return None


def _answers(fields: Fields, key: str, what: str) -> dict[Any, Answer]:
    """A mapping of keys to sheet answers under `key`, if present; each bad answer is reported."""
    if key not in fields.data:
        return {}
    table = Fields(fields.doc, (*fields.path, key), fields.problems, what)
    found = {name: table.get(name, _answer, ANSWER_FORMS) for name in table.data}
    return {name: answer for name, answer in found.items() if answer is not None}


def _sheet(doc: YamlDocument, problems: list[Diagnostic]) -> SheetSpec:
    f = Fields(doc, ("sheet",), problems, "the `sheet` entry")
    f.only({"note", "groups"})
    groups: list[str] = []
    rows: list[SheetRow] = []
    for group_path in f.items("groups"):
        group = Fields(doc, group_path, problems, "a sheet group")
        group.only({"title", "rows"})
        title = group.text("title") or ""
        groups.append(title)
        for row_path in group.items("rows"):
            rows.append(_sheet_row(doc, row_path, problems, title))
    return SheetSpec(note=f.text("note") or "", groups=tuple(groups), rows=tuple(rows))


def _sheet_row(doc: YamlDocument, path: tuple[str | int, ...], problems: list[Diagnostic], group: str) -> SheetRow:
    f = Fields(doc, path, problems, "a sheet row")
    f.only({"id", "label", "default", "fact", "answers"})
    fact = f.text("fact", required=False)
    default = f.get("default", _answer, ANSWER_FORMS, required=fact is None)
    if fact is not None and "default" in f.data:
        f.error((*path, "default"), "a row that follows a fact takes no default", "remove `default:` or `fact:`")
    answers: dict[FactValue, Answer] = _answers(f, "answers", "a row's `answers`")
    return SheetRow(
        id=f.text("id") or "",
        label=f.text("label") or "",
        group=group,
        default=default,
        fact=fact,
        fact_answers=MappingProxyType(answers),
        line=f.line(),
    )


def _rule(doc: YamlDocument, path: tuple[str | int, ...], problems: list[Diagnostic]) -> Rule:
    f = Fields(doc, path, problems, "a rule")
    f.only({"never", "because"})
    never = f.texts("never") or ()
    if f.ok and "never" in f.data and len(never) < 2:
        f.error(
            (*path, "never"),
            "a rule must name at least two options that may not be combined",
            "list two or more option codes, e.g. `never: [ND, OS]`",
        )
    return Rule(never=never, because=f.text("because") or "", line=f.line())


def _facts(doc: YamlDocument, problems: list[Diagnostic]) -> tuple[FactSpec, ...]:
    if "facts" not in doc.value:
        return ()
    table = Fields(doc, ("facts",), problems, "the `facts` entry")
    specs = []
    for name in table.data:
        f = Fields(doc, ("facts", name), problems, f"the fact {name!r}")
        f.only({"meaning", "values"})
        values = f.get("values", _fact_values, "a list of two or more true/false or text values") or ()
        specs.append(FactSpec(name=name, meaning=f.text("meaning") or "", values=values, line=f.line()))
    return tuple(specs)


def _fact_values(value: Any) -> tuple[FactValue, ...] | None:
    if not isinstance(value, list) or len(value) < 2:
        return None
    if not all(isinstance(v, (bool, str)) for v in value) or len(set(value)) != len(value):
        return None
    return tuple(value)


def _variant(doc: YamlDocument, path: tuple[str | int, ...], problems: list[Diagnostic], version: str) -> Variant:
    f = Fields(doc, path, problems, "a variant")
    f.only({"name", "title", "options", "facts"})
    name = f.text("name") or ""
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
        title=f.text("title") or "",
        options=f.texts("options") or (),
        facts=frozen_mapping(facts),
        line=f.line(),
    )
