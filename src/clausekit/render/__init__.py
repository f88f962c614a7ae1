"""Renderers: a document (or a family) in, text or bytes out. They never read source files."""
