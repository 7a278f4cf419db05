"""The outside checkers the tests hold the site to: the W3C's Nu HTML Checker and axe-core."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from axe_playwright_python.sync_playwright import Axe

PROJECT = Path(__file__).resolve().parent.parent
VNU = PROJECT / "node_modules/vnu-jar/build/dist/vnu.jar"
# axe's WCAG 2.1 A and AA rules and its best practices (heading order, landmarks...)
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                               "best-practice"]},
         "resultTypes": ["violations"]}


JVM = ("-XX:TieredStopAtLevel=1", "-Xss4m", "-XX:+UseSerialGC")


AXE_SCRIPT = Axe().axe_script          # axe-core, as the package ships it


def vnu(files: list[Path], root: Path) -> list[str]:
    """The checker's errors in the files, each as 'file:line:column: message' with the
    file's path from `root`. One Java process checks them all: a file named *.svg as SVG,
    any other as HTML."""
    java = shutil.which("java")
    assert java, "Java is missing: `make test` installs Debian's default-jre-headless"
    assert VNU.is_file(), "vnu.jar is missing: `make test` installs it (scripts/ensure-vnu.sh)"
    # vnu passes over a file that does not exist without a word: list only files found.
    # The JVM's quick compiler alone (half the CPU of a run this short; its deeper stack
    # is what the checker's schema needs then), and one collector thread.
    run = subprocess.run([java, *JVM, "-jar", str(VNU), "--errors-only", "--also-check-svg", "--format", "json",
                          "--stdout", *map(str, files)], capture_output=True, encoding="utf-8", timeout=600)
    assert run.returncode in (0, 1), run.stdout + run.stderr          # 1: it found errors
    return [f"{where(m, root)}:{m.get('lastLine', 0)}:{m.get('firstColumn', m.get('lastColumn', 0))}: "
            f"{m['message']}" for m in json.loads(run.stdout)["messages"]]


def where(message: dict, root: Path) -> str:
    path = Path(unquote(urlsplit(message.get("url", "")).path))
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def violations(page) -> list[str]:
    """axe's violations on the page as it is now, one line each. axe is put into the page
    once: a page checked again (in the other colour scheme) keeps it."""
    if not page.evaluate("() => 'axe' in window"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", RULES)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
            for v in results["violations"]]


AA = 4.5                                # WCAG 2 contrast for normal text


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two '#rrggbb' or 'rgb(r, g, b)' colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = channels(colour)
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def channels(colour: str) -> tuple[int, int, int]:
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    red, green, blue = (int(n) for n in re.findall(r"\d+", colour)[:3])
    return red, green, blue
