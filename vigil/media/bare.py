"""Pictures published without what they say about themselves: every raster picture the site
publishes as it is (everything under static/, a second copy of a photo included) leaves
without its metadata (EXIF, GPS, XMP, IPTC, comments), whatever its name says it is.

The format is told from the bytes, never from the extension. JPEG, PNG, WebP, GIF and ICO
are stripped losslessly, segment by segment, keeping only what draws the picture (and its
colour profile): the pixels are not touched, and a file with nothing to strip keeps its
very bytes. TIFF and BMP are made anew by Pillow from their pixels alone. A picture of a
kind this cannot clean (HEIC, AVIF, JPEG XL, JPEG 2000, Photoshop...), or a file named
like a picture that is none of these, stops the build with a problem at its path: nothing
is published that may still say where it was taken.
"""
from __future__ import annotations

import io
import re
import struct
import warnings
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from ..base.problems import Location, Problem


class NotClean(ValueError):
    """A picture that cannot be made bare, and why, in plain words."""


# --------------------------------------------------------------------------- telling formats
def sniffed(head: bytes) -> str | None:
    """The picture format of a file that starts with `head` (its first 32 bytes): one this
    module cleans (jpeg, png, gif, webp, ico, tiff, bmp), one it cannot (its name), or None
    for a file that is no picture it knows."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if (head[:2] == b"BM" and len(head) >= 18
            and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 64, 108, 124)):
        return "bmp"
    if head[:4] in (b"\x00\x00\x01\x00", b"\x00\x00\x02\x00") and 0 < int.from_bytes(head[4:6], "little") < 256:
        return "ico"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "avif" if brand in (b"avif", b"avis") else "heif"
    if head.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL \r\n\x87\n")):
        return "jpeg xl"
    if head.startswith((b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")):
        return "jpeg 2000"
    if head.startswith(b"8BPS"):
        return "photoshop"
    return None


# Names that say "picture": a file so named must be one this module cleans.
RASTER_NAMES = (".jpg", ".jpeg", ".jpe", ".jfif", ".pjpeg", ".pjp", ".png", ".apng", ".gif",
                ".webp", ".tif", ".tiff", ".bmp", ".dib", ".ico", ".cur", ".heic", ".heif",
                ".hif", ".avif", ".jxl", ".jp2", ".j2k", ".jpf", ".jpx", ".psd", ".tga", ".pcx",
                ".ppm", ".pgm", ".pbm", ".pnm", ".dds", ".icns", ".xbm", ".raw", ".dng", ".cr2",
                ".nef", ".arw", ".orf", ".rw2")


# --------------------------------------------------------------------------- JPEG
JPEG_KEPT_APPS = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}
STANDALONE = {0x01, *range(0xD0, 0xD8)}


def bare_jpeg(data: bytes) -> bytes:
    """The JPEG with only the segments that draw it: tables, frame, scans, JFIF, its colour
    profile and Adobe's colour transform; no EXIF, XMP, IPTC, comments, nor anything after
    the end of the image (where a second picture can hide)."""
    out, i = [b"\xff\xd8"], 2
    while True:
        if i + 2 > len(data) or data[i] != 0xFF:
            raise NotClean("the JPEG is cut short or damaged")
        marker = data[i + 1]
        if marker == 0xFF:                           # fill byte
            i += 1
            continue
        if marker == 0xD9:
            out.append(b"\xff\xd9")
            return b"".join(out)
        if marker in STANDALONE:
            out.append(data[i:i + 2])
            i += 2
            continue
        if i + 4 > len(data):
            raise NotClean("the JPEG is cut short")
        end = i + 2 + int.from_bytes(data[i + 2:i + 4], "big")
        if end > len(data):
            raise NotClean("the JPEG is cut short")
        if marker == 0xDA:                          # a scan: its data runs to the next marker
            end = scan_end(data, end)
            out.append(data[i:end])
        elif kept_jpeg_segment(marker, data[i + 4:end]):
            out.append(data[i:end])
        i = end


def kept_jpeg_segment(marker: int, body: bytes) -> bool:
    if 0xC0 <= marker <= 0xCF or 0xDB <= marker <= 0xDF:   # frames, tables, restart interval
        return True
    prefix = JPEG_KEPT_APPS.get(marker)
    return prefix is not None and body.startswith(prefix)


def scan_end(data: bytes, i: int) -> int:
    """Where the entropy-coded data that starts at `i` ends: at the next marker that is not
    a stuffed byte or a restart."""
    while True:
        i = data.find(b"\xff", i)
        if i < 0 or i + 1 >= len(data):
            raise NotClean("the JPEG has no end")
        following = data[i + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            i += 1 if following == 0xFF else 2
            continue
        return i


# --------------------------------------------------------------------------- PNG
PNG_KEPT = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT",
            b"sRGB", b"cICP", b"mDCV", b"mDCv", b"cLLI", b"cLLi", b"bKGD", b"hIST", b"pHYs",
            b"sPLT", b"acTL", b"fcTL", b"fdAT"}


def bare_png(data: bytes) -> bytes:
    """The PNG with only the chunks that draw it (and its animation and colour): no text
    chunks (where XMP lives), eXIf, tIME, private chunks, nor anything after IEND."""
    out, i = [data[:8]], 8
    while True:
        if i + 12 > len(data):
            raise NotClean("the PNG is cut short")
        length = int.from_bytes(data[i:i + 4], "big")
        kind = data[i + 4:i + 8]
        end = i + 12 + length
        if end > len(data):
            raise NotClean("the PNG is cut short")
        if kind in PNG_KEPT:
            out.append(data[i:end])
        if kind == b"IEND":
            return b"".join(out)
        i = end


# --------------------------------------------------------------------------- WebP
WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
VP8X_EXIF, VP8X_XMP = 0x08, 0x04


def bare_webp(data: bytes) -> bytes:
    """The WebP without its EXIF and XMP chunks (or any other), its header saying so."""
    size = int.from_bytes(data[4:8], "little")
    if size + 8 > len(data) or size < 4:
        raise NotClean("the WebP is cut short")
    chunks, i, end = [], 12, 8 + size
    while i < end:
        if i + 8 > end:
            raise NotClean("the WebP is damaged")
        kind, length = data[i:i + 4], int.from_bytes(data[i + 4:i + 8], "little")
        stop = i + 8 + length + (length & 1)
        if i + 8 + length > end:
            raise NotClean("the WebP is cut short")
        if kind == b"VP8X":
            body = bytearray(data[i + 8:stop])
            body[0] &= ~(VP8X_EXIF | VP8X_XMP) & 0xFF
            chunks.append(data[i:i + 8] + bytes(body))
        elif kind in WEBP_KEPT:
            chunks.append(data[i:stop])
        i = stop
    webp = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(webp)) + webp


# --------------------------------------------------------------------------- GIF
GIF_KEPT_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")     # how many times it loops


def bare_gif(data: bytes) -> bytes:
    """The GIF with its images and their timing, without comments, plain text and other
    applications' blocks (XMP, colour profiles)."""
    if len(data) < 13:
        raise NotClean("the GIF is cut short")
    i = 13 + colour_table(data[10])
    out = [data[:i]]
    while True:
        if i >= len(data):
            raise NotClean("the GIF is cut short")
        kind = data[i]
        if kind == 0x3B:
            out.append(b"\x3b")
            return b"".join(out)
        if kind == 0x2C:                                        # an image
            if i + 11 > len(data):
                raise NotClean("the GIF is cut short")
            start = i
            i = sub_blocks(data, i + 10 + colour_table(data[i + 9]) + 1)
            out.append(data[start:i])
        elif kind == 0x21 and i + 2 <= len(data):              # an extension
            start, label = i, data[i + 1]
            i = sub_blocks(data, i + 2)
            block = data[start:i]
            if label == 0xF9 or (label == 0xFF and block[3:14] in GIF_KEPT_APPLICATIONS):
                out.append(block)
        else:
            raise NotClean("the GIF is damaged")


def colour_table(packed: int) -> int:
    return 3 * 2 ** ((packed & 0x07) + 1) if packed & 0x80 else 0


def sub_blocks(data: bytes, i: int) -> int:
    """Where the data sub-blocks that start at `i` end (after their empty one)."""
    while True:
        if i >= len(data):
            raise NotClean("the GIF is cut short")
        size = data[i]
        i += 1 + size
        if size == 0:
            return i


# --------------------------------------------------------------------------- ICO
def bare_ico(data: bytes) -> bytes:
    """The icon with each PNG inside it bare (the BMPs inside carry no metadata)."""
    count = int.from_bytes(data[4:6], "little")
    if 6 + 16 * count > len(data):
        raise NotClean("the icon is cut short")
    entries, images = [], []
    for n in range(count):
        entry = data[6 + 16 * n:22 + 16 * n]
        size, offset = struct.unpack("<II", entry[8:16])
        if offset + size > len(data):
            raise NotClean("the icon is cut short")
        image = data[offset:offset + size]
        images.append(bare_png(image) if image.startswith(b"\x89PNG\r\n\x1a\n") else image)
        entries.append(entry[:8])
    out, offset = [data[:6]], 6 + 16 * count
    for entry, image in zip(entries, images, strict=True):
        out.append(entry + struct.pack("<II", len(image), offset))
        offset += len(image)
    return b"".join(out + images)


# --------------------------------------------------------------------------- checked quickly
# What cannot stand in a JPEG's entropy-coded data (0xFF is followed there by 0x00 or a
# restart): the start of another picture, an application segment, a comment.
NOT_IN_A_SCAN = re.compile(rb"\xff[\xd8\xe0-\xef\xfe]")


def is_bare(data: bytes) -> bool:
    """Whether a JPEG or WebP carries no metadata, found without reading its pixels' data
    byte by byte (for the photos' renditions the cache keeps, which the build made bare:
    one that is not was put there by something else)."""
    kind = sniffed(data[:32])
    if kind == "webp":
        try:
            return bare_webp(data) == data
        except NotClean:
            return False
    if kind != "jpeg":
        return False
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        end = i + 2 + int.from_bytes(data[i + 2:i + 4], "big")
        if marker == 0xDA:
            return data.endswith(b"\xff\xd9") and NOT_IN_A_SCAN.search(data, end, len(data) - 2) is None
        if not kept_jpeg_segment(marker, data[i + 4:end]):
            return False
        i = end
    return False


# --------------------------------------------------------------------------- made anew
def made_anew(data: bytes, kind: str) -> bytes:
    """The picture drawn again by Pillow from its pixels (and palette) alone, in its own
    format: none of the old file's tags come along."""
    try:
        with warnings.catch_warnings(), Image.open(io.BytesIO(data)) as image:
            warnings.simplefilter("ignore")
            image.load()
            fresh = Image.frombytes(image.mode, image.size, image.tobytes())
            if image.mode in ("P", "PA") and (palette := image.getpalette()) is not None:
                fresh.putpalette(palette)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as err:
        raise NotClean(f"Pillow cannot read it ({err})") from err
    out = io.BytesIO()
    fresh.save(out, {"tiff": "TIFF", "bmp": "BMP"}[kind])
    return out.getvalue()


CLEANERS: dict[str, Callable[[bytes], bytes]] = {
    "jpeg": bare_jpeg, "png": bare_png, "webp": bare_webp, "gif": bare_gif, "ico": bare_ico,
    "tiff": lambda data: made_anew(data, "tiff"), "bmp": lambda data: data}


def bare(data: bytes, name: str) -> bytes | None:
    """The picture without its metadata (the same bytes when it had none), or None for a file
    that is no picture (published as it is). NotClean for a picture that cannot be cleaned,
    or a file named like one that is not one this module knows."""
    kind = sniffed(data[:32])
    if kind is None:
        if name.lower().endswith(RASTER_NAMES):
            raise NotClean("it is named like a picture, but its content is not a JPEG, PNG, "
                           "WebP, GIF, ICO, TIFF or BMP picture")
        return None
    if kind not in CLEANERS:
        raise NotClean(f"it is a {kind.upper() if len(kind) <= 4 else kind} picture, which the "
                       "build cannot remove metadata from")
    made = CLEANERS[kind](data)
    return data if made == data else made


def bare_pictures(files: dict[str, Path], relative: Callable[[Path], str]) -> tuple[dict[str, bytes], list[Problem]]:
    """The pictures among the files the site publishes as they are (by path in the site)
    whose bytes change once bare, with those bytes; and a problem for each one that cannot
    be made bare (an error: it is not published)."""
    changed, problems = {}, []
    for rel, file in files.items():
        data = file.read_bytes()
        if sniffed(data[:64]) and too_many_pixels(data):
            problems.append(Problem(Location(relative(file)), (
                f"this picture has more than {Image.MAX_IMAGE_PIXELS:,} pixels, more than any "
                "page needs and more than the build opens (a picture this large can be made to "
                "fill the memory of the machine that opens it); make it smaller")))
            continue
        try:
            made = bare(data, file.name)
        except NotClean as err:
            problems.append(Problem(Location(relative(file)), (
                f"this picture cannot be published: {err}; it may still say where it was taken "
                "(EXIF, XMP), and the build publishes no picture it cannot clean. Save it as "
                "JPEG, PNG or WebP (an editor's 'export' does it) and use that")))
            continue
        if made is not None and made != data:
            changed[rel] = made
    return changed, problems


def too_many_pixels(data: bytes) -> bool:
    """The picture's header says it has more pixels than Pillow will open (read from the
    header alone: nothing is decoded)."""
    try:
        with warnings.catch_warnings(), Image.open(io.BytesIO(data)) as image:
            warnings.simplefilter("ignore")
            limit = Image.MAX_IMAGE_PIXELS              # None: Pillow opens any size
            return limit is not None and image.width * image.height > limit
    except Image.DecompressionBombError:
        return True
    except (OSError, ValueError, SyntaxError):
        return False                  # not one Pillow reads: bare() says what it can
