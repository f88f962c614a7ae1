"""clausekit: build license families from modular clause fragments.

The library API mirrors the pipeline: `lint_root` loads and validates a family and
assembles one `Document` per variant; `render_text` and `render_markdown` turn a
document into an edition; `build` plans and writes every artifact.
"""

from clausekit.diagnostics import Checked, Diagnostic, SourceError
from clausekit.document.types import Document
from clausekit.pipeline import Linted, lint_library, lint_root, require
from clausekit.render.markdown import render_markdown
from clausekit.render.text import render_text
from clausekit.version import __version__

__all__ = [
    "Checked",
    "Diagnostic",
    "Document",
    "Linted",
    "SourceError",
    "__version__",
    "lint_library",
    "lint_root",
    "render_markdown",
    "render_text",
    "require",
]
