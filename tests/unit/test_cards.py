"""Share cards: the PNG a shared link shows, for a prisoner and for the home page."""
from __future__ import annotations

import io
import zlib
from dataclasses import replace

import pytest
from PIL import Image, ImageDraw

from vigil.base.parallel import context
from vigil.cache.files import FileCache
from vigil.media import card_drawing as drawing
from vigil.media import cards, png
from vigil.media.cards import HeadlineCard, ShareCard, headline_card_png, share_card_png

RU_COALITION = "Коалиция за освобождение политзаключённых Кремля"
EN_COALITION = "Coalition to Free the Kremlin's Political Prisoners"
HELD_RU = ShareCard(
    name="Константин Александрович Константинопольский-Верещагин", figure="4\u00a0213",
    unit="дней в заключении", note="по состоянию на 30 ноября 2026 г.", coalition=RU_COALITION,
    lang="ru")
HELD_EN = ShareCard(
    name="Ilya Yashin", figure="1,243", unit="days in custody", note="as of 30 November 2026",
    coalition=EN_COALITION, lang="en")
RELEASED = ShareCard(
    name="Oleg Sentsov", figure="1,937", unit="days in custody",
    note="from 11 May 2014 to 7 September 2019", coalition=EN_COALITION,
    lang="en", status="Released", state="released")
HEADLINE = HeadlineCard(
    figure="1,262", text="recognised political prisoners in Russia, as counted by the project "
    "“Support for Political Prisoners. Memorial”", coalition=EN_COALITION, note="as of 30 December 2025")

RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
UKRAINIAN = "ҐЄІЇґєії’"
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789,.-—«»“”№"


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def colour_at(image: Image.Image, xy: tuple[int, int]) -> tuple[int, int, int]:
    return image.convert("RGB").getpixel(xy)


def test_a_card_is_a_1200_by_630_png():
    image = opened(share_card_png(HELD_EN))
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_the_same_card_gives_the_same_bytes_without_text_or_time_chunks():
    first, again = share_card_png(HELD_RU), share_card_png(HELD_RU)
    assert first == again
    assert set(png.chunk_kinds(first)) <= {b"IHDR", b"PLTE", b"IDAT", b"IEND"}


def test_worker_processes_make_the_same_bytes():
    with context().Pool(2) as pool:
        made = pool.map(share_card_png, [HELD_RU, HELD_EN])
    assert made == [share_card_png(HELD_RU), share_card_png(HELD_EN)]


def test_another_count_gives_other_bytes_and_changes_only_the_bottom_rows():
    today, tomorrow = share_card_png(HELD_RU), share_card_png(replace(HELD_RU, figure="4\u00a0214"))
    assert today != tomorrow
    upper = (0, 0, 1200, drawing.BAND_TOP)
    assert opened(today).crop(upper).tobytes() == opened(tomorrow).crop(upper).tobytes()


def test_the_fonts_draw_every_russian_ukrainian_and_latin_letter():
    for face in drawing.FONT_FILES:
        font = drawing.font(face, 40)
        missing = font.getbbox("\uffff")                 # the font's box for a letter it lacks
        lacking = [letter for letter in RUSSIAN + UKRAINIAN + LATIN
                   if font.getbbox(letter) == missing or font.getmask(letter).getbbox() is None]
        assert not lacking, f"{face} has no glyph for {''.join(lacking)}"
        assert font.getlength("\u00a0") == font.getlength(" ")      # numbers' no-break space


def test_a_cyrillic_name_is_drawn_in_its_letters_not_missing_glyph_boxes():
    def name_pixels(name: str) -> bytes:
        image = opened(share_card_png(replace(HELD_RU, name=name)))
        return image.crop((drawing.COLUMN_LEFT, 100, drawing.COLUMN_RIGHT, drawing.BAND_TOP)).tobytes()
    assert name_pixels("Жанна Ёлкина") != name_pixels("\uffff" * 5 + " " + "\uffff" * 6)


@pytest.mark.parametrize("card", [
    HELD_RU,
    replace(HELD_RU, name="Александра (Саша) Скочиленко"),
    replace(HELD_RU, name="Шахмардан" * 6),                       # one word longer than the card
    replace(HELD_RU, name=" ".join(["Константинопольский"] * 8), status="Освобождён", state="released"),
    replace(HELD_EN, figure="12,345,678", unit="days in custody and in a psychiatric hospital, " * 3,
            note="from 11 May 2014 to 7 September 2019, " * 3, coalition=EN_COALITION * 3),
])
@pytest.mark.parametrize("column", [cards.BESIDE_PHOTO, cards.ACROSS])
def test_long_texts_stay_within_the_margins(card, column):
    top, _ = cards.share_top(card, column)
    band = cards.share_band(card, column)
    for line in top + band:
        left, upper, right, lower = line.box(card.lang)
        assert column.left - 8 <= left and right <= column.right, line
        assert drawing.TOP - 24 <= upper and lower <= 630 - 40, line
    for line in top:
        assert line.box(card.lang)[3] <= cards.NAME_BOTTOM, line
    for line in band:
        assert line.box(card.lang)[1] >= drawing.BAND_TOP, line
    name_lines = [line for line in top if line.face == drawing.DISPLAY]
    assert 1 <= len(name_lines) <= 3
    # and on the card itself (without a photo, across): the right margin is only background
    image = opened(share_card_png(card))
    margin = image.crop((cards.ACROSS.right, 0, 1200, 630))
    assert [colour for _, colour in margin.getcolors()] == [drawing.NAVY_BG]


def test_a_name_too_long_for_three_lines_ends_with_an_ellipsis():
    card = replace(HELD_RU, name=" ".join(["Константинопольский"] * 8))
    name_lines = [line.text for line in cards.share_top(card)[0] if line.face == drawing.DISPLAY]
    assert len(name_lines) == 3 and name_lines[-1].endswith("…")


def test_without_a_photo_the_text_takes_the_whole_card():
    """No stand-in for a photo (the name is on the card): the bar at the left edge, the
    text from there across the card, the name larger than beside a photo."""
    image = opened(share_card_png(HELD_EN))
    assert colour_at(image, (8, 300)) == drawing.AMBER                          # the bar
    assert colour_at(image, (60, 300)) == drawing.NAVY
    across, _ = cards.share_top(HELD_EN, cards.ACROSS)
    beside, _ = cards.share_top(HELD_EN, cards.BESIDE_PHOTO)
    name_across = next(line for line in across if line.face == drawing.DISPLAY)
    name_beside = next(line for line in beside if line.face == drawing.DISPLAY)
    assert name_across.x == cards.ACROSS.left and name_across.size > name_beside.size
    # the text's column is over four fifths of the card
    assert cards.ACROSS.width > 0.8 * drawing.WIDTH
    left = min(line.box("en")[0] for line in across + cards.share_band(HELD_EN, cards.ACROSS))
    assert left < 120


@pytest.mark.parametrize("photo", ["an SVG", "a damaged JPEG"])
def test_a_photo_pillow_cannot_read_gives_a_card_without_one(tmp_path, photo):
    file = tmp_path / ("portrait.svg" if photo == "an SVG" else "portrait.jpg")
    file.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"/>' if photo == "an SVG"
                     else b"\xff\xd8\xff\xe0 not a whole JPEG")
    assert share_card_png(replace(HELD_RU, photo=file)) == share_card_png(HELD_RU)


def test_a_photo_fills_the_left_of_the_card(tmp_path):
    photo = Image.new("RGB", (400, 500), (200, 40, 40))
    ImageDraw.Draw(photo).rectangle((0, 250, 400, 500), fill=(30, 60, 200))
    file = tmp_path / "portrait.png"
    photo.save(file)
    made = share_card_png(replace(HELD_EN, photo=file))
    image = opened(made)
    red, blue = colour_at(image, (250, 100)), colour_at(image, (250, 600))
    assert red[0] > 150 and red[2] < 90 and blue[2] > 150 and blue[0] < 90
    assert colour_at(image, (510, 300)) == drawing.AMBER                # the bar beside it
    assert share_card_png(replace(HELD_EN, photo=photo)) == made        # a path or an image


def test_a_photo_with_transparency_sits_on_the_background(tmp_path):
    photo = Image.new("RGBA", (400, 500), (0, 0, 0, 0))
    image = opened(share_card_png(replace(HELD_EN, photo=photo)))
    assert colour_at(image, (250, 300)) == drawing.NAVY


def test_a_released_person_has_the_status_label():
    top, label = cards.share_top(RELEASED, cards.ACROSS)                    # no photo
    assert label is not None and "Released" in [line.text for line in top]
    image = opened(share_card_png(RELEASED))
    assert colour_at(image, (label[0] + 4, label[1] + 4)) == drawing.STATE_COLOURS["released"]


def test_a_cached_card_is_not_drawn_again(tmp_path, monkeypatch):
    cache = FileCache(tmp_path / "cards")
    made = share_card_png(HELD_RU, cache)

    def no_drawing(*args):
        raise AssertionError("drawn again")
    monkeypatch.setattr(cards, "draw_base", no_drawing)
    monkeypatch.setattr(cards, "draw_band", no_drawing)
    assert share_card_png(HELD_RU, cache) == made


def test_the_next_day_only_the_count_is_drawn_on_the_cached_base(tmp_path, monkeypatch):
    cache = FileCache(tmp_path / "cards")
    share_card_png(HELD_RU, cache)
    tomorrow = replace(HELD_RU, figure="4\u00a0214", note="по состоянию на 1 декабря 2026 г.")
    expected = share_card_png(tomorrow)

    def no_base(*args):
        raise AssertionError("base drawn again")
    monkeypatch.setattr(cards, "draw_base", no_base)
    assert share_card_png(tomorrow, cache) == expected


@pytest.mark.parametrize("card", [HELD_RU, RELEASED, replace(HELD_EN, photo=Image.new("RGB", (80, 100), (9, 99, 199)))])
def test_a_kept_card_gives_back_the_base_it_was_drawn_on(card):
    base = cards.draw_base(card)
    made = png.finish(base.head, cards.draw_band(base, card), cards.TAIL_LEVEL)
    kept = cards.KeptCard("0" * 64, base.head.adler, len(base.head.data), base.column == cards.ACROSS, made)
    assert cards.KeptCard.unpack(kept.pack()) == kept
    assert kept.base() == base


@pytest.mark.parametrize("damage", ["cut short", "changed byte", "empty"])
def test_a_damaged_cache_entry_is_made_again(tmp_path, damage):
    cache = FileCache(tmp_path / "cards")
    made = share_card_png(HELD_EN, cache)
    for file in sorted((tmp_path / "cards").rglob("*")):
        if file.is_file():
            data = file.read_bytes()
            file.write_bytes({"cut short": data[:len(data) // 2],
                              "changed byte": data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
                              "empty": b""}[damage])
    assert share_card_png(HELD_EN, cache) == made
    assert share_card_png(HELD_EN, cache) == made                   # and it was put right


def test_the_cache_keys_change_with_every_input(tmp_path):
    base = cards.base_key(HELD_EN)
    for change in [{"name": "Ilya Yashin "}, {"coalition": "x"},
                   {"photo": Image.new("RGB", (8, 10))}, {"lang": "ru"}, {"status": "Released"},
                   {"state": "died"}]:
        assert cards.base_key(replace(HELD_EN, **change)) != base, change
    card = cards.card_key(HELD_EN, base)
    for change in [{"figure": "1,244"}, {"unit": "day in custody"}, {"note": "as of 1 December 2026"}]:
        changed = replace(HELD_EN, **change)
        assert cards.base_key(changed) == base
        assert cards.card_key(changed, base) != card, change


def test_prune_removes_what_no_build_used(tmp_path):
    share_card_png(HELD_EN, FileCache(tmp_path / "cards"))
    share_card_png(HELD_RU, FileCache(tmp_path / "cards"))
    headline_card_png(HEADLINE, FileCache(tmp_path / "cards"))
    assert len(list((tmp_path / "cards").iterdir())) == 3
    cache = FileCache(tmp_path / "cards")                           # the next build
    made = share_card_png(HELD_EN, cache)
    assert len(cache.used) == 1
    assert cache.prune(cache.used) == 2                              # HELD_RU's, the home page's
    (kept,) = (tmp_path / "cards").iterdir()
    assert kept.name == cards.base_key(HELD_EN)
    assert share_card_png(HELD_EN, FileCache(tmp_path / "cards")) == made


def test_the_home_page_card():
    made = headline_card_png(HEADLINE)
    image = opened(made)
    assert image.size == (1200, 630) and made == headline_card_png(HEADLINE)
    for line in cards.headline_lines(replace(HEADLINE, text=HEADLINE.text * 4)):
        left, _, right, lower = line.box("en")
        assert cards.HEADLINE_LEFT - 12 <= left and right <= cards.HEADLINE_RIGHT and lower <= 630 - 40


def test_a_png_in_two_parts_is_one_image():
    pixels = bytes(i * 7 % 256 for i in range(37 * 20))
    colours = bytes(range(256)) * 3
    made = png.finish(png.head(pixels[:37 * 12], 37, 20, colours, 6), pixels[37 * 12:], 1)
    assert opened(made).tobytes() == pixels
    at, data = 8, b""
    while at < len(made):                                            # zlib checks the Adler-32
        length = int.from_bytes(made[at:at + 4], "big")
        if made[at + 4:at + 8] == b"IDAT":
            data += made[at + 8:at + 8 + length]
        at += 12 + length
    assert zlib.decompress(data) == png.scanlines(pixels, 37)
