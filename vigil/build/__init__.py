"""The build from start to end (pipeline.py), the cross-record checks, the report, and what
an edit changes."""
