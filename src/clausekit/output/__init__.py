"""Writing artifacts: the build, its manifests and atomic writes."""
