"""Palette PNG files written in two parts: the rows that stay the same, compressed once
and kept, and the rows at the bottom that change, compressed each time.

A share card's count changes every night, and it is drawn in the card's bottom rows
only. PNG allows the compressed image data to be split among several IDAT chunks, and
a deflate stream can be cut after a full flush, so the file's head (signature, header,
palette and the first rows' chunk) is made once and the nightly work is the bottom
rows alone. Every row is written with PNG's filter 0 (none), the one advised for
palette images. No text or time chunk: the same pixels give the same bytes.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZLIB_HEADER = b"\x78\x9c"             # deflate, 32 KiB window; the level it names is only a hint


@dataclass(frozen=True)
class Head:
    """The start of a palette PNG, up to and including its upper rows."""
    data: bytes                      # signature, IHDR, PLTE, and the upper rows' IDAT
    adler: int                       # Adler-32 of the upper rows as written (with filter bytes)
    width: int
    rows_left: int                   # how many rows the tail must bring


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def scanlines(indices: bytes, width: int) -> bytes:
    """Palette indices, row after row, each row after its filter byte (0: none)."""
    return b"".join(b"\0" + indices[start:start + width] for start in range(0, len(indices), width))


def head(indices: bytes, width: int, height: int, palette: bytes, level: int) -> Head:
    """The file's start, for an image `width` x `height` whose upper rows are `indices`
    (one byte a pixel); `palette` is its colours, RGB, three bytes each."""
    rows = scanlines(indices, width)
    deflate = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    # A full flush ends the stream on a byte with no reference to what follows, so
    # the tail can be compressed on its own and simply appended.
    upper = deflate.compress(rows) + deflate.flush(zlib.Z_FULL_FLUSH)
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)    # 8-bit palette
    data = SIGNATURE + chunk(b"IHDR", header) + chunk(b"PLTE", palette) + chunk(b"IDAT", ZLIB_HEADER + upper)
    return Head(data, zlib.adler32(rows), width, height - len(indices) // width)


def finish(start: Head, indices: bytes, level: int) -> bytes:
    """The whole file: `start` and the remaining rows, `indices`."""
    if len(indices) != start.width * start.rows_left:
        raise ValueError(f"the tail needs {start.rows_left} rows of {start.width} pixels")
    rows = scanlines(indices, start.width)
    deflate = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    lower = deflate.compress(rows) + deflate.flush(zlib.Z_FINISH)
    checksum = struct.pack(">I", zlib.adler32(rows, start.adler))
    return start.data + chunk(b"IDAT", lower + checksum) + chunk(b"IEND", b"")


def chunk_kinds(data: bytes) -> list[bytes]:
    """The kinds of the chunks of a PNG file, in order (for tests and checks)."""
    kinds, at = [], len(SIGNATURE)
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        kinds.append(kind)
        at += 12 + length
    return kinds


def chunks_of(data: bytes) -> list[tuple[int, bytes, bytes]] | None:
    """(where it starts, kind, body) of each chunk of a PNG file, each checked by its CRC;
    None for bytes that are not a whole PNG file of chunks (nothing after its end)."""
    if not data.startswith(SIGNATURE):
        return None
    found, at = [], len(SIGNATURE)
    while at < len(data):
        if at + 12 > len(data):
            return None
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if len(body) != length or data[at + 8 + length:at + 12 + length] != struct.pack(
                ">I", zlib.crc32(kind + body)):
            return None
        found.append((at, kind, body))
        at += 12 + length
    return found


def is_written_here(data: bytes, width: int, height: int, head_length: int | None = None) -> bool:
    """Whether the bytes are a PNG file as `head` and `finish` write it, of that size: its
    header, palette, upper and lower rows and end, nothing else (no text, no other chunk),
    and (`head_length`) its head where it is said to end. For a card the cache keeps, which
    the build made: one of any other shape was put there by something else."""
    chunks = chunks_of(data)
    if chunks is None or [kind for _, kind, _ in chunks] != [b"IHDR", b"PLTE", b"IDAT", b"IDAT", b"IEND"]:
        return False
    if chunks[0][2] != struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0):
        return False
    return head_length is None or chunks[3][0] == head_length


def tail_of(data: bytes, start: Head) -> bytes:
    """The palette indices of the rows after `start` in a file that `finish` made from
    it: the pixels back, without drawing or decoding the whole image."""
    length, kind = struct.unpack(">I4s", data[len(start.data):len(start.data) + 8])
    body = data[len(start.data) + 8:len(start.data) + 8 + length - 4]     # less the Adler-32
    rows = zlib.decompress(body, -zlib.MAX_WBITS)
    stride = start.width + 1
    if kind != b"IDAT" or len(rows) != stride * start.rows_left or rows[::stride].strip(b"\0"):
        raise ValueError("not a tail that finish() wrote")
    return b"".join(rows[at + 1:at + stride] for at in range(0, len(rows), stride))
