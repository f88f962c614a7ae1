"""Translations: aligned with their sources, complete, current, and using the glossary's terms.

- Alignment: a translation has the source's Jinja tags, in the same order, and the same
  number of paragraphs, so every variant selects and numbers the same text in every
  language and a reviewer can read them side by side.
- Completeness: `translations/<lang>.yaml` names every string a reader of that language
  sees; a language that lacks one is not built (nothing falls back to English).
- Staleness: a translation records the digest of the source it was made from; a
  changed source makes it stale. A warning, since the old translation may still be
  the best available; `mgl lint --strict` fails on it.
- Terms: where the English clause uses a defined term, the translation uses the
  glossary's translation of it. Matching is on Unicode text: a word in a script with
  letter case must stand alone at its start (so "Datensatz" matches "Datensätze" but
  not "Teildatensatz"); a script without spaces between words (CJK) matches anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from clausekit.checks.terms import Vocabulary, match_phrase, words
from clausekit.diagnostics import Diagnostic
from clausekit.document.types import Clause, Document, block_paragraphs
from clausekit.sources.labels import DEFAULT_LABELS, placeholder_problems
from clausekit.sources.localize import fold
from clausekit.sources.translations import source_digest, strings_name
from clausekit.sources.types import Family, FamilyStrings, Library, Translation

TAG = re.compile(r"\{%-?\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
WARNING = "warning"

# The words the renderers print besides the family's own, by their English text (gettext-style msgids).
# Every translation must give each; the renderers' English defaults must list the same words.
# Every word the toolchain prints: a translation says each, since nothing falls back to English.
REQUIRED_LABELS = tuple(DEFAULT_LABELS)


def tags(body: str) -> tuple[str, ...]:
    """Every `{% ... %}` and `{{ ... }}` of a body, whitespace inside them normalised, in order."""
    return tuple(
        ("{% " if m.group(1) is not None else "{{ ") + " ".join((m.group(1) or m.group(2) or "").split())
        for m in TAG.finditer(body)
    )


def paragraph_count(body: str) -> int:
    return len([p for p in PARAGRAPH_BREAK.split(body.strip()) if p.strip()])


def aligned(source: str, translated: str) -> bool:
    """Whether a translated body has its source body's tags, in order, and paragraph count."""
    return tags(source) == tags(translated) and paragraph_count(source) == paragraph_count(translated)


def check_alignment(library: Library) -> list[Diagnostic]:
    """Each translation against its source: the same tags in the same order, the same paragraph count.

    A current translation that differs is an error. A stale one may differ because its source
    changed since: that is a warning, and the clause counts as untranslated until it is updated
    (`usable_translations`), so an edit of the default language never waits for its translators.
    """
    by_file = {f.file: f for f in library.fragments}
    problems: list[Diagnostic] = []
    for translation in library.translations:
        for translated in translation.fragments:
            source = by_file[translated.source]
            stale = translated.digest != source_digest(source)
            severity = WARNING if stale else "error"
            also = "; being stale, it is not built until updated" if stale else ""
            want, found = tags(source.body), tags(translated.body)
            if want != found:
                index = next(
                    (i for i, (a, b) in enumerate(zip(want, found, strict=False)) if a != b), min(len(want), len(found))
                )
                expected = _shown(want[index]) if index < len(want) else "no more tags"
                got = _shown(found[index]) if index < len(found) else "no tag"
                problems.append(
                    Diagnostic(
                        translated.file,
                        _tag_line(translated.body, translated.body_line, index),
                        f"the Jinja tags differ from the source's ({source.file}): tag {index + 1} should be "
                        f"{expected}, found {got}{also}",
                        "keep every {% if %}/{% elif %}/{% else %}/{% endif %} and {{ ... }} of the source, "
                        "in its order; translate only the words between them",
                        severity=severity,
                    )
                )
                continue
            want_n, found_n = paragraph_count(source.body), paragraph_count(translated.body)
            if want_n != found_n:
                problems.append(
                    Diagnostic(
                        translated.file,
                        translated.body_line,
                        f"{found_n} paragraph(s), but the source {source.file} has {want_n}{also}",
                        "separate paragraphs and lists with blank lines exactly where the source does",
                        severity=severity,
                    )
                )
    return problems


def usable_translations(library: Library) -> Library:
    """The library without the translations that no longer align with their (changed) sources."""
    by_file = {f.file: f for f in library.fragments}
    return replace(
        library,
        translations=tuple(
            replace(t, fragments=tuple(f for f in t.fragments if aligned(by_file[f.source].body, f.body)))
            for t in library.translations
        ),
    )


def _shown(tag: str) -> str:
    return f"`{tag} %}}`" if tag.startswith("{%") else f"`{tag} }}}}`"


def _tag_line(body: str, first_line: int, index: int) -> int:
    found = list(TAG.finditer(body))
    if index < len(found):
        return first_line + body[: found[index].start()].count("\n")
    return first_line


def check_staleness(library: Library) -> list[Diagnostic]:
    """A warning per translation made from an earlier text of its source."""
    by_file = {f.file: f for f in library.fragments}
    problems = []
    for translation in library.translations:
        for translated in translation.fragments:
            source = by_file[translated.source]
            digest = source_digest(source)
            if translated.digest != digest:
                problems.append(
                    Diagnostic(
                        translated.file,
                        translated.line_of("source"),
                        f"stale: {source.file} changed since this translation was made "
                        f"(it follows source {translated.digest}, the source is now {digest})",
                        f"bring the translation up to date with {source.file}, then set `source: {digest}`",
                        severity=WARNING,
                    )
                )
    return problems


@dataclass(frozen=True)
class Missing:
    """What keeps one language from being complete: family strings by key path, clause files by variant."""

    strings: tuple[str, ...]
    clauses: Mapping[str, tuple[str, ...]]  # variant id -> the source files without a translation


def missing_strings(family: Family, strings: FamilyStrings | None, terms: Iterable[str]) -> tuple[str, ...]:
    """Every key path of `translations/<lang>.yaml` the family needs and the file lacks."""
    if strings is None:
        return ("(the whole file)",)
    need: list[tuple[str, bool]] = [
        ("name", bool(strings.name)),
        ("governs", bool(strings.governs)),
        ("stale", bool(strings.stale)),
    ]
    labels = {s.label for s in family.outline if s.number is not None}
    need += [(f"references.{label}", label in strings.references) for label in sorted(labels)]
    need += [(f"variants.{v.name}.title", v.name in strings.variants) for v in family.variants]
    need += [(f"outline.{s.id}.title", s.id in strings.outline) for s in family.outline]
    need += [(f"options.{o.code}", o.code in strings.options) for o in family.options]
    need += [(f"facts.{f.name}.meaning", f.name in strings.facts) for f in family.facts]
    need += [(f"rules.{fold(r.because)!r}", fold(r.because) in strings.rules) for r in family.rules]
    vocabulary = family.vocabulary
    need += [(f"vocabulary.{k}", k in strings.vocabulary) for k in vocabulary.__dataclass_fields__]
    if family.sheet is not None:
        need.append(("sheet.note", strings.sheet_note is not None))
        need += [(f"sheet.groups.{g!r}", g in strings.groups) for g in family.sheet.groups]
        for row in family.sheet.rows:
            words_ = strings.rows.get(row.id)
            need.append((f"sheet.rows.{row.id}.label", words_ is not None))
            if row.if_yes is not None:
                need.append((f"sheet.rows.{row.id}.if_yes", words_ is not None and words_.if_yes is not None))
            if row.if_no is not None:
                need.append((f"sheet.rows.{row.id}.if_no", words_ is not None and words_.if_no is not None))
        for note in sorted(_answer_notes(family)):
            need.append((f"sheet.notes.{note!r}", note in strings.notes))
    need += [(f"glossary.{t!r}", t in strings.glossary) for t in sorted(set(terms))]
    need += [(f"labels.{label!r}", label in strings.labels) for label in REQUIRED_LABELS]
    return tuple(path for path, present in need if not present)


def _answer_notes(family: Family) -> set[str]:
    notes = {fold(a.note) for o in family.options for a in o.sheet.values() if a.note}
    if family.sheet is not None:
        for row in family.sheet.rows:
            answers = [*([row.default] if row.default else []), *row.fact_answers.values()]
            notes |= {fold(a.note) for a in answers if a.note}
    return notes


def missing_clauses(documents: Sequence[Document], translation: Translation) -> dict[str, tuple[str, ...]]:
    """Per variant (of the default language's documents), the fragment files it uses that have no translation."""
    translated = {t.source for t in translation.fragments}
    found: dict[str, tuple[str, ...]] = {}
    for document in documents:
        files = sorted({c.source for _, c in document.clauses()} - translated)
        if files:
            found[document.variant_id] = tuple(files)
    return found


def check_strings(library: Library) -> list[Diagnostic]:
    """A warning per language whose family strings are incomplete, naming every missing key."""
    terms = [f.term for f in library.fragments if f.term]
    problems = []
    for translation in library.translations:
        lacking = missing_strings(library.family, translation.strings, terms)
        if lacking:
            file = strings_name(translation.language)
            shown = ", ".join(lacking[:12]) + (f" and {len(lacking) - 12} more" if len(lacking) > 12 else "")
            problems.append(
                Diagnostic(
                    file,
                    None,
                    f"{len(lacking)} string(s) missing, so no variant is built in {translation.language!r}: {shown}",
                    f"add them to {file} (`mgl translations` lists them all)",
                    severity=WARNING,
                )
            )
    return problems


def check_label_placeholders(library: Library) -> list[Diagnostic]:
    """A warning per translated label that leaves out a placeholder of its msgid.

    An unknown placeholder is refused when the file is loaded; one left out may be the
    language's way of saying it, so it only fails `mgl lint --strict`.
    """
    problems: list[Diagnostic] = []
    for translation in library.translations:
        strings = translation.strings
        if strings is None:
            continue
        for msgid, text in strings.labels.items():
            line = strings.lines.get(f"labels.{msgid}")
            problems.extend(p for p in placeholder_problems(strings.file, line, msgid, text) if p.severity == WARNING)
    return problems


def check_glossary(
    english: Sequence[Document], localized: Sequence[Document], library: Library, strings: FamilyStrings
) -> list[Diagnostic]:
    """Where the English clause uses a defined term, its translation uses the glossary's translation of it."""
    vocabulary = Vocabulary.of(library)
    aliases = {f.term: f.aliases for f in library.fragments if f.term}
    by_variant = {d.variant_id: d for d in localized}
    problems: list[Diagnostic] = []
    for document in english:
        translated_doc = by_variant.get(document.variant_id)
        if translated_doc is None:
            continue
        translated = {c.id: c for _, c in translated_doc.clauses()}
        for _, clause in document.clauses():
            other = translated.get(clause.id)
            if other is None:
                continue
            text = _clause_text(other)
            for term in sorted(_terms_used(clause, vocabulary)):
                # The term's translation, or that of one of its other forms when the glossary gives them.
                accepted = [strings.glossary[f] for f in (term, *aliases.get(term, ())) if f in strings.glossary]
                wanted = strings.glossary.get(term)
                if wanted is None or any(uses_term(text, form) for form in accepted):
                    continue
                problems.append(
                    Diagnostic(
                        other.source,
                        None,
                        f"the source {clause.source} uses the defined term {term!r}, but the translation "
                        f"never uses its glossary translation {wanted!r}",
                        f"write {wanted!r} where the source says {term!r}, or change the glossary in "
                        f"{strings_name(strings.language)}",
                        (document.variant_id,),
                    )
                )
    return problems


def _clause_text(clause: Clause) -> str:
    return "\n".join([clause.title, *(p.text for p in block_paragraphs(clause.blocks))])


def _terms_used(clause: Clause, vocabulary: Vocabulary) -> set[str]:
    """The defined terms the clause's text (or its own definition) uses, as the English term check finds them."""
    found = {clause.term} if clause.term else set()
    for paragraph in block_paragraphs(clause.blocks):
        tokens = words(paragraph.text)
        i = 0
        while i < len(tokens):
            phrase = match_phrase(vocabulary, tokens, i, paragraph.text)
            if phrase is None:
                i += 1
                continue
            i += len(phrase.words)
            if phrase.term is not None:
                found.add(phrase.term)
    return found


def uses_term(text: str, term: str) -> bool:
    """Whether `term` occurs in `text`; in a cased script it must start a word (inflected endings allowed)."""
    if not term:
        return True
    first = term[0]
    cased = first.lower() != first.upper()
    pattern = (r"(?<!\w)" if cased else "") + re.escape(term)
    return re.search(pattern, text, re.IGNORECASE if cased else 0) is not None


@dataclass(frozen=True)
class LanguageStatus:
    """How far one language is: of the clause files the variants use, which are current, stale or missing."""

    language: str
    used: tuple[str, ...]  # the source files some variant uses
    stale: tuple[str, ...]  # translated, but from an earlier source text
    missing: tuple[str, ...]  # no translation
    missing_strings: tuple[str, ...]  # key paths of translations/<lang>.yaml

    @property
    def translated(self) -> int:
        return len(self.used) - len(self.missing)

    @property
    def current(self) -> int:
        return self.translated - len(self.stale)

    @property
    def percent(self) -> float:
        """The share of the used clauses whose translation is current, in percent, to one decimal."""
        return round(100 * self.current / len(self.used), 1) if self.used else 100.0


def translation_status(library: Library, documents: Sequence[Document]) -> tuple[LanguageStatus, ...]:
    """One status per non-default language, computed from the default language's assembled variants."""
    used = sorted({clause.source for document in documents for _, clause in document.clauses()})
    sources = {f.file: f for f in library.fragments}
    terms = [f.term for f in library.fragments if f.term]
    found = []
    for translation in library.translations:
        translated = {t.source: t for t in translation.fragments}
        missing = tuple(f for f in used if f not in translated)
        stale = tuple(f for f in used if f in translated and translated[f].digest != source_digest(sources[f]))
        lacking = missing_strings(library.family, translation.strings, terms)
        found.append(LanguageStatus(translation.language, tuple(used), stale, missing, lacking))
    return tuple(found)
