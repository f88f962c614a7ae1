"""Redlines for legal review: `mgl diff --format docx` (Word tracked changes) and `--format pdf` (blackline).

The documents are read back here with zipfile and lxml, never through the writer or
python-docx's text API: accepting every change keeps w:ins/w:moveTo and drops
w:del/w:moveFrom (content and paragraph marks), rejecting does the reverse. The results
are compared with the canonical license.txt that `mgl build` makes of each side.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from lxml import etree  # type: ignore[import-untyped]

from clausekit.cli.main import main
from clausekit.diff import DiffReport, diff_sources
from clausekit.sources.versions import load_versions
from conftest import REPO, RunCli
from test_diff import Repo, make_repo

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REVISIONS = {f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo"}
KEPT_ON_ACCEPT = {None, f"{W}ins", f"{W}moveTo"}
KEPT_ON_REJECT = {None, f"{W}del", f"{W}moveFrom"}
SCHEMA = REPO / "tests" / "data" / "wml-redline.xsd"
# Who signs by default: the working tree's family.maintainers (the releases predate the key).
AUTHOR = yaml.safe_load((REPO / "variants.yaml").read_text(encoding="utf-8"))["family"]["maintainers"]
RULE = re.compile(r"[=-]+")


# --- reading a .docx back, independently of the writer ---------------------------------------


@dataclass(frozen=True)
class Para:
    style: str | None
    mark: str | None  # the revision on the paragraph mark, or None
    pieces: tuple[tuple[str | None, str, str], ...]  # (revision tag or None, author or "", text)


def document_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml")


def paragraphs(path: Path) -> list[Para]:
    body = etree.fromstring(document_xml(path)).find(f"{W}body")
    assert body is not None
    found: list[Para] = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        marks = [m.tag for m in p.findall(f"{W}pPr/{W}rPr/*") if m.tag in REVISIONS]
        pieces = []
        for node in p.iter(f"{W}t", f"{W}delText"):
            revision = next((a for a in node.iterancestors() if a.tag in REVISIONS), None)
            tag = revision.tag if revision is not None else None
            author = revision.get(f"{W}author", "") if revision is not None else ""
            pieces.append((tag, author, node.text or ""))
        found.append(
            Para(style.get(f"{W}val") if style is not None else None, marks[0] if marks else None, tuple(pieces))
        )
    return found


def resolved(paras: list[Para], kept: set[str | None]) -> list[str]:
    """The text once every change is accepted (kept = KEPT_ON_ACCEPT) or rejected, one string per paragraph.

    A paragraph whose mark goes joins the next one, as in Word.
    """
    out: list[str] = []
    current = ""
    for para in paras:
        current += "".join(text for tag, _, text in para.pieces if tag in kept)
        if para.mark in kept:
            out.append(current)
            current = ""
    if current.strip():
        out.append(current)
    return out


def words_of(texts: list[str]) -> list[list[str]]:
    return [t.split() for t in texts if t.strip()]


def canonical(path: Path) -> list[list[str]]:
    """A license.txt as paragraphs of words: blocks between blank lines, heading rules dropped, header fields one each."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    out: list[list[str]] = []
    for index, block in enumerate(blocks):
        lines = [line for line in block.split("\n") if line.strip() and not RULE.fullmatch(line.strip())]
        if not lines:
            continue
        if index == 1:  # the header fields: one per line, a wrapped value's lines indented
            fields: list[list[str]] = []
            for line in lines:
                if line.startswith(" "):
                    fields[-1] += line.split()
                else:
                    fields.append(line.split())
            out += fields
        else:
            out.append(" ".join(lines).split())
    return out


# --- the real history: the last two releases in versions.yaml -----------------------------------


@dataclass(frozen=True)
class History:
    old: str  # version
    new: str
    old_texts: dict[str, Path]  # variant name -> license.txt
    new_texts: dict[str, Path]


def _texts(out: Path, version: str) -> dict[str, Path]:
    suffix = f"-{version}"
    return {
        d.name.removesuffix(suffix): d / "license.txt" for d in sorted(out.iterdir()) if (d / "license.txt").is_file()
    }


@pytest.fixture(scope="session")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    releases = load_versions(REPO)
    assert len(releases) >= 2, "the test needs two releases in versions.yaml"
    old, new = releases[-2].version, releases[-1].version
    outs = {}
    for version in (old, new):
        out = tmp_path_factory.mktemp(f"release-{version}")
        assert main(["build", "--root", str(REPO), "--rev", version, "--out", str(out), "--format", "txt"]) == 0
        outs[version] = out
    return History(old, new, _texts(outs[old], old), _texts(outs[new], new))


@pytest.fixture(scope="session")
def redlines(history: History, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One .docx per variant of either release, by variant name."""
    out = tmp_path_factory.mktemp("redlines")
    made = {}
    for name in sorted({*history.old_texts, *history.new_texts}):
        target = out / f"{name}.docx"
        code = main(
            [
                "diff",
                "--root",
                str(REPO),
                "--variant",
                name,
                history.old,
                history.new,
                "--format",
                "docx",
                "--output",
                str(target),
            ]
        )
        assert code == 0
        made[name] = target
    return made


def test_accepting_gives_new_and_rejecting_gives_old_for_every_variant(
    history: History, redlines: dict[str, Path]
) -> None:
    assert set(history.new_texts) - set(history.old_texts), "the history should add a variant"
    assert set(history.old_texts) - set(history.new_texts), "the history should remove a variant"
    for name, path in redlines.items():
        paras = paragraphs(path)
        new = canonical(history.new_texts[name]) if name in history.new_texts else []
        old = canonical(history.old_texts[name]) if name in history.old_texts else []
        assert words_of(resolved(paras, KEPT_ON_ACCEPT)) == new, name
        assert words_of(resolved(paras, KEPT_ON_REJECT)) == old, name
        changes = [tag for p in paras for tag, _, _ in p.pieces if tag is not None]
        assert changes, f"{name}: a redline between two editions with changes shows them"


def test_every_revision_is_signed_dated_and_numbered_once(redlines: dict[str, Path]) -> None:
    for path in redlines.values():
        root = etree.fromstring(document_xml(path))
        ids = []
        for element in root.iter():
            if element.tag in REVISIONS or element.tag.endswith("RangeStart"):
                assert element.get(f"{W}author") in (AUTHOR, f"{AUTHOR} (renumbering)")
                assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", element.get(f"{W}date", ""))
                ids.append(element.get(f"{W}id"))
        assert len(ids) == len(set(ids)), "every revision has its own w:id"


def test_the_document_part_passes_the_schema(redlines: dict[str, Path], tmp_path: Path, mgl: RunCli) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    review = tmp_path / "review.docx"
    assert mgl("diff", "--root", REPO, "2.0", "2.1", "--format", "docx", "--output", review).code == 0
    for path in [*redlines.values(), review]:
        document = etree.fromstring(document_xml(path))
        assert schema.validate(document), f"{path.name}: {schema.error_log.last_error}"
    broken = etree.fromstring(document_xml(review))
    revision = next(e for e in broken.iter(f"{W}ins"))
    del revision.attrib[f"{W}author"]
    assert not schema.validate(broken), "the schema must refuse a revision without an author"


def test_python_docx_opens_it_with_real_styles(redlines: dict[str, Path], history: History) -> None:
    import docx

    name = sorted(set(history.old_texts) & set(history.new_texts))[-1]
    document = docx.Document(str(redlines[name]))
    used = {p.style.name for p in document.paragraphs if p.style is not None}
    assert {"Title", "Heading 1", "Heading 2", "Body Text"} <= used
    assert "List Paragraph" in used
    assert document.core_properties.author == AUTHOR
    runs = document.element.body.iter(f"{W}rStyle")
    assert {r.get(f"{W}val") for r in runs} == {document.styles["Defined Term"].style_id}
    with zipfile.ZipFile(redlines[name]) as archive:
        assert b"<w:trackRevisions/>" in archive.read("word/settings.xml")


def test_the_same_inputs_give_the_same_bytes(tmp_path: Path, mgl: RunCli) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for target in (first, second):
        assert (
            mgl("diff", "--root", REPO, "2.0", "2.1", "--variant", "MG-BY-NC", "--format", "docx", "-o", target).code
            == 0
        )
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert not any("thumbnail" in i.filename for i in infos)


def test_the_date_is_new_commit_time_or_source_date_epoch(
    tmp_path: Path, mgl: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = load_versions(REPO)[-1]
    stamp = subprocess.run(
        ["git", "-C", str(REPO), "log", "-1", "--format=%cI", release.revision],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    expected = subprocess.run(
        ["date", "-u", "-d", stamp, "+%Y-%m-%dT%H:%M:%SZ"], capture_output=True, text=True, check=True
    ).stdout.strip()
    target = tmp_path / "r.docx"
    assert (
        mgl("diff", "--root", REPO, "2.0", release.version, "--variant", "BY", "--format", "docx", "-o", target).code
        == 0
    )
    dates = {e.get(f"{W}date") for e in etree.fromstring(document_xml(target)).iter(*REVISIONS)}
    assert dates == {expected}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert (
        mgl(
            "diff",
            "--root",
            REPO,
            "2.0",
            release.version,
            "--variant",
            "BY",
            "--author",
            "A. Lawyer",
            "--format",
            "docx",
            "-o",
            target,
        ).code
        == 0
    )
    elements = list(etree.fromstring(document_xml(target)).iter(*REVISIONS))
    assert {e.get(f"{W}date") for e in elements} == {"1970-01-02T00:00:00Z"}
    assert {e.get(f"{W}author") for e in elements} <= {"A. Lawyer", "A. Lawyer (renumbering)"}


# --- edge cases on a scripted history -------------------------------------------------------------


def _texts_of(repo: Repo, revision: str, out: Path) -> dict[str, Path]:
    assert main(["build", "--root", str(repo.root), "--rev", revision, "--out", str(out), "--format", "txt"]) == 0
    return {d.name: d / "license.txt" for d in sorted(out.iterdir()) if (d / "license.txt").is_file()}


def _check_both_ways(repo: Repo, tmp_path: Path) -> Iterator[tuple[str, list[Para]]]:
    """Each variant's redline of the last commit, checked against both sides' canonical texts.

    Both sides are loaded once and each variant's redline written in-process (the command
    line is the same code; test_cli-style cases above run it through `mgl`).
    """
    from clausekit.diff.render.docx import render_docx
    from clausekit.diff.sides import load_library, resolve
    from clausekit.diff.tracked import variant_redline

    old = _texts_of(repo, "HEAD~1", tmp_path / "old")
    new = _texts_of(repo, "HEAD", tmp_path / "new")
    assert old.keys() == new.keys()
    sides = [load_library(resolve(spec, repo.root), repo.root) for spec in ("HEAD~1", "HEAD")]
    for variant in new:
        redline = variant_redline(sides[0], sides[1], variant, variant, ("HEAD~1", "HEAD"))
        target = tmp_path / f"{variant}.docx"
        target.write_bytes(render_docx(redline, author=AUTHOR, date=0, full_text=True))
        paras = paragraphs(target)
        assert words_of(resolved(paras, KEPT_ON_ACCEPT)) == canonical(new[variant]), variant
        assert words_of(resolved(paras, KEPT_ON_REJECT)) == canonical(old[variant]), variant
        yield variant, paras


def _revisions(paras: list[Para]) -> list[tuple[str, str, str]]:
    return [(tag, author, text) for p in paras for tag, author, text in p.pieces if tag is not None]


def test_a_clause_that_only_moves_reads_as_a_move(tmp_path: Path) -> None:
    repo = make_repo(REPO, tmp_path / "repo")
    repo.edit("clauses/06-scope/no-waiver.md", "order: 40", "order: 25")
    repo.commit()
    for variant, paras in _check_both_ways(repo, tmp_path):
        revisions = _revisions(paras)
        moved_from = "".join(t for tag, _, t in revisions if tag == f"{W}moveFrom")
        moved_to = "".join(t for tag, _, t in revisions if tag == f"{W}moveTo")
        assert moved_from and moved_from.split()[1:] == moved_to.split()[1:], variant  # the same clause, renumbered
        others = [(tag, author) for tag, author, _ in revisions if tag in (f"{W}ins", f"{W}del")]
        assert all(author.endswith("(renumbering)") for _, author in others), variant
        ranges = etree.fromstring(document_xml(tmp_path / f"{variant}.docx"))
        names = [{e.get(f"{W}name") for e in ranges.iter(f"{W}{side}RangeStart")} for side in ("moveFrom", "moveTo")]
        assert names[0] == names[1] and len(names[0]) == 1


def test_a_rewrap_alone_changes_nothing(tmp_path: Path, mgl: RunCli) -> None:
    repo = make_repo(REPO, tmp_path / "repo")
    path = repo.root / "clauses/05-termination/term.md"
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(head + "\n---\n" + re.sub(r"(\w) (\w)", "\\1\n\\2", body, count=3), encoding="utf-8")
    repo.commit()
    assert (
        subprocess.run(["git", "-C", str(repo.root), "diff", "--quiet", "HEAD~1", "HEAD"], check=False).returncode == 1
    )
    for variant, paras in _check_both_ways(repo, tmp_path):
        assert _revisions(paras) == [], variant
        assert all(p.mark is None for p in paras)
    target = tmp_path / "exit.docx"
    assert (
        mgl(
            "diff",
            "--root",
            repo.root,
            "HEAD~1",
            "HEAD",
            "--variant",
            variant,
            "--format",
            "docx",
            "-o",
            target,
            "--exit-code",
        ).code
        == 0
    )


def test_a_renumbering_alone_is_signed_as_renumbering(tmp_path: Path) -> None:
    repo = make_repo(REPO, tmp_path / "repo")
    repo.edit("variants.yaml", '  - id: scope\n    number: "6"', '  - id: scope\n    number: "8"')
    repo.commit()
    report = diff_sources("HEAD~1", "HEAD", repo.root)
    assert isinstance(report, DiffReport) and report.renumbering and not report.clauses
    for variant, paras in _check_both_ways(repo, tmp_path):
        revisions = _revisions(paras)
        assert revisions, variant
        assert all(author.endswith("(renumbering)") for _, author, _ in revisions), variant


# --- the command line ---------------------------------------------------------------------------


def test_variant_may_come_before_old(mgl: RunCli, tmp_path: Path) -> None:
    result = mgl("diff", "--root", REPO, "--variant", "MG-BY-NC", "2.0", "2.1")
    assert result.code == 0, result.err
    assert "MG-BY-NC-2.1" in result.out and "MG0-2.1" not in result.out
    both = mgl("diff", "--root", REPO, "--variant", "MG-BY-NC", "--variant", "MG0", "2.0", "2.1")
    assert both.code == 0 and "MG-BY-NC-2.1" in both.out and "MG0-2.1" in both.out and "MG-BY-ND-2.1" not in both.out
    target = tmp_path / "r.docx"
    changed = mgl(
        "diff", "--root", REPO, "--variant", "BY", "2.0", "2.1", "--format", "docx", "-o", target, "--exit-code"
    )
    assert changed.code == 1 and target.is_file()
    same = mgl("diff", "--root", REPO, "--variant", "BY", "2.1", "2.1", "--format", "docx", "-o", target, "--exit-code")
    assert same.code == 0


def test_redline_formats_need_an_output_file_and_refuse_bad_input(mgl: RunCli, tmp_path: Path) -> None:
    result = mgl("diff", "--root", REPO, "2.0", "2.1", "--format", "docx")
    assert result.code == 2 and "add --output FILE.docx" in result.err and "Traceback" not in result.err
    result = mgl("diff", "--root", REPO, "2.0", "2.1", "--output", tmp_path / "x.txt")
    assert result.code == 2 and "--format docx or --format pdf" in result.err
    target = tmp_path / "x.docx"
    result = mgl("diff", "--root", REPO, "2.0", "2.1", "--variant", "NO-SUCH", "--format", "docx", "-o", target)
    assert result.code == 2 and "unknown variant 'NO-SUCH'" in result.err and "nothing was written" in result.err
    assert not target.exists()
    result = mgl("diff", "--root", REPO, "2.0", "2.1", "--author", "Jane\x07Doe", "--format", "docx", "-o", target)
    assert result.code == 2 and "--author: error:" in result.err and not target.exists()
    result = mgl("diff", "--root", REPO, "2.0", "2.1", "--format", "docx", "-o", tmp_path / "no" / "such" / "x.docx")
    assert result.code == 74 and "nothing was written" in result.err
    files = [REPO / "build" / "MG0-2.1" / "license.txt", REPO / "build" / "MG-BY-2.1" / "license.txt"]
    result = mgl("diff", *files, "--format", "docx", "-o", target)
    assert result.code == 2 and "not from license files" in result.err and not target.exists()


# --- LibreOffice and the blackline PDF -------------------------------------------------------------


def _pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)
def test_libreoffice_opens_and_prints_it(redlines: dict[str, Path], history: History, tmp_path: Path) -> None:
    name = sorted(set(history.old_texts) & set(history.new_texts))[-1]
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(redlines[name]),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    lines = sum(
        len(t.read_text(encoding="utf-8").splitlines()) for t in (history.old_texts[name], history.new_texts[name])
    )
    pages = _pdf_pages(tmp_path / f"{name}.pdf")
    assert lines // 80 <= pages <= lines // 20, (pages, lines)


def _pdftotext_words(path: Path) -> set[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"\w+", text))


def test_the_blackline_shows_every_changed_word_and_is_reproducible(tmp_path: Path, mgl: RunCli) -> None:
    report = diff_sources("2.0", "2.1", REPO, ("MG-BY-NC",))
    assert isinstance(report, DiffReport)
    changed = {
        word
        for clause in report.clauses
        for text in clause.text
        for segment in text.diff.segments
        if segment.op != "equal"
        for token in segment.tokens
        for word in re.findall(r"\w+", token.word)
    }
    assert changed
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for target in (first, second):
        assert (
            mgl("diff", "--root", REPO, "2.0", "2.1", "--variant", "BY-NC", "--format", "pdf", "-o", target).code == 0
        )
    assert first.read_bytes() == second.read_bytes()
    assert changed <= _pdftotext_words(first), changed - _pdftotext_words(first)
    assert "Legend" in _pdftotext_words(first)
    review = tmp_path / "review.pdf"
    assert mgl("diff", "--root", REPO, "2.0", "2.1", "--format", "pdf", "-o", review).code == 0
    assert _pdf_pages(review) > 1


def test_the_review_lists_translation_changes(tmp_path: Path, mgl: RunCli) -> None:
    """A translation-only change is a change (--exit-code); the review says which files, without redlining them."""
    repo = make_repo(REPO, tmp_path / "repo")
    translation = "clauses/06-scope/no-waiver.zh-Hans.md"
    text = (repo.root / translation).read_text(encoding="utf-8")
    (repo.root / translation).write_text(text.rstrip("\n") + "\n\n另起一段。\n", encoding="utf-8")
    repo.commit()
    docx, pdf = tmp_path / "review.docx", tmp_path / "review.pdf"
    for target in (docx, pdf):
        result = mgl("diff", "--root", repo.root, "HEAD~1", "HEAD", "--format", target.suffix[1:], "-o", target)
        assert result.code == 0, result.err
    part = etree.fromstring(document_xml(docx))
    cells = ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in part.iter(f"{W}tc")]
    assert ["zh-Hans", f"translation of no-waiver ({translation})", "changed"] in [
        cells[i : i + 3] for i in range(len(cells) - 2)
    ], cells
    assert not list(part.iter(f"{W}ins")) and not list(part.iter(f"{W}del"))  # nothing of the English changed
    words = _pdftotext_words(pdf)
    assert {"Translations", "no", "waiver", "zh", "Hans", "changed"} <= words
