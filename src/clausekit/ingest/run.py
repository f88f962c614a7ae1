"""`mgl import` and `mgl import --check`, end to end, as functions the CLI and the tests call."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.ingest.inputs import Inputs, gather
from clausekit.ingest.plan import Plan, plan
from clausekit.ingest.report import ImportReport
from clausekit.ingest.roundtrip import Mismatch, check_root
from clausekit.ingest.write import refuse_existing, write_root


def import_texts(
    paths: Sequence[Path],
    out: Path,
    *,
    options: Path | None = None,
    name: str | None = None,
    version: str | None = None,
    force: bool = False,
) -> Checked[ImportReport]:
    """Import, verify the round trip in a scratch root, then publish the root; nothing written on a problem."""
    refused = refuse_existing(out, force)
    if refused.problems:
        return Checked(None, refused.problems)
    gathered = gather(paths, options, name, version)
    if gathered.value is None:
        return Checked(None, gathered.problems)
    inputs = gathered.value
    planned = plan(inputs.texts, inputs.family, inputs.version, inputs.codes, inputs.names)
    checked = _verify(planned, inputs)
    if checked.value is None and planned.terms:
        # `term:` changes no word, only what the term check sees: without it the root is as before
        planned = planned.without_terms()
        checked = _verify(planned, inputs)
    if checked.value is None:
        return Checked(None, _internal(checked.problems))
    write_root(out, planned.files)
    return Checked(_report(out, inputs, planned, checked.value, written=True))


def _verify(planned: Plan, inputs: Inputs) -> Checked[tuple[Mismatch, ...]]:
    """Write the planned root to a scratch folder, lint and build it, and compare it with the texts."""
    with tempfile.TemporaryDirectory(prefix="mgl-import-") as scratch:
        root = Path(scratch)
        for path, text in planned.files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text, "utf-8")
        return check_root(root, inputs.texts)


def check_import(
    paths: Sequence[Path],
    root: Path,
    *,
    options: Path | None = None,
    name: str | None = None,
    version: str | None = None,
) -> Checked[ImportReport]:
    """`--check`: build the root as it is now and compare it with the texts; nothing is written."""
    gathered = gather(paths, options, name, version)
    if gathered.value is None:
        return Checked(None, gathered.problems)
    inputs = gathered.value
    planned = plan(inputs.texts, inputs.family, inputs.version, inputs.codes, inputs.names)
    checked = check_root(root, inputs.texts)
    if checked.value is None:
        return Checked(None, checked.problems)
    return Checked(_report(root, inputs, planned, checked.value, written=False))


def _report(out: Path, inputs: Inputs, planned: Plan, mismatches: tuple[Mismatch, ...], written: bool) -> ImportReport:
    return ImportReport(
        str(out),
        inputs.family,
        inputs.version,
        tuple(t.id for t in inputs.texts),
        planned,
        mismatches,
        written,
        inputs.names,
    )


def _internal(problems: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """The imported root does not lint: a gap in the importer, said plainly with the input it came from."""
    return tuple(
        Diagnostic(
            p.file,
            p.line,
            f"the imported root would not pass lint: {p.message}",
            "nothing was written; please report this with the input texts (the importer should never produce it)",
            p.variants,
        )
        for p in problems
    )
