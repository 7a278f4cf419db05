"""Corrections: "Report an inaccuracy" and "See the record" on each prisoner's page, where
data/site.yaml names the site's repository (GitHub, GitLab, Forgejo/Gitea); nothing where
it does not. Sites built in tmp_path from a copy of the sample, pages read as a visitor
gets them, the links' addresses taken apart again."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import SAMPLE_AS_OF, page, run_build
from vigil.base.problems import Location
from vigil.cli import main
from vigil.features.corrections import line_url, new_issue_url
from vigil.model.records import host_of, repository

BASE = "https://example.org/"
PICHUGIN = "alexey-pichugin"


class Links(HTMLParser):
    """Each link of a page: its words and its address."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._href: str | None = None
        self._words: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._words = dict(attrs).get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._words.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.found.append(("".join(self._words).strip(), self._href))
            self._href = None

    def named(self, words: str) -> list[str]:
        return [href for text, href in self.found if text == words]


def with_repository(site: Path, setting: str) -> Path:
    """The sample's site.yaml with `setting` (YAML lines) at its end."""
    file = site / "data" / "site.yaml"
    file.write_text(file.read_text(encoding="utf-8") + setting, encoding="utf-8")
    return site


def record_line(site: Path, prisoner_id: str) -> int:
    """The line of data/prisoners.yaml where the person's record starts."""
    lines = (site / "data" / "prisoners.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line == f"- id: {prisoner_id}")


def query(address: str) -> dict[str, str]:
    """The query of an address, decoded; each name given once."""
    found = parse_qs(urlsplit(address).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(values) == 1 for values in found.values())
    return {name: values[0] for name, values in found.items()}


# --------------------------------------------------------------------------- the addresses
def test_the_kind_of_host_is_read_from_the_address():
    assert host_of("https://github.com/o/r") == "github"
    assert host_of("https://gitlab.com/group/sub/r") == "gitlab"
    assert host_of("https://codeberg.org/o/r") == "forgejo"
    assert host_of("https://gitlab.coalition.example/o/r") == "gitlab"
    assert host_of("https://gitea.coalition.example/o/r") == "forgejo"
    assert host_of("https://git.coalition.example/o/r") is None
    assert repository("https://git.coalition.example/o/r", "main") is None
    assert repository("https://git.coalition.example/o/r/", "main", "gitlab").url == \
        "https://git.coalition.example/o/r"


@pytest.mark.parametrize("url, host, line, issue", [
    ("https://github.com/o/r", None, "https://github.com/o/r/blob/main/data/prisoners.yaml#L14",
     "https://github.com/o/r/issues/new?title=A%20%26%20B%3F&body=x%0Ay%23"),
    ("https://gitlab.com/g/s/r.git", None, "https://gitlab.com/g/s/r/-/blob/main/data/prisoners.yaml#L14",
     "https://gitlab.com/g/s/r/-/issues/new?issue%5Btitle%5D=A%20%26%20B%3F&issue%5Bdescription%5D=x%0Ay%23"),
    ("https://codeberg.org/o/r/", None, "https://codeberg.org/o/r/src/branch/main/data/prisoners.yaml#L14",
     "https://codeberg.org/o/r/issues/new?title=A%20%26%20B%3F&body=x%0Ay%23"),
    ("https://git.example.net/o/r", "forgejo", "https://git.example.net/o/r/src/branch/main/data/prisoners.yaml#L14",
     "https://git.example.net/o/r/issues/new?title=A%20%26%20B%3F&body=x%0Ay%23"),
])
def test_each_host_has_its_own_addresses(url, host, line, issue):
    repo = repository(url, "main", host)
    assert line_url(repo, Location("data/prisoners.yaml", 14, 3)) == line
    assert new_issue_url(repo, "A & B?", "x\ny#") == issue


def test_a_folder_and_a_branch_with_a_slash_are_in_the_line_address():
    repo = repository("https://github.com/o/r", "release/2026", folder="site/")
    assert line_url(repo, Location("data/prisoners.yaml", 7)) == \
        "https://github.com/o/r/blob/release/2026/site/data/prisoners.yaml#L7"


# --------------------------------------------------------------------------- the pages
HOSTS = {
    "github": ("https://github.com/free-them/site", "https://github.com/free-them/site/issues/new",
               "title", "body", "https://github.com/free-them/site/blob/main/data/prisoners.yaml#L{line}"),
    "gitlab": ("https://gitlab.com/free-them/site", "https://gitlab.com/free-them/site/-/issues/new",
               "issue[title]", "issue[description]",
               "https://gitlab.com/free-them/site/-/blob/main/data/prisoners.yaml#L{line}"),
    "forgejo": ("https://codeberg.org/free-them/site", "https://codeberg.org/free-them/site/issues/new",
                "title", "body", "https://codeberg.org/free-them/site/src/branch/main/data/prisoners.yaml#L{line}"),
}


@pytest.mark.parametrize("host", sorted(HOSTS))
def test_report_an_inaccuracy_opens_a_filled_in_issue_on_each_host(built, host):
    url, new_issue, title_key, body_key, line_form = HOSTS[host]
    site = with_repository(built.source,
                           f"repository:\n  url: {url}\n  branch: main\n")
    out = built.out
    assert run_build(site, out, as_of=SAMPLE_AS_OF) == 0
    line = line_form.format(line=record_line(site, PICHUGIN))
    profile = page(out, f"/prisoners/{PICHUGIN}/")
    assert re.search(r"Last verified on <time[^>]*>7 December 2026</time>\. <a href=\"[^\"]+\" "
                     r"[^>]*>Report an inaccuracy</a> · <a [^>]*>See the record</a></p>", profile)
    links = Links(profile)
    [issue] = links.named("Report an inaccuracy")
    assert links.named("See the record") == [line]
    assert issue.split("?")[0] == new_issue
    assert re.fullmatch(r"[A-Za-z0-9%._~=&/:-]+", urlsplit(issue).query)   # all percent-encoded
    fields = query(issue)
    assert sorted(fields) == sorted([title_key, body_key])
    assert fields[title_key] == f"Inaccuracy in the record of Alexey Pichugin ({PICHUGIN})"
    spot = f"data/prisoners.yaml#L{record_line(site, PICHUGIN)}"
    assert fields[body_key] == (
        f"Page: {BASE}prisoners/{PICHUGIN}/\n"
        f"Record: [{spot}]({line})\n"
        "Last verified on 7 December 2026.\n\n"
        "What is wrong, and what should it say? Please give the source (a link) for the correct "
        "information.\n")


def test_the_issue_is_written_in_the_pages_language(built):
    site = with_repository(built.source,
                           "repository:\n  url: https://github.com/free-them/site\n  branch: main\n")
    out = built.out
    assert run_build(site, out, as_of=SAMPLE_AS_OF) == 0
    links = Links(page(out, f"/ru/prisoners/{PICHUGIN}/"))
    [issue] = links.named("Сообщить о неточности")
    fields = query(issue)
    assert fields["title"] == f"Неточность в записи: Алексей Пичугин ({PICHUGIN})"
    assert fields["body"].startswith(f"Страница: {BASE}ru/prisoners/{PICHUGIN}/\n")
    assert links.named("Посмотреть запись") == [
        f"https://github.com/free-them/site/blob/main/data/prisoners.yaml#L{record_line(site, PICHUGIN)}"]


def test_every_profile_links_its_own_record(built):
    site = with_repository(built.source,
                           "repository:\n  url: https://gitlab.com/free-them/site\n  branch: main\n")
    out = built.out
    assert run_build(site, out, as_of=SAMPLE_AS_OF) == 0
    ids = re.findall(r"^- id: (\S+)$", (site / "data/prisoners.yaml").read_text(encoding="utf-8"), re.M)
    for prisoner_id in ids:
        for prefix in ("", "ru/", "uk/"):
            links = Links(page(out, f"/{prefix}prisoners/{prisoner_id}/"))
            records = [href for _, href in links.found if "/-/blob/" in href]
            assert records == [f"https://gitlab.com/free-them/site/-/blob/main/data/prisoners.yaml"
                               f"#L{record_line(site, prisoner_id)}"]


def test_without_a_repository_a_profile_shows_only_the_verified_date(sample_site):
    for profile in sample_site.glob("**/prisoners/*/index.html"):
        html = profile.read_text(encoding="utf-8")
        assert 'class="verified"' in html
        assert "issues/new" not in html and "/blob/" not in html and "/src/branch/" not in html
    html = page(sample_site, f"/prisoners/{PICHUGIN}/")
    assert "Report an inaccuracy" not in html and "See the record" not in html
    assert re.search(r'<p class="verified">Last verified on <time datetime="2026-12-07">7 December 2026'
                     r"</time>\.\s*</p>", html)


# --------------------------------------------------------------------------- the setting
def check_site(site: Path, capsys) -> tuple[int, str]:
    code = main(["check", "--source", str(site), "--as-of", SAMPLE_AS_OF], environ={})
    return code, capsys.readouterr().out


def setting_line(site: Path, text: str) -> int:
    lines = (site / "data" / "site.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line == text)


def test_a_host_the_address_does_not_name_must_be_given(sample, capsys):
    site = with_repository(sample,
                           "repository:\n  url: https://git.free-them.net/coalition/site\n  branch: main\n")
    code, err = check_site(site, capsys)
    assert code == 1
    line = setting_line(site, "  url: https://git.free-them.net/coalition/site")
    assert (f"data/site.yaml:{line}:8: 'repository': the address https://git.free-them.net/coalition/site "
            "does not say what kind of host it is; add 'host: github'") in err
    (site / "data" / "site.yaml").write_text((site / "data" / "site.yaml").read_text(encoding="utf-8")
                                              + "  host: forgejo\n", encoding="utf-8")
    assert check_site(site, capsys)[0] == 0


@pytest.mark.parametrize("setting, found, message", [
    ("repository:\n  url: https://github.com/o/r\n  brnch: main\n", "  brnch: main",
     ":3: unknown field 'brnch'; did you mean 'branch'?"),
    ("repository:\n  url: https://github.com/o/r\n  branch: main\n  host: bitbucket\n", "  host: bitbucket",
     ":9: 'host': 'bitbucket' is not a known value"),
    ("repository:\n  url: github.com/o/r\n  branch: main\n", "  url: github.com/o/r",
     ":8: 'url': 'github.com/o/r' is not the repository's address, like https://github.com/OWNER/REPO"),
])
def test_a_wrong_setting_is_reported_at_its_line(sample, capsys, setting, found, message):
    site = with_repository(sample, setting)
    code, err = check_site(site, capsys)
    assert code == 1
    assert f"data/site.yaml:{setting_line(site, found)}{message}" in err, err
