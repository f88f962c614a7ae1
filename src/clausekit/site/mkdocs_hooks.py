"""mkdocs hooks for the generated site (generate.py names this file in the generated mkdocs.yml).

- on_config: under `mgl serve`, regenerate the pages from the sources before each
  rebuild, and take the nav and site name of the regenerated configuration; a
  source problem is logged and the previous pages stay.
- on_env: in a site of several languages, the theme's language switcher is ours
  (`overrides/partials/alternate.html`): it links each page to the same page in the
  other languages, which the theme's own switcher cannot do offline.
- on_page_context: hands the switcher its entries for the page being rendered.
- on_post_build: copy the downloads (the build's artifacts) into the site as they
  are; they are not pages, so mkdocs must not render them (license.md would become
  a page). Only the default language's build does: every language links to the
  one copy at the site's root.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import jinja2
import yaml

from clausekit.diagnostics import SourceError
from clausekit.site.generate import DOWNLOADS_DIR, OVERRIDES, regenerate

log = logging.getLogger("mkdocs.plugins.clausekit")


def _work(config: Any) -> Path:
    return Path(str(config.config_file_path)).parent


def _clausekit(config: Any) -> dict[str, Any]:
    extra = config.get("extra") or {}  # mkdocs' own mapping type, not a dict
    found: Any = extra.get("clausekit") if hasattr(extra, "get") else None
    return dict(found) if found is not None and hasattr(found, "items") else {}


def on_config(config: Any) -> Any:
    try:
        generated = regenerate(_work(config))
    except SourceError as problem:
        for diagnostic in problem.diagnostics:
            log.error(diagnostic.format())
        log.error("the sources have problems; the pages above are from the last good build")
        return config
    if generated is not None:
        fresh = yaml.safe_load(generated.config.read_text(encoding="utf-8"))
        config["site_name"] = fresh["site_name"]
        if "nav" in fresh:
            config["nav"] = fresh["nav"]
    return config


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    if _clausekit(config).get("alternates") is not None and env.loader is not None:
        env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(OVERRIDES)), env.loader])
    return env


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    alternates = _clausekit(config).get("alternates")
    if isinstance(alternates, dict):
        context["clausekit_alternates"] = alternates.get(page.file.src_uri, [])
    return context


def on_post_build(config: Any) -> None:
    if not _clausekit(config).get("downloads", True):
        return
    source = _work(config) / DOWNLOADS_DIR
    if source.is_dir():
        shutil.copytree(source, Path(str(config.site_dir)) / DOWNLOADS_DIR, dirs_exist_ok=True)
