"""The round trip: build an imported root through the normal pipeline and compare paragraph words.

For every input, the built `license.txt` must have the same sequence of paragraphs, each
with the same words in the same order (`paragraphs.paragraph_words`). The first
paragraph that differs is what a steward needs to see, so that is what is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from clausekit.diagnostics import Checked
from clausekit.ingest.paragraphs import paragraph_words
from clausekit.ingest.plan import VariantText
from clausekit.pipeline import lint_root
from clausekit.render.text import render_text


@dataclass(frozen=True)
class Mismatch:
    """A variant whose rebuilt text differs: the first differing paragraph, as imported and as built."""

    variant: str
    file: str
    paragraph: int  # 1-based
    expected: str | None  # None: the built text has a paragraph more
    built: str | None  # None: the built text ends early or lacks the variant

    def data(self) -> dict[str, object]:
        return {
            "variant": self.variant,
            "file": self.file,
            "paragraph": self.paragraph,
            "expected": self.expected,
            "built": self.built,
        }


def check_root(root: Path, texts: Sequence[VariantText]) -> Checked[tuple[Mismatch, ...]]:
    """Lint and build `root`; its problems if it does not lint, else every variant that differs."""
    linted = lint_root(root)
    if linted.value is None or linted.problems:
        return Checked(None, linted.problems)
    built = {d.variant_id: render_text(d) for d in linted.value.documents}
    return Checked(tuple(m for t in texts if (m := compare(t, built.get(t.id))) is not None))


def compare(text: VariantText, built: str | None) -> Mismatch | None:
    expected = paragraph_words(text.text, text.markdown)
    if built is None:
        return Mismatch(text.id, text.file, 1, " ".join(expected[0]) if expected else None, None)
    got = paragraph_words(built)
    for index in range(max(len(expected), len(got))):
        want = expected[index] if index < len(expected) else None
        have = got[index] if index < len(got) else None
        if want != have:
            return Mismatch(
                text.id,
                text.file,
                index + 1,
                " ".join(want) if want is not None else None,
                " ".join(have) if have is not None else None,
            )
    return None
