"""What a link to the site shows where it is shared: every page's Open Graph and Twitter
tags, the share card they name (a 1200x630 PNG in the page's language), and the share
links of a prisoner's page and a post. Read from the sample site, as of 2026-12-07, and
from small sites built in tmp_path."""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PIL import Image

from conftest import PROJECT, SAMPLE_AS_OF, SAMPLE_PAGES, copy_site, page, run_build, tree
from vigil.media.card_drawing import AMBER, NAVY
from vigil.pages.share import share_links
from vigil.site.i18n import load_languages

BASE = "https://example.org/"
LOCALES = {"en": "en_GB", "ru": "ru_RU", "uk": "uk_UA"}
TITLES = {"en": "Coalition to Free the Kremlin's Political Prisoners",
          "ru": "Коалиция за освобождение политзаключённых Кремля",
          "uk": "Коаліція за звільнення політв’язнів Кремля"}
NBSP, NNBSP = "\N{NO-BREAK SPACE}", "\N{NARROW NO-BREAK SPACE}"


class Head(HTMLParser):
    """A page's language, canonical address, meta tags (property or name -> every content),
    and its share links (href, with their other attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.lang, self.canonical = "", ""
        self.meta: dict[str, list[str]] = {}
        self.share: list[dict[str, str | None]] = []
        self.in_share = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "html":
            self.lang = found["lang"]
        elif tag == "link" and found.get("rel") == "canonical":
            self.canonical = found["href"]
        elif tag == "meta" and (key := found.get("property") or found.get("name")):
            self.meta.setdefault(key, []).append(found["content"])
        elif tag == "section" and found.get("class") == "share":
            self.in_share = True
        elif tag == "a" and self.in_share:
            self.share.append(found)

    def handle_endtag(self, tag):
        if tag == "section":
            self.in_share = False

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, (key, values)
        return values[0]


def head(out: Path, url: str) -> Head:
    return Head(page(out, url))


def file_of(out: Path, address: str) -> Path:
    assert address.startswith(BASE), address
    return out / address[len(BASE):]


def png_size(file: Path) -> tuple[str, tuple[int, int]]:
    with Image.open(io.BytesIO(file.read_bytes())) as image:
        return image.format, image.size


def test_every_page_in_every_language_has_share_tags_with_absolute_addresses(sample_site):
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) == SAMPLE_PAGES * 3
    images = set()
    for file in pages:
        tags = Head(file.read_text(encoding="utf-8"))
        where = file.relative_to(sample_site).as_posix()
        lang = tags.lang
        assert tags.one("og:url") == tags.canonical and tags.canonical.startswith(BASE), where
        assert tags.one("og:type") in ("website", "profile", "article"), where
        assert tags.one("og:title") and tags.one("og:description"), where
        assert tags.one("og:site_name") == TITLES[lang], where
        assert tags.one("og:locale") == LOCALES[lang], where
        assert sorted(tags.meta["og:locale:alternate"]) == sorted(v for k, v in LOCALES.items() if k != lang)
        image = tags.one("og:image")
        assert re.fullmatch(re.escape(BASE) + r"((ru|uk)/)?(prisoners/[a-z-]+/)?card\.png", image), where
        assert image.startswith(BASE + ("" if lang == "en" else f"{lang}/")), where   # in its language
        assert (tags.one("og:image:type"), tags.one("og:image:width"), tags.one("og:image:height")) \
            == ("image/png", "1200", "630"), where
        assert tags.one("og:image:alt") == tags.one("twitter:image:alt") != "", where
        assert tags.one("twitter:card") == "summary_large_image", where
        images.add(image)
    assert len(images) == 3 * (22 + 1)                  # every card is named by some page
    for image in images:
        assert png_size(file_of(sample_site, image)) == ("PNG", (1200, 630)), image


def test_a_prisoners_page_names_their_own_card_and_the_others_the_home_pages(sample_site):
    profile = head(sample_site, "/ru/prisoners/alexey-pichugin/")
    assert profile.one("og:type") == "profile"
    assert profile.one("og:title") == "Алексей Пичугин"
    assert profile.one("og:image") == BASE + "ru/prisoners/alexey-pichugin/card.png"
    post = head(sample_site, "/uk/news/2019-02-21-coalition-launch/")
    assert post.one("og:type") == "article"
    assert post.one("og:image") == BASE + "uk/card.png"
    assert head(sample_site, "/").one("og:type") == "website"
    assert head(sample_site, "/members/").one("og:title") == "Members"
    assert head(sample_site, "/ru/members/").one("og:title") == "Участники коалиции"   # not the menu's «Участники»
    assert head(sample_site, "/ru/prisoners/category/journalist/").one("og:title") == \
        "Журналисты\N{NO-BREAK SPACE}— политзаключённые"


def test_the_image_is_described_in_a_sentence_with_the_name_and_the_count(sample_site):
    pichugin = head(sample_site, "/ru/prisoners/alexey-pichugin/")
    assert pichugin.one("og:image:alt") == \
        f"Алексей Пичугин: 8{NBSP}572{NBSP}дня в заключении по состоянию на 7{NBSP}декабря 2026{NNBSP}г."
    assert pichugin.one("og:description") == pichugin.one("og:image:alt")
    sentsov = head(sample_site, "/uk/prisoners/oleg-sentsov/")
    assert re.fullmatch(r"Олег Сенцов\. На волі\. У неволі 1\s945\sднів: з 11\sтравня 2014\sр\. "
                        r"до 7\sвересня 2019\sр\.", sentsov.one("og:image:alt")), sentsov.one("og:image:alt")
    home = head(sample_site, "/")
    assert home.one("og:image:alt").startswith("1,262 recognised political prisoners in Russia")
    assert home.one("og:image:alt").endswith("(as of 30 December 2025)")


def test_a_card_without_a_photo_gives_its_text_the_width(sample_site):
    """The page shows the initials; the card, which has the name in large type, no stand-in:
    its bar at the left edge and the navy across, where a photo would be."""
    assert "portrait-initials" in page(sample_site, "/prisoners/alexey-pichugin/")
    with Image.open(sample_site / "prisoners/alexey-pichugin/card.png") as card:
        shown = card.convert("RGB")
        assert shown.getpixel((8, 300)) == AMBER and shown.getpixel((300, 10)) == NAVY



def test_a_card_shows_the_photo_as_the_pages_do(tmp_path):
    """Ivan Held has a photo in the tiny site: the card shows its largest rendition."""
    site = copy_site("tiny", tmp_path / "src")
    out = tmp_path / "public"
    assert run_build(site, out, "--cache", str(tmp_path / "cache")) == 0
    rendition = next(out.glob("static/photos/ivan-held-*-640.jpg"))
    with Image.open(out / "prisoners/ivan-held/card.png") as card, Image.open(rendition) as photo:
        shown = card.convert("RGB").crop((0, 0, 504, 630)).resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
        given = photo.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    assert all(abs(a - b) <= 12 for a, b in zip(shown, given, strict=True)), (shown, given)


def test_a_held_persons_card_moves_on_with_the_date_and_a_released_persons_does_not(sample_build,
                                                                                   sample_next_night):
    today, tomorrow = tree(sample_build.out), tree(sample_next_night.out)
    for lang in ("", "ru/", "uk/"):
        held, released = f"{lang}prisoners/alexey-pichugin/card.png", f"{lang}prisoners/oleg-sentsov/card.png"
        assert today[held] != tomorrow[held]
        assert today[released] == tomorrow[released]
        assert today[f"{lang}card.png"] == tomorrow[f"{lang}card.png"]     # the headline's own date


def test_share_links_carry_the_page_address_percent_encoded(sample_site):
    address = BASE + "ru/prisoners/alexey-pichugin/"
    tags = head(sample_site, "/ru/prisoners/alexey-pichugin/")
    sentence = tags.one("og:description")
    links = {urlsplit(link["href"]).netloc or urlsplit(link["href"]).scheme: link for link in tags.share}
    assert set(links) == {"mailto", "t.me", "twitter.com", "www.facebook.com", "wa.me", "example.org"}
    for link in tags.share:
        assert link["rel"] == "noopener noreferrer"
        assert re.fullmatch(r"[A-Za-z0-9:/?=&%._~-]+", link["href"]), link["href"]  # ASCII, encoded
    def query(name):
        return {key: values[0] for key, values in parse_qs(urlsplit(links[name]["href"]).query).items()}
    assert query("t.me") == {"url": address, "text": sentence}
    assert query("twitter.com") == {"text": sentence, "url": address}
    assert query("www.facebook.com") == {"u": address}
    assert query("wa.me") == {"text": f"{sentence} {address}"}
    mail = links["mailto"]["href"]
    assert mail.startswith("mailto:?subject=")
    assert {k: unquote(v) for k, v in (part.split("=") for part in mail[len("mailto:?"):].split("&"))} \
        == {"subject": "Алексей Пичугин", "body": f"{sentence}\r\n\r\n{address}"}
    copy = links["example.org"]
    assert copy["href"] == address and "data-copy-link" in copy
    post = head(sample_site, "/news/2019-02-21-coalition-launch/")
    assert len(post.share) == 6 and post.share[-1]["href"] == BASE + "news/2019-02-21-coalition-launch/"


def test_a_share_link_keeps_characters_that_mean_something_in_an_address():
    text = "Free them all & now #1: 100% «да»?x=y"
    links = share_links("https://example.org/a b/?q=1&r=2", "Subject & more", text)
    query = parse_qs(urlsplit(links.telegram).query)
    assert query == {"url": ["https://example.org/a b/?q=1&r=2"], "text": [text]}
    assert " " not in links.telegram and "#" not in links.telegram and "«" not in links.x
    assert parse_qs(urlsplit(links.facebook).query) == {"u": ["https://example.org/a b/?q=1&r=2"]}


def test_the_share_words_are_translated_into_every_language():
    languages, problems, _ = load_languages(("en", "ru", "uk"), [PROJECT / "locales"], str)
    assert problems == []
    russian = {language.code: language for language in languages}["ru"]
    assert [russian.ngettext("%(name)s: %(days)s day in custody as of %(date)s",
                             "%(name)s: %(days)s days in custody as of %(date)s", n) % {
        "name": "И", "days": n, "date": "Д"} for n in (1, 3, 5)] == [
        "И: 1\N{NO-BREAK SPACE}день в заключении по состоянию на Д",
        "И: 3\N{NO-BREAK SPACE}дня в заключении по состоянию на Д",
        "И: 5\N{NO-BREAK SPACE}дней в заключении по состоянию на Д"]


def test_share_cards_false_leaves_out_the_cards_and_the_image_tags(sample, tmp_path):
    settings = sample / "data/site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nshare_cards: false\n", encoding="utf-8")
    out = tmp_path / "public"
    assert run_build(sample, out, "--cache", str(tmp_path / "cache"), as_of=SAMPLE_AS_OF) == 0
    assert not list(out.rglob("card.png"))
    assert not list((tmp_path / "cache").rglob("cards/*/*/*"))
    for url in ("/", "/ru/prisoners/alexey-pichugin/", "/uk/news/2019-02-21-coalition-launch/"):
        tags = head(out, url)
        assert not [key for key in tags.meta if key.startswith("og:image") or key == "twitter:image:alt"]
        assert tags.one("twitter:card") == "summary"
        assert tags.one("og:url") == tags.canonical
    links = head(out, "/prisoners/alexey-pichugin/").share
    assert len(links) == 6                              # sharing the page needs no card


@pytest.mark.browser
def test_copy_link_puts_the_address_on_the_clipboard_and_says_so(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(site_url + "/uk/prisoners/alexey-pichugin/")
    tab.get_by_role("link", name="Скопіювати посилання").click()
    status = tab.get_by_role("status")
    status.wait_for()
    assert status.text_content() == "Посилання скопійовано"
    assert tab.evaluate("navigator.clipboard.readText()") == BASE + "uk/prisoners/alexey-pichugin/"
    assert tab.url == site_url + "/uk/prisoners/alexey-pichugin/"         # it did not go anywhere
    assert errors == []
    context.close()
