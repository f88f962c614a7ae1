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

import html
import json
import posixpath
import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from clausekit.diagnostics import Diagnostic, SourceError
from clausekit.diff.render import render_html_body as render_diff_body
from clausekit.document.compat import LEGEND, MARKS, Verdict, matrix
from clausekit.document.syntax import locate
from clausekit.document.types import Document
from clausekit.render.html import render_html_body
from clausekit.render.sheet import MARKS as SHEET_MARKS
from clausekit.render.sheet import sheet_table_html, summary_html
from clausekit.render.text import render_text
from clausekit.site.chooser import Question
from clausekit.site.context import (
    ChangeBody,
    ChangeContext,
    ChangeLink,
    Chooser,
    CompatTable,
    Download,
    EditionVariant,
    Notice,
    SiteContext,
    VariantContext,
    VersionRow,
    template_vars,
)
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


def script_json(value: Any) -> Markup:
    """JSON to embed in a `<script type="application/json">`: with every `<` escaped, no `</script>`
    or `<!--` in the data can end or confuse the element, and JSON.parse reads it back unchanged."""
    return Markup(json.dumps(value, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"))


def front_matter_text(value: str) -> Markup:
    """A string for a page's YAML front matter: one double-quoted scalar (JSON is valid YAML).

    HTML-escaped too: the theme prints front matter (a page's description) into attributes
    without escaping it.
    """
    return Markup(json.dumps(html.escape(" ".join(str(value).split())), ensure_ascii=False))


# Characters Markdown (with attr_list) reads as markup, written as character references:
# they read the same in Markdown text, in raw HTML blocks and in attributes.
MARKDOWN_REFERENCES = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}()#!|~"})


def page_text(value: Any) -> Markup:
    """What `{{ value }}` prints on a page: plain text, whatever markup it holds.

    Pages are Markdown with raw HTML in it, so HTML escaping alone would let `[x](javascript:...)`
    or `{: onclick=... }` through; the characters Markdown reads are written as references as
    well. Values the toolchain rendered itself (Markup) pass unchanged.
    """
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value)).translate(MARKDOWN_REFERENCES))


def and_list(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = [str(i) for i in items]
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z.]+", "-", text).strip("-") or "version"


def environment(templates: Sequence[Path]) -> jinja2.Environment:
    """Templates are looked up in `templates` in order: the first folder holding a name wins."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(templates)),
        autoescape=True,
        finalize=page_text,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(json=script_json, yaml=front_matter_text, size=_size, and_list=and_list)
    return env


def check_templates(templates: Sequence[Path], where: str) -> None:
    """Compile every template, so a syntax error is reported before anything is built."""
    env = environment(templates)
    for name in env.list_templates(extensions=["md"]):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as err:
            raise SourceError([_syntax_error(err, name, where)]) from None


def _syntax_error(err: jinja2.TemplateSyntaxError, template: str, where: str) -> Diagnostic:
    """The error at the tag that caused it, with a caret, when the template's source can be read back."""
    file = f"{where}/{err.name or template}"
    message = err.message or "syntax error"
    source = err.source
    spot = locate(jinja2.Environment(), source, err) if source is not None else None
    if spot is None or source is None:
        return Diagnostic(file, err.lineno, message, "fix the template")
    line = source.split("\n")[spot.line - 1]
    return Diagnostic(file, spot.line, message, "fix the tag marked here", column=spot.column, source=line)


def render_pages(
    templates: Sequence[Path],
    inputs: SiteInputs,
    questions: Sequence[Question],
    where: str,
    omit: Collection[str] = (),
) -> dict[str, str]:
    """Every generated page but those in `omit` (docs path -> Markdown). Raises SourceError naming the template."""
    env = environment(templates)
    shared = _shared(inputs, questions)
    jobs: list[tuple[str, str, dict[str, Any]]] = []
    for name in sorted(env.list_templates(extensions=["md"])):
        if not posixpath.basename(name).startswith("_") and name not in omit:
            jobs.append((name, name, template_vars(shared)))
    for edition in (inputs.current, *inputs.earlier):
        for document in edition.documents:
            variant = _variant(inputs, edition, document)
            jobs.append((VARIANT_TEMPLATE, variant_page(document.variant_id), template_vars(shared, variant)))
    for change in inputs.changes:
        page = changes_page(change.old, change.new)
        jobs.append((CHANGES_TEMPLATE, page, template_vars(shared, _change(change))))
    return {page: _render(env, template, page, context, where) for template, page, context in jobs}


def _render(env: jinja2.Environment, template: str, page: str, context: dict[str, Any], where: str) -> str:
    # Links are the toolchain's own paths (identifiers and anchors), printed as they are.
    def href(target: str) -> Markup:
        return Markup(html.escape(relative(page, target)))

    def md_link(target: str) -> Markup:
        """A Markdown link target: the docs path relative to this page, which mkdocs checks and converts."""
        path, hash_, anchor = target.partition("#")
        return Markup(html.escape(posixpath.relpath(path, posixpath.dirname(page) or ".") + hash_ + anchor))

    try:
        return env.get_template(template).render(context, page=page, href=href, md_link=md_link)
    except jinja2.TemplateSyntaxError as err:
        raise SourceError([_syntax_error(err, template, where)]) from None
    except jinja2.TemplateError as err:
        raise SourceError(
            [Diagnostic(f"{where}/{template}", None, f"cannot render {page}: {err}", "fix the template")]
        ) from None


def _shared(inputs: SiteInputs, questions: Sequence[Question]) -> SiteContext:
    current = inputs.current
    family = current.family
    verdicts = matrix(family)
    size = len(family.variants)
    return SiteContext(
        family=family,
        documents=current.documents,
        variant_page=variant_page,
        sheet_marks=SHEET_MARKS,
        sheet_table=lambda document: Markup(sheet_table_html(document)),  # the renderer escapes its text
        sheet_summary=lambda document: Markup(summary_html(document) if document.sheet else ""),
        compat=CompatTable(
            rows=tuple((a, tuple(verdicts[i * size : (i + 1) * size])) for i, a in enumerate(family.variants)),
            legend=tuple((MARKS[kind], kind, meaning) for kind, meaning in LEGEND.items()),
            note=family.vocabulary.remix_note,
            anchor=_verdict_anchor,
        ),
        chooser=Chooser(tuple(questions), _chooser_data(family, questions)),
        versions=_versions(inputs),
        changes=tuple(ChangeLink(c.old, c.new, changes_page(c.old, c.new)) for c in inputs.changes),
    )


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


def _versions(inputs: SiteInputs) -> tuple[VersionRow, ...]:
    """Every released version, oldest first, then the working tree's version when it is not released."""
    editions = {e.family.version: e for e in (inputs.current, *inputs.earlier)}
    changes = {c.new: changes_page(c.old, c.new) for c in inputs.changes}
    current = inputs.current.family.version
    rows = [
        VersionRow(
            version=s.release.version,
            date=s.release.date,
            note=s.release.note,
            revision=s.release.revision,
            released=True,
            current=s.release.version == current,
            previous=s.previous,
            changes=changes.get(s.release.version),
            variants=_edition_variants(editions.get(s.release.version)),
            errata=s.release.errata,
        )
        for s in inputs.releases
    ]
    if inputs.current.release is None:
        rows.append(
            VersionRow(
                version=current,
                date=None,
                note=None,
                revision=None,
                released=False,
                current=True,
                previous=inputs.releases[-1].release.version if inputs.releases else None,
                changes=changes.get(current),
                variants=_edition_variants(inputs.current),
            )
        )
    return tuple(rows)


def _edition_variants(edition: Edition | None) -> tuple[EditionVariant, ...]:
    if edition is None:
        return ()
    return tuple(EditionVariant(d.variant_id, d.title, variant_page(d.variant_id)) for d in edition.documents)


def _variant(inputs: SiteInputs, edition: Edition, document: Document) -> VariantContext:
    artifacts = edition.artifacts.get(document.variant_id, {})
    variant = edition.family.variant(document.variant_id)
    assert variant is not None
    notice = None
    lifecycle = document.lifecycle
    if edition is not inputs.current and edition.release is not None:
        lifecycle = edition.release.lifecycle.get(document.variant_id, lifecycle)
    on_site = {d.variant_id for e in (inputs.current, *inputs.earlier) for d in e.documents}

    def page_of(variant_id: str | None) -> str | None:
        return variant_page(variant_id) if variant_id is not None and variant_id in on_site else None

    if edition is not inputs.current:
        family = inputs.current.family
        same = family.variant_with(frozenset(variant.options)) or next(
            (v for v in family.variants if v.name == variant.name), None
        )
        successor = lifecycle.successor or (same.id if same else None)
        notice = Notice(family.version, successor, lifecycle.status, lifecycle.reason, page_of(successor))
    elif not lifecycle.active:
        notice = Notice(None, lifecycle.successor, lifecycle.status, lifecycle.reason, page_of(lifecycle.successor))
    text = artifacts["license.txt"].file.read_text("utf-8") if "license.txt" in artifacts else render_text(document)
    addresses = inputs.current.family.addresses
    url = document.url or (addresses.url_of(variant) if addresses else None)
    badge = download_path(document.variant_id, "badge.svg") if "badge.svg" in artifacts else None
    return VariantContext(
        document=document,
        variant=variant,
        option_labels=tuple(f"{name} ({code})" for code, name in document.options),
        option_meanings={o.code: o.meaning for o in edition.family.options},
        downloads={
            name: Download(name, download_path(document.variant_id, name), a.sha256, a.size)
            for name, a in artifacts.items()
        },
        metadata=license_metadata(edition, document.variant_id),
        notice=notice,
        license_text=text,
        # render_html escapes every span; the page has its own title and main element
        license_body=Markup(render_html_body(document, embedded=True) + "\n"),
        url=url,
        badge_url=addresses.site_url + badge if addresses and badge else None,
    )


def _change(change: Change) -> ChangeContext:
    body = render_diff_body(change.report, heading_level=3)  # parts one level below the page's sections
    return ChangeContext(ChangeBody(change.old, change.new, Markup(body + "\n")))


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
