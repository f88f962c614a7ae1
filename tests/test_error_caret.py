"""A Jinja2 syntax error is reported at its tag: `file:line:column`, the line, and a caret under the tag.

Jinja2 itself says only the line, and a clause paragraph is one line of hundreds of
characters; these tests compute the tag's column from the text they write.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import RunCli, write
from test_bad_input import fragment

CLAUSE = "clauses/06-scope/extra.md"
FILLER = "You may share the materials with anyone who agrees to these terms and keeps every notice intact. " * 3


def reported(err: str, path: Path) -> tuple[int, int, str, str]:
    """The line and column the report names, and the excerpt line and caret line printed under it."""
    match = re.search(rf"^{re.escape(str(path))}:(\d+):(\d+): error: .*\n\s+\d+ \| (.*)\n\s+\| ( *)\^$", err, re.M)
    assert match, err
    return int(match.group(1)), int(match.group(2)), match.group(3), match.group(4)


@pytest.mark.parametrize(
    ("tag", "rest"),
    [
        ("{{ ref('noncommercial' }}", " and then some."),  # an unclosed call
        ("{% iff NC %}", "x{% endif %}."),  # an unknown tag
        ("{% if NC %}", " with no end."),  # a block never closed: the caret points at its opening tag
    ],
)
def test_the_caret_points_at_the_broken_tag(corpus: Path, mgl: RunCli, tag: str, rest: str) -> None:
    line = f"{FILLER}{{% if ND %}}verbatim{{% endif %}} then {tag}{rest} {FILLER}"
    write(corpus, CLAUSE, fragment("extra", f"First paragraph.\n\n{line}"))
    result = mgl("lint", "--root", corpus)
    assert result.code == 2
    lineno, column, shown, caret = reported(result.err, corpus / CLAUSE)
    file_lines = (corpus / CLAUSE).read_text(encoding="utf-8").split("\n")
    assert file_lines[lineno - 1] == line
    assert column == line.index(tag) + 1
    # The excerpt is a window of the line, and the caret stands under the tag's first character.
    assert shown.startswith("…") and shown.endswith("…") and len(shown) < len(line)
    assert shown[len(caret) :].startswith(tag[:8])
    assert "Traceback" not in result.err


def test_a_short_line_is_shown_whole(corpus: Path, mgl: RunCli) -> None:
    line = "Short {% iff NC %}x{% endif %}."
    write(corpus, CLAUSE, fragment("extra", line))
    result = mgl("lint", "--root", corpus)
    assert result.code == 2
    _, column, shown, caret = reported(result.err, corpus / CLAUSE)
    assert shown == line and len(caret) == column - 1 == line.index("{% iff")
