"""Make the site's PNG icons from its drawing, static/img/favicon.svg, as Debian's Chromium
draws it (through Playwright; `make test` installs both). Run it again after changing the
drawing, and commit the PNGs:

    .venv/bin/python scripts/make-icons.py

favicon-32.png, icon-192.png and icon-512.png are the drawing as it is, transparent outside
its rounded corners. apple-touch-icon.png (180x180) is filled to its corners with the
drawing's background colour: iOS rounds the corners itself, and shows transparent ones black.
"""
from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

IMG = Path(__file__).resolve().parent.parent / "static" / "img"
ICONS = {"favicon-32.png": (32, False), "icon-192.png": (192, False), "icon-512.png": (512, False),
         "apple-touch-icon.png": (180, True)}


def background_of(svg: str) -> str:
    """The fill of the drawing's first shape: its background."""
    found = re.search(r'<rect\b[^>]*\bfill="([^"]+)"', svg)
    if not found:
        sys.exit("favicon.svg has no <rect fill=...> to take the background colour from")
    return found[1]


def page_html(svg: str, size: int, background: str | None) -> str:
    sized = svg.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
    fill = background or "transparent"
    return (f"<!doctype html><html><head><style>html, body {{ margin: 0; background: {fill}; }} "
            f"svg {{ display: block; }}</style></head><body>{sized}</body></html>")


def optimized(png: bytes) -> bytes:
    """The same pixels, saved by Pillow: smaller, and without any chunk but the image's."""
    image = Image.open(io.BytesIO(png))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def main() -> None:
    svg = (IMG / "favicon.svg").read_text(encoding="utf-8")
    chromium = shutil.which("chromium")
    if not chromium:
        sys.exit("Chromium is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for name, (size, filled) in ICONS.items():
            page = browser.new_page(viewport={"width": size, "height": size}, device_scale_factor=1)
            page.set_content(page_html(svg, size, background_of(svg) if filled else None))
            png = page.screenshot(omit_background=not filled)
            (IMG / name).write_bytes(optimized(png))
            page.close()
            print(f"static/img/{name}: {size}x{size}")
        browser.close()


if __name__ == "__main__":
    main()
