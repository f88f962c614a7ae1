"""Load the sources: the family file, clause fragments and versions, as plain frozen data.

files.py and yamlfile.py read safely and keep line numbers; schema.py declares every
key; family.py, vocabulary.py, fragments.py and library.py build the types.py
dataclasses; sitefiles.py reads the hand-written site and versions.py released
versions and git revisions.
"""
