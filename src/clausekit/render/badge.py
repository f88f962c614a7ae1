"""An SVG badge per variant, for READMEs and model cards: the identifier on the colour of its kind of license.

The colour comes from the family file (`addresses.badge_colours`, the first whose
condition holds), so MG can colour NoDerivatives red and another family anything
else. The badge is a pure function of the identifier and the colour:

- **deterministic**: no dates, no ids that change, fixed number formatting;
- **no external font**: it names only generic families, and `textLength` fixes the
  text's width, so any sans-serif font fills the same box;
- **escaped**: the identifier is XML-escaped (identifiers are safe names anyway).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from clausekit.document.types import Document

HEIGHT = 20
PAD = 6
CHAR_WIDTH = 7  # the width given to one character at 11 px: wide enough for capitals and digits
FONT = "Verdana,DejaVu Sans,Geneva,sans-serif"


def render_badge(document: Document) -> str:
    """The badge of one variant; the document must have a badge colour (its family declares `addresses:`)."""
    assert document.badge_colour is not None, "a badge needs the family's addresses"
    label = document.variant_id
    text_width = CHAR_WIDTH * len(label)
    width = text_width + 2 * PAD
    title = f"{document.title} ({label})"
    fill = "#ffffff" if _dark(document.badge_colour) else "#000000"
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" '
        f'viewBox="0 0 {width} {HEIGHT}" role="img" aria-label={quoteattr(label)}>',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{HEIGHT}" rx="3" fill="{document.badge_colour}"/>',
        f'<text x="{PAD}" y="14" fill="{fill}" font-family="{FONT}" font-size="11" '
        f'textLength="{text_width}" lengthAdjust="spacingAndGlyphs">{escape(label)}</text>',
        "</svg>",
    ]
    return "\n".join(lines) + "\n"


def _dark(colour: str) -> bool:
    """Whether white text reads better than black on `colour` (#rrggbb), by its relative luminance."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.6
