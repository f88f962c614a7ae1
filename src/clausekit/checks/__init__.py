"""Checks over the loaded sources and the assembled documents; each returns diagnostics.

family.py checks variants.yaml alone, placement.py the clause folders, terms.py the
defined terms, sheet.py the model sheet against the text, documents.py the
assembled variants together, site.py the hand-written site; pipeline.py runs them.
"""
