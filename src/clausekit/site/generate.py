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
import re
import shutil
import signal
import socket
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clausekit.diagnostics import Diagnostic, SourceError
from clausekit.editions.check import check_release
from clausekit.output.build import source_date_epoch
from clausekit.site.chooser import load_questions
from clausekit.site.inputs import Artifact, SiteInputs, collect, lint_clean
from clausekit.site.pages import LICENSES, check_templates, downloads_of, render_pages, variant_page
from clausekit.sources.files import check_output_folder
from clausekit.sources.types import Family

SITE_DIR, CONFIG_FILE, DOCS_DIR, TEMPLATES_DIR = "site", "mkdocs.yml", "docs", "templates"
DOWNLOADS_DIR = "downloads"
NAV_VARIANTS = f"{LICENSES}/"  # a nav entry with this value: the overview page, then one page per variant
STATE_FILE = "clausekit-serve.json"  # in a work folder that `serve` regenerates on every rebuild
MARKER = ".clausekit-site"  # in a built site: this folder may be replaced by the next build
HOOKS = Path(__file__).with_name("mkdocs_hooks.py")
DEFAULTS = Path(__file__).with_name("defaults")  # the default site: mkdocs.yml and templates/
VERSIONS_PAGE = "versions/index.md"
WATCHED = ("clauses", "variants.yaml", "versions.yaml", SITE_DIR)


@dataclass(frozen=True)
class Generated:
    config: Path
    pages: int  # Markdown pages, generated and hand-written
    downloads: int


def generate(root: Path, artifacts: Path, work: Path) -> Generated:
    """Fill `work` from the sources at `root` (building any missing artifact into `artifacts`).

    What `<root>/site/` holds overrides the defaults in `defaults/`: its mkdocs.yml
    replaces the default configuration, its templates and hand-written pages replace
    the default pages of the same path. A family without `site/` gets the default site.
    """
    site = root / SITE_DIR
    config_dir = site if (site / CONFIG_FILE).is_file() else DEFAULTS
    templates = (site / TEMPLATES_DIR, DEFAULTS / TEMPLATES_DIR)
    where = f"{SITE_DIR}/{TEMPLATES_DIR}"
    # What can be checked cheaply is checked before the build, which may typeset for seconds.
    _read_config(config_dir)
    check_templates(templates, where)
    linted = lint_clean(root)  # the one load, check and assembly of the working tree
    released = check_release(root, linted)  # a released edition still builds its recorded texts
    if released:
        raise SourceError(released)
    questions = load_questions(site, linted.library.family, SITE_DIR)
    inputs = collect(root, artifacts, work / "scratch", linted)
    hand_written = _tree(site / DOCS_DIR)
    pages = render_pages(templates, inputs, questions, where, _unwanted_defaults(site, inputs, hand_written))
    clashes = sorted(set(pages) & set(hand_written))
    if clashes:
        raise SourceError(
            [
                Diagnostic(f"{SITE_DIR}/{DOCS_DIR}/{path}", None, "a generated page has this path", "rename the file")
                for path in clashes
            ]
        )
    every = {**hand_written, **{path: text.encode("utf-8") for path, text in pages.items()}}
    family = inputs.current.family
    if family.release is None:  # a draft: every page says so, as every edition of its texts does
        every = {path: with_banner(data, family) if path.endswith(".md") else data for path, data in every.items()}
    sync(work / DOCS_DIR, every)
    downloads = {path: _verified(artifact) for path, artifact in downloads_of(inputs).items()}
    sync(work / DOWNLOADS_DIR, {path.removeprefix(f"{DOWNLOADS_DIR}/"): data for path, data in downloads.items()})
    available = set(pages) | set(hand_written)
    config = site_config(config_dir, inputs.current.family, available, work, prune=config_dir == DEFAULTS)
    _write(work / CONFIG_FILE, yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode("utf-8"))
    written_pages = len(pages) + sum(1 for path in hand_written if path.endswith(".md"))
    return Generated(work / CONFIG_FILE, written_pages, len(downloads))


DRAFT_BANNER = (
    '<div class="admonition warning draft-banner" role="note">\n<p class="admonition-title">Draft</p>\n'
    "<p>Version {version} of the {name} licenses is a draft, not released: its texts may still change "
    "under the same identifiers. Do not release a work under them yet.</p>\n</div>\n\n"
)


def with_banner(page: bytes, family: Family) -> bytes:
    """The Markdown page with the draft banner first, after its front matter if it has one."""
    text = page.decode("utf-8")
    banner = DRAFT_BANNER.format(version=html.escape(family.version), name=html.escape(family.name))
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            head, body = text[: end + 5], text[end + 5 :]
            return (head + "\n" + banner + body.lstrip("\n")).encode("utf-8")
    return (banner + text).encode("utf-8")


def _unwanted_defaults(site: Path, inputs: SiteInputs, hand_written: Mapping[str, bytes]) -> set[str]:
    """Default pages the site does without: those it wrote by hand, and the versions page with no release."""
    own = site / TEMPLATES_DIR
    defaults = {p.relative_to(DEFAULTS / TEMPLATES_DIR).as_posix() for p in (DEFAULTS / TEMPLATES_DIR).rglob("*.md")}
    unwanted = {page for page in defaults if page in hand_written and not (own / page).is_file()}
    if not inputs.releases and not (own / VERSIONS_PAGE).is_file():
        unwanted.add(VERSIONS_PAGE)
    return unwanted


def site_config(site: Path, family: Family, pages: set[str], work: Path, prune: bool = False) -> dict[str, Any]:
    """The mkdocs.yml in `site`, completed for this family and this work folder.

    With `prune` (the default configuration), nav entries naming a page the site lacks are left out.
    """
    raw = _read_config(site)
    config = dict(raw)
    name = str(raw.get("site_name", "{family} {version}"))
    config["site_name"] = name.replace("{version}", family.version).replace("{family}", family.name)
    config["docs_dir"] = str(work / DOCS_DIR)
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
        config["site_url"] = addresses.site_url  # mkdocs' sitemap and <link rel="canonical"> need it
    theme = dict(raw.get("theme") or {})
    if isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str((site / theme["custom_dir"]).resolve())
    config["theme"] = theme
    config["hooks"] = [*(str((site / h).resolve()) for h in raw.get("hooks") or ()), str(HOOKS)]
    if "nav" in raw:
        config["nav"] = _nav(raw["nav"], family, pages, prune)
    return config


def _read_config(site: Path) -> dict[str, Any]:
    file = f"{SITE_DIR}/{CONFIG_FILE}"
    try:
        raw = yaml.safe_load((site / CONFIG_FILE).read_text(encoding="utf-8"))
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
    overview = f"{LICENSES}/index.md"
    return [*([overview] if overview in pages else []), *({v.id: variant_page(v.id)} for v in family.variants)]


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
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="clausekit-site-") as scratch:
        work = Path(scratch)
        generated = generate(root, artifacts, work / "work")
        staged = work / "site"
        epoch = source_date_epoch(root)
        run_mkdocs(generated.config, staged, epoch)
        pin_sitemap(staged, epoch)
        (staged / MARKER).write_text("built by `mgl site`; the next build replaces this folder\n", encoding="utf-8")
        _replace(staged, out)
    return generated


def _replace(staged: Path, out: Path) -> None:
    """Move the new site into place; the old one is removed only once the new one is complete.

    The folders beside `out` get fresh names of their own, so nothing a user keeps
    there (say, a folder called `.site.new`) is ever touched.
    """
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


def run_mkdocs(config_file: Path, site_dir: Path, epoch: int | None = None) -> None:
    """`mkdocs build --strict`; every warning becomes a Diagnostic.

    With `epoch` mkdocs dates the pages (the sitemap's <lastmod>) from the sources, not the clock.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _mkdocs_warnings() as warnings, _source_date(epoch):
        try:
            mkdocs_build(load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True))
        except MkDocsException as err:
            found = [*warnings, str(err)]
            raise SourceError(
                [
                    Diagnostic(f"{SITE_DIR}/{CONFIG_FILE}", None, f"mkdocs: {w}", "fix the page or setting named")
                    for w in found
                ]
            ) from None


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


def serve_site(root: Path, host: str = "127.0.0.1", port: int = 8000, artifacts: Path | None = None) -> None:
    """Preview the site with mkdocs' live-reload server until interrupted.

    The clauses, variants.yaml, versions.yaml and site/ are watched; on every
    rebuild the hook regenerates the pages (and the artifacts they download), so an
    edited clause shows in the browser as soon as it is saved. A source problem is
    printed and the previous pages stay up.
    """
    from mkdocs.commands.serve import serve

    _check_port(host, port)
    artifacts = artifacts if artifacts is not None else root / "build"
    with tempfile.TemporaryDirectory(prefix="clausekit-serve-") as scratch:
        work = Path(scratch)
        generated = generate(root, artifacts, work)
        state = {"root": str(root.resolve()), "artifacts": str(artifacts.resolve())}
        (work / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
        watch = [str(root / name) for name in WATCHED if (root / name).exists()]
        with _mkdocs_log(), _stop_on_terminate():
            serve(config_file=str(generated.config), livereload=True, watch=watch, dev_addr=f"{host}:{port}")


def _check_port(host: str, port: int) -> None:
    """Name the port and the fix before building anything, rather than failing deep in the server."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as err:
        raise SourceError(
            [
                Diagnostic(
                    "--port",
                    None,
                    f"cannot listen on {host}:{port}: {err.strerror or err}",
                    f"choose another port, e.g. --port {port + 1 if port < 65535 else 8000}, or stop what uses it",
                )
            ]
        ) from None


@contextmanager
def _stop_on_terminate() -> Iterator[None]:
    """Ctrl+C and SIGTERM both stop the server, so its work folder is removed either way.

    SIGINT is handled explicitly too: a process started with SIGINT ignored (a
    background job of a script) would otherwise never see Ctrl+C.
    """

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def _mkdocs_log() -> Iterator[None]:
    """mkdocs' own lines while serving ("Detected file changes", "Reloading browsers", problems)."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def regenerate(work: Path) -> Generated | None:
    """For the hook: regenerate a served work folder (None when `work` is not one)."""
    state_file = work / STATE_FILE
    if not state_file.is_file():
        return None
    state = json.loads(state_file.read_text(encoding="utf-8"))
    return generate(Path(state["root"]), Path(state["artifacts"]), work)
