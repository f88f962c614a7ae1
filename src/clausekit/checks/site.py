"""The hand-written site against the family: what `site/` says must still be true.

A family changes (an option dropped, a variant renamed, one more license) while
the pages written by hand about it stay as they were. These checks find what
they can see for certain: a chooser question about an option the family no
longer has, a link to the page of a variant that is gone, a stated number of
licenses, variants or options that is not the family's, and a logo or favicon
that site/mkdocs.yml names but site/docs/ lacks (mkdocs --strict says nothing:
the theme would link a missing image on every page).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from clausekit.diagnostics import Diagnostic
from clausekit.sources.files import SourceText
from clausekit.sources.labels import placeholder_problems
from clausekit.sources.sitefiles import DOCS_DIR, SITE_DIR, SiteFiles
from clausekit.sources.types import Family
from clausekit.sources.yamlfile import YamlDocument

NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_COUNT = re.compile(r"\b(\d+|" + "|".join(NUMBERS) + r")\s+(licenses|variants|options)\b", re.IGNORECASE)
_VARIANT_LINK = re.compile(r"licenses/([A-Za-z0-9._-]+)\.md\b")


def check_site(family: Family, site: SiteFiles) -> list[Diagnostic]:
    return [
        *_chooser(family, site),
        *(d for page in site.pages for d in _page(family, page)),
        *check_theme_images(site),
        *(d for words in site.words for d in check_site_words(words)),
    ]


def check_theme_images(site: SiteFiles) -> list[Diagnostic]:
    """The logo and favicon each configuration names must be files of site/docs/ (`mgl site` checks this too)."""
    return [d for config in site.configs for d in _theme_images(config, site.docs)]


THEME_IMAGES = ("logo", "favicon")  # theme settings that name a file of docs_dir, linked from every page
_ELSEWHERE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)  # a URL, not a file of the site


def _theme_images(config: YamlDocument, docs: frozenset[str]) -> Iterator[Diagnostic]:
    """Each `theme.logo` and `theme.favicon` that is not a file under site/docs/."""
    theme = config.value.get("theme") if isinstance(config.value, dict) else None
    if not isinstance(theme, dict):
        return
    for key in THEME_IMAGES:
        value = theme.get(key)
        if value is None or (isinstance(value, str) and _ELSEWHERE.match(value)):
            continue
        wanted = posixpath.normpath(value.lstrip("/")) if isinstance(value, str) else ""
        if wanted in docs:
            continue
        images = sorted(p for p in docs if p.endswith((".svg", ".png", ".ico")))
        yield Diagnostic(
            config.file,
            config.line(("theme", key)),
            f"theme.{key} names {value!r}, which is not a file under {SITE_DIR}/{DOCS_DIR}/",
            f"add {SITE_DIR}/{DOCS_DIR}/{wanted or '<file>'}, or name a file under {SITE_DIR}/{DOCS_DIR}/ "
            f"(the path is relative to it)" + (f": {', '.join(images)}" if images else ""),
        )


def check_site_words(doc: YamlDocument) -> list[Diagnostic]:
    """The placeholders of a site/labels.<lang>.yml: each key is the English word, which says which it may use.

    An unknown one is an error (nothing fills it, so the page would show "{totl}"), one
    left out a warning. The file's shape and completeness are the site build's to judge.
    """
    if not isinstance(doc.value, dict):
        return []
    return [
        problem
        for msgid, text in doc.value.items()
        if isinstance(msgid, str) and isinstance(text, str)
        for problem in placeholder_problems(doc.file, doc.line((msgid,)), msgid, text)
    ]


def _chooser(family: Family, site: SiteFiles) -> Iterator[Diagnostic]:
    doc = site.chooser
    if doc is None or not isinstance(doc.value, dict) or not isinstance(doc.value.get("questions"), list):
        return
    codes = family.option_codes()
    for i, question in enumerate(doc.value["questions"]):
        option = question.get("option") if isinstance(question, dict) else None
        if isinstance(option, str) and option not in codes:
            yield Diagnostic(
                doc.file,
                doc.line(("questions", i, "option")),
                f"the chooser asks about option {option!r}, which the family no longer has",
                f"ask about one of {', '.join(codes)}, or remove the question",
            )


def _page(family: Family, page: SourceText) -> Iterator[Diagnostic]:
    ids = {v.id for v in family.variants}
    counts = {"licenses": len(family.variants), "variants": len(family.variants), "options": len(family.options)}
    for number, line in enumerate(page.text.split("\n"), start=1):
        for match in _VARIANT_LINK.finditer(line):
            if match.group(1) != "index" and match.group(1) not in ids:
                yield Diagnostic(
                    page.file,
                    number,
                    f"the page links {match.group(0)}, but the family has no variant {match.group(1)!r}",
                    f"link one of {', '.join(sorted(ids))}, or remove the link",
                )
        for match in _COUNT.finditer(line):
            word, noun = match.group(1).lower(), match.group(2).lower()
            stated = int(word) if word.isdigit() else NUMBERS.index(word)
            if stated != counts[noun]:
                yield Diagnostic(
                    page.file,
                    number,
                    f"the page says {match.group(0)!r}, but the family has {counts[noun]} {noun}",
                    f"write {counts[noun]} (or reword the sentence)",
                )
