"""The generated pages: templates in `site/templates/` filled from the document model.

Templates are Jinja2 Markdown files. One whose name starts with `_` is a part:
`_variant.md` is rendered once per variant of every edition (`licenses/<ID>.md`),
`_changes.md` once per diff between versions (`versions/<OLD>-to-<NEW>.md`); any
other template is rendered once, to the page of the same path. Each language has
its own copy of every template (`choose.md`, `choose.zh-Hans.md`: see languages.py)
and its pages are rendered from it with that language's documents and words. Text from the
sources is escaped; markup from clausekit's renderers (the license body, the
sheet, the diff) is passed as safe HTML. Links between pages are relative, so
the site works from any folder and offline.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from clausekit.diagnostics import Diagnostic, SourceError
from clausekit.diff.render import render_html_body as render_diff_body
from clausekit.document.compat import MARKS, Verdict, legend, matrix
from clausekit.document.syntax import locate
from clausekit.document.types import Block, Clause, Document, ListBlock
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
    ClausePart,
    ClauseText,
    CompatTable,
    Download,
    EditionVariant,
    Notice,
    SiteContext,
    Translation,
    VariantContext,
    VersionRow,
    Wording,
    template_vars,
)
from clausekit.site.inputs import Artifact, Change, Edition, SiteInputs, license_metadata
from clausekit.site.languages import Language, language_artifacts, localized, page_language
from clausekit.site.words import ENGLISH, Words
from clausekit.sources.types import Family, Variant

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


def relative(page: str, target: str, prefix: str = "") -> str:
    """A link from `page` to `target` (docs paths; `target` may end in `#anchor`).

    A target under downloads/ is a file published as it is (license.md stays license.md);
    any other `.md` target is a page, built as `.html`. Pages of a language other than
    the default sit under its `prefix` ("zh-Hans/"): a link stays within the language,
    except to a download (published once, at the root) and to a target written `/path`
    (a page of the default language, for a page the language lacks).
    """
    path, hash_, anchor = target.partition("#")
    if not path:
        return f"#{anchor}"
    if path.startswith("/"):
        path = path[1:]
    elif not path.startswith(f"{DOWNLOADS}/"):
        path = prefix + path
    built = path if path.startswith(f"{DOWNLOADS}/") else html_name(path)
    link = posixpath.relpath(built, posixpath.dirname(html_name(prefix + page)) or ".")
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
# HTML's own characters and Markdown's in one pass: escaping first and translating after would
# turn the `#` of html.escape's `&#x27;` into a reference too, and a page would show "model&#x27;s".
PAGE_REFERENCES = (
    str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}) | MARKDOWN_REFERENCES
)


def page_text(value: Any) -> Markup:
    """What `{{ value }}` prints on a page: plain text, whatever markup it holds.

    Pages are Markdown with raw HTML in it, so HTML escaping alone would let `[x](javascript:...)`
    or `{: onclick=... }` through; the characters Markdown reads are written as references as
    well. Values the toolchain rendered itself (Markup) pass unchanged.
    """
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(PAGE_REFERENCES))


def and_list(items: Sequence[str], words: Words = ENGLISH) -> str:
    """ "a", "a and b", "a, b and c", in the words of the page's language."""
    return words.and_list(list(items))


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z.]+", "-", text).strip("-") or "version"


def environment(templates: Sequence[Path], words: Words = ENGLISH) -> jinja2.Environment:
    """Templates are looked up in `templates` in order: the first folder holding a name wins.

    `t` and `and_list` say the site's own words in the language of `words`.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(templates)),
        autoescape=True,
        finalize=page_text,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(json=script_json, yaml=front_matter_text, size=_size, and_list=words.and_list, t=words)
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


def base_templates(templates: Sequence[Path]) -> list[str]:
    """The templates of the default language (those without a language suffix), sorted."""
    names = environment(templates).list_templates(extensions=["md"])
    return sorted(name for name in names if page_language(name)[0] is None)


def variant_pages(inputs: SiteInputs, language: Language) -> set[str]:
    """The variant pages a language has: its complete translations (and, in the default, every earlier edition's)."""
    editions = (inputs.current, *inputs.earlier) if language.default else ()
    documents = [*language.documents, *(d for e in editions if e is not inputs.current for d in e.documents)]
    return {variant_page(d.variant_id) for d in documents}


def render_pages(
    templates: Sequence[Path],
    inputs: SiteInputs,
    questions: Sequence[Question],
    where: str,
    omit: Collection[str] = (),
    language: Language | None = None,
    words: Words | None = None,
) -> dict[str, str]:
    """Every generated page of `language` but those in `omit` (docs path -> Markdown).

    Without a language, the default language's pages of the current edition. Raises
    SourceError naming the template, or the template a language lacks.
    """
    if language is None:
        from clausekit.site.languages import languages

        language = languages(inputs)[0]
    words = words if words is not None else Words(language.code)
    env = environment(templates, words)
    own = variant_pages(inputs, language)
    shared = _shared(inputs, questions, language, own)
    available = set(env.list_templates(extensions=["md"]))

    def template(name: str) -> str:
        wanted = localized(name, language.code, language.default)
        if wanted not in available:
            raise SourceError(
                [
                    Diagnostic(
                        f"{where}/{name}",
                        None,
                        f"the template has no {language.code} translation",
                        f"create {where}/{wanted}: every page exists in every language of the site",
                    )
                ]
            )
        return wanted

    jobs: list[tuple[str, str, dict[str, Any]]] = []
    for name in base_templates(templates):
        if not posixpath.basename(name).startswith("_") and name not in omit:
            jobs.append((template(name), name, template_vars(shared)))
    editions = (inputs.current, *inputs.earlier) if language.default else (inputs.current,)
    for edition in editions:
        documents = language.documents if edition is inputs.current else edition.documents
        for document in documents:
            variant = _variant(inputs, edition, document, language, own, words)
            jobs.append((template(VARIANT_TEMPLATE), variant_page(document.variant_id), template_vars(shared, variant)))
    for change in inputs.changes:
        page = changes_page(change.old, change.new)
        jobs.append((template(CHANGES_TEMPLATE), page, template_vars(shared, _change(change))))
    return {page: _render(env, template, page, context, where, language.prefix) for template, page, context in jobs}


def _render(
    env: jinja2.Environment, template: str, page: str, context: dict[str, Any], where: str, prefix: str = ""
) -> str:
    # Links are the toolchain's own paths (identifiers and anchors), printed as they are.
    def href(target: str) -> Markup:
        return Markup(html.escape(relative(page, target, prefix)))

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


def _shared(inputs: SiteInputs, questions: Sequence[Question], language: Language, own: set[str]) -> SiteContext:
    family = language.family
    verdicts = matrix(family)
    size = len(family.variants)
    rows = tuple((a, tuple(verdicts[i * size : (i + 1) * size])) for i, a in enumerate(family.variants))
    said = _said_verdicts(verdicts)

    def page_of(variant_id: str) -> str:
        """The variant's page in this language, or (for a variant not translated) in the default one."""
        page = variant_page(variant_id)
        return page if page in own else f"/{page}"

    return SiteContext(
        family=family,
        documents=language.documents,
        variant_page=page_of,
        sheet_marks=SHEET_MARKS,
        sheet_table=lambda document: Markup(sheet_table_html(document)),  # the renderer escapes its text
        sheet_summary=lambda document: Markup(summary_html(document) if document.sheet else ""),
        compat=CompatTable(
            rows=rows,
            legend=tuple((MARKS[kind], kind, meaning) for kind, meaning in legend(family.labels).items()),
            note=family.vocabulary.remix_note,
            anchor=lambda v: _verdict_anchor(said[(v.first, v.second)]),
            listed=tuple((a, tuple(v for v in row if said[(v.first, v.second)] is v)) for a, row in rows),
            either_order=lambda v: v.first != v.second and said.get((v.second, v.first)) is v,
        ),
        clause_parts=clause_parts(language.documents),
        chooser=Chooser(tuple(questions), _chooser_data(family, questions, page_of, _notice_facts(inputs, language))),
        versions=_versions(inputs, page_of),
        changes=tuple(ChangeLink(c.old, c.new, changes_page(c.old, c.new)) for c in inputs.changes),
    )


def _notice_facts(inputs: SiteInputs, language: Language) -> dict[str, dict[str, str]]:
    """Per variant id, what its notice names (title, version, id, SPDX id and canonical URL, when
    there is one), as its page in this language prints them.

    The chooser's script fills the notice pattern of the page's template with these, so the
    result shows the same notice as the variant's own page. A variant the language has not
    translated is named as the default language's page names it.
    """
    documents = {d.variant_id: d for d in inputs.current.documents}
    documents.update((d.variant_id, d) for d in language.documents)
    facts: dict[str, dict[str, str]] = {}
    for variant_id, document in documents.items():
        variant = inputs.current.family.variant(variant_id)
        url = _canonical_url(inputs, document, variant) if variant is not None else document.url
        named = {"title": document.title, "version": document.version, "id": variant_id, "spdx": document.spdx_id}
        facts[variant_id] = named | ({"url": url} if url else {})
    return facts


def _canonical_url(inputs: SiteInputs, document: Document, variant: Variant) -> str | None:
    """The variant's permanent address: the document's, or the one `addresses:` gives it."""
    addresses = inputs.current.family.addresses
    return document.url or (addresses.url_of(variant) if addresses else None)


def _chooser_data(
    family: Family,
    questions: Sequence[Question],
    page_of: Callable[[str], str] = variant_page,
    notices: Mapping[str, Mapping[str, str]] | None = None,
) -> Callable[[Callable[[str], str]], dict[str, Any]]:
    """What the chooser's script needs, with links made by the page's `href`; with `notices`
    (see _notice_facts), what each variant's notice names."""

    def data(href: Callable[[str], str]) -> dict[str, Any]:
        return {
            "questions": [{"option": q.option, "ask": q.ask, "if_yes": q.if_yes} for q in questions],
            "variants": [
                {"id": v.id, "title": v.title, "options": list(v.options), "href": href(page_of(v.id))}
                | ({"notice": dict(notices[v.id])} if notices and v.id in notices else {})
                for v in family.variants
            ],
            "options": {o.code: {"name": o.name, "implies": list(o.implies)} for o in family.options},
            "rules": [{"never": list(r.never), "because": r.because} for r in family.rules],
        }

    return data


def _verdict_anchor(v: Verdict) -> str:
    return f"verdict-{v.first}--{v.second}".lower().replace(".", "-")


def _said_verdicts(verdicts: Sequence[Verdict]) -> dict[tuple[str, str], Verdict]:
    """(first, second) -> the verdict the list says for that ordered pair.

    Remixing B with A comes to the same as A with B when the kind, the resulting license and
    the options are the same; only the order of the names in the sentence differs. Such a pair
    is said once, by the verdict that comes first in the matrix, and both cells link to it.
    A pair whose two orders differ keeps both sentences.
    """
    said: dict[tuple[str, str], Verdict] = {}
    for v in verdicts:
        mirror = said.get((v.second, v.first))
        same = mirror is not None and (mirror.kind, mirror.result, mirror.union, mirror.sharealike) == (
            v.kind,
            v.result,
            v.union,
            v.sharealike,
        )
        said[(v.first, v.second)] = mirror if mirror is not None and same else v
    return said


def clause_parts(documents: Sequence[Document]) -> tuple[ClausePart, ...]:
    """Every clause of the current licenses once, each wording once, with the variants that hold it.

    The search indexes this page instead of the license text on every variant page, where
    one clause would be found once per variant. A clause whose text differs between variants
    (its `when:` conditions) has one heading, so one search entry, and each wording under it.
    Parts, clauses and wordings keep the order in which the variants first hold them.
    """
    parts: dict[str, dict[str, dict[str, list[tuple[str, str, str]]]]] = {}  # section -> clause -> body -> places
    titles: dict[str, str] = {}
    for document in documents:
        for section in document.sections:
            titles.setdefault(section.id, section.title)
            clauses = parts.setdefault(section.id, {})
            for clause in _walk(section.clauses):
                body = _blocks_html(clause.blocks)
                if not body:
                    continue
                titles.setdefault(f"{section.id}/{clause.id}", clause.term or clause.title)
                on_page = clause.anchor if section.layout != "inline" or clause.number else clause.id
                name = clause.number or clause.term or clause.title
                clauses.setdefault(clause.id, {}).setdefault(body, []).append(
                    (document.variant_id, name, f"{variant_page(document.variant_id)}#{on_page}")
                )
    return tuple(
        ClausePart(
            titles[section_id],
            f"part-{_anchor_slug(section_id)}",
            tuple(
                ClauseText(
                    f"clause-{_anchor_slug(clause_id)}",
                    titles[f"{section_id}/{clause_id}"],
                    tuple(Wording(Markup(body), tuple(places)) for body, places in wordings.items()),
                )
                for clause_id, wordings in clauses.items()
            ),
        )
        for section_id, clauses in parts.items()
        if clauses
    )


def _walk(clauses: Sequence[Clause]) -> Iterator[Clause]:
    for clause in clauses:
        yield clause
        yield from _walk(clause.children)


def _anchor_slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-") or "clause"


def _blocks_html(blocks: Sequence[Block]) -> str:
    """A clause's own paragraphs and lists as escaped HTML (the license page's markup, without links)."""
    out = []
    for block in blocks:
        if isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{_blocks_html(item)}</li>" for item in block.items)
            out.append(f"<{tag}>{items}</{tag}>")
        else:
            text = "".join(
                f"<strong>{page_text(s.text)}</strong>"
                if s.strong
                else f"<em>{page_text(s.text)}</em>"
                if s.emphasis
                else str(page_text(s.text))
                for s in block.spans
            )
            out.append(f"<p>{text}</p>")
    return "".join(out)


def _versions(inputs: SiteInputs, page_of: Callable[[str], str] = variant_page) -> tuple[VersionRow, ...]:
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
            variants=_edition_variants(editions.get(s.release.version), page_of),
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
                variants=_edition_variants(inputs.current, page_of),
            )
        )
    return tuple(rows)


def _edition_variants(edition: Edition | None, page_of: Callable[[str], str]) -> tuple[EditionVariant, ...]:
    if edition is None:
        return ()
    return tuple(EditionVariant(d.variant_id, d.title, page_of(d.variant_id)) for d in edition.documents)


def _variant(
    inputs: SiteInputs, edition: Edition, document: Document, language: Language, own: set[str], words: Words
) -> VariantContext:
    if edition is inputs.current:
        family = language.family
        artifacts = language.artifacts.get(document.variant_id, {})
    else:  # an earlier edition has pages in the default language only, and artifacts in it
        family = edition.family
        artifacts = language_artifacts(edition.artifacts, language.code, (language.code,)).get(document.variant_id, {})
    variant = family.variant(document.variant_id)
    assert variant is not None
    notice = None
    lifecycle = document.lifecycle
    if edition is not inputs.current and edition.release is not None:
        lifecycle = edition.release.lifecycle.get(document.variant_id, lifecycle)
    on_site = {d.variant_id for e in (inputs.current, *inputs.earlier) for d in e.documents}

    def page_of(variant_id: str | None) -> str | None:
        if variant_id is None or variant_id not in on_site:
            return None
        page = variant_page(variant_id)
        return page if page in own else f"/{page}"

    if edition is not inputs.current:
        now = inputs.current.family
        same = now.variant_with(frozenset(variant.options)) or next(
            (v for v in now.variants if v.name == variant.name), None
        )
        successor = lifecycle.successor or (same.id if same else None)
        notice = Notice(now.version, successor, lifecycle.status, lifecycle.reason, page_of(successor))
    elif not lifecycle.active:
        notice = Notice(None, lifecycle.successor, lifecycle.status, lifecycle.reason, page_of(lifecycle.successor))
    text = artifacts["license.txt"].file.read_text("utf-8") if "license.txt" in artifacts else render_text(document)
    addresses = inputs.current.family.addresses
    url = _canonical_url(inputs, document, variant)
    badge = download_path(document.variant_id, "badge.svg") if "badge.svg" in artifacts else None
    return VariantContext(
        document=document,
        variant=variant,
        option_labels=tuple(words("{name} ({code})", name=name, code=code) for code, name in document.options),
        option_meanings={o.code: o.meaning for o in family.options},
        downloads={
            name: Download(a.name, download_path(document.variant_id, a.name), a.sha256, a.size)
            for name, a in artifacts.items()
        },
        metadata=license_metadata(edition, document.variant_id),
        notice=notice,
        license_text=text,
        # render_html escapes every span; the page has its own title and main element
        license_body=Markup(unsearched(render_html_body(document, embedded=True)) + "\n"),
        translation=_translation(language, document) if edition is inputs.current else None,
        url=url,
        badge_url=addresses.site_url + badge if addresses and badge else None,
    )


def _translation(language: Language, document: Document) -> Translation | None:
    """The notices of a translated page: the default language governs; some clauses follow an earlier text."""
    if language.default:
        return None
    stale = language.stale_notice if document.variant_id in language.stale else None
    return Translation(language.code, language.governs or "", stale)


def unsearched(markup: str) -> str:
    """The license body with every heading kept out of the search index.

    The search finds each clause once, on the clauses page, rather than once per variant. The
    template excludes the text's block; its headings are excluded one by one as well, since the
    search makes a section of every heading with an id, even inside an excluded block.
    """
    return re.sub(r"<(h[1-6])(?=[\s>])", r"<\1 data-search-exclude", markup)


def _change(change: Change) -> ChangeContext:
    body = render_diff_body(change.report, heading_level=3)  # parts one level below the page's sections
    downloads = tuple(
        (f.label, Download(f.name, redline_path(change, f.name), hashlib.sha256(f.data).hexdigest(), len(f.data)))
        for f in change.redlines
    )
    return ChangeContext(ChangeBody(change.old, change.new, Markup(body + "\n"), downloads))


def redline_path(change: Change, name: str) -> str:
    """Where a change's redline is published: downloads/changes/<old>-to-<new>/<name>."""
    return f"{DOWNLOADS}/changes/{_slug(change.old)}-to-{_slug(change.new)}/{name}"


def redlines_of(inputs: SiteInputs) -> dict[str, bytes]:
    """Every redline to publish under downloads/ (docs path -> its bytes, rendered with the inputs)."""
    return {redline_path(change, f.name): f.data for change in inputs.changes for f in change.redlines}


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
