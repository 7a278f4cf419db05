"""Prisoners' photos, made ready for every screen at build time.

A record's `photo` (a JPEG, PNG or WebP file under static/, of any size) becomes six
files: the portrait at 4:5 (width:height), 160, 320 and 640 pixels wide, each in WebP
and in JPEG. Each is turned upright by its EXIF orientation, put in sRGB, laid on white
where it is transparent, cut to 4:5 around the centre, and written without any
metadata: where a photo was taken, and with what, can endanger a family.

Names: `static/photos/<prisoner id>-<first 8 hex digits of the key>-<width>.<webp|jpg>`.
The key is a SHA-256 of the photo's bytes, of the settings below and of the versions of
Pillow and its encoders, so one name always means the same bytes and a CDN may keep
each file for a year: a new photo, or new settings, give new names.

Cache: the store's named cache of files `photos` (cache/files.py), an entry by key, holds
the six files (`160.webp`, `160.jpg`, ...) and the photo's size, upright. A photo seen
before is not opened again; an entry that is missing, incomplete, whose files do not match
their digests or are not bare pictures, is made again, never trusted.

`prepare_photo` is a pure function of its arguments and the files they name (it
writes only its own cache entry), so photos can be made in worker processes.
"""
from __future__ import annotations

import functools
import io
import json
import warnings
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, features

from ..base.parallel import chunks, shared_out
from ..base.problems import Location, Problem
from ..cache.files import Entry, FileCache
from ..cache.store import digest
from ..load.folders import regular_file
from ..model.records import Prisoner, placed
from .bare import is_bare

FORMAT = 1
ASPECT = Fraction(4, 5)                 # width:height, as the layouts show them (160x200)
WIDTHS = (160, 320, 640)
SHOWN = (160, 200)                      # the size a layout gives the <img>
SHARP = (640, 800)                      # the largest file, the size needed to stay sharp
# A centre cut to 4:5 may take away at most this share of the picture; beyond it the
# maintainer crops the photo, so that no head or face is cut by a machine.
CROP_TOLERANCE = Fraction(1, 10)
# Far beyond any portrait's need; above it, decoding takes too much memory.
MOST_PIXELS = 50_000_000
ACCEPTED = ("JPEG", "PNG", "WEBP")           # JPEG takes in MPO too: phones save those
WHITE = (255, 255, 255)
JPEG = {"quality": 82, "optimize": True, "progressive": True, "subsampling": "4:2:0"}
WEBP = {"quality": 80, "method": 6}
# Everything the files depend on besides the photo itself.
SETTINGS = json.dumps({
    "format": FORMAT, "aspect": [4, 5], "widths": WIDTHS, "jpeg": JPEG, "webp": WEBP,
    "background": WHITE, "resample": "lanczos", "decode": "at least twice the largest size",
    "pillow": Image.__version__, "libjpeg": features.version("jpg"),
    "libwebp": features.version("webp"), "littlecms": features.version("littlecms2"),
}, sort_keys=True)


@dataclass(frozen=True)
class Rendition:
    """One of the six files a photo becomes."""
    width: int
    format: str                     # 'webp' | 'jpg'

    @property
    def height(self) -> int:
        return height_for(self.width)

    @property
    def file_name(self) -> str:     # in the cache entry
        return f"{self.width}.{self.format}"


RENDITIONS = tuple(Rendition(width, kind) for width in WIDTHS for kind in ("webp", "jpg"))


def height_for(width: int) -> int:
    """The height of a 4:5 picture this wide (in whole pixels)."""
    return int(width / ASPECT)


@dataclass(frozen=True)
class SourcePhoto:
    """A record's photo, as the maintainer gave it."""
    prisoner_id: str
    photo: str                      # as written: a path under static/
    file: Path
    where: Location                 # the record's `photo` field


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo made into every rendition, in its cache entry."""
    key: str
    width: int                      # the photo's own size, upright
    height: int
    folder: Path


# What preparing a photo gives: its renditions, unless a problem is an error; its problems.
Prepared = tuple[PreparedPhoto | None, tuple[Problem, ...]]


# --------------------------------------------------------------------------- names
def photo_key(source: bytes) -> str:
    return digest(SETTINGS, source)


def output_path(prisoner_id: str, key: str, rendition: Rendition) -> str:
    """The file's path in the built site."""
    return f"static/photos/{prisoner_id}-{key[:8]}-{rendition.width}.{rendition.format}"


def photo_outputs(prisoner_id: str, prepared: PreparedPhoto) -> tuple[tuple[str, Path], ...]:
    """(path in the built site, file in the cache) of each rendition, to copy."""
    return tuple((output_path(prisoner_id, prepared.key, rendition), prepared.folder / rendition.file_name)
                 for rendition in RENDITIONS)


def photo_file(photo: str, static_dirs: Iterable[Path]) -> Path | None:
    """The file a record's `photo` names: in the first static folder that has it, and only
    a regular file inside that folder (no '..', no symbolic link on the way)."""
    for folder in static_dirs:
        file = regular_file(folder, photo)
        if file is not None:
            return file.resolve()
    return None


def source_photos(prisoners: Iterable[Prisoner], static_dirs: Sequence[Path]) -> tuple[SourcePhoto, ...]:
    """The photos to prepare. One that does not exist is left out: check.check_photo
    reports it."""
    found = ((p, p.photo, photo_file(p.photo, static_dirs)) for p in prisoners if p.photo)
    return tuple(SourcePhoto(p.id, photo, file, placed(p.where).of("photo")) for p, photo, file in found if file)


# --------------------------------------------------------------------------- problems
def size_problems(photo: str, width: int, height: int, where: Location) -> list[Problem]:
    """What is wrong with a photo of this size, upright."""
    name = f"the photo 'static/{photo}' is {width}x{height} pixels"
    if width * height > MOST_PIXELS:
        return [Problem(where, f"{name} ({width * height / 1e6:.0f} megapixels), more than the "
                               f"build will open ({MOST_PIXELS // 1_000_000} megapixels); save a "
                               "smaller copy: 2000x2500 is plenty")]
    shape = aspect_problems(name, width, height, where)
    size = smallness_problems(name, width, height, where)
    if shape and size:                  # one fix for both: a crop alone would still be small
        return [both_problem(name, width, height, where)]
    return shape + size


def both_problem(name: str, width: int, height: int, where: Location) -> Problem:
    """A photo off the portrait's proportions and too small once cut to them."""
    crop_w, crop_h = largest_crop(width, height)
    need = f"{SHARP[0]}x{SHARP[1]}"
    tiny = crop_w < SHOWN[0] or crop_h < SHOWN[1]
    return Problem(where, f"{name}, {ratio(width, height)} (width:height), and too small: "
                          f"portraits are shown at 4:5 and need {need} pixels to look sharp, and "
                          f"cut to 4:5 this one would be only {crop_w}x{crop_h}; use a larger "
                          f"photo, of at least {need}, and crop it to 4:5 keeping the face whole"
                   + (", or remove 'photo' to show the person's initials instead" if tiny else ""))


def aspect_problems(name: str, width: int, height: int, where: Location) -> list[Problem]:
    lost = cut_away(width, height)
    if lost <= CROP_TOLERANCE:
        return []
    crop_w, crop_h = largest_crop(width, height)
    return [Problem(where, f"{name}, {ratio(width, height)} (width:height); portraits are shown at "
                           f"4:5, and cutting it to that around the centre would take away "
                           f"{float(lost):.0%} of it (the build does that only up to "
                           f"{float(CROP_TOLERANCE):.0%}); crop it to 4:5 yourself, keeping the "
                           f"face whole, for example to {crop_w}x{crop_h}")]


def smallness_problems(name: str, width: int, height: int, where: Location) -> list[Problem]:
    crop_w, crop_h = largest_crop(width, height)
    need = f"{SHARP[0]}x{SHARP[1]}"
    if crop_w < SHOWN[0] or crop_h < SHOWN[1]:
        return [Problem(where, f"{name}, too small to show even on a card ({SHOWN[0]}x{SHOWN[1]}); "
                               f"use a photo of at least {need}, or remove 'photo' to show the "
                               "person's initials instead")]
    if crop_w < SHARP[0] or crop_h < SHARP[1]:
        return [Problem(where, f"{name}, smaller than the {need} a portrait needs on sharp "
                               f"screens, so it will look blurred; use a photo of at least {need}",
                        warning=True)]
    return []


def unreadable(photo: str, where: Location, err: Unreadable) -> Problem:
    return Problem(where, f"the photo 'static/{photo}' cannot be read as a photo: {err.why}; {err.fix}")


def not_opened(photo: SourcePhoto, err: OSError) -> Problem:
    return Problem(photo.where, f"the photo 'static/{photo.photo}' cannot be opened "
                                f"({err.strerror or err}); check that the file can be read")


def cut_away(width: int, height: int) -> Fraction:
    """The share of the picture a centre cut to 4:5 takes away."""
    aspect = Fraction(width, height)
    return 1 - min(aspect, ASPECT) / max(aspect, ASPECT)


def largest_crop(width: int, height: int) -> tuple[int, int]:
    """The largest 4:5 picture inside this one."""
    if Fraction(width, height) > ASPECT:
        return int(height * ASPECT), height
    return width, height_for(width)


def ratio(width: int, height: int) -> str:
    """'2:3', or 'about 5:4' for sizes that give no small exact ratio."""
    exact = Fraction(width, height)
    if exact.numerator <= 20 and exact.denominator <= 20:
        return f"{exact.numerator}:{exact.denominator}"
    near = exact.limit_denominator(10)
    return f"about {near.numerator}:{near.denominator}"


# --------------------------------------------------------------------------- image work
class Unreadable(Exception):
    """The bytes are not a photo the build can use: why, and what to do."""

    def __init__(self, why: str, fix: str = "save it as a JPEG, PNG or WebP file, the formats "
                                             "the build reads"):
        super().__init__(why)
        self.why, self.fix = why, fix


def open_photo(source: bytes, photo: str) -> Image.Image:
    """The photo, its header read, nothing decoded yet."""
    try:
        with warnings.catch_warnings():         # its size is checked against MOST_PIXELS
            warnings.simplefilter("ignore")
            return Image.open(io.BytesIO(source), formats=ACCEPTED)
    except Image.DecompressionBombError:
        raise Unreadable("it has far too many pixels", "save a smaller copy: 2000x2500 is plenty") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise Unreadable(kind_of(source, photo)) from None


# Formats Pillow does not open, by the file's name.
NAMED = {".svg": "an SVG drawing", ".heic": "a HEIC photo", ".heif": "a HEIF photo",
         ".pdf": "a PDF document"}


def kind_of(source: bytes, photo: str) -> str:
    """What the file is, in words."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = Image.open(io.BytesIO(source)).format
    except Exception:                           # not a picture Pillow knows: its name may say
        found = None
    if found:
        return f"it is a {found} image"
    named = NAMED.get(Path(photo).suffix.lower())
    return f"it is {named}" if named else "it is not an image, or a damaged one"


@contextmanager
def undamaged():
    """What Pillow raises for a file that is cut short or damaged, in words; what it warns
    of (damaged EXIF, which is thrown away anyway) is not the maintainer's concern."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except (OSError, SyntaxError, ValueError, EOFError):
        raise Unreadable("the file is damaged or cut short", "export it again from the original, "
                         "as a JPEG, PNG or WebP file") from None


def turned(image: Image.Image) -> bool:
    """EXIF orientations 5 to 8 turn the picture a quarter."""
    return image.getexif().get(0x0112, 1) in (5, 6, 7, 8)


def upright_size(image: Image.Image) -> tuple[int, int]:
    return (image.height, image.width) if turned(image) else image.size


def upright_rgb(image: Image.Image) -> Image.Image:
    """Decoded (a large JPEG at a fraction of its size, but at least twice the largest
    rendition), upright, in sRGB, on white: the picture to cut and resize."""
    need = (SHARP[0] * 2, SHARP[1] * 2)
    with undamaged():
        image.draft(image.mode, need[::-1] if turned(image) else need)
        image = ImageOps.exif_transpose(image)
    return on_white(in_srgb(image))


SRGB = ImageCms.createProfile("sRGB")


def in_srgb(image: Image.Image) -> Image.Image:
    """Colours from the photo's own profile (a phone's Display P3, Adobe RGB, CMYK) to sRGB,
    which is what a browser assumes of a file without a profile."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, profile, SRGB,
                                              outputMode="RGBA" if image.mode == "RGBA" else "RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image                            # a broken profile: the colours are taken as sRGB
    if converted is None:                       # only when converting in place, which this is not
        raise ValueError("Pillow converted the photo's colours in place")
    return converted


def on_white(image: Image.Image) -> Image.Image:
    if image.mode.startswith("I"):              # 16-bit grey: scaled down, not clipped
        image = image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if not image.has_transparency_data:
        return image.convert("RGB")
    ground = Image.new("RGBA", image.size, (*WHITE, 255))
    ground.alpha_composite(image.convert("RGBA"))
    return ground.convert("RGB")


def centre_box(width: int, height: int) -> tuple[float, float, float, float]:
    """The 4:5 box around the centre, exactly (resize takes fractions of a pixel)."""
    if Fraction(width, height) > ASPECT:
        cut = (width - height * float(ASPECT)) / 2
        return cut, 0.0, width - cut, float(height)
    cut = (height - width / float(ASPECT)) / 2
    return 0.0, cut, float(width), height - cut


def renditions(picture: Image.Image) -> dict[Rendition, bytes]:
    """Every rendition's bytes: each width cut and resized once, then encoded twice."""
    files = {}
    for width in WIDTHS:
        resized = picture.resize((width, height_for(width)), Image.Resampling.LANCZOS,
                                 box=centre_box(*picture.size))
        files.update({r: encoded(resized, r.format) for r in RENDITIONS if r.width == width})
    return files


def encoded(picture: Image.Image, kind: str) -> bytes:
    """The picture as a file of that kind. Its pixels are copied into a new image first,
    so that no metadata Pillow carries along (EXIF, XMP, comments, ICC) can reach the file."""
    bare = Image.frombytes("RGB", picture.size, picture.tobytes())
    out = io.BytesIO()
    if kind == "webp":
        bare.save(out, "WEBP", **WEBP)
    else:
        bare.save(out, "JPEG", **JPEG)
    return out.getvalue()


# --------------------------------------------------------------------------- the cache
FILE_NAMES = tuple(rendition.file_name for rendition in RENDITIONS)


def cached_photo(cache: FileCache, key: str) -> PreparedPhoto | None:
    """The entry for `key`, if it is whole (every file there, with the bytes it had) and
    each file a bare picture, made here."""
    entry = cache.get(key, FILE_NAMES)
    if entry is None or not all(is_bare(data) for data in entry.files.values()):
        return None                         # damaged, or not made bare here: made again
    size = entry.notes.get("size")
    if not (isinstance(size, list) and len(size) == 2 and all(type(n) is int and n > 0 for n in size)):
        return None
    return prepared_of(entry, size[0], size[1])


def store_photo(cache: FileCache, key: str, size: tuple[int, int], files: dict[Rendition, bytes]) -> PreparedPhoto:
    entry = cache.put(key, {r.file_name: data for r, data in files.items()}, {"size": list(size)})
    return prepared_of(entry, *size)


def prepared_of(entry: Entry, width: int, height: int) -> PreparedPhoto:
    return PreparedPhoto(entry.key, width, height, entry.folder)


# --------------------------------------------------------------------------- one photo, many
def prepare_photo(photo: SourcePhoto, cache: FileCache) -> Prepared:
    """The photo's renditions (from the cache, or made and put there) and its problems;
    no renditions when one of the problems is an error."""
    found = looked_up(photo, cache)
    return found if found is not None else made(photo, cache)


def looked_up(photo: SourcePhoto, cache: FileCache) -> Prepared | None:
    """The photo from the cache, without opening it as an image; None when it must be made."""
    try:
        source = photo.file.read_bytes()
    except OSError as err:
        return None, (not_opened(photo, err),)
    found = cached_photo(cache, photo_key(source))
    if found is None:
        return None
    return found, tuple(size_problems(photo.photo, found.width, found.height, photo.where))


def made(photo: SourcePhoto, cache: FileCache) -> Prepared:
    """The photo opened, checked, made into its renditions and put in the cache."""
    try:
        source = photo.file.read_bytes()
    except OSError as err:
        return None, (not_opened(photo, err),)
    try:
        image = open_photo(source, photo.photo)
        with undamaged():                       # a PNG's EXIF may come after its pixels
            size = upright_size(image)
        problems = size_problems(photo.photo, *size, photo.where)
        if any(not p.warning for p in problems):
            return None, tuple(problems)
        picture = upright_rgb(image)
    except Unreadable as err:
        return None, (unreadable(photo.photo, photo.where, err),)
    return store_photo(cache, photo_key(source), size, renditions(picture)), tuple(problems)


def made_share(photos: Sequence[SourcePhoto], cache: FileCache) -> list[Prepared]:
    return [made(photo, cache) for photo in photos]


def prepare_photos(photos: Sequence[SourcePhoto], cache: FileCache,
                   jobs: int = 1) -> tuple[dict[str, PreparedPhoto], list[Problem]]:
    """Every photo: those in the cache looked up here, the others made in `jobs` processes.
    The prepared ones by prisoner id, and all the problems, in the order of `photos`."""
    found = [looked_up(photo, cache) for photo in photos]
    todo = [photo for photo, done in zip(photos, found, strict=True) if done is None]
    fresh = iter(in_processes(functools.partial(made_share, cache=cache), todo, jobs))
    results = [done if done is not None else next(fresh) for done in found]
    prepared = {photo.prisoner_id: ready for photo, (ready, _) in zip(photos, results, strict=True) if ready}
    return prepared, [problem for _, problems in results for problem in problems]


def in_processes(work: Callable[[Sequence[SourcePhoto]], list[Prepared]], photos: Sequence[SourcePhoto],
                 jobs: int) -> list[Prepared]:
    """work(photos) in up to `jobs` processes, the results in the order of `photos` (a
    photo costs enough that two are worth a second process)."""
    if jobs <= 1 or len(photos) < 2:
        return work(photos)
    shares = chunks(photos, min(jobs, len(photos)))
    results: list = [None] * len(photos)
    for i, share in enumerate(shared_out(work, shares)):
        results[i::len(shares)] = share
    return results


# --------------------------------------------------------------------------- for templates
@dataclass(frozen=True)
class Portrait:
    """What a template needs for a <picture>: each srcset lists all three widths."""
    srcset_webp: str
    srcset_jpeg: str
    fallback_src: str               # the 320 JPEG, for a browser that reads no srcset
    width: int = SHOWN[0]           # the intrinsic aspect, so the page does not jump
    height: int = SHOWN[1]


def portrait(prisoner_id: str, key: str, url: Callable[[str], str]) -> Portrait:
    """`url` makes a URL of a path in the built site ('static/photos/...')."""
    def srcset(kind: str) -> str:
        return ", ".join(f"{url(output_path(prisoner_id, key, Rendition(w, kind)))} {w}w" for w in WIDTHS)
    return Portrait(srcset("webp"), srcset("jpg"), url(output_path(prisoner_id, key, Rendition(320, "jpg"))))
