"""mkdocs hooks for the generated site (generate.py names this file in the generated mkdocs.yml).

- on_config: under `mgl serve`, regenerate the pages from the sources before each
  rebuild, and take the nav and site name of the regenerated configuration; a
  source problem is logged and the previous pages stay.
- on_post_build: copy the downloads (the build's artifacts) into the site as they
  are; they are not pages, so mkdocs must not render them (license.md would become
  a page).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import yaml

from clausekit.diagnostics import SourceError
from clausekit.site.generate import DOWNLOADS_DIR, regenerate

log = logging.getLogger("mkdocs.plugins.clausekit")


def _work(config: Any) -> Path:
    return Path(str(config.config_file_path)).parent


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


def on_post_build(config: Any) -> None:
    source = _work(config) / DOWNLOADS_DIR
    if source.is_dir():
        shutil.copytree(source, Path(str(config.site_dir)) / DOWNLOADS_DIR, dirs_exist_ok=True)
