"""The documentation site: every variant with its sheet and downloads, comparison, remixing, chooser, versions.

`build_site` runs the build's library API (so the downloads are exactly the
artifacts index.json and typeset.json list), fills the page templates in
`<root>/site/templates` from the document model, adds the hand-written pages of
`<root>/site/docs` and runs `mkdocs build --strict` into `<root>/build/site`.
`serve_site` (preview.py) serves it with live reload, the edited page first and
the downloads from a background build. Nothing here knows which license family it builds.
"""

from clausekit.site.generate import Generated, build_site
from clausekit.site.preview import serve_site

__all__ = ["Generated", "build_site", "serve_site"]
