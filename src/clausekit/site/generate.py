"""Put the site's sources together and run mkdocs over them.

`<root>/site/` holds what is written by hand: `mkdocs.yml`, the pages in `docs/`
(copied as they are), the page templates in `templates/` (see pages.py), the
chooser's questions (`chooser.yml`) and the theme overrides. `generate` fills a
work folder with

- `docs/`: the hand-written pages, and the generated ones beside them;
- `downloads/`: every artifact of every edition, checked against its sha256,
  which the mkdocs hook (mkdocs_hooks.py) copies into the built site as it is;
- `mkdocs.yml`: the hand-written configuration with `{version}` and `{family}`
  in `site_name` filled in, the nav entry `licenses/` expanded into the licenses
  overview and one page per variant, absolute paths, and the hook.

Each language of the site (languages.py) gets its own docs folder and mkdocs.yml
(`docs/` and `mkdocs.yml` for the default language, `docs.<lang>/` and
`mkdocs.<lang>.yml` for another), built by its own mkdocs run into `<lang>/` of
the site: so each has the theme's words, its own search index and its nav titles
(`site/mkdocs.<lang>.yml` overlays the configuration). The header's language
switcher links each page to the same page in every other language, or says the
page has no translation there.

Files in the work folder are rewritten only when their bytes change, so a live
preview reloads only for real changes.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import logging
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clausekit.checks.site import check_theme_images
from clausekit.diagnostics import Diagnostic, SourceError
from clausekit.editions.check import check_release
from clausekit.output.build import source_date_epoch
from clausekit.pipeline import Linted, lint_root, require
from clausekit.site.chooser import CHOOSER_FILE, Question, check_translation, load_questions
from clausekit.site.inputs import Artifact, SiteInputs, collect
from clausekit.site.languages import Language, languages, localized, page_language
from clausekit.site.pages import (
    LICENSES,
    changes_page,
    check_templates,
    downloads_of,
    html_name,
    redlines_of,
    render_pages,
    variant_page,
)
from clausekit.site.words import Words, load_words, refuse_unknown_placeholders
from clausekit.sources.files import check_output_folder
from clausekit.sources.sitefiles import load_site_files
from clausekit.sources.types import Family

SITE_DIR, CONFIG_FILE, DOCS_DIR, TEMPLATES_DIR = "site", "mkdocs.yml", "docs", "templates"
DOWNLOADS_DIR = "downloads"
NAV_VARIANTS = f"{LICENSES}/"  # a nav entry with this value: the overview page, then one page per variant
MARKER = ".clausekit-site"  # in a built site: this folder may be replaced by the next build
HOOKS = Path(__file__).with_name("mkdocs_hooks.py")
DEFAULTS = Path(__file__).with_name("defaults")  # the default site: mkdocs.yml and templates/
VERSIONS_PAGE = "versions/index.md"
WATCHED = ("clauses", "translations", "variants.yaml", "versions.yaml", SITE_DIR)


WORDS_SCRIPT = "assets/clausekit-words.js"  # the page script's words, per language (site.js reads them)
OVERRIDES = Path(__file__).with_name("overrides")  # theme partials: the language switcher


@dataclass(frozen=True)
class Generated:
    config: Path  # the default language's mkdocs.yml
    pages: int  # Markdown pages, generated and hand-written, in every language
    downloads: int
    languages: tuple[tuple[str, Path], ...] = ()  # (folder in the site, mkdocs.yml) per language, the default first


def generate(root: Path, artifacts: Path, work: Path) -> Generated:
    """Fill `work` from the sources at `root` (building any missing artifact into `artifacts`).

    What `<root>/site/` holds overrides the defaults in `defaults/`: its mkdocs.yml
    replaces the default configuration, its templates and hand-written pages replace
    the default pages of the same path. A family without `site/` gets the default site.
    """
    prepared = prepare(root)
    inputs = collect(root, artifacts, work / "scratch", prepared.linted)
    return write_work(prepared, inputs, work)


@dataclass(frozen=True)
class Prepared:
    """The sources of a site, loaded and checked: what every page is made from but the artifacts."""

    site: Path  # <root>/site
    config_dir: Path  # where mkdocs.yml comes from: site/, or the defaults
    templates: tuple[Path, ...]
    linted: Linted
    questions: tuple[Question, ...]


def prepare(root: Path, translations: bool = True) -> Prepared:
    """Load and check what the pages are made from; raises SourceError.

    What can be checked cheaply is checked before the sources are assembled. Without
    `translations` only the governing language is loaded (the preview's quick pass).
    """
    site = root / SITE_DIR
    config_dir = site if (site / CONFIG_FILE).is_file() else DEFAULTS
    templates = (site / TEMPLATES_DIR, DEFAULTS / TEMPLATES_DIR)
    _read_config(config_dir)
    site_files = require(load_site_files(root))
    images = check_theme_images(site_files)  # mkdocs would link a missing logo silently
    if images:
        raise SourceError(images)
    check_templates(templates, f"{SITE_DIR}/{TEMPLATES_DIR}")
    refuse_unknown_placeholders(site_files.words, None)  # read once, with the rest of site/
    linted = require(lint_root(root, translations=translations))  # the one load, check and assembly
    released = check_release(root, linted)  # a released edition still builds its recorded texts
    if released:
        raise SourceError(released)
    questions = load_questions(site, linted.library.family, SITE_DIR)
    return Prepared(site, config_dir, templates, linted, questions)


@dataclass(frozen=True)
class Notices:
    """What a preview says on pages whose downloads are not rebuilt yet (nothing, for `mgl site`)."""

    stale_variants: frozenset[str] = frozenset()  # variant ids whose downloads hold an earlier text
    stale_changes: frozenset[tuple[str, str]] = frozenset()  # (old, new) diffs whose redlines are not made


def write_work(
    prepared: Prepared,
    inputs: SiteInputs,
    work: Path,
    *,
    quick: bool = False,
    notices: Notices = Notices(),
    downloads: bool = True,
) -> Generated:
    """Write the pages, the configurations and the downloads into `work`.

    `quick` (the preview's first pass after an edit) writes only the default language's
    pages that changed: its configuration, the other languages and the downloads stay
    as the last full pass left them.
    """
    site, config_dir, templates = prepared.site, prepared.config_dir, prepared.templates
    where = f"{SITE_DIR}/{TEMPLATES_DIR}"
    found = languages(inputs)
    if config_dir == DEFAULTS or quick:
        # The default site's pages exist in English alone: a family that wants its site in
        # its other languages writes `site/` with their translations.
        found = found[:1]
    hand_written = _hand_written(_tree(site / DOCS_DIR), found)
    docs: dict[str, dict[str, bytes]] = {}
    words: dict[str, Words] = {}
    written_pages = 0
    for language in found:
        said = load_words(site, language.code, language.default, language.labels, SITE_DIR)
        asked = prepared.questions if language.default else _translated_questions(site, language, prepared.questions)
        own = hand_written[language.code]
        omit = _unwanted_defaults(site, inputs, own)
        pages = render_pages(templates, inputs, asked, where, omit, language, said)
        clashes = sorted(set(pages) & set(own))
        if clashes:
            raise SourceError(
                [
                    Diagnostic(
                        f"{SITE_DIR}/{DOCS_DIR}/{path}", None, "a generated page has this path", "rename the file"
                    )
                    for path in clashes
                ]
            )
        every = {**own, **{path: text.encode("utf-8") for path, text in pages.items()}}
        family = language.family  # the banner in the language's words (its labels)
        if family.release is None:  # a draft: every page says so, as every edition of its texts does
            every = {path: with_banner(data, family) if path.endswith(".md") else data for path, data in every.items()}
        every = with_notices(every, notices, said)
        if len(found) > 1:
            every[WORDS_SCRIPT] = words_script(said)
        docs[language.code], words[language.code] = every, said
        written_pages += sum(1 for path in every if path.endswith(".md"))
    if quick:
        for path, data in docs[found[0].code].items():
            _write(work / _docs_folder(found[0]) / path, data)
        return Generated(work / CONFIG_FILE, written_pages, 0)
    switcher = alternates(found, {code: set(files) for code, files in docs.items()}, words)
    configs: list[tuple[str, Path]] = []
    for language in found:
        file = work / localized(CONFIG_FILE, language.code, language.default)
        configs.append((language.prefix.rstrip("/"), file))
        sync(work / _docs_folder(language), docs[language.code])
        available = {path for path in docs[language.code] if path.endswith(".md")}
        config = site_config(
            config_dir,
            language.family,
            available,
            work,
            prune=config_dir == DEFAULTS,
            language=language,
            switcher=switcher.get(language.code),
            overlay=_overlay(config_dir, language),
        )
        _write(file, yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode("utf-8"))
    if not downloads:
        return Generated(configs[0][1], written_pages, 0, tuple(configs))
    files = {path: _verified(artifact) for path, artifact in downloads_of(inputs).items()}
    files.update(redlines_of(inputs))
    sync(work / DOWNLOADS_DIR, {path.removeprefix(f"{DOWNLOADS_DIR}/"): data for path, data in files.items()})
    return Generated(configs[0][1], written_pages, len(files), tuple(configs))


def _docs_folder(language: Language) -> str:
    return DOCS_DIR if language.default else f"{DOCS_DIR}.{language.code}"


def _hand_written(files: Mapping[str, bytes], found: tuple[Language, ...]) -> dict[str, dict[str, bytes]]:
    """The hand-written files of each language, by their path without the language suffix.

    `faq.zh-Hans.md` is the zh-Hans `faq.md`; an asset (anything but a page) belongs to
    every language. A page of the default language without a translation in another is
    an error naming the file to write: nothing falls back to the default language.
    """
    codes = {language.code for language in found}
    pages: dict[str | None, dict[str, bytes]] = {}
    assets: dict[str, bytes] = {}
    for path, data in files.items():
        code, generic = page_language(path)
        if not path.endswith(".md") and code is None:
            assets[path] = data
        elif code is None or code in codes:
            pages.setdefault(code, {})[generic] = data
    default = pages.get(None, {})
    problems = []
    result: dict[str, dict[str, bytes]] = {}
    for language in found:
        own = default if language.default else pages.get(language.code, {})
        for path in sorted(set(default) - set(own)):
            wanted = localized(path, language.code, False)
            problems.append(
                Diagnostic(
                    f"{SITE_DIR}/{DOCS_DIR}/{path}",
                    None,
                    f"the page has no {language.code} translation",
                    f"create {SITE_DIR}/{DOCS_DIR}/{wanted}: every page exists in every language of the site",
                )
            )
        result[language.code] = {**assets, **{p: d for p, d in own.items() if p in default}}
    if problems:
        raise SourceError(problems)
    return result


def _translated_questions(site: Path, language: Language, questions: tuple[Question, ...]) -> tuple[Question, ...]:
    """The chooser's questions in `language` (`chooser.<lang>.yml`), which must ask what chooser.yml asks."""
    file = localized(CHOOSER_FILE, language.code, False)
    if questions and not (site / file).is_file():
        raise SourceError(
            [
                Diagnostic(
                    f"{SITE_DIR}/{CHOOSER_FILE}",
                    None,
                    f"the chooser has no {language.code} translation",
                    f"create {SITE_DIR}/{file} with the same options, translating `ask` and `help`",
                )
            ]
        )
    translated = load_questions(site, language.family, SITE_DIR, file)
    return check_translation(questions, translated, file, SITE_DIR)


def words_script(words: Words) -> bytes:
    """The page script's words in one language, as a script that runs before site.js."""
    data = json.dumps(words.script(), ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f"window.clausekitWords = {data};\n".encode()


def alternates(
    found: tuple[Language, ...], pages: Mapping[str, set[str]], words: Mapping[str, Words]
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Per language and page, the language switcher's entries: the same page in every language.

    An entry's `href` is relative to the page (None when that language lacks the page;
    `note` then says so in the page's own language).
    """
    if len(found) < 2:
        return {}
    table: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for language in found:
        said = words[language.code]
        entries: dict[str, list[dict[str, Any]]] = {}
        for page in sorted(p for p in pages[language.code] if p.endswith(".md")):
            here = language.prefix + html_name(page)
            row = []
            for other in found:
                there = other.prefix + html_name(page)
                present = page in pages[other.code]
                row.append(
                    {
                        "lang": other.code,
                        "name": other.name,
                        "current": other.code == language.code,
                        "href": posixpath.relpath(there, posixpath.dirname(here) or ".") if present else None,
                        "note": None if present else said("{language}: not translated yet", language=other.name),
                    }
                )
            entries[page] = row
        table[language.code] = entries
    return table


BANNER = (
    '<div class="admonition {kind} {css}" role="note">\n<p class="admonition-title">{title}</p>\n'
    "<p>{text}</p>\n</div>\n\n"
)
DRAFT_TEXT = (
    "Version {version} of the {name} licenses is a draft, not released: its texts may still change "
    "under the same identifiers. Do not release a work under them yet."
)
PREVIEW_TITLE = "Preview"
STALE_DOWNLOADS = "The downloads on this page are being rebuilt: until this notice goes, they hold the previous text."
NO_REDLINES = "The preview does not make the redlines of an unreleased change: `mgl site` and `mgl diff` do."


def with_banner(page: bytes, family: Family) -> bytes:
    """The Markdown page with the draft banner first, after its front matter if it has one."""
    words = family.labels
    said = words(DRAFT_TEXT, version=family.version, name=family.name)
    return with_notice(
        page,
        BANNER.format(kind="warning", css="draft-banner", title=html.escape(words("Draft")), text=html.escape(said)),
    )


def with_notice(page: bytes, notice: str) -> bytes:
    """The Markdown page with `notice` (HTML) first, after its front matter if it has one."""
    text = page.decode("utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            head, body = text[: end + 5], text[end + 5 :]
            return (head + "\n" + notice + body.lstrip("\n")).encode("utf-8")
    return (notice + text).encode("utf-8")


def _code(text: str) -> str:
    """Escaped text whose `backticked` words (command names) are set as code."""
    return re.sub(r"`([^`<>]+)`", r"<code>\1</code>", html.escape(text))


def with_notices(pages: Mapping[str, bytes], notices: Notices, words: Words) -> dict[str, bytes]:
    """The preview's notices on the pages whose downloads are not rebuilt yet."""
    said: dict[str, str] = {
        **{variant_page(v): words(STALE_DOWNLOADS) for v in notices.stale_variants},
        **{changes_page(old, new): words(NO_REDLINES) for old, new in notices.stale_changes},
    }
    title = html.escape(words(PREVIEW_TITLE))
    return {
        path: with_notice(data, BANNER.format(kind="info", css="preview-notice", title=title, text=_code(said[path])))
        if path in said
        else data
        for path, data in pages.items()
    }


def _unwanted_defaults(site: Path, inputs: SiteInputs, hand_written: Mapping[str, bytes]) -> set[str]:
    """Default pages the site does without: those it wrote by hand, and the versions page with no release."""
    own = site / TEMPLATES_DIR
    defaults = {p.relative_to(DEFAULTS / TEMPLATES_DIR).as_posix() for p in (DEFAULTS / TEMPLATES_DIR).rglob("*.md")}
    unwanted = {page for page in defaults if page in hand_written and not (own / page).is_file()}
    if not inputs.releases and not (own / VERSIONS_PAGE).is_file():
        unwanted.add(VERSIONS_PAGE)
    return unwanted


def site_config(
    site: Path,
    family: Family,
    pages: set[str],
    work: Path,
    prune: bool = False,
    language: Language | None = None,
    switcher: Mapping[str, list[dict[str, Any]]] | None = None,
    overlay: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The mkdocs.yml in `site`, completed for this family, this language and this work folder.

    With `prune` (the default configuration), nav entries naming a page the site lacks are left out.
    `overlay` (the language's `mkdocs.<lang>.yml`) replaces the settings it names: the site
    name, the theme's language, the nav titles. With a `switcher` (a site of two languages or
    more), the header gets the language switcher and the page script its words.
    """
    raw = _read_config(site)
    if overlay is not None:
        raw = _overlaid(raw, overlay)
    config = dict(raw)
    name = str(raw.get("site_name", "{family} {version}"))
    config["site_name"] = name.replace("{version}", family.version).replace("{family}", family.name)
    config["docs_dir"] = str(work / (_docs_folder(language) if language is not None else DOCS_DIR))
    config["use_directory_urls"] = False  # the generated links name .html files; the folder works offline
    addresses = family.addresses
    if addresses is not None:  # the one place the base URL is written is the family file
        if raw.get("site_url") not in (None, addresses.site_url):
            raise SourceError(
                [
                    Diagnostic(
                        f"{SITE_DIR}/{CONFIG_FILE}",
                        None,
                        f"site_url {raw['site_url']!r} differs from `addresses.site_url` in {family.file}",
                        f"remove site_url from {CONFIG_FILE}: the site takes it from {family.file}",
                    )
                ]
            )
        # mkdocs' sitemap and <link rel="canonical"> need it; a language's pages sit under its prefix
        config["site_url"] = addresses.site_url + (language.prefix if language is not None else "")
    theme = dict(raw.get("theme") or {})
    if isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str((site / theme["custom_dir"]).resolve())
    config["theme"] = theme
    config["hooks"] = [*(str((site / h).resolve()) for h in raw.get("hooks") or ()), str(HOOKS)]
    if "nav" in raw:
        config["nav"] = _nav(raw["nav"], family, pages, prune)
    if switcher is not None and language is not None:
        extra = dict(raw.get("extra") or {})
        # Truthy, so the theme's header includes the switcher partial (ours, from OVERRIDES, per page);
        # not a list, so the theme writes no <link rel="alternate">, whose script would fetch a
        # sitemap.xml beside every linked page and send the reader to a language's home instead.
        extra["alternate"] = True
        extra["clausekit"] = {"language": language.code, "alternates": dict(switcher)}
        config["extra"] = extra
        config["extra_javascript"] = [WORDS_SCRIPT, *(raw.get("extra_javascript") or ())]
    return config


def _overlay(site: Path, language: Language) -> dict[str, Any] | None:
    """`<site>/mkdocs.<lang>.yml`: what a language's site says differently (site name, theme language, nav titles).

    None for the default language. Another language must have one: its nav titles and
    site name would otherwise be the default language's.
    """
    if language.default:
        return None
    file = localized(CONFIG_FILE, language.code, False)
    if not (site / file).is_file():
        raise SourceError(
            [
                Diagnostic(
                    f"{SITE_DIR}/{CONFIG_FILE}",
                    None,
                    f"the site has no {language.code} configuration",
                    f"create {SITE_DIR}/{file} with site_name, theme: {{language: ...}} and the nav in {language.code}",
                )
            ]
        )
    return _read_config(site, file)


def _overlaid(base: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with `overlay`'s settings: mappings merge key by key, anything else is replaced."""
    merged = dict(base)
    for key, value in overlay.items():
        old = merged.get(key)
        merged[key] = _overlaid(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return merged


def _read_config(site: Path, name: str = CONFIG_FILE) -> dict[str, Any]:
    file = f"{SITE_DIR}/{name}"
    try:
        raw = yaml.safe_load((site / name).read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise SourceError([Diagnostic(file, None, f"YAML error: {err}", "fix the YAML syntax")]) from None
    if not isinstance(raw, dict):
        raise SourceError([Diagnostic(file, None, "expected a mapping of mkdocs settings", "see mkdocs' docs")])
    return raw


def _nav(entries: Any, family: Family, pages: set[str], prune: bool) -> Any:
    if isinstance(entries, list):
        kept = [_nav(entry, family, pages, prune) for entry in entries]
        return [entry for entry in kept if entry != {}]
    if isinstance(entries, dict):
        return {
            title: _variants_nav(family, pages) if value == NAV_VARIANTS else _nav(value, family, pages, prune)
            for title, value in entries.items()
            if not (prune and isinstance(value, str) and value.endswith(".md") and value not in pages)
        }
    return entries


def _variants_nav(family: Family, pages: set[str]) -> list[Any]:
    """The overview, then each variant that has a page in this language (all of them in the default)."""
    overview = f"{LICENSES}/index.md"
    variants = ({v.id: variant_page(v.id)} for v in family.variants if variant_page(v.id) in pages)
    return [*([overview] if overview in pages else []), *variants]


def _tree(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _verified(artifact: Artifact) -> bytes:
    """The artifact's bytes, which must still be what the build recorded: the site publishes that sha256."""
    data = artifact.file.read_bytes()
    if hashlib.sha256(data).hexdigest() != artifact.sha256:
        raise SourceError(
            [
                Diagnostic(
                    str(artifact.file),
                    None,
                    "the file differs from the sha256 its build recorded",
                    "run `mgl build` again (never edit build/ by hand)",
                )
            ]
        )
    return data


def sync(folder: Path, files: Mapping[str, bytes]) -> None:
    """Make `folder` hold exactly `files`: write what changed, remove what is no longer wanted."""
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        _write(folder / path, data)
    for existing in sorted(folder.rglob("*"), reverse=True):  # children before their folders
        relative = existing.relative_to(folder).as_posix()
        if existing.is_file() and relative not in files:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()


def _write(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# --- mkdocs ---------------------------------------------------------------------------------


def build_site(root: Path, out: Path | None = None, artifacts: Path | None = None) -> Generated:
    """Build the static site into `out` (default `<root>/build/site`). Raises SourceError.

    The artifacts come from the ordinary build into `artifacts` (default `<root>/build`),
    run first: a no-op when they are up to date. The site is built beside `out` and
    then moved into place, so a failed build leaves the previous site as it was; a
    non-empty `out` that no previous `mgl site` made is never replaced.
    """
    out = (out if out is not None else root / "build" / "site").absolute()
    artifacts = artifacts if artifacts is not None else root / "build"
    problems = check_output_folder(root, out, "site folder", root / "build" / "site")
    if problems:
        raise SourceError(problems)
    if out.exists() and not (out / MARKER).exists() and (not out.is_dir() or any(out.iterdir())):
        raise SourceError(
            [
                Diagnostic(
                    str(out), None, "refusing to replace a folder that no `mgl site` built", "choose another --out"
                )
            ]
        )
    with tempfile.TemporaryDirectory(prefix="clausekit-site-") as scratch:
        work = Path(scratch)
        generated = generate(root, artifacts, work / "work")
        staged = work / "site"
        epoch = source_date_epoch(root)
        folders = []
        for folder, config in generated.languages or (("", generated.config),):
            run_mkdocs(config, staged / folder, epoch)  # the default language first: its build empties `staged`
            pin_sitemap(staged / folder, epoch)
            folders.append(folder)
        merge_sitemaps(staged, folders[1:], epoch)
        copy_downloads(work / "work", staged)
        (staged / MARKER).write_text("built by `mgl site`; the next build replaces this folder\n", encoding="utf-8")
        _replace(staged, out)
    return generated


def copy_downloads(work: Path, site_dir: Path) -> None:
    """The downloads into the built site as they are, once, at its root (every language links there)."""
    if (work / DOWNLOADS_DIR).is_dir():
        shutil.copytree(work / DOWNLOADS_DIR, site_dir / DOWNLOADS_DIR, dirs_exist_ok=True)


def _replace(staged: Path, out: Path) -> None:
    """Move the new site into place; the old one is removed only once the new one is complete.

    The folders beside `out` get fresh names of their own, so nothing a user keeps
    there (say, a folder called `.site.new`) is ever touched. The folder that holds `out`
    is made only here, once every check has passed: a refused build leaves no trace.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.clausekit-new-"))
    try:
        shutil.copytree(staged, incoming, dirs_exist_ok=True)
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    if not out.exists():
        os.replace(incoming, out)
        return
    old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.clausekit-old-"))
    os.replace(out, old)  # an empty folder may be replaced by a rename
    os.replace(incoming, out)
    shutil.rmtree(old, ignore_errors=True)


SITEMAP = "sitemap.xml"
_LASTMOD = re.compile(r"[ \t]*<lastmod>[^<]*</lastmod>\n?")


_URL_ENTRY = re.compile(r"<url>.*?</url>", re.S)


def merge_sitemaps(staged: Path, folders: Sequence[str], epoch: int | None) -> None:
    """The root sitemap lists the pages of every language, as search engines read only that one."""
    root = staged / SITEMAP
    if not folders or not root.is_file():
        return
    text = root.read_text(encoding="utf-8")
    extra = [
        entry
        for folder in folders
        if (staged / folder / SITEMAP).is_file()
        for entry in _URL_ENTRY.findall((staged / folder / SITEMAP).read_text(encoding="utf-8"))
    ]
    end = text.rindex("</urlset>")
    root.write_text(text[:end] + "".join(f"    {entry}\n" for entry in extra) + text[end:], encoding="utf-8")
    pin_sitemap(staged, epoch)


def pin_sitemap(site_dir: Path, epoch: int | None) -> None:
    """Make the sitemap the same on every rebuild of the same sources.

    mkdocs dates every page with the build date (SOURCE_DATE_EPOCH, which run_mkdocs
    sets from the sources when it can) and writes the build folder's temporary path
    into sitemap.xml.gz. Without a date from the sources the dates are dropped (they
    are optional), and the .gz is written again with no file name and the same date.
    """
    sitemap = site_dir / SITEMAP
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    if epoch is None:
        text = _LASTMOD.sub("", text)
        sitemap.write_text(text, encoding="utf-8")
    with (
        open(site_dir / f"{SITEMAP}.gz", "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch or 0) as gz,
    ):
        gz.write(text.encode("utf-8"))


def run_mkdocs(config_file: Path, site_dir: Path, epoch: int | None = None, *, dirty: bool = False) -> None:
    """`mkdocs build --strict`; every warning becomes a Diagnostic.

    With `epoch` mkdocs dates the pages (the sitemap's <lastmod>) from the sources, not the clock.
    `dirty` (the preview's quick pass) renders only the pages whose source is newer than
    their HTML; mkdocs' warning that such a build may leave other pages behind is expected.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _mkdocs_warnings() as warnings, _source_date(epoch), _segmenter_in(config_file.parent):
        try:
            mkdocs_build(
                load_config(config_file=str(config_file), site_dir=str(site_dir), strict=not dirty), dirty=dirty
            )
        except MkDocsException as err:
            warnings.append(str(err))
        found = [w for w in warnings if not (dirty and w.startswith(DIRTY_WARNING))]
        if found:
            raise SourceError(
                [
                    Diagnostic(f"{SITE_DIR}/{CONFIG_FILE}", None, f"mkdocs: {w}", "fix the page or setting named")
                    for w in found
                ]
            ) from None


DIRTY_WARNING = "A 'dirty' build is being performed"


@contextmanager
def _segmenter_in(scratch: Path) -> Iterator[None]:
    """jieba, which the theme's search uses to split Chinese words, kept quiet and in our scratch folder.

    Left alone it prints its progress to stderr and caches its dictionary in the system's
    temporary folder, outside anything the build owns.
    """
    try:
        import jieba  # type: ignore[import-untyped]
    except ImportError:  # a site without Chinese pages needs no segmenter
        yield
        return
    jieba.setLogLevel(logging.WARNING)
    before = jieba.dt.tmp_dir
    jieba.dt.tmp_dir = str(scratch)
    try:
        yield
    finally:
        jieba.dt.tmp_dir = before


@contextmanager
def _source_date(epoch: int | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to `epoch` for the duration (mkdocs reads only the environment)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


@contextmanager
def _mkdocs_warnings() -> Iterator[list[str]]:
    """mkdocs' warnings, collected rather than printed (its INFO lines are dropped)."""
    found: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Collect(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield found
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
