"""The document model and how it is assembled from compiled fragments.

types.py is the model every renderer reads. templating.py and compile.py turn
fragments into sandboxed templates, once per build; assemble.py (with blocks.py for
Markdown and sheet.py for the model sheet) builds one Document per variant;
compat.py gives remix verdicts and where.py traces a clause number to its source.
"""
