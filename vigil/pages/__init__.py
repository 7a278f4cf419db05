"""The whole site as pages: the site's own kinds of page, a module each family (home,
prisoners, members, news, statistics, text, feeds, not_found, search: PAGE_KINDS in each),
the context of each kind of page (contexts.py), their share tags and cards (share.py), and
every output in every language (outputs.py)."""
