"""Reading, validating and generating datasets (format v1)."""
