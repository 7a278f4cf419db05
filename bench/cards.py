#!/usr/bin/env python3
"""How long a share card takes, and how large it is.

    python bench/cards.py [--people 100] [--photo-share 0.7]

Makes each person's card in English, Russian and Ukrainian together (made-up names;
portraits drawn here, with a camera's noise), in one process, four ways:
- cold: no cache at all;
- first build: an empty cache (each card is made and kept);
- next night: the count and its date moved on, drawn on the kept cards;
- unchanged: every card from the cache.
Prints milliseconds a card (median and mean) and the cards' size.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vigil.cache.files import FileCache
from vigil.media.cards import ShareCard, share_card_png, share_cards_png

COALITION = {"en": "Coalition to Free the Kremlin's Political Prisoners",
             "ru": "Коалиция за освобождение политзаключённых Кремля",
             "uk": "Коаліція за звільнення політв’язнів Кремля"}
UNIT = {"en": "days in custody", "ru": "дней под стражей", "uk": "днів під вартою"}
AS_OF = {"en": "as of {} November 2026", "ru": "по состоянию на {} ноября 2026 г.",
         "uk": "станом на {} листопада 2026 р."}
GIVEN = ["Александр", "Мария", "Константин", "Ольга", "Владимир", "Светлана", "Илья", "Анастасия"]
FAMILY = ["Петров", "Скочиленко", "Константинопольский", "Кара-Мурза", "Ли", "Мельконьянц"]


def portrait(seed: int, size=(800, 1000)) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    top, bottom = [rng.randrange(40, 200) for _ in range(3)], [rng.randrange(40, 200) for _ in range(3)]
    for y in range(size[1]):
        draw.line((0, y, size[0], y), fill=tuple(a + (b - a) * y // size[1] for a, b in zip(top, bottom, strict=True)))
    skin = (rng.randrange(170, 230), rng.randrange(130, 180), rng.randrange(110, 150))
    draw.ellipse((120, 720, 680, 1300), fill=tuple(rng.randrange(20, 120) for _ in range(3)))
    draw.rectangle((340, 560, 460, 760), fill=skin)
    draw.ellipse((250, 220, 550, 640), fill=skin)
    draw.ellipse((240, 170, 560, 400), fill=tuple(rng.randrange(20, 90) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(3))
    return Image.blend(image, Image.effect_noise(size, 40).convert("RGB"), 0.06)


def people(count: int, photo_share: float, folder: Path) -> list[ShareCard]:
    rng = random.Random(1)
    made = []
    for n in range(count):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        photo = None
        if rng.random() < photo_share:
            photo = folder / f"{n}.jpg"
            portrait(n).save(photo, quality=88)
        for lang in ("en", "ru", "uk"):
            days = rng.randrange(30, 9000)
            figure = f"{days:,}" if lang == "en" else f"{days:,}".replace(",", "\u00a0")
            made.append(ShareCard(name, figure, UNIT[lang], AS_OF[lang].format(29), COALITION[lang],
                                  photo, lang))
    return made


def next_night(card: ShareCard) -> ShareCard:
    days = int(card.figure.replace(",", "").replace("\u00a0", "")) + 1
    figure = f"{days:,}" if card.lang == "en" else f"{days:,}".replace(",", "\u00a0")
    return replace(card, figure=figure, note=AS_OF[card.lang].format(30))


def timed(cards: list[ShareCard], cache: FileCache | None) -> tuple[list[float], list[int]]:
    """Milliseconds a card and bytes of each, making a person's three cards at a time."""
    times, sizes = [], []
    for at in range(0, len(cards), 3):
        start = time.perf_counter()
        made = share_cards_png(cards[at:at + 3], cache)
        times += [(time.perf_counter() - start) * 1000 / len(made)] * len(made)
        sizes += [len(card) for card in made]
    return times, sizes


def report(label: str, times: list[float], sizes: list[int]) -> None:
    if not times:
        return
    print(f"{label:<56} {statistics.median(times):6.2f} ms median {statistics.fmean(times):6.2f} ms mean"
          f"  {statistics.fmean(sizes) / 1024:6.1f} KB mean {max(sizes) / 1024:6.1f} KB largest")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--photo-share", type=float, default=0.7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cards = people(args.people, args.photo_share, Path(folder))
        share_card_png(cards[0])                          # load the fonts
        kinds = {"with a photo": [card for card in cards if card.photo is not None],
                 "without a photo": [card for card in cards if card.photo is None]}
        print(f"{len(cards)} cards, {len(kinds['with a photo'])} with a photo")
        for kind, some in kinds.items():
            report(f"cold, {kind}", *timed(some, None))
        cache = FileCache(Path(folder) / "cache")
        for kind, some in kinds.items():
            report(f"first build (each card kept), {kind}", *timed(some, cache))
        for kind, some in kinds.items():
            report(f"next night (count drawn on the kept card), {kind}", *timed([next_night(c) for c in some], cache))
        for kind, some in kinds.items():
            report(f"unchanged (card from the cache), {kind}", *timed([next_night(c) for c in some], cache))


if __name__ == "__main__":
    main()
