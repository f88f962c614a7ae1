"""license.json: one variant's machine-readable record, in the spirit of SPDX license details.

It carries the identifier, options, facts, sheet and canonical text, the canonical
URL (`url`, null when the family declares no `addresses:`), the SPDX expression for
a license outside the SPDX list (`LicenseRef-<id>`, with the URL as `see_also`), the
file REUSE expects the text in (`reuse.file`, `LICENSES/LicenseRef-<id>.txt`), the snippets
of the platforms the family publishes to (declared under `publish:` in its family
file), and the sha256 of the variant's other artifacts. It is rendered after them,
since it records their hashes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import yaml

from clausekit.document.types import Document
from clausekit.render.sheet import sheet_data
from clausekit.render.text import render_text
from clausekit.sources.types import SNIPPET_PLACEHOLDERS, Snippet

LICENSE_SCHEMA_VERSION = 2  # 2: `url`, `spdx.see_also` and `reuse`
_PLACEHOLDER = re.compile(r"\{(" + "|".join(SNIPPET_PLACEHOLDERS) + r")\}")


def snippet_data(snippet: Snippet, document: Document) -> dict[str, str]:
    """The snippet's fields with the variant's values filled in, plus the same as YAML lines."""
    values = {
        "id": document.variant_id,
        "id_lower": document.variant_id.lower(),
        "name": document.variant_name,
        "version": document.version,
        "url": document.url or "",
    }
    fields = {name: _PLACEHOLDER.sub(lambda m: values[m.group(1)], value) for name, value in snippet.fields}
    # PyYAML quotes whatever a YAML reader could misread ("yes", "a: b", "#x") and leaves the rest plain.
    lines = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1_000_000)
    return {**fields, "yaml": lines}


def license_data(document: Document, artifacts: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    reference = document.spdx_id
    meanings = dict(document.meanings)
    return {
        "schema_version": LICENSE_SCHEMA_VERSION,
        "identifier": document.variant_id,
        "name": document.variant_name,
        "title": document.title,
        "version": document.version,
        "status": document.status,
        "lifecycle": {
            "status": document.lifecycle.status,
            "successor": document.lifecycle.successor,
            "reason": document.lifecycle.reason,
        },
        "family": document.family,
        "options": [{"code": code, "name": name, "meaning": meanings[code]} for code, name in document.options],
        "facts": dict(document.facts),
        "url": document.url,
        "spdx": {"license_ref": reference, "expression": reference, "see_also": [document.url] if document.url else []},
        "reuse": {"file": document.reuse_file},
        **{snippet.key: snippet_data(snippet, document) for snippet in document.publish},
        "sheet": sheet_data(document) if document.sheet else None,
        "text": render_text(document),
        "artifacts": {name: dict(entry) for name, entry in sorted(artifacts.items())},
    }


def render_license_json(document: Document, artifacts: Mapping[str, Mapping[str, Any]]) -> str:
    return json.dumps(license_data(document, artifacts), indent=2, ensure_ascii=False) + "\n"
