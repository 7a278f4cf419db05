"""The outside checkers the tests hold the site to: the W3C's Nu HTML Checker and axe-core."""
from __future__ import annotations

import json
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


def vnu(files: list[Path], root: Path) -> list[str]:
    """The checker's errors in the files, each as 'file:line:column: message' with the
    file's path from `root`. One Java process checks them all: a file named *.svg as SVG,
    any other as HTML."""
    java = shutil.which("java")
    assert java, "Java is missing: `make test` installs Debian's default-jre-headless"
    assert VNU.is_file(), "vnu.jar is missing: `make test` installs it (scripts/ensure-vnu.sh)"
    # vnu passes over a file that does not exist without a word: list only files found
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--also-check-svg", "--format", "json",
                          "--stdout", *map(str, files)], capture_output=True, encoding="utf-8", timeout=600)
    assert run.returncode in (0, 1), run.stdout + run.stderr          # 1: it found errors
    return [f"{where(m, root)}:{m.get('lastLine', 0)}:{m.get('firstColumn', m.get('lastColumn', 0))}: "
            f"{m['message']}" for m in json.loads(run.stdout)["messages"]]


def where(message: dict, root: Path) -> str:
    path = Path(unquote(urlsplit(message.get("url", "")).path))
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def violations(page) -> list[str]:
    """axe's violations on the page as it is now, one line each."""
    results = Axe().run(page, options=RULES).response
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
            for v in results["violations"]]
