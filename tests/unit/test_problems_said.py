"""A problem met while making a page says the page, but is the same problem on every page
that meets it: one place in a template is one message, not one a page."""
from __future__ import annotations

from vigil.base.problems import ContentError, Location, Problem, annotation


def test_a_problem_says_the_page_it_was_met_on():
    problem = Problem(Location("templates/post.html", 3), "template error: 'x' is undefined", page="/news/a/")
    assert str(problem) == "templates/post.html:3: template error: 'x' is undefined (while making /news/a/)"
    assert "(while making /news/a/)" in annotation(problem)


def test_the_same_place_and_message_on_two_pages_is_one_problem():
    one = Problem(Location("templates/post.html", 3), "template error: 'x' is undefined", page="/news/a/")
    two = Problem(Location("templates/post.html", 3), "template error: 'x' is undefined", page="/ru/news/a/")
    assert one == two and len(ContentError([one, two]).problems) == 1
