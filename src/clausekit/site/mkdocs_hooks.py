"""mkdocs hooks for the generated site (generate.py names this file in the generated mkdocs.yml).

- on_env: in a site of several languages, the theme's language switcher is ours
  (`overrides/partials/alternate.html`): it links each page to the same page in the
  other languages, which the theme's own switcher cannot do offline.
- on_page_context: hands the switcher its entries for the page being rendered.

The downloads (the build's artifacts) are not pages, so mkdocs never sees them
(license.md would become a page): `mgl site` and `mgl serve` copy them into the
built site themselves, once, at its root, where every language links.
"""

from __future__ import annotations

from typing import Any

import jinja2

from clausekit.site.generate import OVERRIDES


def _clausekit(config: Any) -> dict[str, Any]:
    extra = config.get("extra") or {}  # mkdocs' own mapping type, not a dict
    found: Any = extra.get("clausekit") if hasattr(extra, "get") else None
    return dict(found) if found is not None and hasattr(found, "items") else {}


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    if _clausekit(config).get("alternates") is not None and env.loader is not None:
        env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(OVERRIDES)), env.loader])
    return env


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    alternates = _clausekit(config).get("alternates")
    if isinstance(alternates, dict):
        context["clausekit_alternates"] = alternates.get(page.file.src_uri, [])
    return context
