"""The HTTP headers the site wants from its host, written as `_headers`, the file Netlify
and Cloudflare Pages read from the published folder: the security headers on every
response; a year's cache for the stylesheets, scripts and photos, whose names change with
their bytes; and for pages, feeds and the sitemap, a fresh look each time (a cheap 304 when
nothing changed), so that no page outlives the names of the files it links.
docs/operations.md ("Deploying") gives the same for nginx. Pure: addresses in, text out."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..site import routes

# The policy the pages carry in their <meta> tag (templates/base.html; a test keeps the two
# the same), and what only a header can say: no other site may show the pages in a frame.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
               "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'")
# The search pages' own (templates/search.html): the search (Pagefind) runs as WebAssembly,
# which a browser compiles only where the policy says 'wasm-unsafe-eval'. It lets the site's
# own scripts compile WebAssembly and nothing more, and only on the search pages and for
# Pagefind's files. A response that two rules of _headers match gets both policies, each
# enforced (the stricter wins): so no two rules that set the policy match one path.
SEARCH_POLICY = PAGE_POLICY.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")
FRAMES = "; frame-ancestors 'none'"
CONTENT_SECURITY_POLICY = PAGE_POLICY + FRAMES
SEARCH_SECURITY_POLICY = SEARCH_POLICY + FRAMES
SEARCH_FOLDERS = (routes.SEARCH.removesuffix("/"), routes.PAGEFIND.removesuffix("/"))  # search page; its index
# Browser features the site never uses, refused to it and to anything it could be made to show.
DENIED_FEATURES = ("accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
                   "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection",
                   "interest-cohort", "magnetometer", "microphone", "midi", "payment",
                   "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
                   "xr-spatial-tracking")
SECURITY = (                         # on every response; the policy, by path (policy_rules)
    ("Strict-Transport-Security", "max-age=63072000"),          # two years; HTTPS only from now
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)),
    ("X-Content-Type-Options", "nosniff"),
)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"
STATIC = "static"                    # the folder of the static files
# Files whose type a host may not know, or sends without its charset: the calendars.
CONTENT_TYPES = {".ics": "text/calendar; charset=utf-8"}


@dataclass(frozen=True)
class HeaderRule:
    pattern: str                     # a site path, or a folder's paths: '/prisoners/*'
    headers: tuple[tuple[str, str], ...]


def header_rules(base_path: str, pages: Iterable[str], lasting: Iterable[str],
                 languages: Iterable[str] = ()) -> tuple[HeaderRule, ...]:
    """`pages`: the site path of every page, feed, sitemap...; `lasting`: of every file whose
    name changes with its bytes, or of a folder of them ('/static/photos/*'); `languages`:
    the folders of the languages but the default ('ru', 'uk'). Both hosts give
    a response the headers of every rule that matches it, and join two values of one header,
    so no two rules that set Cache-Control match one path: the pages' rules are their top
    folders (and the files at the top), never static/. The same for the policy: its rules are
    the top folders of each language's pages. A calendar file gets its type too."""
    pages = tuple(pages)
    fresh = sorted({pattern for url in pages for pattern in page_patterns(base_path, url)})
    typed = sorted((url, kind) for url in set(pages) for suffix, kind in CONTENT_TYPES.items()
                   if url.endswith(suffix))
    return joined((HeaderRule(base_path + "*", SECURITY),
                   *policy_rules(base_path, pages, tuple(languages)),
                   *(HeaderRule(pattern, (("Cache-Control", REVALIDATE),)) for pattern in fresh),
                   *(HeaderRule(path, (("Cache-Control", IMMUTABLE),)) for path in sorted(lasting)),
                   *(HeaderRule(url, (("Content-Type", kind),)) for url, kind in typed)))


def joined(rules: tuple[HeaderRule, ...]) -> tuple[HeaderRule, ...]:
    """One rule a pattern, with the headers of every rule of that pattern, in order."""
    by_pattern: dict[str, tuple[tuple[str, str], ...]] = {}
    for rule in rules:
        by_pattern[rule.pattern] = by_pattern.get(rule.pattern, ()) + rule.headers
    return tuple(HeaderRule(pattern, headers) for pattern, headers in by_pattern.items())


def policy_rules(base_path: str, pages: tuple[str, ...], languages: tuple[str, ...]) -> tuple[HeaderRule, ...]:
    """The Content-Security-Policy by path: the search pages' and Pagefind's own, the
    pages' elsewhere (static/ included: an SVG opened alone is a document too)."""
    patterns = {pattern for url in pages for pattern in policy_patterns(base_path, url, languages)}
    patterns.add(base_path + STATIC + "/*")
    return tuple(HeaderRule(pattern, (("Content-Security-Policy", policy_at(base_path, pattern, languages)),))
                 for pattern in sorted(patterns))


def policy_patterns(base_path: str, url: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """Like page_patterns, within a language's folder: '/ru/search/' -> ('/ru/search/*',)."""
    rel = url[len(base_path):]
    folder, slash, rest = rel.partition("/")
    if folder in languages and slash:
        return tuple(base_path + folder + "/" + pattern[len(base_path):]
                     for pattern in page_patterns(base_path, base_path + rest))
    return page_patterns(base_path, url)


def policy_at(base_path: str, pattern: str, languages: tuple[str, ...]) -> str:
    rel = pattern[len(base_path):]
    folder, _, rest = rel.partition("/")
    top = rest.partition("/")[0] if folder in languages else folder
    return SEARCH_SECURITY_POLICY if top in SEARCH_FOLDERS and pattern.endswith("/*") else CONTENT_SECURITY_POLICY


def page_patterns(base_path: str, url: str) -> tuple[str, ...]:
    """'/prisoners/x/' -> ('/prisoners/*',); '/feed.xml' -> ('/feed.xml',); the home page
    by both its addresses."""
    rel = url[len(base_path):]
    if rel == "":
        return (base_path, base_path + "index.html")
    top, slash, _ = rel.partition("/")
    if top == STATIC:
        return ()
    return (base_path + top + "/*",) if slash else (base_path + top,)


HEADERS_TITLE = "# The headers this site wants, for Netlify and Cloudflare Pages; written by the build."


def headers_file(rules: tuple[HeaderRule, ...]) -> str:
    blocks = [HEADERS_TITLE]
    blocks += [rule.pattern + "".join(f"\n  {name}: {value}" for name, value in rule.headers)
               for rule in rules]
    return "\n\n".join(blocks) + "\n"
