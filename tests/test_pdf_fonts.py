"""A PDF is set only in the fonts clausekit declares, never in a font of the machine.

weasyprint's own font configuration starts from the system's fonts. A character the
declared faces lacked was then set in whatever the machine had (DejaVu here), and the
system's Noto CJK collections were loaded into every Chinese PDF's process (290 MB
rather than 120). Now the PDF's fontconfig sees no system font, and a character no
declared face has is refused with the fragment it is in.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from clausekit.render.typeset import face_characters, font_configuration, font_files, unprintable
from conftest import TINY, RunCli, copy_sources, edit, snapshot
from test_diff import make_repo

ROOT = Path(__file__).resolve().parent.parent
BALLOT_X = "\u2717"  # ✗: not in IBM Plex Serif; DejaVu, for one, has it


def pdf_fonts(pdf: bytes) -> set[str]:
    found: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources.get_object()["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]))
    return found


def a_system_family() -> str:
    """A font family installed on this machine (not one clausekit declares), or skip."""
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list is not installed")
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    families = sorted({line.split(",")[0].strip() for line in listed.splitlines() if line.strip()})
    usable = [f for f in families if f.isascii() and "Plex" not in f and '"' not in f]
    if not usable:
        pytest.skip("this machine has no system font to be tempted by")
    return usable[0]


def test_the_pdf_font_configuration_sees_no_system_font() -> None:
    import weasyprint  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    family = a_system_family()
    page = f"<p style=\"font-family: '{family}'\">Machine fonts stay out.</p>"
    flat = family.replace(" ", "")
    # The control: weasyprint's own configuration does use the machine's font ...
    assert any(
        flat in name.replace("-", "")
        for name in pdf_fonts(weasyprint.HTML(string=page).write_pdf(font_config=FontConfiguration()))
    ), family
    # ... and clausekit's does not, for all that the page asks for it.
    with font_configuration() as config:
        made = weasyprint.HTML(string=page).write_pdf(font_config=config)
    assert not any(flat in name.replace("-", "") for name in pdf_fonts(made))


def test_unprintable_reads_the_set_text_only() -> None:
    with font_files() as fonts:
        covered = face_characters(sorted(set(fonts.values())))
    assert ord("A") in covered and ord("§") in covered and ord(BALLOT_X) not in covered
    page = (
        f"<html><head><title>{BALLOT_X}</title><style>p::after {{ content: '\u2603'; }}</style></head>"
        f"<body><p>A&#x2717; \u00ad\u200b\tB</p><p data-x='\u2620'>§ \u263a \ue000</p></body></html>"
    )
    assert unprintable(page, covered) == ["\u263a", BALLOT_X, "\ue000"]  # in code point order; private use counts


def test_a_character_no_pdf_font_has_is_refused_naming_its_fragment(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(TINY, tmp_path / "root")
    out = tmp_path / "out"
    assert mgl("build", "--root", root, "--out", out, "--format", "txt,pdf").code == 0
    before = snapshot(out)
    edit(root, "clauses/use.md", "may copy", f"may copy ({BALLOT_X} not sell)")
    result = mgl("build", "--root", root, "--out", out, "--format", "txt,pdf")
    assert result.code == 2, result.err
    assert "clauses/use.md" in result.err and "U+2717" in result.err and "BALLOT X" in result.err
    assert "--format pdf" in result.err and "Traceback" not in result.err
    assert snapshot(out) == before  # nothing written, not even the text that could be built
    fresh = tmp_path / "fresh"
    assert mgl("build", "--root", root, "--out", fresh, "--format", "pdf").code == 2
    assert not fresh.exists()  # refused before the folder is made
    assert mgl("build", "--root", root, "--out", out, "--format", "txt").code == 0  # the text edition has no font
    assert BALLOT_X in next(out.glob("*/license.txt")).read_text(encoding="utf-8")


def test_a_blackline_with_such_a_character_is_refused_and_the_docx_is_not(tmp_path: Path, mgl: RunCli) -> None:
    repo = make_repo(ROOT, tmp_path / "repo")
    repo.edit("clauses/06-scope/no-waiver.md", "acts late,", f"acts late ({BALLOT_X}),")
    repo.commit()
    target = tmp_path / "review.pdf"
    result = mgl("diff", "--root", repo.root, "HEAD~1", "HEAD", "--variant", "MG0", "--format", "pdf", "-o", target)
    assert result.code == 2, result.err
    assert str(target) in result.err and "U+2717" in result.err and "--format docx" in result.err
    assert "Traceback" not in result.err and not target.exists()
    docx = tmp_path / "review.docx"
    assert (
        mgl("diff", "--root", repo.root, "HEAD~1", "HEAD", "--variant", "MG0", "--format", "docx", "-o", docx).code == 0
    )
