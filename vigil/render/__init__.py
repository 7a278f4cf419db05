"""Pages into bytes: the Jinja environment and templates, and the headers' policies."""
