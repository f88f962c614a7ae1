"""The `mgl` command line: thin wrappers over the library."""
