"""Prisoners' photos, made ready for every screen (vigil/media/photos.py), and the placeholder
for a prisoner without one (vigil/media/placeholder.py).

Every photo here is made by the test with Pillow and written into tmp_path; the files
the build makes are opened again with Pillow and looked at as a browser would.
"""
from __future__ import annotations

import io
import re
from dataclasses import fields

import pytest
from PIL import ExifTags, Image, ImageCms

from vigil.base.problems import Location
from vigil.cache.files import FileCache
from vigil.load.data import load_prisoners
from vigil.media import photos
from vigil.media.photos import (
    RENDITIONS,
    PreparedPhoto,
    SourcePhoto,
    output_path,
    photo_outputs,
    portrait,
    prepare_photo,
    prepare_photos,
    size_problems,
    source_photos,
)
from vigil.media.placeholder import initials, placeholder

WHERE = Location("data/prisoners.yaml", 3, 10)
RED, BLUE, WHITE = (220, 30, 30), (30, 30, 220), (255, 255, 255)
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
       b'exif:GPSLatitude="55,45.35N"/></rdf:RDF></x:xmpmeta>')


def encoded(image: Image.Image, kind: str = "JPEG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def halves(size: tuple[int, int], first=RED, second=BLUE, mode: str = "RGB") -> Image.Image:
    """A picture whose top half is `first` and bottom half `second`."""
    image = Image.new(mode, size, second)
    image.paste(first, (0, 0, size[0], size[1] // 2))
    return image


def half_of(data: bytes) -> bytes:
    """A file cut short, as an interrupted download leaves it."""
    return data[:len(data) // 2]


def phone_photo() -> bytes:
    """As a phone saves it: stored on its side (1000x800, red on top) with the EXIF
    orientation 6 (turn it a quarter clockwise to show it), so it shows 800x1000 with the
    red half on the right; and with where and with what it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Phonemaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (55.0, 45.0, 21.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (37.0, 37.0, 4.0)})
    return encoded(halves((1000, 800)), exif=exif, xmp=XMP, comment=b"at the colony gate",
                   icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def source(tmp_path, data: bytes, name: str = "img/prisoners/oleg-sentsov.jpg",
           where: Location = WHERE) -> SourcePhoto:
    file = tmp_path / "static" / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data)
    return SourcePhoto("oleg-sentsov", name, file, where)


def made(tmp_path, data: bytes, **kwargs) -> tuple[PreparedPhoto | None, tuple]:
    return prepare_photo(source(tmp_path, data, **kwargs), FileCache(tmp_path / ".cache" / "photos"))


def files_of(prepared: PreparedPhoto) -> dict[str, bytes]:
    return {rel: file.read_bytes() for rel, file in photo_outputs("oleg-sentsov", prepared)}


# --------------------------------------------------------------------------- the files
def test_a_phone_photo_comes_out_upright_with_no_metadata(tmp_path):
    prepared, problems = made(tmp_path, phone_photo())
    assert problems == ()
    assert (prepared.width, prepared.height) == (800, 1000)
    for rel, data in files_of(prepared).items():
        image = Image.open(io.BytesIO(data))
        assert len(image.getexif()) == 0, rel
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"} & image.info.keys(), rel
        for trace in (b"Exif", b"Phonemaker", b"adobe", b"colony gate"):
            assert trace not in data, (rel, trace)
        image = image.convert("RGB")
        width, height = image.size
        # upright: the stored top (red) is now on the right, the bottom (blue) on the left
        assert near(image.getpixel((width // 10, height // 2)), BLUE), rel
        assert near(image.getpixel((width * 9 // 10, height // 2)), RED), rel


def near(colour: tuple, expected: tuple, by: int = 24) -> bool:
    return all(abs(a - b) <= by for a, b in zip(colour, expected, strict=True))


def test_each_width_comes_in_webp_and_jpeg_at_exactly_4_to_5(tmp_path):
    prepared, _ = made(tmp_path, encoded(halves((1600, 2000))))
    found = {}
    for rel, data in files_of(prepared).items():
        image = Image.open(io.BytesIO(data))
        found[rel] = (image.format, image.size, image.mode)
    key8 = prepared.key[:8]
    assert found == {
        f"static/photos/oleg-sentsov-{key8}-160.webp": ("WEBP", (160, 200), "RGB"),
        f"static/photos/oleg-sentsov-{key8}-160.jpg": ("JPEG", (160, 200), "RGB"),
        f"static/photos/oleg-sentsov-{key8}-320.webp": ("WEBP", (320, 400), "RGB"),
        f"static/photos/oleg-sentsov-{key8}-320.jpg": ("JPEG", (320, 400), "RGB"),
        f"static/photos/oleg-sentsov-{key8}-640.webp": ("WEBP", (640, 800), "RGB"),
        f"static/photos/oleg-sentsov-{key8}-640.jpg": ("JPEG", (640, 800), "RGB"),
    }
    assert re.fullmatch(r"[0-9a-f]{8}", key8)


def test_the_same_photo_gives_the_same_bytes_and_names(tmp_path):
    data = phone_photo()
    first, _ = prepare_photo(source(tmp_path / "a", data), FileCache(tmp_path / "a" / ".cache" / "photos"))
    second, _ = prepare_photo(source(tmp_path / "b", data), FileCache(tmp_path / "b" / ".cache" / "photos"))
    assert first.key == second.key
    assert files_of(first) == files_of(second)


def test_another_photo_gets_other_names(tmp_path):
    first, _ = made(tmp_path, encoded(halves((800, 1000))))
    second, _ = made(tmp_path, encoded(halves((800, 1000), first=BLUE, second=RED)))
    assert first.key[:8] != second.key[:8]
    assert output_path("oleg-sentsov", first.key, RENDITIONS[0]) != \
        output_path("oleg-sentsov", second.key, RENDITIONS[0])


def test_a_photo_within_the_tolerance_is_cut_to_4_to_5_around_its_centre(tmp_path):
    # 900x1200 is 3:4: 75 pixels too tall for 4:5 (6%), so 37.5 come off the top and
    # the bottom each; the green bands there must be gone, the middle kept.
    image = Image.new("RGB", (900, 1200), RED)
    image.paste((0, 200, 0), (0, 0, 900, 30))
    image.paste((0, 200, 0), (0, 1170, 900, 1200))
    prepared, problems = made(tmp_path, encoded(image, "PNG"), name="img/p.png")
    assert problems == ()
    for rel, data in files_of(prepared).items():
        shown = Image.open(io.BytesIO(data)).convert("RGB")
        for y in (0, shown.height - 1):
            assert near(shown.getpixel((shown.width // 2, y)), RED, by=40), (rel, y)


def test_a_transparent_png_is_laid_on_white(tmp_path):
    image = Image.new("RGBA", (800, 1000), (0, 0, 0, 0))
    image.paste((220, 30, 30, 255), (400, 0, 800, 1000))
    prepared, problems = made(tmp_path, encoded(image, "PNG"), name="img/p.png")
    assert problems == ()
    for rel, data in files_of(prepared).items():
        shown = Image.open(io.BytesIO(data))
        assert shown.mode == "RGB"
        assert near(shown.getpixel((shown.width // 8, shown.height // 2)), WHITE), rel
        assert near(shown.getpixel((shown.width * 7 // 8, shown.height // 2)), RED), rel


def grey_16_bit() -> Image.Image:
    return Image.new("I;16", (800, 1000), 128 * 257)


@pytest.mark.parametrize("image, kind", [
    (Image.new("CMYK", (800, 1000), (0, 0, 0, 127)), "JPEG"),
    (Image.new("L", (800, 1000), 128), "JPEG"),
    (Image.new("L", (800, 1000), 128).convert("P"), "PNG"),
    (Image.new("LA", (800, 1000), (128, 255)), "PNG"),
    (grey_16_bit(), "PNG"),
    (Image.new("RGBA", (800, 1000), (128, 128, 128, 255)), "WEBP"),
    (Image.new("RGB", (800, 1000), (128, 128, 128)), "MPO"),
], ids=["CMYK JPEG", "grey JPEG", "palette PNG", "grey PNG with alpha", "16-bit grey PNG",
        "WebP with alpha", "a phone's JPEG with a second picture (MPO)"])
def test_any_kind_of_jpeg_png_or_webp_becomes_plain_rgb(tmp_path, image, kind):
    second = {"save_all": True, "append_images": [image]} if kind == "MPO" else {}
    prepared, problems = made(tmp_path, encoded(image, kind, **second), name=f"img/p.{kind.lower()}")
    assert problems == ()
    for rel, data in files_of(prepared).items():
        shown = Image.open(io.BytesIO(data))
        assert shown.mode == "RGB"
        assert near(shown.getpixel((80, 100)), (128, 128, 128), by=8), rel


# --------------------------------------------------------------------------- the cache
def test_a_photo_made_before_is_not_opened_again(tmp_path, monkeypatch):
    photo = source(tmp_path, phone_photo())
    first, _ = prepare_photo(photo, FileCache(tmp_path / ".cache" / "photos"))
    times = {f: f.stat().st_mtime_ns for f in first.folder.iterdir()}

    def no_image_work(*args, **kwargs):
        raise AssertionError("the photo was opened again")
    monkeypatch.setattr(Image, "open", no_image_work)
    again, problems = prepare_photo(photo, FileCache(tmp_path / ".cache" / "photos"))
    assert (again, problems) == (first, ())
    assert {f: f.stat().st_mtime_ns for f in again.folder.iterdir()} == times


@pytest.mark.parametrize("damage", [
    lambda entry: (entry / "320.webp").unlink(),
    lambda entry: (entry / "640.jpg").write_bytes(b"\xff\xd8 cut short"),
    lambda entry: (entry / "entry.json").write_text("{not json"),
    lambda entry: (entry / "entry.json").unlink(),
    lambda entry: linked(entry / "640.jpg"),
    lambda entry: (entry / "entry.json").write_text(
        (entry / "entry.json").read_text().replace('"format": 1', '"format": 0')),
    lambda entry: (entry / "entry.json").write_text(
        (entry / "entry.json").read_text().replace('"size": [\n   800', '"size": [\n   true')),
], ids=["a file missing", "a file damaged", "the entry damaged", "the entry missing",
        "a file a link to its bytes elsewhere", "another format", "not a size"])
def test_a_damaged_cache_entry_is_made_again(tmp_path, damage):
    photo = source(tmp_path, phone_photo())
    first, _ = prepare_photo(photo, FileCache(tmp_path / ".cache" / "photos"))
    good = files_of(first)
    damage(first.folder)
    assert photos.cached_photo(FileCache(tmp_path / ".cache" / "photos"), first.key) is None
    again, problems = prepare_photo(photo, FileCache(tmp_path / ".cache" / "photos"))
    assert problems == ()
    assert files_of(again) == good
    assert not any(f.is_symlink() for f in again.folder.iterdir())
    assert photos.cached_photo(FileCache(tmp_path / ".cache" / "photos"), first.key) == again


def linked(file):
    """The file moved elsewhere, a symbolic link to it in its place: the same bytes."""
    elsewhere = file.parent.parent.parent / "elsewhere"
    file.rename(elsewhere)
    file.symlink_to(elsewhere)


def test_entries_no_photo_uses_now_are_pruned(tmp_path):
    old, _ = made(tmp_path, encoded(halves((800, 1000))))
    new, _ = made(tmp_path, encoded(halves((800, 1000), first=BLUE, second=RED)))
    assert FileCache(tmp_path / ".cache" / "photos").prune({new.key}) == 1
    assert not old.folder.exists() and new.folder.is_dir()


def test_photos_made_in_worker_processes_are_the_same(tmp_path):
    sources = [source(tmp_path, encoded(halves((800, 1000), first=(i * 40, 30, 30))), name=f"img/{i}.jpg")
               for i in range(4)]
    sources = [SourcePhoto(f"person-{i}", s.photo, s.file, s.where) for i, s in enumerate(sources)]
    alone, problems_alone = prepare_photos(sources, FileCache(tmp_path / "one" / "photos"))
    shared, problems_shared = prepare_photos(sources, FileCache(tmp_path / "two" / "photos"), jobs=2)
    assert list(alone) == list(shared) == [f"person-{i}" for i in range(4)]
    assert problems_alone == problems_shared == []
    for pid in alone:
        assert files_of(alone[pid]) == files_of(shared[pid])


def test_photos_made_before_need_no_worker_process_and_no_image_work(tmp_path, monkeypatch):
    photo = source(tmp_path, phone_photo())
    first = prepare_photos([photo], FileCache(tmp_path / ".cache" / "photos"))

    def no_work(*args, **kwargs):
        raise AssertionError("image work or a worker process for a photo made before")
    monkeypatch.setattr(Image, "open", no_work)
    monkeypatch.setattr(photos, "shared_out", no_work)
    assert prepare_photos([photo, photo], FileCache(tmp_path / ".cache" / "photos"), jobs=2) == (first[0], [])


# --------------------------------------------------------------------------- problems
RECORD = """\
- id: oleg-sentsov
  name: Oleg Sentsov
  photo: {photo}
  categories: [ukrainian]
  custody:
    - kind: detention
      from: 2014-05-10
  summary: A film-maker from Crimea.
  sources:
    - title: Let My People Go
      url: https://letmypeoplego.org.ua/prisoner/oleg-sentsov/
  verified: 2026-11-29
"""


def problems_of(tmp_path, photo: str, data: bytes) -> list[str]:
    """The problems `python build.py check` would show for this record's photo."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data/prisoners.yaml").write_text(RECORD.format(photo=photo), encoding="utf-8")
    (tmp_path / "static" / photo).parent.mkdir(parents=True)
    (tmp_path / "static" / photo).write_bytes(data)
    prisoners, _, problems = load_prisoners(tmp_path, "en")
    assert problems == []
    (found,) = source_photos(prisoners, [tmp_path / "static"])
    _, problems = prepare_photo(found, FileCache(tmp_path / ".cache" / "photos"))
    return [str(p) for p in problems]


@pytest.mark.parametrize("photo, data, message", [
    ("img/sentsov.jpg", b"<html>Not found</html>",
     "the photo 'static/img/sentsov.jpg' cannot be read as a photo: it is not an image, "
     "or a damaged one; save it as a JPEG, PNG or WebP file, the formats the build reads"),
    ("img/sentsov.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>',
     "the photo 'static/img/sentsov.svg' cannot be read as a photo: it is an SVG drawing; "
     "save it as a JPEG, PNG or WebP file, the formats the build reads"),
    ("img/sentsov.gif", encoded(halves((800, 1000)), "GIF"),
     "the photo 'static/img/sentsov.gif' cannot be read as a photo: it is a GIF image; "
     "save it as a JPEG, PNG or WebP file, the formats the build reads"),
    ("img/sentsov.jpg", half_of(encoded(halves((800, 1000)))),
     "the photo 'static/img/sentsov.jpg' cannot be read as a photo: the file is damaged "
     "or cut short; export it again from the original, as a JPEG, PNG or WebP file"),
    ("img/sentsov.png", half_of(encoded(halves((800, 1000)), "PNG")),
     "the photo 'static/img/sentsov.png' cannot be read as a photo: the file is damaged "
     "or cut short; export it again from the original, as a JPEG, PNG or WebP file"),
    ("img/sentsov.jpg", encoded(halves((1200, 1200))),
     "the photo 'static/img/sentsov.jpg' is 1200x1200 pixels, 1:1 (width:height); "
     "portraits are shown at 4:5, and cutting it to that around the centre would take away 20% "
     "of it (the build does that only up to 10%); crop it to 4:5 yourself, keeping the face "
     "whole, for example to 960x1200"),
    ("img/sentsov.jpg", encoded(halves((2000, 3000))),
     "the photo 'static/img/sentsov.jpg' is 2000x3000 pixels, 2:3 (width:height); "
     "portraits are shown at 4:5, and cutting it to that around the centre would take away 17% "
     "of it (the build does that only up to 10%); crop it to 4:5 yourself, keeping the face "
     "whole, for example to 2000x2500"),
    ("img/sentsov.png", encoded(halves((480, 600)), "PNG"),
     "warning: the photo 'static/img/sentsov.png' is 480x600 pixels, smaller than the 640x800 a "
     "portrait needs on sharp screens, so it will look blurred; use a photo of at least 640x800"),
    ("img/sentsov.png", encoded(halves((120, 150)), "PNG"),
     "the photo 'static/img/sentsov.png' is 120x150 pixels, too small to show even on a "
     "card (160x200); use a photo of at least 640x800, or remove 'photo' to show the person's "
     "initials instead"),
    ("img/sentsov.jpg", encoded(halves((400, 400))),
     "the photo 'static/img/sentsov.jpg' is 400x400 pixels, 1:1 (width:height), and too small: "
     "portraits are shown at 4:5 and need 640x800 pixels to look sharp, and cut to 4:5 this one "
     "would be only 320x400; use a larger photo, of at least 640x800, and crop it to 4:5 keeping "
     "the face whole"),
    ("img/sentsov.png", encoded(halves((300, 150)), "PNG"),
     "the photo 'static/img/sentsov.png' is 300x150 pixels, 2:1 (width:height), and too small: "
     "portraits are shown at 4:5 and need 640x800 pixels to look sharp, and cut to 4:5 this one "
     "would be only 120x150; use a larger photo, of at least 640x800, and crop it to 4:5 keeping "
     "the face whole, or remove 'photo' to show the person's initials instead"),
], ids=["not an image", "an SVG", "a GIF", "a JPEG cut short", "a PNG cut short", "square", "2:3",
        "small", "tiny", "square and small", "wide and tiny"])
def test_a_photo_that_will_not_do_is_one_problem_at_its_field(tmp_path, photo, data, message):
    assert problems_of(tmp_path, photo, data) == [f"data/prisoners.yaml:3:10: {message}"]


def test_a_small_photo_is_still_made_in_every_size(tmp_path):
    prepared, problems = made(tmp_path, encoded(halves((480, 600))))
    assert [p.warning for p in problems] == [True]
    assert [Image.open(f).size for _, f in photo_outputs("oleg-sentsov", prepared)] == \
        [(r.width, r.height) for r in RENDITIONS]


@pytest.mark.parametrize("size, ok", [
    ((800, 1000), True), ((750, 1000), True), ((720, 1000), True), ((719, 1000), False),
    ((800, 900), True), ((801, 900), False), ((1000, 1000), False), ((1000, 800), False),
], ids=["4:5", "3:4", "0.72", "below 0.72", "8:9", "above 8:9", "square", "5:4"])
def test_the_build_cuts_at_most_a_tenth_away(size, ok):
    problems = size_problems("p.jpg", *size, WHERE)
    assert (problems == []) is ok, problems


@pytest.mark.parametrize("width, height", [(400, 400), (600, 400), (500, 1000), (100, 300), (1000, 500)])
def test_a_photo_off_proportion_and_small_gets_one_message_with_one_fix(width, height):
    """Not 'crop it to 320x400' and 'use at least 640x800' at once: they contradict."""
    (problem,) = size_problems("p.jpg", width, height, WHERE)
    assert not problem.warning
    assert "and too small" in problem.message and "for example to" not in problem.message
    assert problem.message.count("640x800") == 2


def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded():
    (problem,) = size_problems("p.jpg", 8000, 10000, WHERE)
    assert problem.message == ("the photo 'static/p.jpg' is 8000x10000 pixels (80 megapixels), "
                               "more than the build will open (50 megapixels); save a smaller "
                               "copy: 2000x2500 is plenty")


def test_a_photo_that_is_not_there_is_left_to_check_photo(tmp_path):
    prisoners, _, _ = load_prisoners(write_record(tmp_path, "img/nobody.jpg"), "en")
    assert source_photos(prisoners, [tmp_path / "static"]) == ()


def write_record(folder, photo: str):
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "data/prisoners.yaml").write_text(RECORD.format(photo=photo), encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- for templates
def test_a_portrait_lists_every_width_at_the_urls_the_caller_makes():
    key = "0123456789abcdef" * 4
    shown = portrait("oleg-sentsov", key, lambda rel: f"/coalition/{rel}")
    assert shown.srcset_webp == ("/coalition/static/photos/oleg-sentsov-01234567-160.webp 160w, "
                                 "/coalition/static/photos/oleg-sentsov-01234567-320.webp 320w, "
                                 "/coalition/static/photos/oleg-sentsov-01234567-640.webp 640w")
    assert shown.srcset_jpeg == shown.srcset_webp.replace(".webp", ".jpg")
    assert shown.fallback_src == "/coalition/static/photos/oleg-sentsov-01234567-320.jpg"
    assert (shown.width, shown.height) == (160, 200)


@pytest.mark.parametrize("name, expected", [
    ("Alexey Pichugin", "AP"), ("Алексей Пичугин", "АП"),
    ("Алексей Анатольевич Пичугин", "АП"), ("Alexey Anatolyevich Pichugin", "AP"),
    ("Madonna", "M"), ("Жанна", "Ж"), ("Anna Smith-Jones", "AS"), ("Jean-Paul Sartre", "JS"),
    ("Ёлкин Е\u0308жиков", "ЁЁ"), ("  олег   сенцов ", "ОС"), ("Oleg «Oleg» Sentsov", "OS"),
    ("Ihor 'Igor' Kozlovsky", "IK"), ("", ""),
])
def test_initials_are_of_the_first_and_the_last_word(name, expected):
    assert initials(name) == expected


def test_a_placeholder_is_the_persons_initials_and_nothing_of_their_own():
    """No tint chosen for the person (the page's colour scheme colours it): only letters."""
    assert placeholder("Alexey Pichugin") == placeholder("Alexey  Pichugin")
    assert placeholder("Алексей Пичугин").initials == "АП"
    assert [f.name for f in fields(placeholder("Oleg Sentsov"))] == ["initials"]
