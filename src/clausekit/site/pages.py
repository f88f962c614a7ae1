"""The generated pages: templates in `site/templates/` filled from the document model.

Templates are Jinja2 Markdown files. One whose name starts with `_` is a part:
`_variant.md` is rendered once per variant of every edition (`licenses/<ID>.md`),
`_changes.md` once per diff between versions (`versions/<OLD>-to-<NEW>.md`); any
other template is rendered once, to the page of the same path. Text from the
sources is escaped; markup from clausekit's renderers (the license body, the
sheet, the diff) is passed as safe HTML. Links between pages are relative, so
the site works from any folder and offline.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from clausekit.diagnostics import Diagnostic, SourceError
from clausekit.document.compat import LEGEND, MARKS, Verdict, matrix
from clausekit.document.types import Document
from clausekit.render.html import html_page
from clausekit.render.sheet import MARKS as SHEET_MARKS
from clausekit.render.sheet import sheet_table_html
from clausekit.render.text import render_text
from clausekit.site.chooser import Question
from clausekit.site.inputs import Artifact, Change, Edition, SiteInputs, license_metadata
from clausekit.sources.types import Family

LICENSES, VERSIONS, DOWNLOADS = "licenses", "versions", "downloads"
VARIANT_TEMPLATE, CHANGES_TEMPLATE = "_variant.md", "_changes.md"


def variant_page(variant_id: str) -> str:
    return f"{LICENSES}/{variant_id}.md"


def changes_page(old: str, new: str) -> str:
    return f"{VERSIONS}/{_slug(old)}-to-{_slug(new)}.md"


def download_path(variant_id: str, name: str) -> str:
    return f"{DOWNLOADS}/{variant_id}/{name}"


def html_name(path: str) -> str:
    """The built file of a docs path: pages end in .html (the site does not use directory URLs)."""
    return path[: -len(".md")] + ".html" if path.endswith(".md") else path


def relative(page: str, target: str) -> str:
    """A link from `page` to `target` (docs paths; `target` may end in `#anchor`).

    A target under downloads/ is a file published as it is (license.md stays license.md);
    any other `.md` target is a page, built as `.html`.
    """
    path, hash_, anchor = target.partition("#")
    if not path:
        return f"#{anchor}"
    built = path if path.startswith(f"{DOWNLOADS}/") else html_name(path)
    link = posixpath.relpath(built, posixpath.dirname(html_name(page)) or ".")
    return link + hash_ + anchor


def license_body(document: Document) -> str:
    """render_html's markup of the license (contents and sections), one heading level down, for a page.

    The page has its own title and the title block's facts, so that block is left out;
    `<main>` becomes a `<div>`, since the site's page already has a main element.
    """
    page = html_page(document, stylesheets=())
    body = page[page.index("<body>\n") + len("<body>\n") : page.rindex("</body>")]
    body = re.sub(r'<header class="title-block">.*?</header>\n', "", body, count=1, flags=re.DOTALL)
    body = body.replace("<main>", '<div class="license-sections">').replace("</main>", "</div>")
    return _demote(body)


def diff_body(page: str) -> str:
    """The body of a diff report's standalone HTML page without its title, headings one level down."""
    body = page[page.index("<body>") + len("<body>") : page.rindex("</body>")]
    body = re.sub(r"<h1>.*?</h1>", "", body, count=1, flags=re.DOTALL)
    return _demote(body).strip() + "\n"


def _demote(markup: str) -> str:
    return re.sub(r"<(/?)h([1-6])\b", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", markup)


def script_json(value: Any) -> Markup:
    """JSON to embed in a `<script type="application/json">`: with every `<` escaped, no `</script>`
    or `<!--` in the data can end or confuse the element, and JSON.parse reads it back unchanged."""
    return Markup(json.dumps(value, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"))


def front_matter_text(value: str) -> Markup:
    """A string for a page's YAML front matter: one double-quoted scalar (JSON is valid YAML)."""
    return Markup(json.dumps(" ".join(str(value).split()), ensure_ascii=False))


def and_list(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = [str(i) for i in items]
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z.]+", "-", text).strip("-") or "version"


@dataclass(frozen=True)
class Download:
    name: str
    href: str
    sha256: str
    size: int


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(json=script_json, yaml=front_matter_text, size=_size, and_list=and_list)
    return env


def check_templates(templates: Path, where: str) -> None:
    """Compile every template, so a syntax error is reported before anything is built."""
    env = environment(templates)
    for name in env.list_templates(extensions=["md"]):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as err:
            raise SourceError([_syntax_error(err, name, where)]) from None


def _syntax_error(err: jinja2.TemplateSyntaxError, template: str, where: str) -> Diagnostic:
    return Diagnostic(f"{where}/{err.name or template}", err.lineno, err.message or "syntax error", "fix the template")


def render_pages(templates: Path, inputs: SiteInputs, questions: Sequence[Question], where: str) -> dict[str, str]:
    """Every generated page (docs path -> Markdown). Raises SourceError naming the template at fault."""
    env = environment(templates)
    shared = _shared(inputs, questions)
    jobs: list[tuple[str, str, dict[str, Any]]] = []
    for name in sorted(env.list_templates(extensions=["md"])):
        if not posixpath.basename(name).startswith("_"):
            jobs.append((name, name, {}))
    for edition in (inputs.current, *inputs.earlier):
        for document in edition.documents:
            jobs.append((VARIANT_TEMPLATE, variant_page(document.variant_id), _variant(inputs, edition, document)))
    for change in inputs.changes:
        jobs.append((CHANGES_TEMPLATE, changes_page(change.old, change.new), _change(change)))
    return {page: _render(env, template, page, {**shared, **extra}, where) for template, page, extra in jobs}


def _render(env: jinja2.Environment, template: str, page: str, context: dict[str, Any], where: str) -> str:
    def href(target: str) -> str:
        return relative(page, target)

    def md_link(target: str) -> str:
        """A Markdown link target: the docs path relative to this page, which mkdocs checks and converts."""
        path, hash_, anchor = target.partition("#")
        return posixpath.relpath(path, posixpath.dirname(page) or ".") + hash_ + anchor

    try:
        return env.get_template(template).render(context, page=page, href=href, md_link=md_link)
    except jinja2.TemplateSyntaxError as err:
        raise SourceError([_syntax_error(err, template, where)]) from None
    except jinja2.TemplateError as err:
        raise SourceError(
            [Diagnostic(f"{where}/{template}", None, f"cannot render {page}: {err}", "fix the template")]
        ) from None


def _shared(inputs: SiteInputs, questions: Sequence[Question]) -> dict[str, Any]:
    current = inputs.current
    family = current.family
    verdicts = matrix(family)
    size = len(family.variants)
    return {
        "family": family,
        "documents": current.documents,
        "variant_page": variant_page,
        "sheet_marks": SHEET_MARKS,
        "sheet_table": lambda document: Markup(sheet_table_html(document)),  # the renderer escapes its text
        "compat": {
            "rows": [(a, verdicts[i * size : (i + 1) * size]) for i, a in enumerate(family.variants)],
            "legend": [(MARKS[kind], kind, meaning) for kind, meaning in LEGEND.items()],
            "note": family.vocabulary.remix_note,
            "anchor": _verdict_anchor,
        },
        "chooser": {"questions": questions, "data": _chooser_data(family, questions)},
        "versions": _versions(inputs),
        "changes": [{"old": c.old, "new": c.new, "page": changes_page(c.old, c.new)} for c in inputs.changes],
    }


def _chooser_data(family: Family, questions: Sequence[Question]) -> Callable[[Callable[[str], str]], dict[str, Any]]:
    """What the chooser's script needs, with links made by the page's `href`."""

    def data(href: Callable[[str], str]) -> dict[str, Any]:
        return {
            "questions": [{"option": q.option, "ask": q.ask, "if_yes": q.if_yes} for q in questions],
            "variants": [
                {"id": v.id, "title": v.title, "options": list(v.options), "href": href(variant_page(v.id))}
                for v in family.variants
            ],
            "options": {o.code: {"name": o.name, "implies": list(o.implies)} for o in family.options},
            "rules": [{"never": list(r.never), "because": r.because} for r in family.rules],
        }

    return data


def _verdict_anchor(v: Verdict) -> str:
    return f"verdict-{v.first}--{v.second}".lower().replace(".", "-")


def _versions(inputs: SiteInputs) -> list[dict[str, Any]]:
    """Every released version, oldest first, then the working tree's version when it is not released."""
    editions = {e.family.version: e for e in (inputs.current, *inputs.earlier)}
    changes = {c.new: changes_page(c.old, c.new) for c in inputs.changes}
    current = inputs.current.family.version
    rows = [
        {
            "version": s.release.version,
            "date": s.release.date,
            "note": s.release.note,
            "revision": s.release.revision,
            "released": True,
            "current": s.release.version == current,
            "previous": s.previous,
            "changes": changes.get(s.release.version),
            "variants": _edition_variants(editions.get(s.release.version)),
        }
        for s in inputs.releases
    ]
    if inputs.current.release is None:
        rows.append(
            {
                "version": current,
                "date": None,
                "note": None,
                "revision": None,
                "released": False,
                "current": True,
                "previous": inputs.releases[-1].release.version if inputs.releases else None,
                "changes": changes.get(current),
                "variants": _edition_variants(inputs.current),
            }
        )
    return rows


def _edition_variants(edition: Edition | None) -> list[dict[str, str]]:
    if edition is None:
        return []
    return [{"id": d.variant_id, "title": d.title, "page": variant_page(d.variant_id)} for d in edition.documents]


def _variant(inputs: SiteInputs, edition: Edition, document: Document) -> dict[str, Any]:
    artifacts = edition.artifacts.get(document.variant_id, {})
    variant = edition.family.variant(document.variant_id)
    assert variant is not None
    notice = None
    if edition is not inputs.current:
        family = inputs.current.family
        successor = family.variant_with(frozenset(variant.options)) or next(
            (v for v in family.variants if v.name == variant.name), None
        )
        notice = {"current": family.version, "successor": successor.id if successor else None}
    text = artifacts["license.txt"].file.read_text("utf-8") if "license.txt" in artifacts else render_text(document)
    return {
        "document": document,
        "variant": variant,
        "option_labels": [f"{name} ({code})" for code, name in document.options],
        "option_meanings": {o.code: o.meaning for o in edition.family.options},
        "downloads": {
            name: Download(name, download_path(document.variant_id, name), a.sha256, a.size)
            for name, a in artifacts.items()
        },
        "metadata": license_metadata(edition, document.variant_id),
        "notice": notice,
        "license_text": text,
        "license_body": Markup(license_body(document)),  # render_html escapes every span
    }


def _change(change: Change) -> dict[str, Any]:
    return {"change": {"old": change.old, "new": change.new, "body": Markup(diff_body(change.html))}}


def _size(value: int) -> str:
    return f"{value / 1024:.1f} KiB" if value >= 1024 else f"{value} B"


def downloads_of(inputs: SiteInputs) -> dict[str, Artifact]:
    """Every file to publish under downloads/ (docs path -> the build's artifact)."""
    return {
        download_path(variant_id, a.name): a
        for edition in (inputs.current, *inputs.earlier)
        for variant_id, files in edition.artifacts.items()
        for a in files.values()
    }
