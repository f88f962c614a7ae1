"""`mgl diff` shows every change of the family file that changes a license or its artifacts.

Each case edits one declaration of a scratch copy of the corpus (picked from its
variants.yaml, so a new edition needs no edit here) and looks for the change in every
diff format.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
import yaml

from clausekit.diff import RENDERERS, diff_sources
from clausekit.diff.report import DiffReport, Renumbered
from clausekit.diff.variant import ComparedVariant, group_renumbering
from conftest import REPO, RunCli, copy_sources

Edit = Callable[[dict[str, Any]], tuple[str, ...]]  # edits variants.yaml's data; returns texts the diff must show


def because_only(data: dict[str, Any]) -> tuple[str, ...]:
    rule = data["rules"][0]
    rule["because"] = rule["because"].rstrip(".") + " in any remix."
    return ("in any remix.", " with ".join(rule["never"]))


def words_only(data: dict[str, Any]) -> tuple[str, ...]:
    data["words"] = [*data.get("words", []), "Zanzibar"]
    return ("Zanzibar",)


def row_label(data: dict[str, Any]) -> tuple[str, ...]:
    group = data["sheet"]["groups"][-1]
    row = group["rows"][0]
    old, row["label"] = row["label"], row["label"] + " freely"
    return (f"{group['title']} / {row['label']}", old)


def site_moved(data: dict[str, Any]) -> tuple[str, ...]:
    old = data["addresses"]["site_url"]
    data["addresses"]["site_url"] = "https://licenses.example.org/"
    return ("https://licenses.example.org/", old)


def edited_pair(tmp_path: Path, change: Edit) -> tuple[Path, Path, tuple[str, ...]]:
    old = copy_sources(REPO, tmp_path / "old")
    new = copy_sources(REPO, tmp_path / "new")
    data = yaml.safe_load((new / "variants.yaml").read_text(encoding="utf-8"))
    shown = change(data)
    (new / "variants.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return old, new, shown


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("change", [because_only, words_only, row_label, site_moved], ids=lambda c: c.__name__)
def test_a_declaration_only_change_shows_in_every_format(tmp_path: Path, change: Edit) -> None:
    old, new, shown = edited_pair(tmp_path, change)
    report = diff_sources(str(old), str(new), REPO)
    assert isinstance(report, DiffReport) and not report.empty
    assert report.declarations, "the change is a declaration of the family file"
    for name, render in RENDERERS.items():
        out = render(report)
        readable = flat(
            html.unescape(out.replace("&#123;", "{").replace("&#125;", "}").replace("&#37;", "%"))
            if name == "html"
            else out.replace("\\", "")
            if name == "md"
            else out
        )
        if name == "json":
            readable = flat(json.dumps(json.loads(out)["declarations"], ensure_ascii=False))
        for text in shown:
            assert flat(text) in readable, (name, text)
        assert "No differences" not in out


def test_nothing_changed_is_empty(tmp_path: Path) -> None:
    old = copy_sources(REPO, tmp_path / "old")
    new = copy_sources(REPO, tmp_path / "new")
    report = diff_sources(str(old), str(new), REPO)
    assert isinstance(report, DiffReport) and report.empty and not report.declarations


def test_exit_code_says_whether_anything_differs(mgl: RunCli, tmp_path: Path) -> None:
    old, new, _ = edited_pair(tmp_path, because_only)
    same = copy_sources(REPO, tmp_path / "same")
    differs = mgl("diff", old, new, "--exit-code", "--root", REPO)
    assert differs.code == 1, differs.err
    assert "in any remix." in flat(differs.out)
    alike = mgl("diff", old, same, "--exit-code", "--root", REPO)
    assert alike.code == 0, alike.err
    assert "No differences" in alike.out
    assert mgl("diff", old, new, "--root", REPO).code == 0  # without --exit-code, a difference is success


def test_a_renumbering_shared_by_variants_is_reported_once() -> None:
    """A heading renumbered in every variant is one entry, even where some variants renumber more."""
    everywhere, some = Renumbered("Section 2.4", "Section 2.5", "Output"), Renumbered("2.3.4", "2.3.5", "RAI")
    mappings = {"A": (everywhere, some), "B": (everywhere,), "C": (everywhere, some), "D": ()}
    compared = [SimpleNamespace(pair=SimpleNamespace(id=i), mapping=m) for i, m in mappings.items()]
    groups = group_renumbering(cast(list[ComparedVariant], compared))
    shown = [(entry, group.variants) for group in groups for entry in group.mapping]
    expected = {entry: tuple(i for i, m in mappings.items() if entry in m) for m in mappings.values() for entry in m}
    assert sorted(shown, key=repr) == sorted(expected.items(), key=repr)  # each entry once, with all its variants


def _readable(name: str, out: str) -> str:
    if name == "html":
        return flat(html.unescape(out))
    return flat(out.replace("\\", "") if name == "md" else out)


def test_a_lifecycle_change_and_an_erratum_show_in_every_format(tmp_path: Path) -> None:
    """A variant deprecated in variants.yaml, and an erratum and a lifecycle entry in versions.yaml."""
    old, new, _ = edited_pair(tmp_path, lambda data: ())
    for side in (old, new):
        (side / "versions.yaml").write_text((REPO / "versions.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    data = yaml.safe_load((new / "variants.yaml").read_text(encoding="utf-8"))
    variant = data["variants"][-1]
    variant.update(status="deprecated", reason="Kept for existing users only.")
    (new / "variants.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    versions = yaml.safe_load((new / "versions.yaml").read_text(encoding="utf-8"))
    release = versions["versions"][0]
    corrected = next(iter(release["texts"]))
    release["errata"] = [
        {"date": "2026-12-01", "note": "A misspelt word corrected.", "texts": {corrected: release["texts"][corrected]}}
    ]
    deprecated = next(iter(release["texts"]))
    release.setdefault("lifecycle", {})[deprecated] = {"status": "deprecated", "reason": "Replaced in later editions."}
    (new / "versions.yaml").write_text(yaml.safe_dump(versions, sort_keys=False, allow_unicode=True), encoding="utf-8")
    report = diff_sources(str(old), str(new), REPO)
    assert isinstance(report, DiffReport) and not report.empty
    expected = (
        "deprecated",
        "Kept for existing users only.",
        "A misspelt word corrected.",
        "Replaced in later editions.",
    )
    for name, render in RENDERERS.items():
        readable = _readable(name, render(report))
        for text in expected:
            assert text in readable, (name, text)


def test_a_removed_variant_names_what_supersedes_it() -> None:
    """The release record (versions.yaml) says what replaces a variant the new edition drops."""
    recorded = {
        variant_id: entry
        for release in yaml.safe_load((REPO / "versions.yaml").read_text(encoding="utf-8"))["versions"]
        for variant_id, entry in (release.get("lifecycle") or {}).items()
    }
    report = diff_sources("2.0", "2.1", REPO)
    assert isinstance(report, DiffReport)
    removed = {v.old_id: v.summary for v in report.variants if v.status == "removed"}
    assert removed and set(removed) <= set(recorded)
    for variant_id, summary in removed.items():
        entry = recorded[variant_id]
        assert summary.endswith(f"; {entry['status']} by {entry['successor']}"), summary
    rendered = RENDERERS["text"](report)
    assert all(summary in rendered for summary in removed.values())
