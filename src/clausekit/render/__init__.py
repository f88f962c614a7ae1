"""Renderers: a document (or a family) in, text or bytes out. They never read source files.

formats.py is the registry a build reads (format names, files, which are typeset);
text.py, markdown.py, sheet.py, metadata.py and compat.py write the committed
artifacts; html.py and pdf.py the typeset editions.
"""
