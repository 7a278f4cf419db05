"""What Pagefind is given to read of a page (vigil/features/search_pages.py): a slim page
with only what its index takes, the page itself where a slim one could index otherwise, and
nothing for a page it leaves out. (tests/site/test_search_index.py checks that the sample's index
made from the slim pages is the one made from the whole pages, byte for byte.)"""
from __future__ import annotations

from vigil.features.search_pages import slim_page

QR = b'<svg aria-hidden="true" viewBox="0 0 41 41" class="qr"><path stroke="#000" d="M4 4.5h7m1 0h2"/></svg>'
# A profile as the templates write it, shortened: head, site header and footer, and in
# <main> the parts the index leaves out (the counts, the flyer's QR code, the share links,
# the badge to embed, the days of each period) beside those it holds.
PROFILE = (
    b'<!doctype html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
    b'<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">\n'
    b'<title>Alexey Pichugin \xc2\xb7 Coalition</title>\n<meta name="description" content="In custody.">\n'
    b'<meta property="og:title" content="Alexey Pichugin">\n<link rel="stylesheet" href="/static/site.css">\n'
    b'<script src="/static/js/counter.js" defer></script>\n</head>\n<body>\n'
    b'<a class="skip-link" href="#main">Skip to content</a>\n'
    b'<header class="site-header"><a class="search-link" href="/search/"><svg class="search-icon">'
    b'<circle cx="8.5"/></svg><span>Search</span></a><nav class="site-nav"><ul class="nav">'
    b'<li><a href="/prisoners/">Political prisoners</a></li></ul></nav></header>\n'
    b'<main id="main" class="wrap" data-pagefind-body data-pagefind-meta="custody:held 2003-06-19">\n'
    b'<article class="prisoner">\n'
    b'  <header class="profile-header" data-spellings="Aleksei zqpcgn" data-pagefind-index-attrs="data-spellings">\n'
    b'    <h1>Alexey Pichugin</h1>\n'
    b'    <p class="status status-held">In custody since 19 June 2003.</p>\n'
    b'  </header>\n'
    b'  <div class="profile-photo"><img src="/static/photos/pichugin.jpg" alt="Alexey Pichugin"></div>\n'
    b'  <section class="custody" aria-labelledby="custody-title" data-pagefind-ignore>\n'
    b'    <h2 id="custody-title">Days in custody</h2><p class="counter"><span>8,572</span> days</p>\n'
    b'  </section>\n'
    b'  <p class="flyer-years print-only" data-pagefind-ignore>About 23 years</p>\n'
    b'  <div class="flyer-address print-only">\n    ' + QR + b'\n'
    b'    <p data-pagefind-ignore>Their story: <span class="address">example.net/p/</span></p>\n  </div>\n'
    b'  <section class="about-prisoner" aria-labelledby="summary-title">\n'
    b'    <h2 id="summary-title">About Alexey Pichugin</h2>\n'
    b'    <div class="summary"><p>A manager at <em>Yukos</em>, arrested in 2003.</p></div>\n'
    b'  </section>\n'
    b'<section class="share" aria-labelledby="share-title" data-pagefind-ignore>\n'
    b'  <h2 id="share-title">Share</h2>\n'
    b'  <ul class="share-links"><li><a href="https://t.me/share/url?url=x">Telegram</a></li></ul>\n'
    b'  <script src="/static/js/share.js" defer></script>\n'
    b'</section>\n'
    b'<details class="embed" data-pagefind-ignore="all">\n  <summary>Embed this counter</summary>\n'
    b'  <p class="embed-preview"><img src="/badge.svg" alt="8,572 days"></p>\n'
    b'  <pre class="embed-code"><code id="embed-code">&lt;a href=&quot;x&quot;&gt;</code></pre>\n</details>\n'
    b'  <table class="periods"><caption id="periods-caption">Periods in custody</caption><tbody>\n'
    b'    <tr><td>Prison</td><td data-label="From"><time datetime="2003-06-19">19 June 2003</time></td>'
    b'<td data-label="Days" data-pagefind-ignore>8,572 (as of 7 December 2026)</td>'
    b'<td data-label="Place">Black Dolphin</td></tr>\n'
    b'  </tbody></table>\n'
    b'</article>\n</main>\n'
    b'<footer class="site-footer"><div class="wrap"><p>Coalition</p>'
    b'<p class="built">Figures as of 7 December 2026.</p></div></footer>\n</body>\n</html>\n')


def test_a_profile_keeps_what_the_index_takes_and_drops_the_rest():
    slim = slim_page(PROFILE)
    assert slim is not None and len(slim) < len(PROFILE) / 2
    assert slim.startswith(b'<!doctype html><html lang="ru"><head><meta charset="utf-8">'
                           b'<title>Alexey Pichugin \xc2\xb7 Coalition</title></head><body>'
                           b'<main id="main" class="wrap" data-pagefind-body '
                           b'data-pagefind-meta="custody:held 2003-06-19">\n')
    assert slim.endswith(b"</main></body></html>\n")
    for kept in (b'data-spellings="Aleksei zqpcgn" data-pagefind-index-attrs="data-spellings"',
                 b"<h1>Alexey Pichugin</h1>", b"In custody since 19 June 2003.",
                 b'<img src="/static/photos/pichugin.jpg" alt="Alexey Pichugin">',   # the result's image
                 b'<h2 id="summary-title">About Alexey Pichugin</h2>',               # an anchor
                 b"<p>A manager at <em>Yukos</em>, arrested in 2003.</p>",
                 b'<caption id="periods-caption">Periods in custody</caption>',
                 b'<time datetime="2003-06-19">19 June 2003</time></td><td data-label="Place">Black Dolphin</td>'):
        assert kept in slim, kept
    for dropped in (b"Content-Security-Policy", b"og:title", b"counter.js", b"Skip to content",
                    b"site-nav", b"<svg", b"8,572", b"About 23 years", b"Their story", b"Telegram",
                    b"share.js", b"Embed this counter", b"badge.svg", b"Figures as of", b"site-footer"):
        assert dropped not in slim, dropped


def test_the_counts_of_the_day_are_not_in_the_slim_page_and_the_words_are():
    """The cache keeps the index under a digest of the slim pages: the next night, when only
    the counts have moved, they are the same; a word changed, they are not."""
    next_night = PROFILE.replace(b"8,572", b"8,573").replace(b"7 December", b"8 December")
    assert slim_page(next_night) == slim_page(PROFILE)
    assert slim_page(PROFILE.replace(b"arrested in 2003", b"arrested in 2004")) != slim_page(PROFILE)


def test_a_page_without_an_indexed_part_is_left_out():
    assert slim_page(PROFILE.replace(b" data-pagefind-body", b"")) is None
    # the words written as text, in a post about the site, mark nothing
    post = PROFILE.replace(b" data-pagefind-body", b"").replace(
        b"arrested in 2003.", b"arrested in 2003. The attribute data-pagefind-body does it.")
    assert slim_page(post) is None


def test_a_part_that_holds_what_pagefind_reads_anywhere_stays():
    """Pagefind reads the filters and meta of an ignored part, the first <h1> and the first
    <img> after it wherever they are; and counts an inline element's text into the anchor
    text of an element with an id around it, even where it leaves it out."""
    cases = [
        b'<section data-pagefind-ignore><p data-pagefind-filter="category">journalist</p></section>',
        b'<div data-pagefind-ignore><img src="/photo.jpg" alt=""></div>',
        b'<p id="charges">Charges <span data-pagefind-ignore>(3)</span></p>',
        b'<svg id="chart" viewBox="0 0 1 1"><text>12</text></svg>',          # its id is an anchor
    ]
    for part in cases:
        page = PROFILE.replace(b"<article", part + b"<article")
        assert part in slim_page(page), part
    # in a part marked "all" Pagefind reads nothing: its image goes
    assert b"badge.svg" not in slim_page(PROFILE)


def test_a_page_that_cannot_be_slimmed_safely_is_read_whole():
    """Anything Pagefind reads outside the indexed part, or markup whose ends are not found:
    Pagefind reads the page itself, so that the index stays the same."""
    outside = [PROFILE.replace(b"<p>Coalition</p>", b'<p>Coalition <img src="/logo.png" alt=""></p>'),
               PROFILE.replace(b'<header class="site-header">',
                               b'<header class="site-header" data-pagefind-filter="kind:profile">'),
               PROFILE.replace(b"</main>", b""),
               PROFILE.replace(b"</section>\n<details", b"\n<details", 1)]
    for page in outside:
        assert slim_page(page) is page
    # a page whose <body> is the indexed part, as the short pages Pagefind is run on for its scripts
    short = (b'<!doctype html><html lang="en"><head><title>en</title></head>'
             b'<body data-pagefind-body><p>en</p></body></html>')
    assert slim_page(short) is short
