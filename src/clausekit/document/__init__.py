"""The document model and how it is assembled from compiled fragments."""
