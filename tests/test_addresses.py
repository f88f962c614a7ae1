"""Canonical addresses: each variant's permanent URL (`addresses:` in the family file) and its badge.

Expectations come from the data files (variants.yaml, versions.yaml, the release's
committed build), never from the code under test.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from clausekit.document.types import Document
from clausekit.render.badge import render_badge
from clausekit.render.text import render_text
from conftest import COMMITTED, REPO, RunCli, edit

BUILT = REPO / "build"
SVG = "{http://www.w3.org/2000/svg}"


def family_data(root: Path = REPO) -> dict[str, object]:
    data = yaml.safe_load((root / "variants.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def expected_url(addresses: dict[str, str], variant_id: str, name: str, version: str) -> str:
    """The pattern filled in by plain string replacement, as a reader of the family file would."""
    url = addresses.get("license_url", "{site_url}licenses/{id}.html")
    for key, value in {
        "site_url": addresses["site_url"],
        "id_lower": variant_id.lower(),
        "id": variant_id,
        "name": name,
        "version": version,
    }.items():
        url = url.replace("{" + key + "}", value)
    return url


def released_texts() -> list[tuple[str, dict[str, str]]]:
    """(revision, variant id -> sha256) of every release versions.yaml lists."""
    releases = yaml.safe_load((REPO / "versions.yaml").read_text(encoding="utf-8"))["versions"]
    return [(r["revision"], r.get("texts") or {}) for r in releases]


# --- released texts never change --------------------------------------------------------------


def test_the_released_texts_are_byte_identical_with_the_canonical_url_declared(
    documents: tuple[Document, ...],
) -> None:
    data = family_data()
    assert "addresses" in data, "the corpus declares its addresses"
    version = str(data["family"]["version"])  # type: ignore[index]
    recorded = dict(next(texts for revision, texts in released_texts() if texts and version in next(iter(texts))))
    checked = 0
    for document in documents:
        if document.variant_id not in recorded:
            continue
        digest = recorded[document.variant_id]
        assert hashlib.sha256(render_text(document).encode()).hexdigest() == digest, document.variant_id
        assert hashlib.sha256((BUILT / document.variant_id / "license.txt").read_bytes()).hexdigest() == digest
        assert (
            document.url is not None and document.url not in (BUILT / document.variant_id / "license.txt").read_text()
        )
        checked += 1
    assert checked == len(recorded)


def test_the_released_markdown_is_what_the_release_committed(family_ids: list[str]) -> None:
    """license.md has no recorded digest: compare it with the release commit's build, less its draft line."""
    revision = next(revision for revision, texts in reversed(released_texts()) if texts)
    for variant_id in family_ids:
        shown = subprocess.run(
            ["git", "show", f"{revision}:build/{variant_id}/license.md"], cwd=REPO, capture_output=True, text=True
        )
        if shown.returncode != 0:
            pytest.skip("the release commit is not in this clone")
        released = shown.stdout.replace("- Status: draft, not released\n", "")
        assert (BUILT / variant_id / "license.md").read_text(encoding="utf-8") == released, variant_id


@pytest.fixture
def family_ids() -> list[str]:
    data = family_data()
    version = data["family"]["version"]  # type: ignore[index]
    return [f"{v['name']}-{version}" for v in data["variants"]]  # type: ignore[attr-defined]


def test_a_draft_next_edition_with_header_url_prints_the_url(corpus: Path, tmp_path: Path, mgl: RunCli) -> None:
    data = family_data()
    version = str(data["family"]["version"])  # type: ignore[index]
    edit(corpus, "variants.yaml", f'  version: "{version}"\n', '  version: "99.0"\n')
    edit(corpus, "variants.yaml", "  header_url: false\n", "  header_url: true\n")
    out = tmp_path / "out"
    assert mgl("build", "--root", corpus, "--out", out, "--format", "txt,md").code == 0
    addresses = data["addresses"]
    for variant in data["variants"]:  # type: ignore[attr-defined]
        variant_id = f"{variant['name']}-99.0"
        url = expected_url(addresses, variant_id, variant["name"], "99.0")  # type: ignore[arg-type]
        text = (out / variant_id / "license.txt").read_text(encoding="utf-8").splitlines()
        at = text.index(f"Identifier: {variant_id}")
        assert text[at + 1] == f"URL:        {url}", variant_id  # right under the identifier
        markdown = (out / variant_id / "license.md").read_text(encoding="utf-8")
        assert f"- Identifier: {variant_id}\n- URL: <{url}>\n" in markdown


# --- the URL from data, escaped wherever it lands ---------------------------------------------

AWKWARD = "https://example.org/a&b'c_d*e/"


def test_the_url_is_escaped_wherever_it_lands(corpus: Path, tmp_path: Path, mgl: RunCli) -> None:
    site_url = family_data()["addresses"]["site_url"]  # type: ignore[index]
    edit(corpus, "variants.yaml", f"  site_url: {site_url}\n", f'  site_url: "{AWKWARD}"\n')
    edit(corpus, "variants.yaml", "  header_url: false\n", "  header_url: true\n")
    out = tmp_path / "out"
    assert mgl("build", "--root", corpus, "--out", out, "--format", "txt,md,json,html,badge").code == 0
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        url = f"{AWKWARD}licenses/{folder.name}.html"
        data = json.loads((folder / "license.json").read_text(encoding="utf-8"))
        assert data["url"] == url and data["spdx"]["see_also"] == [url]
        assert yaml.safe_load(data["model_card"]["yaml"])["license_link"] == url
        assert f"URL:        {url}\n" in (folder / "license.txt").read_text(encoding="utf-8")
        # Markdown: an autolink, read back as a link to exactly the URL.
        tokens = MarkdownIt().parse((folder / "license.md").read_text(encoding="utf-8"))
        hrefs = [t.attrGet("href") for tok in tokens for t in tok.children or () if t.type == "link_open"]
        assert hrefs == [url]
        page = (folder / "license.html").read_text(encoding="utf-8")
        escaped = url.replace("&", "&amp;").replace("'", "&#x27;")
        assert f'<link rel="canonical" href="{escaped}">' in page
        assert f'<a href="{escaped}" rel="license">{escaped}</a>' in page
        assert "a&b" not in page and "b'c" not in page  # never raw in markup
        ET.fromstring((folder / "badge.svg").read_bytes())  # still well-formed XML


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  site_url: https://modelgo.li/\n", '  site_url: "https://x.org/a\\"b/"\n', "is not a usable base URL"),
        ("  site_url: https://modelgo.li/\n", "  site_url: https://x.org/<b>/\n", "is not a usable base URL"),
        ("  site_url: https://modelgo.li/\n", "  site_url: https://x.org/no-slash\n", "is not a usable base URL"),
        ("  site_url: https://modelgo.li/\n", "  site_url: javascript:alert(1)/\n", "is not a usable base URL"),
        (
            '  license_url: "{site_url}licenses/{id}.html"\n',
            '  license_url: "{site_url}{path}"\n',
            "usable URL pattern",
        ),
        ('  license_url: "{site_url}licenses/{id}.html"\n', '  license_url: "https://elsewhere/{id}"\n', "pattern"),
        ('  badge_colour: "#2e7d32"', '  badge_colour: "red\\"/><script>"', "is not a colour"),
        ("    - when: ND\n", "    - when: NDD\n", "NDD"),
        ("  header_url: false\n", "  header_url: maybe\n", "true or false"),
    ],
)
def test_bad_addresses_are_refused(corpus: Path, tmp_path: Path, mgl: RunCli, old: str, new: str, message: str) -> None:
    line = edit(corpus, "variants.yaml", old, new)
    out = tmp_path / "out"
    result = mgl("build", "--root", corpus, "--out", out)
    assert result.code == 2 and message in result.err
    assert f"variants.yaml:{line}" in result.err
    assert "Traceback" not in result.err and not [p for p in out.rglob("*") if p.is_file()]  # nothing written


def test_a_url_placeholder_needs_addresses(corpus: Path, mgl: RunCli) -> None:
    text = (corpus / "variants.yaml").read_text(encoding="utf-8")
    start, end = text.index("addresses:\n"), text.index("\n# Snippets for other platforms")
    (corpus / "variants.yaml").write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    result = mgl("lint", "--root", corpus)
    assert result.code == 2 and "{url} in 'license_link' needs the family's canonical URLs" in result.err


def test_without_addresses_there_is_no_url_and_no_badge(corpus: Path, tmp_path: Path, mgl: RunCli) -> None:
    text = (corpus / "variants.yaml").read_text(encoding="utf-8")
    start, end = text.index("addresses:\n"), text.index("\n# Snippets for other platforms")
    text = text[:start] + text[end + 1 :]
    (corpus / "variants.yaml").write_text(text.replace('license_link: "{url}"', "license_link: LICENSE"), "utf-8")
    out = tmp_path / "out"
    assert mgl("build", "--root", corpus, "--out", out, *COMMITTED).code == 0
    assert not list(out.glob("*/badge.svg"))
    for path in out.glob("*/license.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["url"] is None and data["spdx"]["see_also"] == []
        assert data["reuse"] == {"file": f"LICENSES/LicenseRef-{data['identifier']}.txt"}


def test_mkdocs_yml_may_not_name_another_site_url(corpus: Path, tmp_path: Path, mgl: RunCli) -> None:
    import shutil

    shutil.copytree(REPO / "site", corpus / "site")
    config = corpus / "site" / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://other.example/\n", encoding="utf-8")
    result = mgl("site", "--root", corpus, "--out", tmp_path / "site", "--artifacts", tmp_path / "artifacts")
    assert result.code == 2 and "addresses.site_url" in result.err and not (tmp_path / "site").exists()


# --- the badge --------------------------------------------------------------------------------


def expected_colour(data: dict[str, object], options: list[str]) -> str:
    """The first `badge_colours` entry whose condition (a bare option code in this corpus) the variant has."""
    addresses = data["addresses"]
    for entry in addresses.get("badge_colours") or ():  # type: ignore[attr-defined]
        when = entry["when"]
        assert re.fullmatch(r"[A-Z]+", when), "this test reads conditions that are one option code"
        if when in options:
            return str(entry["colour"]).lower()
    return str(addresses.get("badge_colour", "#555555")).lower()  # type: ignore[attr-defined]


def test_each_badge_names_its_variant_in_the_colour_of_its_kind(documents: tuple[Document, ...]) -> None:
    data = family_data()
    version = data["family"]["version"]  # type: ignore[index]
    for variant in data["variants"]:  # type: ignore[attr-defined]
        variant_id = f"{variant['name']}-{version}"
        raw = (BUILT / variant_id / "badge.svg").read_bytes()
        svg = ET.fromstring(raw)
        assert svg.tag == f"{SVG}svg"
        assert svg.find(f"{SVG}rect").get("fill") == expected_colour(data, variant["options"])  # type: ignore[union-attr]
        assert svg.find(f"{SVG}text").text == variant_id  # type: ignore[union-attr]
        assert variant["title"] in svg.find(f"{SVG}title").text  # type: ignore[operator,union-attr]
        assert not re.search(rb"@font-face|@import|url\(|href|<script|<style", raw), "nothing from elsewhere"
        document = next(d for d in documents if d.variant_id == variant_id)
        assert render_badge(document).encode() == raw == render_badge(document).encode()  # stable bytes


def test_the_badge_escapes_what_it_prints(documents: tuple[Document, ...]) -> None:
    document = dataclasses.replace(documents[0], title='A <b>"&" License')
    svg = ET.fromstring(render_badge(document))
    assert svg.find(f"{SVG}title").text == f'A <b>"&" License ({document.variant_id})'  # type: ignore[union-attr]
