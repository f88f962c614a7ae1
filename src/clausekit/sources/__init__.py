"""Load the sources: the family file, clause fragments and versions, as plain frozen data."""
