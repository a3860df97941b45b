"""Bundled sample datasets (dataset format v1), one folder each."""
