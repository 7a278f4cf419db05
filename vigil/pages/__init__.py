"""The whole site as pages: the context of each kind of page (contexts.py), their share tags
and cards (share.py), and every output in every language (outputs.py)."""
