"""`mgl import`: a family's existing full texts, one per variant, cut into fragments and a family file.

The steps, each a small module: `read` (files to normalised text), `paragraphs` (blank-line
blocks and their words), `headings` (numbered and underlined headings), `structure` (one
variant's sections and clauses), `align` (what variants share, what differs a little and
what differs a lot), `conditions` (the simplest option expression for a set of variants),
`terms` (definition clauses and the ones the term check accepts), `emit` (fragments
and variants.yaml), `report`, `write` (all or nothing) and `roundtrip`
(build the imported root and compare words).
"""
