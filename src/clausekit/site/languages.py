"""The site's languages: per declared language, what its pages show of the current edition.

This is the one seam between the translations and the site. `languages()` returns,
for each language the family declares (`languages:` in variants.yaml, the default
first), the family's strings, the documents, the stale marks and the artifacts in
that language; everything else (the pages, the switcher, the search, the words) is
built from it. A variant whose translation is incomplete is simply absent from
`documents`: it gets no page in that language, and the switcher on its page in the
default language says so.

Today the sources declare no language but the default, so only that one is
returned; the translated languages are plugged in where `languages()` says.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from clausekit.document.types import Document
from clausekit.site.inputs import Artifact, SiteInputs
from clausekit.site.words import Words
from clausekit.sources.types import Family

DEFAULT_LANGUAGE = "en"
# A BCP 47 tag as a file name suffix: `faq.zh-Hans.md`, `license.zh-Hans.pdf`.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Language:
    """One language of the site: what its pages show of the current edition."""

    code: str  # the BCP 47 tag, e.g. "zh-Hans"; the pages' `lang` and file suffix
    name: str  # the language's own name, shown in the switcher ("简体中文")
    default: bool  # the default language's pages sit at the site's root, the others under `<code>/`
    family: Family  # the family's strings (titles, option names and meanings, rules) in this language
    documents: tuple[Document, ...]  # the variants translated completely (all of them for the default)
    artifacts: Mapping[
        str, Mapping[str, Artifact]
    ]  # variant id -> generic name ("license.pdf") -> this language's file
    stale: frozenset[str] = frozenset()  # ids of the variants whose translation has stale clauses
    labels: Mapping[str, str] = field(default_factory=dict, hash=False)  # the translation's `labels:`
    governs: str | None = None  # on every translated variant page: the default language governs
    stale_notice: str | None = None  # on a page whose translation has stale clauses

    @property
    def prefix(self) -> str:
        """Where the language's pages sit in the built site: "" or "zh-Hans/"."""
        return "" if self.default else f"{self.code}/"


def languages(inputs: SiteInputs) -> tuple[Language, ...]:
    """Every language of the site, the default first, then each translation the pipeline built.

    A translation's pages show only the variants complete in it (`Localized.documents`);
    the others keep their English page, and the switcher says they are not translated.
    """
    current = inputs.current
    family = current.family
    codes = family.languages
    found = [
        Language(
            code=codes[0],
            name=Words(codes[0])("English"),
            default=True,
            family=family,
            documents=current.documents,
            artifacts=language_artifacts(current.artifacts, codes[0], codes),
        )
    ]
    for localized in current.linted.languages:
        translation = current.linted.library.translation(localized.language)
        if localized.library is None or translation is None or translation.strings is None:
            continue  # nothing of it can be shown: the build has said what it lacks
        strings = translation.strings
        found.append(
            Language(
                code=localized.language,
                name=strings.name or localized.language,
                default=False,
                family=localized.library.family,
                documents=localized.documents,
                artifacts=language_artifacts(current.artifacts, localized.language, codes),
                stale=frozenset(d.variant_id for d in localized.documents if d.stale_notice),
                labels=strings.labels,
                governs=strings.governs,
                stale_notice=strings.stale,
            )
        )
    return tuple(found)


def language_artifacts(
    artifacts: Mapping[str, Mapping[str, Artifact]], code: str, codes: Collection[str]
) -> dict[str, dict[str, Artifact]]:
    """Per variant, the files of language `code`, by their default-language name.

    A translated artifact is named `<stem>.<lang>.<ext>` (`license.zh-Hans.pdf`); any
    other name is the default language's. So a zh-Hans page finds its PDF under
    "license.pdf", and the English page never lists the Chinese files.
    """
    default = next(iter(codes), DEFAULT_LANGUAGE)
    found: dict[str, dict[str, Artifact]] = {}
    for variant_id, files in artifacts.items():
        chosen: dict[str, Artifact] = {}
        for name, artifact in sorted(files.items()):
            language, generic = split_language(name, codes, default)
            if language == code:
                chosen[generic] = artifact
        found[variant_id] = chosen
    return found


def split_language(name: str, codes: Collection[str], default: str) -> tuple[str, str]:
    """`license.zh-Hans.pdf` -> ("zh-Hans", "license.pdf"); `license.pdf` -> (default, "license.pdf")."""
    stem, dot, ext = name.rpartition(".")
    base, _, tag = stem.rpartition(".")
    if dot and base and tag in codes and tag != default:
        return tag, f"{base}.{ext}"
    return default, name


def page_language(path: str) -> tuple[str | None, str]:
    """A site page's language suffix and its path without it: `faq.zh-Hans.md` -> ("zh-Hans", "faq.md").

    Only pages (`.md`) and data (`.yml`) have languages: `site.min.js` is an asset, not Min Chinese.

    Any tag counts, declared or not, so a page translated ahead of its language's
    declaration never turns into a page of its own.
    """
    folder, slash, name = path.rpartition("/")
    stem, _, ext = name.rpartition(".")
    base, _, tag = stem.rpartition(".")
    if ext in ("md", "yml") and base and LANGUAGE_TAG.fullmatch(tag):
        return tag, f"{folder}{slash}{base}.{ext}"
    return None, path


def localized(path: str, code: str, default: bool) -> str:
    """The source file of `path` in language `code`: `choose.md` -> `choose.zh-Hans.md`."""
    if default:
        return path
    stem, dot, ext = path.rpartition(".")
    return f"{stem}.{code}.{ext}" if dot else f"{path}.{code}"
