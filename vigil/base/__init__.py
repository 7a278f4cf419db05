"""Generic helpers that know nothing of the site: problems (errors as values, with file:line:col),
memos, work shared among processes, files written whole at once."""
