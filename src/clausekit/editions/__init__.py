"""Editions and releases: released texts never change, and what `mgl release` records.

This layer sits above the build and the diff: checking a release renders the
canonical texts (render/) and, when they differ, names the clauses that changed by
comparing with the release's commit (diff/). `check_release` runs with every lint
and build of a working tree; `release_entry` and `erratum_entry` are what
`mgl release` writes into versions.yaml.
"""
