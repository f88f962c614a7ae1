"""Writing artifacts: the build, its manifests and atomic writes.

build.py runs a build (lint, render, write or check); typeset.py decides which
typeset editions need rendering and renders them in parallel; manifest.py reads and
writes index.json and typeset.json; write.py and transaction.py put the files on
disk all or nothing, one build at a time.
"""
