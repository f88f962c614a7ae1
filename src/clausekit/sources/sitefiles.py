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


@dataclass(frozen=True)
class SiteFiles:
    chooser: YamlDocument | None  # site/chooser.yml, when there is one
    pages: tuple[SourceText, ...]  # every Markdown page under site/docs/, file relative to the root


def load_site_files(root: Path) -> Checked[SiteFiles]:
    """Read site/chooser.yml and site/docs/**/*.md; a problem reading or parsing them is a Diagnostic."""
    problems: list[Diagnostic] = []
    chooser = None
    if (root / SITE_DIR / CHOOSER_FILE).is_file():
        parsed = read_yaml(root, f"{SITE_DIR}/{CHOOSER_FILE}")
        problems.extend(parsed.problems)
        chooser = parsed.value
    pages: list[SourceText] = []
    docs = root / SITE_DIR / DOCS_DIR
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else ():
        page = read_source(root, path.relative_to(root).as_posix())
        problems.extend(page.problems)
        if page.value is not None:
            pages.append(page.value)
    return Checked(None if problems else SiteFiles(chooser, tuple(pages)), tuple(problems))
