"""The documentation stays what its readers need: a README that fits on two screens, with the
two quick-start commands CI runs, and links between the documents that lead somewhere (a
file that exists, a heading that is there)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from conftest import PROJECT

README = PROJECT / "README.md"
DOCS = sorted((PROJECT / "docs").glob("*.md"))
LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


def without_code(text: str) -> str:
    """The Markdown outside fenced blocks and inline code, where a link is a link."""
    return re.sub(r"`[^`\n]*`", "", FENCE.sub("", text))


def anchor(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lowercase, punctuation dropped, spaces to hyphens."""
    words = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return words.replace(" ", "-")


def anchors(file: Path) -> set[str]:
    text = FENCE.sub("", file.read_text(encoding="utf-8"))
    return {anchor(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)}


def broken_links(file: Path) -> list[str]:
    broken = []
    for target in LINK.findall(without_code(file.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):                    # https:, mailto: (not checked offline)
            continue
        path, _, fragment = target.partition("#")
        linked = (file.parent / path).resolve() if path else file
        if not linked.exists():
            broken.append(f"{file.name}: {target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{file.name}: {target}: no such heading")
    return broken


def test_the_readme_fits_on_two_screens():
    assert len(README.read_text(encoding="utf-8").splitlines()) < 160


def test_every_local_link_of_the_docs_leads_somewhere():
    assert {d.name for d in DOCS} >= {"maintainers.md", "site.md", "operations.md", "development.md",
                                      "style-ru.md", "style-uk.md"}
    assert [problem for file in (README, *DOCS) for problem in broken_links(file)] == []


def test_the_link_check_finds_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "a.md").write_text("# One heading\n\n[ok](#one-heading) [in code `[x](gone.md)`]\n"
                                   "[gone](b.md) [lost](#two) [web](https://example.org/x)\n"
                                   "```\n[fenced](nowhere.md)\n```\n", encoding="utf-8")
    assert broken_links(tmp_path / "a.md") == ["a.md: b.md: no such file", "a.md: #two: no such heading"]


def test_the_readme_links_every_document():
    readme = README.read_text(encoding="utf-8")
    for doc in DOCS:
        assert f"(docs/{doc.name})" in readme, doc.name
    assert "(tests/README.md)" in readme


def test_the_quick_start_is_what_ci_runs():
    """Exactly two commands: one builds the sample site, one runs every test; CI runs the
    second, then Lighthouse on the English pages (`make audit`: minutes, so never in `make test`)."""
    readme = README.read_text(encoding="utf-8")
    quick = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, re.DOTALL)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make site", "make test"]
    ci = (PROJECT / ".ci/run").read_text(encoding="utf-8")
    commands = [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == ["make test", 'make audit AUDIT_ARGS="--languages en --jobs 1 --reruns 4"']
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert "audit" not in makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]


def test_every_dependency_is_listed_with_why():
    """Each package of pyproject.toml, the build's and the tests', is named in the list of
    dependencies and why each was chosen."""
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    names = [re.match(r"[A-Za-z0-9_.-]+", spec)[0].lower() for spec in wanted]
    development = (PROJECT / "docs/development.md").read_text(encoding="utf-8")
    listed = development.split("\n## Dependencies, and why each\n", 1)[1].split("\n## ", 1)[0].lower()
    assert len(names) > 20 and [name for name in names if f"**{name}**" not in listed] == []


def test_the_expected_end_of_term_cites_the_law_it_follows():
    """The term module's rule comes from Article 72; the site's reference says which text of
    it was read, and where."""
    term = (PROJECT / "docs/site.md").read_text(encoding="utf-8").split("\n## Expected end of term\n", 1)[1]
    term = term.split("\n## ", 1)[0]
    assert "Article 72 of the Russian Criminal Code" in term and "186-FZ" in term
    assert "bazanpa.ru" in term and "tests/unit/test_term.py" in term
