"""The hand-written files of a family's site (`site/`), read for `mgl lint`.

Only reading happens here; checks/site.py judges what they say against the family.
A family without `site/` has none of them, which is fine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.sources.files import SourceText, read_source
from clausekit.sources.yamlfile import YamlDocument, read_yaml

SITE_DIR, CHOOSER_FILE, DOCS_DIR = "site", "chooser.yml", "docs"
WORDS_GLOB = "labels.*.yml"  # the site's words in another language: site/labels.<lang>.yml


@dataclass(frozen=True)
class SiteFiles:
    chooser: YamlDocument | None  # site/chooser.yml, when there is one
    pages: tuple[SourceText, ...]  # every Markdown page under site/docs/, file relative to the root
    words: tuple[YamlDocument, ...] = ()  # every site/labels.<lang>.yml


def load_site_files(root: Path) -> Checked[SiteFiles]:
    """Read site/chooser.yml, site/labels.<lang>.yml and site/docs/**/*.md; a problem reading or parsing them is a Diagnostic."""
    problems: list[Diagnostic] = []
    chooser = None
    if (root / SITE_DIR / CHOOSER_FILE).is_file():
        parsed = read_yaml(root, f"{SITE_DIR}/{CHOOSER_FILE}")
        problems.extend(parsed.problems)
        chooser = parsed.value
    words = load_site_words(root)
    problems.extend(words.problems)
    pages: list[SourceText] = []
    docs = root / SITE_DIR / DOCS_DIR
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else ():
        page = read_source(root, path.relative_to(root).as_posix())
        problems.extend(page.problems)
        if page.value is not None:
            pages.append(page.value)
    return Checked(None if problems else SiteFiles(chooser, tuple(pages), words.value or ()), tuple(problems))


def load_site_words(root: Path) -> Checked[tuple[YamlDocument, ...]]:
    """Every site/labels.<lang>.yml, parsed: `mgl site` checks their placeholders before it builds anything."""
    problems: list[Diagnostic] = []
    words = []
    for path in sorted((root / SITE_DIR).glob(WORDS_GLOB)):
        parsed = read_yaml(root, f"{SITE_DIR}/{path.name}")
        problems.extend(parsed.problems)
        if parsed.value is not None:
            words.append(parsed.value)
    return Checked(tuple(words), tuple(problems))
