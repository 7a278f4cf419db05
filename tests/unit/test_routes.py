"""Every page's route is named once, in vigil/site/routes.py: no other module of the engine
spells one, and no template does (they take URLs from `links`)."""
import ast
import re
from pathlib import Path

from vigil.site import routes
from vigil.site.routes import Urls, file_of, links_of

ROOT = Path(__file__).resolve().parents[2]
# A string that is a route, or starts one: 'prisoners/', f"news/{slug}/", "feed.xml", "about".
ROUTE = re.compile(r"/?(prisoners|news|members|write|statistics|search|calendars)/\S*"
                   r"|/?(about|how-to-help|how-we-count|open-data)/?(#.*)?"
                   r"|(feed|events|sitemap)\.xml|robots\.txt|404\.html|manifest\.webmanifest"
                   r"|badge\.svg|card\.png|(birthdays|hearings)\.ics")
# In a template: a URL made from a literal, like urls.path('news/') or urls.absolute('').
TEMPLATE_ROUTE = re.compile(r"urls\.(path|absolute)\(\s*['\"]")


def route_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """The string constants (whole, or the start of an f-string) that look like a route; a
    template's name (TEMPLATE = "feed.xml") is not one."""
    names = {id(node.value) for node in ast.walk(tree)
             if (isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "TEMPLATE" for t in node.targets))
             or (isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "TEMPLATE")}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in names
            and ROUTE.fullmatch(node.value)]


def test_no_module_but_routes_spells_a_route():
    found = [f"{path.relative_to(ROOT)}:{line}: {text!r}"
             for path in sorted((ROOT / "vigil").rglob("*.py")) if path != ROOT / "vigil/site/routes.py"
             for line, text in route_strings(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []


def test_no_template_makes_a_url_from_a_literal():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in sorted((ROOT / "templates").rglob("*")) if path.is_file()
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if TEMPLATE_ROUTE.search(line)]
    assert found == []


def test_the_test_sees_a_route_spelled_elsewhere():
    tree = ast.parse('url = urls.path(f"prisoners/{pid}/")\nTEMPLATE = "feed.xml"\nfeed = "feed.xml"\n'
                     'page = "how-to-help/#writing-to-prisoners"\nnews = ("news", "news/")\n')
    assert sorted(route_strings(tree)) == [(1, "prisoners/"), (3, "feed.xml"), (4, "how-to-help/#writing-to-prisoners"),
                                   (5, "news/")]
    assert TEMPLATE_ROUTE.search("<a href=\"{{ urls.path('news/') }}\">")
    assert not TEMPLATE_ROUTE.search("<a href=\"{{ links.news }}\">")


def test_a_page_file_and_its_url_come_from_one_route():
    urls = Urls("https://example.org/site/", "ru/")
    assert (file_of(routes.prisoner("x")), urls.path(routes.prisoner("x"))) == ("prisoners/x/index.html",
                                                                                "/site/ru/prisoners/x/")
    assert (file_of(routes.FEED), urls.path(routes.FEED)) == ("feed.xml", "/site/ru/feed.xml")
    assert file_of(routes.HOME) == "index.html"
    assert routes.list_page(routes.category("women"), 2) == "prisoners/category/women/page/2/"


def test_links_name_the_pages_of_a_language_and_the_open_data_page_only_when_written():
    urls = Urls("https://example.org/", "uk/")
    links = links_of(urls, frozenset({"about"}))
    assert (links.home, links.news, links.writing_to_prisoners, links.sitemap) == (
        "/uk/", "/uk/news/", "/uk/how-to-help/#writing-to-prisoners", "/sitemap.xml")
    assert links.category("women") == "/uk/prisoners/category/women/"
    assert links.open_data is None
    assert links_of(urls, frozenset({"open-data"})).open_data == "/uk/open-data/"
