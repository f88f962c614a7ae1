"""Load translations: `clauses/**/<stem>.<lang>.md` beside each source fragment, and `translations/<lang>.yaml`.

A clause translation carries only what a reader sees (its title and body) and the
digest of the source text it was made from; everything else (id, place, condition,
evidence) stays the source's, so the translated variants cannot drift from the
default language's structure. Only the shape is checked here: alignment,
completeness and staleness are checks (checks/translations.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import MappingProxyType
from typing import Any

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.sources import schema
from clausekit.sources.files import (
    FRAGMENT_SUFFIX,
    TRANSLATIONS_DIR,
    SourceText,
    read_source,
    strings_files,
    translation_files,
)
from clausekit.sources.fragments import split_front_matter
from clausekit.sources.labels import DEFAULT_LABELS
from clausekit.sources.sitewords import SITE_WORDS
from clausekit.sources.types import Family, FamilyStrings, Fragment, RowStrings, TranslatedFragment, Translation
from clausekit.sources.vocabulary import read_labels
from clausekit.sources.yamlfile import Fields, YamlReader, parse_yaml

# Keys a translation must not repeat: they come from the source fragment.
FROM_SOURCE = tuple(name for name in schema.FRONT_MATTER.names() if name != "title")
# What a translation's `labels:` may key: the toolchain's words and the site's (which it may give
# instead of site/labels.<lang>.yml); anything else is a misspelt msgid that would print nowhere.
TRANSLATED_LABELS = frozenset(DEFAULT_LABELS) | frozenset(SITE_WORDS)


def source_digest(fragment: Fragment) -> str:
    """The digest a translation records in `source:`: sha256 of the source's title and body, 12 hex digits.

    The title is the front matter's `title` ("" for a term defined without one), the
    body the text after the front matter, stripped: the same as the contract's recipe,
    so translators can compute it with a few lines of Python of their own.
    """
    title = fragment.title if "title" in fragment.key_lines else ""
    return text_digest(title, fragment.body)


def text_digest(title: str, body: str) -> str:
    return hashlib.sha256((title + "\n" + body.strip()).encode("utf-8")).hexdigest()[:12]


def split_translation_name(relative: str) -> tuple[str, str]:
    """`clauses/a/use.de.md` -> (`clauses/a/use.md`, `de`): the source it pairs with, and the language."""
    folder, _, name = relative.rpartition("/")
    stem, _, language = name.removesuffix(FRAGMENT_SUFFIX).rpartition(".")
    return (f"{folder}/" if folder else "") + stem + FRAGMENT_SUFFIX, language


def translation_name(source_file: str, language: str) -> str:
    """The file that holds `source_file`'s translation into `language`."""
    return source_file.removesuffix(FRAGMENT_SUFFIX) + f".{language}{FRAGMENT_SUFFIX}"


def strings_name(language: str) -> str:
    return f"{TRANSLATIONS_DIR}/{language}.yaml"


def load_translations(root: Path, family: Family, fragments: tuple[Fragment, ...]) -> Checked[tuple[Translation, ...]]:
    """One `Translation` per non-default language, with every problem of every translation file."""
    problems: list[Diagnostic] = []
    by_file = {f.file: f for f in fragments}
    others = family.languages[1:]
    found: dict[str, list[TranslatedFragment]] = {lang: [] for lang in others}
    for file in translation_files(root):
        source_file, language = split_translation_name(file)
        if language not in others:
            problems.append(_unknown_language(file, language, family))
            continue
        source = by_file.get(source_file)
        if source is None:
            problems.append(
                Diagnostic(
                    file,
                    1,
                    f"a translation of {source_file}, which does not exist",
                    "name the file after its source fragment (same folder, same stem, then `.<lang>.md`), or delete it",
                )
            )
            continue
        text = read_source(root, file)
        loaded = (
            load_translated_fragment(text.value, source, language)
            if text.value is not None
            else Checked[TranslatedFragment](None, text.problems)
        )
        problems.extend(loaded.problems)
        if loaded.value is not None:
            found[language].append(loaded.value)
    present = set(strings_files(root))
    strings: dict[str, FamilyStrings | None] = {}
    for file in sorted(present):
        language = file.removeprefix(f"{TRANSLATIONS_DIR}/").removesuffix(".yaml")
        if language not in others:
            problems.append(_unknown_language(file, language, family))
    for language in others:
        file = strings_name(language)
        strings[language] = None
        if file in present:
            text = read_source(root, file)
            loaded_strings = (
                load_strings(text.value, language)
                if text.value is not None
                else Checked[FamilyStrings](None, text.problems)
            )
            problems.extend(loaded_strings.problems)
            strings[language] = loaded_strings.value
    translations = tuple(Translation(lang, tuple(found[lang]), strings[lang]) for lang in others)
    return Checked(translations, tuple(problems))


def _unknown_language(file: str, language: str, family: Family) -> Diagnostic:
    if language == family.default_language:
        return Diagnostic(
            file,
            1,
            f"a translation into {language!r}, the default language, in which the sources are written",
            "delete the file, or put the text in the source fragment itself",
        )
    declared = ", ".join(family.languages[1:]) or "none"
    return Diagnostic(
        file,
        1,
        f"unknown language suffix {language!r} (languages declared besides {family.default_language}: {declared})",
        f"add {language!r} to `languages:` in variants.yaml, or rename the file to `<stem>.<lang>.md` with a declared language",
    )


def load_translated_fragment(source: SourceText, original: Fragment, language: str) -> Checked[TranslatedFragment]:
    """A clause translation: front matter with `title` and `source` only, then the translated body."""
    split = split_front_matter(
        source, "translation", f"`title:`, `source: {source_digest(original)}`", "after `source:`"
    )
    if split.value is None:
        return Checked(None, split.problems)
    doc = split.value.doc
    problems: list[Diagnostic] = []
    if isinstance(doc.value, dict):
        for key in doc.value:
            if key in FROM_SOURCE:
                problems.append(
                    Diagnostic(
                        source.file,
                        doc.line((str(key),)),
                        f"`{key}` comes from the source fragment {original.file} and must not be repeated",
                        f"remove `{key}:`; a translation's front matter holds `title` and `source` only",
                    )
                )
    if problems:
        return Checked(None, tuple(problems))
    reader = YamlReader(doc)
    f = reader.fields((), schema.TRANSLATION_FRONT_MATTER)
    if not f.ok:
        return reader.checked(None)
    title = f.text("title", required="title" in original.key_lines)
    digest = f.text("source") or ""
    return reader.checked(
        TranslatedFragment(
            language=language,
            source=original.file,
            file=source.file,
            title=title,
            digest=digest,
            body=split.value.body,
            body_line=split.value.body_line,
            key_lines=MappingProxyType({str(k): doc.line((str(k),)) for k in f.data}),
        )
    )


def load_strings(source: SourceText, language: str) -> Checked[FamilyStrings]:
    """`translations/<lang>.yaml`: its shape, with every problem at its line; completeness is a check."""
    parsed = parse_yaml(source.text, source.file)
    if parsed.value is None:
        return Checked(None, parsed.problems)
    doc = parsed.value
    reader = YamlReader(doc)
    top = reader.fields((), schema.STRINGS, source.file)
    if not top.ok:
        return reader.checked(None)
    declared = top.text("language") or ""
    if declared and declared != language:
        top.error(
            ("language",),
            f"the file says `language: {declared}` but is named for {language!r}",
            f"write `language: {language}`, or rename the file to {strings_name(declared)}",
        )

    def texts(*path: str) -> dict[str, str]:
        if not _has(doc.value, path):
            return {}
        f = reader.fields(path, schema.TEXT_ENTRIES, f"`{'.'.join(path)}`")
        found = {}
        for key in f.data:
            if not isinstance(key, str):
                f.error((*path, key), f"the key {key!r} is not text", 'quote it, e.g. "yes": ...')
                continue
            value = f.text(key)
            if value is not None:
                found[key] = value
        return found

    # The key is the English msgid of a label or a site word, so it says which placeholders
    # the translation may use; leaving one out is a warning (checks/translations.py).
    labels = (
        read_labels(reader, ("labels",), TRANSLATED_LABELS, "clausekit/sources/labels.py or sitewords.py")
        if "labels" in top.data
        else {}
    )

    def tables(name: str, table: schema.Table) -> dict[str, Fields]:
        if name not in top.data:
            return {}
        outer = reader.fields((name,), schema.TEXT_ENTRIES, f"`{name}`")
        return {str(key): reader.fields((name, key), table) for key in outer.data}

    options = {
        code: (f.text("name") or "", f.text("meaning") or "")
        for code, f in tables("options", schema.STRINGS_OPTION).items()
    }
    rows: dict[str, RowStrings] = {}
    sheet_note = None
    groups: dict[str, str] = {}
    notes: dict[str, str] = {}
    if "sheet" in top.data:
        sheet = reader.fields(("sheet",), schema.STRINGS_SHEET)
        sheet_note = sheet.text("note")
        groups = texts("sheet", "groups")
        notes = texts("sheet", "notes")
        if "rows" in sheet.data:
            outer = reader.fields(("sheet", "rows"), schema.TEXT_ENTRIES, "`sheet.rows`")
            for key in outer.data:
                f = reader.fields(("sheet", "rows", key), schema.STRINGS_ROW)
                rows[str(key)] = RowStrings(f.text("label") or "", f.text("if_yes"), f.text("if_no"))
    vocabulary: dict[str, str] = {}
    if "vocabulary" in top.data:
        words = reader.fields(("vocabulary",), schema.STRINGS_VOCABULARY)
        vocabulary = {k: v for k in words.data if isinstance(k, str) and (v := words.text(k)) is not None}
    capitalised = (
        reader.fields(("checks",), schema.STRINGS_CHECKS).flag("undefined_capitalised")
        if "checks" in top.data
        else False
    )
    strings = FamilyStrings(
        language=language,
        name=top.text("name") or "",
        governs=top.text("governs") or "",
        stale=top.text("stale") or "",
        file=source.file,
        references=MappingProxyType(texts("references")),
        variants=MappingProxyType(
            {k: f.text("title") or "" for k, f in tables("variants", schema.STRINGS_TITLE).items()}
        ),
        outline=MappingProxyType(
            {k: f.text("title") or "" for k, f in tables("outline", schema.STRINGS_TITLE).items()}
        ),
        options=MappingProxyType(options),
        facts=MappingProxyType({k: f.text("meaning") or "" for k, f in tables("facts", schema.STRINGS_FACT).items()}),
        rules=MappingProxyType(texts("rules")),
        vocabulary=MappingProxyType(vocabulary),
        sheet_note=sheet_note,
        groups=MappingProxyType(groups),
        rows=MappingProxyType(rows),
        notes=MappingProxyType(notes),
        glossary=MappingProxyType(texts("glossary")),
        labels=MappingProxyType(labels),
        undefined_capitalised=capitalised,
        lines=MappingProxyType({".".join(str(p) for p in path): line for path, line in doc.lines.items() if path}),
    )
    return reader.checked(strings)


def _has(value: Any, path: tuple[str, ...]) -> bool:
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True
