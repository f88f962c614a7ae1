"""The `mgl` command line: thin wrappers over the library.

main.py assembles the parser from one module per command (build.py, lint.py,
list.py, sheet.py, compat.py, diff.py, versions.py, site.py for `site` and `serve`,
where.py, schema.py) and maps what they raise to messages and exit codes; common.py
holds what several commands share. A command imports what only it needs inside its
`run`, so that a no-op build starts fast.
"""
