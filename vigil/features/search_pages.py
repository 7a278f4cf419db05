"""The pages as Pagefind reads them: for each page the index holds, a short page at the same
address with only what Pagefind takes from it, so that it reads a fraction of the bytes (a
profile's timeline, flyer, QR code, share links and header are most of its page, and none of
them is in the index).

What Pagefind (1.5) takes from a page: the language of <html lang>; the text of the elements
marked data-pagefind-body, without the parts marked data-pagefind-ignore nor the elements
it always leaves out (svg, form, nav, footer...); their ids, as anchors; the attributes
data-pagefind-meta, -filter, -sort, -default-meta and -index-attrs name, wherever they are;
as the title, the first <h1> (else the <title>); as the image, the first <img> after it.
A slim page is <html lang>, the <title>, and each body element as the page has it, less
those parts that hold nothing else Pagefind reads. Where a page holds any of it outside its
body elements, or its markup is not as the templates write it, it is read whole: the same
index, only slower. The templates' own attributes and elements are found as they write them
(lower case, no `>` inside a tag)."""
from __future__ import annotations

import re
from functools import lru_cache

# What Pagefind always leaves out of a body, whatever it is marked (its parser's
# REMOVE_SELECTORS, less head, never in a body, and script and label, which are INLINE).
REMOVED = (b"svg", b"style", b"noscript", b"form", b"footer", b"nav", b"iframe", b"template")
# The elements whose text Pagefind also counts into the anchor text of an element with an id
# around them (its INLINE_SELECTORS), left out of the index or not: never dropped.
INLINE = frozenset(b"a abbr acronym b bdo big br button cite code dfn em i img input kbd label map object "
                   b"output q samp script select small span strong sub sup textarea time tt var".split())
VOID = frozenset(b"area base br col embed hr img input link meta source track wbr".split())
START_TAG = re.compile(rb"<([a-z][\w-]*)(?=[\s>/])[^<>]*>")
HTML = re.compile(rb"<html(?=[\s>])[^<>]*>")
TITLE = re.compile(rb"<title>[^<]*</title>")
# (Attributes and elements are found with bytes.find, some 50 times faster here than a
# regular expression that would look for them in every tag.)


def slim_page(html: bytes) -> bytes | None:
    """What Pagefind is given to read of a page: a slim page that it indexes as it would the
    whole one; the page itself where it cannot be slimmed safely; None for a page it leaves
    out (one without data-pagefind-body, on a site where other pages have it)."""
    bodies = body_elements(html)
    if bodies is None:
        return html
    if not bodies:
        return None
    root, title = HTML.search(html), TITLE.search(html)
    outside = zip((0, *(end for _, end in bodies)), (*(start for start, _ in bodies), len(html)), strict=True)
    if root is None or any(read_anywhere(html, start, end) for start, end in outside):
        return html
    parts = [b"<!doctype html>", root.group(), b'<head><meta charset="utf-8">',
             title.group() if title else b"", b"</head><body>"]
    for start, end in bodies:
        kept = without_left_out(html, start, end)
        if kept is None:
            return html
        parts += kept
    parts.append(b"</body></html>\n")
    return b"".join(parts)


def body_elements(html: bytes) -> list[tuple[int, int]] | None:
    """Where each element marked data-pagefind-body starts and ends (one inside another
    counted with it); None if one has no end, or is the page's <html>, <head> or <body>
    (which a slim page writes itself)."""
    found, pos = [], 0
    while (tag := tag_with(html, b" data-pagefind-body", pos, len(html))) is not None:
        end = element_end(html, tag)
        if end is None or tag.group(1) in (b"html", b"head", b"body"):
            return None
        found.append((tag.start(), end))
        pos = end
    return found


def tag_with(html: bytes, attribute: bytes, start: int, end: int) -> re.Match[bytes] | None:
    """The first start tag between `start` and `end` with `attribute` (` name`, as the
    templates write it: after a space, before `=`, a space or the end of the tag)."""
    while (at := html.find(attribute, start, end)) >= 0:
        start = at + len(attribute)
        if html[start:start + 1] not in (b"=", b" ", b">", b"/", b"\n"):
            continue
        opened = html.rfind(b"<", 0, at)
        tag = START_TAG.match(html, opened) if opened > html.rfind(b">", 0, at) else None
        if tag is not None and tag.end() > at:
            return tag
    return None


def left_out(html: bytes, start: int, end: int) -> list[tuple[re.Match[bytes], bool]]:
    """The start tags between `start` and `end` of what Pagefind leaves out of the index, in
    order, each with whether it reads nothing at all inside (data-pagefind-ignore="all")."""
    found = []
    pos = start
    while (tag := tag_with(html, b" data-pagefind-ignore", pos, end)) is not None:
        found.append((tag, b' data-pagefind-ignore="all"' in tag.group()))
        pos = tag.end()
    for name in REMOVED:
        pos = start
        while (at := html.find(b"<" + name, pos, end)) >= 0:
            tag = START_TAG.match(html, at)
            if tag is not None and tag.group(1) == name:
                found.append((tag, False))
            pos = at + 1
    return sorted(found, key=lambda item: item[0].start())


def without_left_out(html: bytes, start: int, end: int) -> list[bytes] | None:
    """The element from `start` to `end`, less each part Pagefind leaves out of the index and
    reads nothing else of (nor counts into an anchor's text); None where an element has no end."""
    parts, pos = [], start
    inside = html.index(b">", start) + 1             # the body element itself always stays
    for tag, excluded in left_out(html, inside, end):
        if tag.start() < pos:
            continue                                 # inside a part already left out
        stop = element_end(html, tag)
        if stop is None or stop > end:
            return None
        if droppable(html, tag, stop, excluded):
            parts.append(html[pos:tag.start()])
            pos = stop
    parts.append(html[pos:end])
    return parts


def droppable(html: bytes, tag: re.Match[bytes], stop: int, excluded: bool) -> bool:
    """Whether the element of start tag `tag`, ending at `stop`, may be left out of the page
    Pagefind reads: its index takes nothing from it."""
    name = tag.group(1)
    if name in INLINE:
        return False
    if b" data-pagefind-ignore" not in tag.group() and b" id=" in tag.group():
        return False                                 # a removed kind keeps its own anchor
    if excluded:
        return html.find(b"data-pagefind-body", tag.start(), stop) < 0
    return not read_anywhere(html, tag.start(), stop)


def read_anywhere(html: bytes, start: int, end: int) -> bool:
    """Whether there is, between `start` and `end`, what Pagefind reads even in a part it
    leaves out of the text, or outside the body elements: an <h1> (the first is the title),
    an <img> (the first after it is the image), a data-pagefind- attribute other than ignore."""
    if html.find(b"<h1", start, end) >= 0 or html.find(b"<img", start, end) >= 0:
        return True
    while (at := html.find(b"data-pagefind-", start, end)) >= 0:
        if not html.startswith(b"data-pagefind-ignore", at):
            return True
        start = at + 1
    return False


def element_end(html: bytes, tag: re.Match[bytes]) -> int | None:
    """Where the element of start tag `tag` ends: after its end tag, elements of the same
    name inside it counted; after the tag itself for an empty one; None if it has no end."""
    name = tag.group(1)
    if name in VOID or tag.group().endswith(b"/>"):
        return tag.end()
    depth = 0
    for found in same_name(name).finditer(html, tag.start()):
        if found.group(1):
            depth -= 1
        elif not found.group().endswith(b"/>"):
            depth += 1
        if depth == 0:
            return found.end()
    return None


@lru_cache(maxsize=64)
def same_name(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<(/?)" + re.escape(name) + rb"(?=[\s>/])[^<>]*>")
