"""The igraph analytics core: one graph build, then one module per family of measures."""
