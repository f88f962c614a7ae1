"""A library in another language: the same family, every reader-visible string replaced from its translation.

`localize` is pure: it takes the loaded library and a language and returns a library
the existing pipeline assembles and renders like any other. Structure (ids, options,
conditions, numbering, evidence) is never translated, so a translated variant has by
construction the sections, clause ids and numbers of the default language's.

Where a clause has no translation the source fragment stays in the localized library,
so that references to it still compile; the pipeline builds no variant of that
language which selects it (`missing_clauses`), and says so. Nothing is filled
silently with the default language's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.sources.translations import source_digest, strings_name
from clausekit.sources.types import (
    Answer,
    FamilyStrings,
    Fragment,
    Library,
    Option,
    OutlineSection,
    SheetRow,
    SheetSpec,
    Vocabulary,
)

NUMBER = "{number}"


def localize(library: Library, language: str) -> Checked[Library]:
    """The library in `language`; stale clause ids are in `Library.stale`.

    Fails (no value) only when the language has no family strings at all; strings
    missing from the file are left in the default language here, and the
    completeness check keeps such a language from being built.
    """
    translation = library.translation(language)
    family = library.family
    if translation is None or translation.strings is None:
        return Checked.failed(
            Diagnostic(
                strings_name(language),
                None,
                f"no family strings for {language!r}",
                f"create {strings_name(language)} (see the Translations section of the README)",
            )
        )
    strings = translation.strings
    stale: set[str] = set()
    fragments: list[Fragment] = []
    for fragment in library.fragments:
        translated = translation.of(fragment.file)
        if translated is None:
            fragments.append(fragment)
            continue
        if translated.digest != source_digest(fragment):
            stale.add(fragment.id)
        term = strings.glossary.get(fragment.term, fragment.term) if fragment.term else None
        fragments.append(
            replace(
                fragment,
                title=translated.title or term or fragment.title,
                term=term,
                aliases=(),
                body=translated.body,
                file=translated.file,
                body_line=translated.body_line,
                # the keys of the source, found at the translation's first line; its own keys where it has them
                key_lines=MappingProxyType({**{k: 1 for k in fragment.key_lines}, **translated.key_lines}),
            )
        )
    localized = replace(
        family,
        language=language,
        undefined_capitalised=strings.undefined_capitalised,
        labels=family.labels.overridden(strings.labels),
        references=MappingProxyType({**family.references, **strings.references}),
        outline=tuple(_section(s, strings) for s in family.outline),
        options=tuple(_option(o, strings) for o in family.options),
        rules=tuple(replace(r, because=strings.rules.get(fold(r.because), r.because)) for r in family.rules),
        facts=tuple(replace(f, meaning=strings.facts.get(f.name, f.meaning)) for f in family.facts),
        variants=tuple(replace(v, title=strings.variants.get(v.name, v.title)) for v in family.variants),
        sheet=_sheet(family.sheet, strings) if family.sheet is not None else None,
        vocabulary=Vocabulary(
            **{k: strings.vocabulary.get(k, getattr(family.vocabulary, k)) for k in Vocabulary.__dataclass_fields__}
        ),
        words=(*family.words, *strings.glossary.values()),
        notices=(strings.governs,),
        stale_notice=strings.stale,
    )
    return Checked(Library(localized, tuple(fragments), library.translations, frozenset(stale)))


def fold(text: str) -> str:
    """A text folded to one line, as the translations file keys it (YAML folds long lines)."""
    return " ".join(text.split())


def _section(section: OutlineSection, strings: FamilyStrings) -> OutlineSection:
    # The label stays: it is the key of the translation's `references` pattern ("Section" -> "第{number}条").
    return replace(section, title=strings.outline.get(section.id, section.title))


def _option(option: Option, strings: FamilyStrings) -> Option:
    name, meaning = strings.options.get(option.code, (option.name, option.meaning))
    return replace(option, name=name, meaning=meaning, sheet=_answers(option.sheet, strings))


def _answers(answers: Mapping[str, Answer], strings: FamilyStrings) -> Mapping[str, Answer]:
    return MappingProxyType({k: _answer(a, strings) for k, a in answers.items()})


def _answer(answer: Answer, strings: FamilyStrings) -> Answer:
    return replace(answer, note=strings.notes.get(fold(answer.note), answer.note)) if answer.note else answer


def _sheet(sheet: SheetSpec, strings: FamilyStrings) -> SheetSpec:
    def row(r: SheetRow) -> SheetRow:
        words = strings.rows.get(r.id)
        return replace(
            r,
            label=words.label if words else r.label,
            group=strings.groups.get(r.group, r.group),
            if_yes=(words.if_yes if words and words.if_yes else r.if_yes),
            if_no=(words.if_no if words and words.if_no else r.if_no),
            default=_answer(r.default, strings) if r.default is not None else None,
            fact_answers=MappingProxyType({k: _answer(a, strings) for k, a in r.fact_answers.items()}),
        )

    return SheetSpec(
        note=strings.sheet_note or sheet.note,
        groups=tuple(strings.groups.get(g, g) for g in sheet.groups),
        rows=tuple(row(r) for r in sheet.rows),
    )
