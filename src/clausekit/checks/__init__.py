"""Checks over the loaded sources and the assembled documents; each returns diagnostics."""
