"""Translations to and from gettext PO files, so translators can use their usual tools.

One entry per clause (msgctxt: the clause id; msgid: the source's title, a blank line
and its body; msgstr: the translation; `#. source: <digest>` the source text the
translation follows; `fuzzy` when that is an earlier text), then one per family string
(msgctxt such as `option:BY:name`, msgid the English).

Import is the inverse, all or nothing: every problem of the PO file is reported with
its line and nothing is written; otherwise the changed `.<lang>.md` files and
`translations/<lang>.yaml` are published as one change. A clause's digest becomes the
current source's only when its msgid is the current source text and it is not fuzzy:
a translation made from an earlier text stays stale. A file whose content would not
change is not rewritten, so export followed by import changes no byte.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
import yaml

from clausekit.checks.translations import paragraph_count, tags
from clausekit.diagnostics import Checked, Diagnostic
from clausekit.output.write import Artifact, WriteReport, read_existing, write_artifacts
from clausekit.sources.localize import fold
from clausekit.sources.translations import source_digest, strings_name, translation_name
from clausekit.sources.types import Family, FamilyStrings, Fragment, Library, TranslatedFragment

FUZZY = "fuzzy"
DIGEST_NOTE = re.compile(r"^source: ([0-9a-f]+)$", re.MULTILINE)


@dataclass(frozen=True)
class StringEntry:
    """One family string: where it goes in translations/<lang>.yaml, and its English."""

    context: str  # msgctxt, e.g. "option:BY:name"
    english: str  # msgid
    path: tuple[str, ...]  # the key path in translations/<lang>.yaml


def string_entries(family: Family, terms: Iterable[str], labels: Iterable[str]) -> tuple[StringEntry, ...]:
    """Every family string a language needs, in the order translations/<lang>.yaml lists them."""
    found = [StringEntry(f"language:{key}", key, (key,)) for key in ("name", "governs", "stale")]
    numbered = dict.fromkeys(s.label for s in family.outline if s.number is not None)
    found += [StringEntry(f"references:{label}", f"{label} {{number}}", ("references", label)) for label in numbered]
    found += [StringEntry(f"variant:{v.name}:title", v.title, ("variants", v.name, "title")) for v in family.variants]
    found += [StringEntry(f"outline:{s.id}:title", s.title, ("outline", s.id, "title")) for s in family.outline]
    for option in family.options:
        found.append(StringEntry(f"option:{option.code}:name", option.name, ("options", option.code, "name")))
        found.append(StringEntry(f"option:{option.code}:meaning", option.meaning, ("options", option.code, "meaning")))
    found += [StringEntry(f"fact:{f.name}:meaning", f.meaning, ("facts", f.name, "meaning")) for f in family.facts]
    found += [StringEntry("rule", fold(r.because), ("rules", fold(r.because))) for r in family.rules]
    vocabulary = family.vocabulary
    found += [
        StringEntry(f"vocabulary:{k}", getattr(vocabulary, k), ("vocabulary", k))
        for k in vocabulary.__dataclass_fields__
    ]
    if family.sheet is not None:
        sheet = family.sheet
        found.append(StringEntry("sheet:note", sheet.note, ("sheet", "note")))
        found += [StringEntry("sheet:group", g, ("sheet", "groups", g)) for g in sheet.groups]
        for row in sheet.rows:
            for key in ("label", "if_yes", "if_no"):
                english = getattr(row, key)
                if english is not None:
                    found.append(StringEntry(f"row:{row.id}:{key}", english, ("sheet", "rows", row.id, key)))
        notes = {fold(a.note) for o in family.options for a in o.sheet.values() if a.note}
        for row in sheet.rows:
            answers = [*([row.default] if row.default else []), *row.fact_answers.values()]
            notes |= {fold(a.note) for a in answers if a.note}
        found += [StringEntry("sheet:answer-note", n, ("sheet", "notes", n)) for n in sorted(notes)]
    found += [StringEntry("glossary", t, ("glossary", t)) for t in dict.fromkeys(terms)]
    found += [StringEntry("label", label, ("labels", label)) for label in labels]
    return tuple(found)


def strings_values(strings: FamilyStrings | None) -> dict[tuple[str, ...], str]:
    """The translations file's values by key path (the paths `string_entries` uses)."""
    if strings is None:
        return {}
    found: dict[tuple[str, ...], str] = {
        ("name",): strings.name,
        ("governs",): strings.governs,
        ("stale",): strings.stale,
    }
    found |= {("references", k): v for k, v in strings.references.items()}
    found |= {("variants", k, "title"): v for k, v in strings.variants.items()}
    found |= {("outline", k, "title"): v for k, v in strings.outline.items()}
    for code, (name, meaning) in strings.options.items():
        found |= {("options", code, "name"): name, ("options", code, "meaning"): meaning}
    found |= {("facts", k, "meaning"): v for k, v in strings.facts.items()}
    found |= {("rules", k): v for k, v in strings.rules.items()}
    found |= {("vocabulary", k): v for k, v in strings.vocabulary.items()}
    if strings.sheet_note is not None:
        found[("sheet", "note")] = strings.sheet_note
    found |= {("sheet", "groups", k): v for k, v in strings.groups.items()}
    for row_id, row in strings.rows.items():
        for key in ("label", "if_yes", "if_no"):
            if getattr(row, key):
                found[("sheet", "rows", row_id, key)] = getattr(row, key)
    found |= {("sheet", "notes", k): v for k, v in strings.notes.items()}
    found |= {("glossary", k): v for k, v in strings.glossary.items()}
    found |= {("labels", k): v for k, v in strings.labels.items()}
    return {path: value for path, value in found.items() if value}


def clause_msgid(fragment: Fragment) -> str:
    """The source text of a clause as a PO msgid: its title, a blank line, its body (the body alone without a title)."""
    return f"{fragment.title}\n\n{fragment.body}" if "title" in fragment.key_lines else fragment.body


def _clause_msgstr(fragment: Fragment, translated: TranslatedFragment) -> str:
    if "title" in fragment.key_lines:
        return f"{translated.title or ''}\n\n{translated.body}"
    return translated.body


def export_po(library: Library, language: str, labels: Iterable[str]) -> str:
    """The PO file of one language: every clause, then every family string; untranslated ones with an empty msgstr."""
    translation = library.translation(language)
    assert translation is not None, "the caller checks the language"
    family = library.family
    po = polib.POFile(wrapwidth=78)
    po.metadata = {
        "Project-Id-Version": f"{family.name} {family.version}",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for fragment in sorted(library.fragments, key=lambda f: f.file):
        translated = translation.of(fragment.file)
        current = source_digest(fragment)
        entry = polib.POEntry(
            msgctxt=fragment.id,
            msgid=clause_msgid(fragment),
            msgstr=_clause_msgstr(fragment, translated) if translated is not None else "",
            comment=f"source: {translated.digest if translated is not None else current}",
            occurrences=[(translation_name(fragment.file, language), "")],
        )
        if translated is not None and translated.digest != current:
            entry.flags.append(FUZZY)  # made from an earlier source text: the translator must look again
        po.append(entry)
    values = strings_values(translation.strings)
    terms = [f.term for f in library.fragments if f.term]
    for item in string_entries(family, terms, labels):
        po.append(
            polib.POEntry(
                msgctxt=item.context,
                msgid=item.english,
                msgstr=values.get(item.path, ""),
                occurrences=[(strings_name(language), "")],
            )
        )
    return str(po)


def import_po(root: Path, library: Library, text: str, shown: str, labels: Iterable[str]) -> Checked[WriteReport]:
    """Write the translations a PO file holds, all or none; problems name the PO file and line."""
    try:
        po = polib.pofile(text)
    except (OSError, ValueError) as err:
        where = re.search(r"line (\d+)", str(err))
        return Checked.failed(
            Diagnostic(
                shown, int(where.group(1)) if where else None, f"not a readable PO file: {err}", "fix the PO syntax"
            )
        )
    family = library.family
    language = (po.metadata.get("Language") or "").strip()
    if language not in family.languages[1:]:
        return Checked.failed(
            Diagnostic(
                shown,
                1,
                f"the PO file's Language header is {language!r}, not a translated language of the family",
                f"set `Language: <lang>` in its header to one of: {', '.join(family.languages[1:]) or '(none declared)'}",
            )
        )
    translation = library.translation(language)
    assert translation is not None
    by_id = {f.id: f for f in library.fragments}
    terms = [f.term for f in library.fragments if f.term]
    known = {(e.context, e.english): e for e in string_entries(family, terms, labels)}
    problems: list[Diagnostic] = []
    artifacts: list[Artifact] = []
    values = strings_values(translation.strings)
    imported: dict[tuple[str, ...], str] = {}
    for entry in po:
        line = entry.linenum
        context = entry.msgctxt or ""
        if context in by_id:
            found = _clause(root, by_id[context], entry, translation.of(by_id[context].file), language, shown)
            if isinstance(found, Diagnostic):
                problems.append(found)
            elif found is not None:
                artifacts.append(found)
            continue
        item = known.get((context, entry.msgid))
        if item is None:
            problems.append(
                Diagnostic(
                    shown,
                    line,
                    f"no clause id or family string matches msgctxt {context!r} with this msgid",
                    "export a fresh PO file with `mgl translations export` and translate in that one",
                )
            )
            continue
        if entry.msgstr.strip():
            # A label's spaces are part of it (", ", " and "); other strings are trimmed.
            imported[item.path] = entry.msgstr if item.path[0] == "labels" else entry.msgstr.strip()
    if problems:
        return Checked(None, tuple(problems))
    merged = {**values, **imported}
    if merged != values:
        data = _strings_data(language, merged, translation.strings)
        content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000).encode("utf-8")
        artifacts.append(Artifact(strings_name(language), content))
    return Checked(write_artifacts(root, artifacts, ()))


def _clause(
    root: Path, fragment: Fragment, entry: polib.POEntry, existing: TranslatedFragment | None, language: str, shown: str
) -> Artifact | Diagnostic | None:
    """The translation file an entry gives, or None when it leaves the file as it is."""
    msgstr = entry.msgstr.strip("\n")
    if not msgstr.strip():
        return None
    title: str | None
    if "title" in fragment.key_lines:
        heading, blank, body = msgstr.partition("\n\n")
        if not blank or not heading.strip() or "\n" in heading:
            return Diagnostic(
                shown,
                entry.linenum,
                f"the translation of {fragment.id!r} must start with its title, then a blank line, then the text",
                "write the translated title on the first line, an empty line, then the body",
            )
        title = heading.strip()
    else:
        title, body = (existing.title if existing else None), msgstr
    if tags(body) != tags(fragment.body) or paragraph_count(body) != paragraph_count(fragment.body):
        return Diagnostic(
            shown,
            entry.linenum,
            f"the translation of {fragment.id!r} does not keep the source's Jinja tags and paragraphs "
            f"({fragment.file})",
            "keep every {% ... %} and {{ ... }} of the msgid, in its order, and its blank lines; translate the words",
        )
    current = source_digest(fragment)
    if entry.msgid == clause_msgid(fragment) and FUZZY not in entry.flags:
        digest = current
    else:
        noted = DIGEST_NOTE.search(entry.comment or "")
        digest = noted.group(1) if noted else (existing.digest if existing else "")
        if not digest:
            return Diagnostic(
                shown,
                entry.linenum,
                f"the msgid of {fragment.id!r} is not the current source text, and no `#. source:` digest says "
                "which text the translation follows",
                "export a fresh PO file and translate the current text",
            )
    body = body.strip("\n")
    if existing is not None and (existing.title, existing.digest, existing.body) == (title, digest, body):
        return None
    file = translation_name(fragment.file, language)
    content = _translation_text(title, digest, body).encode("utf-8")
    return None if read_existing(root, file) == content else Artifact(file, content)


def _translation_text(title: str | None, digest: str, body: str) -> str:
    head = f"title: {_scalar(title)}\n" if title else ""
    return f"---\n{head}source: {digest}\n---\n{body}\n"


def _scalar(text: str) -> str:
    """A YAML value written plain when it reads back unchanged, else as a double-quoted string."""
    try:
        if yaml.safe_load(f"v: {text}") == {"v": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _strings_data(
    language: str, values: Mapping[tuple[str, ...], str], existing: FamilyStrings | None
) -> dict[str, Any]:
    """translations/<lang>.yaml as data, in the contract's key order; `checks` kept from the file."""
    data: dict[str, Any] = {"language": language}
    order: tuple[str, ...] = ("name", "governs", "stale", "references", "variants", "outline", "options")
    order += ("facts", "rules", "vocabulary", "sheet", "glossary", "labels")
    for path, value in sorted(values.items(), key=lambda item: order.index(item[0][0])):
        target = data
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = value
    if existing is not None and existing.undefined_capitalised:
        data["checks"] = {"undefined_capitalised": True}
    return data
