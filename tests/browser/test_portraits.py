"""Faces on the site: a record's photo becomes the sizes the pages show, without a trace of
where it was taken; a photo that will not do is a problem at its line, and the site built
before stays; a prisoner without a photo is shown with their initials, plain and muted.

Each test builds the tiny fixture site (Ivan Held has a photo there) into tmp_path with
the photo the test makes (or reads the sample site, which has none), and reads the pages
a visitor gets.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from checkers import AA, channels, contrast
from conftest import AS_OF, copy_site, page, run_build, serving, store_of
from vigil.build.options import BuildOptions
from vigil.build.pipeline import Folders, build
from vigil.cli import main

IVAN_PHOTO = "static/img/prisoners/ivan-held.jpg"
PHOTO_FIELD = "data/prisoners.yaml:4:10"          # where Ivan Held's record names it
RENDITION = re.compile(r"ivan-held-[0-9a-f]{8}-(160|320|640)\.(webp|jpg)")


def jpeg(size: tuple[int, int] = (800, 1000), colour=(90, 100, 120), **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", **options)
    return out.getvalue()


def phone_photo() -> bytes:
    """A JPEG as a phone saves it: with the camera's make and where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phonemaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (55.0, 45.0, 21.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (37.0, 37.0, 4.0)})
    return jpeg(exif=exif)


def site_with_photo(tmp_path: Path, data: bytes) -> Path:
    site = copy_site("tiny", tmp_path / "src")
    (site / IVAN_PHOTO).write_bytes(data)
    return site


class Pictures(HTMLParser):
    """The attributes of each <picture>'s <source> and <img>, and of each portrait <svg>."""

    def __init__(self, html: str):
        super().__init__()
        self.pictures: list[dict] = []
        self.placeholders: list[dict] = []
        self.inside = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "picture":
            self.inside = True
            self.pictures.append({"picture": attrs, "sources": []})
        elif tag == "source" and self.inside:
            self.pictures[-1]["sources"].append(attrs)
        elif tag == "img" and self.inside:
            self.pictures[-1]["img"] = attrs
        elif tag == "svg" and "portrait" in attrs.get("class", ""):
            self.placeholders.append(attrs)

    def handle_endtag(self, tag):
        if tag == "picture":
            self.inside = False


def srcset_files(srcset: str) -> list[tuple[str, str]]:
    """(url, width) of each candidate."""
    return [tuple(candidate.split()) for candidate in srcset.split(", ")]


# --------------------------------------------------------------------------- a photo
def test_a_photo_is_published_in_six_sizes_without_where_it_was_taken(tmp_path):
    original = phone_photo()
    out = tmp_path / "public"
    assert run_build(site_with_photo(tmp_path, original), out) == 0

    made = sorted(f.name for f in (out / "static/photos").iterdir())
    assert len(made) == 6 and all(RENDITION.fullmatch(name) for name in made), made
    for name in made:
        data = (out / "static/photos" / name).read_bytes()
        image = Image.open(io.BytesIO(data))
        assert image.size == (image.width, image.width * 5 // 4) and image.width in (160, 320, 640)
        assert not image.getexif() and "exif" not in image.info, name
        assert b"Phonemaker" not in data and b"Exif\0" not in data and b"EXIF" not in data, name
    # the maintainer's file, with its metadata, is not on the site under any name
    assert not (out / IVAN_PHOTO).exists()
    assert original not in [f.read_bytes() for f in out.rglob("*") if f.is_file()]


def test_the_profile_shows_the_photo_in_a_picture_sized_as_the_layout_shows_it(tmp_path):
    out = tmp_path / "public"
    assert run_build(site_with_photo(tmp_path, phone_photo()), out) == 0
    (shown,) = Pictures(page(out, "/prisoners/ivan-held/")).pictures
    (webp,) = shown["sources"]
    img = shown["img"]
    assert webp["type"] == "image/webp"
    assert [w for _, w in srcset_files(webp["srcset"])] == ["160w", "320w", "640w"]
    assert [w for _, w in srcset_files(img["srcset"])] == ["160w", "320w", "640w"]
    assert webp["sizes"] == img["sizes"] == "(min-width: 40em) 11rem, 6.5rem"
    assert (img["width"], img["height"], img["alt"]) == ("160", "200", "Portrait of Ivan Held")
    assert "loading" not in img                           # above the fold: wanted at once
    urls = [img["src"], *(u for u, _ in srcset_files(webp["srcset"])),
            *(u for u, _ in srcset_files(img["srcset"]))]
    for url in urls:
        assert url.startswith("/static/photos/ivan-held-") and (out / url.lstrip("/")).is_file(), url
    assert img["src"].endswith("-320.jpg")


def test_a_card_loads_its_photo_when_it_comes_into_view(tmp_path):
    out = tmp_path / "public"
    assert run_build(site_with_photo(tmp_path, phone_photo()), out) == 0
    (card,) = Pictures(page(out, "/prisoners/")).pictures
    assert card["sources"][0]["sizes"] == card["img"]["sizes"] == "5.5rem"
    assert (card["img"]["loading"], card["img"]["decoding"]) == ("lazy", "async")


def test_a_replaced_photo_leaves_no_old_file_in_the_site_or_the_cache(tmp_path):
    site = site_with_photo(tmp_path, jpeg(colour=(90, 100, 120)))
    out = tmp_path / "public"
    assert run_build(site, out) == 0
    first = sorted(f.name for f in (out / "static/photos").iterdir())
    (site / IVAN_PHOTO).write_bytes(jpeg(colour=(200, 180, 160)))
    assert run_build(site, out) == 0
    second = sorted(f.name for f in (out / "static/photos").iterdir())
    assert len(second) == 6 and not set(first) & set(second)
    assert second[0].rsplit("-", 1)[0] in page(out, "/prisoners/ivan-held/")   # ivan-held-<hash>
    assert len(list((store_of(site / ".cache") / "photos").iterdir())) == 1


def test_without_a_content_cache_the_photos_are_made_in_a_folder_that_then_goes(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    out = tmp_path / "public"
    build(Folders(site_with_photo(tmp_path, jpeg()), None), out, BuildOptions(dt.date.fromisoformat(AS_OF)))
    assert len(list((out / "static/photos").iterdir())) == 6
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_link_to_the_photo_as_given_leads_nowhere(tmp_path, capsys):
    site = site_with_photo(tmp_path, jpeg())
    about = site / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[Ivan](/static/img/prisoners/ivan-held.jpg)\n",
                     encoding="utf-8")
    assert run_build(site, tmp_path / "public") == 1
    assert "the link '/static/img/prisoners/ivan-held.jpg' leads to no page of this site" \
        in capsys.readouterr().err


# --------------------------------------------------------------------------- a photo that will not do
def test_a_photo_that_will_not_do_stops_the_build_at_its_line_and_keeps_the_site(tmp_path, capsys):
    site = site_with_photo(tmp_path, jpeg())
    out = tmp_path / "public"
    assert run_build(site, out) == 0
    before = {f: f.read_bytes() for f in sorted(out.rglob("*")) if f.is_file()}
    (site / IVAN_PHOTO).write_bytes(jpeg((1200, 1200)))           # square: the face may be cut
    assert run_build(site, out) == 1
    assert {f: f.read_bytes() for f in sorted(out.rglob("*")) if f.is_file()} == before
    err = capsys.readouterr().err
    assert (f"{PHOTO_FIELD}: the photo 'static/img/prisoners/ivan-held.jpg' is 1200x1200 pixels, "
            "1:1 (width:height); portraits are shown at 4:5") in err
    assert "Traceback" not in err


def check(site: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["check", "--source", str(site), "--as-of", AS_OF, *extra], environ={})
    return code, capsys.readouterr().out


def test_check_reports_a_damaged_photo(tmp_path, capsys):
    data = jpeg()
    code, err = check(site_with_photo(tmp_path, data[:len(data) // 2]), capsys)
    assert code == 1
    assert (f"{PHOTO_FIELD}: the photo 'static/img/prisoners/ivan-held.jpg' cannot be read as a "
            "photo: the file is damaged or cut short") in err


def test_check_warns_of_a_photo_too_small_for_sharp_screens(tmp_path, capsys):
    site = site_with_photo(tmp_path, jpeg((480, 600)))
    code, err = check(site, capsys)
    assert code == 0
    assert (f"{PHOTO_FIELD}: warning: the photo 'static/img/prisoners/ivan-held.jpg' is 480x600 "
            "pixels, smaller than the 640x800 a portrait needs on sharp screens") in err
    assert check(site, capsys, "--strict")[0] == 1


def test_another_picture_that_says_where_it_was_taken_is_published_bare(tmp_path, capsys):
    """A picture that is not a prisoner's photo is published without its metadata (see
    tests/test_bare_pictures.py): nothing to warn of, and nothing of its place leaves."""
    site = copy_site("tiny", tmp_path / "src")
    (site / "static/img/march.jpg").write_bytes(phone_photo())
    (site / "static/img/banner.jpg").write_bytes(jpeg())
    code, err = check(site, capsys, "--strict")
    assert code == 0 and "march.jpg" not in err and "banner.jpg" not in err
    out = tmp_path / "public"
    assert run_build(site, out) == 0
    with Image.open(out / "static/img/march.jpg") as published:
        assert not published.getexif()
    assert (out / "static/img/banner.jpg").read_bytes() == jpeg()


# --------------------------------------------------------------------------- no photo
def test_a_prisoner_without_a_photo_is_shown_with_their_initials(sample_site):
    for url, initials in [("/prisoners/alexey-pichugin/", "AP"), ("/ru/prisoners/alexey-pichugin/", "АП"),
                          ("/uk/prisoners/alexey-pichugin/", "ОП")]:
        html = page(sample_site, url)
        found = Pictures(html)
        assert found.pictures == [] and len(found.placeholders) == 1, url
        assert found.placeholders[0]["aria-hidden"] == "true"
        mark = re.search(r'<svg class="portrait portrait-large portrait-initials".*?</svg>', html).group(0)
        assert "fill=" not in mark                        # no colour of its own: the stylesheet's
        assert re.search(rf">{initials}</text>", mark), (url, mark)
        assert "style=" not in mark                       # the Content-Security-Policy forbids it
    assert not (sample_site / "static/photos").exists()


def test_a_record_whose_photo_is_taken_out_shows_the_initials_and_no_credit(tmp_path):
    site = copy_site("tiny", tmp_path / "src")
    records = site / "data/prisoners.yaml"
    records.write_text(records.read_text(encoding="utf-8").replace(
        "  photo: img/prisoners/ivan-held.jpg\n", ""), encoding="utf-8")
    out = tmp_path / "public"
    assert run_build(site, out) == 0
    html = page(out, "/prisoners/ivan-held/")
    assert Pictures(html).pictures == [] and ">IH</text>" in html
    assert "Family archive" not in html                # its photo_credit stays in the record
    assert not (out / "static/photos").exists()


# --------------------------------------------------------------------------- in a browser
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_placeholder_is_quiet_and_follows_the_colour_scheme(browser, site_url, scheme):
    """Greys of the page's scheme, not a pastel of the person's own: a field close to the
    page's background (no bright tile in the dark) and initials readable on it."""
    page = browser.new_page(color_scheme=scheme)
    page.goto(site_url + "/prisoners/alexey-pichugin/")
    mark = page.locator("svg.portrait-initials")
    field = mark.locator("rect").evaluate("e => getComputedStyle(e).fill")
    ink = mark.locator("text").evaluate("e => getComputedStyle(e).fill")
    ground = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.close()
    for colour in (field, ink):
        assert max(channels(colour)) - min(channels(colour)) <= 24, colour        # a grey, not a tint
    assert contrast(ink, field) >= AA, (ink, field)
    assert contrast(field, ground) < 1.5, (field, ground)                       # quiet beside the page


def test_contrast_is_measured_as_wcag_2_does():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "rgb(255, 255, 255)") == pytest.approx(4.48, abs=0.01)


@pytest.mark.browser
def test_a_browser_takes_the_webp_file_the_layout_needs(browser, tmp_path):
    out = tmp_path / "public"
    assert run_build(site_with_photo(tmp_path, jpeg()), out) == 0
    context = browser.new_context(as_of=AS_OF, device_scale_factor=2, viewport={"width": 1000, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    loaded = "i => i.complete && i.naturalWidth > 0"
    with serving(out) as site:
        # a card first: once a larger file is in its cache, the browser may take that one
        page.goto(site + "/prisoners/")                      # 5.5rem, twice as many pixels
        card = page.locator(".portrait-card img")
        card.evaluate(f"i => new Promise(done => ({loaded})(i) ? done() : i.onload = done)")
        assert re.search(r"/ivan-held-[0-9a-f]{8}-320\.webp$", card.evaluate("i => i.currentSrc"))
        initials = page.locator("svg.portrait-initials").first.bounding_box()
        assert (initials["width"], initials["height"]) == (88, 110)
        page.goto(site + "/prisoners/ivan-held/")            # 11rem
        profile = page.locator(".portrait-large img")
        profile.evaluate(f"i => new Promise(done => ({loaded})(i) ? done() : i.onload = done)")
        assert profile.bounding_box()["width"] == 176
        assert re.search(r"/ivan-held-[0-9a-f]{8}-640\.webp$", profile.evaluate("i => i.currentSrc"))
    assert errors == []                   # nothing the Content-Security-Policy refused
    context.close()
