"""Markdown as plain text, for a description read away from the site (the open data's
statement of the counting rule)."""
from vigil.load.markup import plain_text


def test_plain_text_leaves_headings_and_marks_out():
    text = "## How\n\nA **count** is *days*.\nSee [the page](/x/).\n\n- one\n- two `2`\n1. three\n"
    assert plain_text(text) == "A count is days. See the page. one two 2 three"


def test_plain_text_keeps_a_star_that_is_not_emphasis():
    assert plain_text("5 * 3 days, __all__ of them") == "5 * 3 days, all of them"
