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
CONFIG_GLOB = "mkdocs*.yml"  # mkdocs.yml and each language's overlay, mkdocs.<lang>.yml
WORDS_GLOB = "labels.*.yml"  # the site's words in another language: site/labels.<lang>.yml


@dataclass(frozen=True)
class SiteFiles:
    chooser: YamlDocument | None  # site/chooser.yml, when there is one
    pages: tuple[SourceText, ...]  # every Markdown page under site/docs/, file relative to the root
    configs: tuple[YamlDocument, ...] = ()  # site/mkdocs.yml and its language overlays, in name order
    docs: frozenset[str] = frozenset()  # every file under site/docs/, relative to it ("assets/logo.svg")
    words: tuple[YamlDocument, ...] = ()  # every site/labels.<lang>.yml


def load_site_files(root: Path) -> Checked[SiteFiles]:
    """Read site/chooser.yml, site/mkdocs*.yml, site/labels.<lang>.yml and site/docs/**/*.md, and list site/docs/.

    A problem reading or parsing them is a Diagnostic. The file list lets a check see
    that a path the configuration names (the logo, the favicon) is there to be copied.
    """
    problems: list[Diagnostic] = []
    chooser = None
    if (root / SITE_DIR / CHOOSER_FILE).is_file():
        parsed = read_yaml(root, f"{SITE_DIR}/{CHOOSER_FILE}")
        problems.extend(parsed.problems)
        chooser = parsed.value
    configs = read_all(root, CONFIG_GLOB)
    words = read_all(root, WORDS_GLOB)
    problems.extend([*configs.problems, *words.problems])
    pages: list[SourceText] = []
    docs = root / SITE_DIR / DOCS_DIR
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else ():
        page = read_source(root, path.relative_to(root).as_posix())
        problems.extend(page.problems)
        if page.value is not None:
            pages.append(page.value)
    listed = (
        frozenset(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
        if docs.is_dir()
        else frozenset()
    )
    found = SiteFiles(chooser, tuple(pages), configs.value or (), listed, words.value or ())
    return Checked(None if problems else found, tuple(problems))


def read_all(root: Path, pattern: str) -> Checked[tuple[YamlDocument, ...]]:
    """Every YAML file of site/ matching `pattern`, parsed, in name order."""
    problems: list[Diagnostic] = []
    found = []
    for path in sorted((root / SITE_DIR).glob(pattern)):
        parsed = read_yaml(root, f"{SITE_DIR}/{path.name}")
        problems.extend(parsed.problems)
        if parsed.value is not None:
            found.append(parsed.value)
    return Checked(tuple(found), tuple(problems))
