"""license.json: one variant's machine-readable record, in the spirit of SPDX license details.

It carries the identifier, options, facts, sheet and canonical text, the SPDX
expression for a license outside the SPDX list (`LicenseRef-<id>`), a Hugging Face
model-card snippet, and the sha256 of the variant's other artifacts. It is
rendered after them, since it records their hashes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from clausekit.document.types import Document
from clausekit.render.sheet import sheet_data
from clausekit.render.text import render_text

LICENSE_SCHEMA_VERSION = 1
MODEL_CARD_LINK = "LICENSE"  # the license text shipped as LICENSE in the model repository


def license_data(document: Document, artifacts: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    reference = f"LicenseRef-{document.variant_id}"
    card = {"license": "other", "license_name": document.variant_id.lower(), "license_link": MODEL_CARD_LINK}
    meanings = dict(document.meanings)
    return {
        "schema_version": LICENSE_SCHEMA_VERSION,
        "identifier": document.variant_id,
        "name": document.variant_name,
        "title": document.title,
        "version": document.version,
        "family": document.family,
        "options": [{"code": code, "name": name, "meaning": meanings[code]} for code, name in document.options],
        "facts": dict(document.facts),
        "spdx": {"license_ref": reference, "expression": reference},
        "model_card": {**card, "yaml": "".join(f"{key}: {value}\n" for key, value in card.items())},
        "sheet": sheet_data(document) if document.sheet else None,
        "text": render_text(document),
        "artifacts": {name: dict(entry) for name, entry in sorted(artifacts.items())},
    }


def render_license_json(document: Document, artifacts: Mapping[str, Mapping[str, Any]]) -> str:
    return json.dumps(license_data(document, artifacts), indent=2, ensure_ascii=False) + "\n"
