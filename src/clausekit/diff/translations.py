"""What changed in the translations: languages declared, and translation files by their digests.

A diff lints only the governing (default-language) texts, for speed, so the
translations are never loaded here: each side's translation files are fingerprinted
(sides.py, `TranslationFiles`) and compared byte for byte. That is enough to tell a
reviewer that the Chinese text of a clause changed, without a redline of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from clausekit.diff.report import FieldChange, LanguageChange, TranslationChange, TranslationFileChange
from clausekit.sources.translations import split_translation_name, strings_name
from clausekit.sources.types import Library


@dataclass(frozen=True)
class TranslationFiles:
    """One side's translation files (`clauses/**/<stem>.<lang>.md`, `translations/<lang>.yaml`) and their digests."""

    digests: tuple[tuple[str, str], ...]  # (file relative to the root, sha256 of its bytes), sorted


def language_of(relative: str) -> str:
    """The language a translation file is in: `use.zh-Hans.md` and `translations/zh-Hans.yaml` are in zh-Hans."""
    if relative.endswith(".yaml"):
        return relative.rsplit("/", 1)[-1].removesuffix(".yaml")
    return split_translation_name(relative)[1]


def translation_changes(
    old: Library, new: Library, files: tuple[TranslationFiles, TranslationFiles] | None
) -> TranslationChange:
    """Languages added, removed or made the default, and per language the translation files that differ.

    Without `files` (libraries compared without their trees) only the declared languages are compared.
    """
    old_languages, new_languages = old.family.languages, new.family.languages
    default = (
        (FieldChange("default language", old_languages[0], new_languages[0]),)
        if old_languages[0] != new_languages[0]
        else ()
    )
    added = tuple(lang for lang in new_languages if lang not in old_languages)
    removed = tuple(lang for lang in old_languages if lang not in new_languages)
    if files is None:
        return TranslationChange(default, added, removed, ())
    before, after = dict(files[0].digests), dict(files[1].digests)
    ids = {f.file: f.id for f in old.fragments} | {f.file: f.id for f in new.fragments}
    changed: dict[str, list[TranslationFileChange]] = {}
    for relative in sorted(before.keys() | after.keys()):
        was, now = before.get(relative), after.get(relative)
        if was == now:
            continue
        status = "added" if was is None else "removed" if now is None else "changed"
        clause = None if relative.endswith(".yaml") else ids.get(split_translation_name(relative)[0])
        changed.setdefault(language_of(relative), []).append(TranslationFileChange(relative, status, clause))
    order = {lang: index for index, lang in enumerate((*new_languages, *old_languages))}
    languages = tuple(
        LanguageChange(
            language=lang,
            status="added" if lang in added else "removed" if lang in removed else "changed",
            files=tuple(c for c in found if c.file != strings_name(lang)),
            strings=next((c.status for c in found if c.file == strings_name(lang)), "unchanged"),
        )
        for lang, found in sorted(changed.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    )
    return TranslationChange(default, added, removed, languages)
