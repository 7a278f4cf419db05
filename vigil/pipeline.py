"""The build, stage by stage: load -> check -> model -> render -> write."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

import jinja2

from .cache import MarkdownCache, ParsedCache, QrCache
from .cache import key as cache_key
from .changes import Previous, interface_stamp, previous_of, unchanged
from .check import check_content
from .content import load_news, load_pages, markdown_files
from .data import load_members, load_prisoners, load_site
from .i18n import Language, load_languages, template_messages
from .links import check_links
from .markup import Conversions, convert
from .model import Content
from .parallel import SMALL, chunks, context, in_parallel, shared_out
from .problems import ContentError, Location, Problem
from .qr import QrCodes, qr_svgs
from .render import environment, render
from .site import build_site, duplicate_outputs, held_back
from .translations import catalog_gaps, content_gaps, data_gaps
from .urls import Urls, prefix_of
from .write import Counts, InPlaceWriter, SiteWriter, put

PROJECT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Folders:
    """Where a build reads from: the site's own folder, then the project's; and where it
    keeps its content cache (None: no cache)."""
    source: Path
    cache: Path | None = None

    def layered(self, name: str) -> list[Path]:
        """The site's `name` folder first (it wins), then the project's."""
        dirs = [self.source / name, PROJECT / name]
        return [d for i, d in enumerate(dirs) if d.is_dir() and d.resolve() not in
                [x.resolve() for x in dirs[:i]]]

    def static_files(self) -> dict[str, Path]:
        files: dict[str, Path] = {}
        for folder in reversed(self.layered("static")):
            files.update({f.relative_to(folder).as_posix(): f
                          for f in sorted(folder.rglob("*")) if f.is_file()})
        return dict(sorted(files.items()))


    def relative(self, file: Path) -> str:
        """A file's name as messages give it: from the site's folder, or the project's."""
        file = file.resolve()
        for base in (self.source, PROJECT):
            if file.is_relative_to(base):
                return file.relative_to(base).as_posix()
        return str(file)


@dataclass(frozen=True)
class Result:
    pages: int
    seconds: float
    warnings: tuple[Problem, ...] = ()
    held_back: tuple[tuple[str, str], ...] = ()     # (file, why): scheduled posts, drafts
    written: int = 0                 # files whose bytes changed (or are new)
    unchanged: int = 0               # files left as they were, with their times
    removed: int = 0                 # files of the old site that the new one has not
    rendered: int = 0                # pages made (all, unless `previous` spared some)
    previous: Previous | None = None  # what this build was made from, for the next one


def load(folders: Folders, jobs: int = 1) -> tuple[Content | None, list[Problem]]:
    """Read and validate every file; the model, or None when a file could not be read.
    Files read before, unchanged, come from the content cache."""
    parsed = ParsedCache(folders.cache)
    site, problems = load_site(folders.source, parsed)
    lang = site.default_language if site else "en"
    prisoners, prisoner_ids, found = load_prisoners(folders.source, lang, parsed, jobs)
    problems += found
    members, facilitators, found = load_members(folders.source, lang, parsed)
    problems += found
    if site is None:         # posts and pages need its languages and time zone: wait for it
        return None, problems
    news, found = load_news(folders.source, site.timezone, site.languages, parsed)
    problems += found
    pages, found = load_pages(folders.source, site.languages, parsed)
    problems += found
    parsed.save()
    failed = frozenset(p.where.path for p in problems if not p.warning)
    return Content(site, prisoners, members, facilitators, news, pages, prisoner_ids, failed), problems


@dataclass(frozen=True)
class Checked:
    """Everything loaded and checked, nothing written."""
    content: Content | None
    outputs: list
    problems: list[Problem]
    languages: list[Language]        # with their compiled catalogs
    envs: dict = field(default_factory=dict)     # each language's Jinja environment


def check(folders: Folders, as_of: dt.date, drafts: bool = False, base_url: str | None = None,
          dev: bool = False, jobs: int = 1):
    """Load and check everything, and make every page in memory, writing nothing: what
    `build` would find, `check` finds. (content, pages to write, problems)."""
    checked = check_all(folders, as_of, drafts, base_url, dev, jobs)
    problems = checked.problems
    if checked.content is not None:
        _, found = render_all(folders, checked, None, None, jobs)
        problems = problems + found
    return checked.content, checked.outputs, problems


def environments(folders: Folders, languages: list[Language]) -> tuple[dict[str, jinja2.Environment], list[Problem]]:
    """Each language's environment, every template compiled (once a process: they share
    the compiled code), so that worker processes start with them ready; and the syntax
    errors in templates, found before anything is written (once, not once a language)."""
    envs = {language.code: environment(folders.layered("templates"), language, languages)
            for language in languages}
    problems = []
    for n, env in enumerate(envs.values()):
        for name in env.list_templates():
            try:
                env.get_template(name)
            except jinja2.TemplateSyntaxError as err:
                if n == 0:
                    problems.append(template_problem(folders, err, name))
    return envs, problems


# What the worker processes render from: set before they are forked.
_RENDERING: tuple | None = None


def render_all(folders: Folders, checked: Checked, tmp: Path | None, old: Path | None,
               jobs: int, indices: Sequence[int] | None = None) -> tuple[Counts, list[Problem]]:
    """Make every page (or those at `indices`); write each into `tmp` (None: only make it,
    as `check` does). In `jobs` processes when the platform forks. An error while making a
    page is a problem, once for each place in a template, however many pages meet it."""
    global _RENDERING
    _RENDERING = (folders, checked.envs, checked.outputs, tmp, old)
    indices = range(len(checked.outputs)) if indices is None else indices
    try:
        if jobs > 1 and len(indices) >= SMALL and context().get_start_method() == "fork":
            shares = shared_out(render_share, chunks(indices, jobs))
        else:
            shares = [render_share(indices)]
    finally:
        _RENDERING = None
    counts, found = Counts(), {}
    for share_counts, problems in shares:
        counts.add(share_counts)
        for problem in problems:
            found.setdefault((problem.where, problem.message.split(" (while making")[0]), problem)
    return counts, list(found.values())


def render_share(indices) -> tuple[Counts, list[Problem]]:
    folders, envs, outputs, tmp, old = _RENDERING
    counts, problems = Counts(), []
    for i in indices:
        output = outputs[i]
        if output.lang not in envs:          # a language that is not one: reported already
            continue
        try:
            text = render_page(folders, envs[output.lang], output)
        except ContentError as err:
            problems += err.problems
            continue
        if tmp is not None:
            put(tmp, old, output.path, text.encode("utf-8"), counts)
    return counts, problems


def check_all(folders: Folders, as_of: dt.date, drafts: bool, base_url: str | None,
              dev: bool, jobs: int = 1) -> Checked:
    content, problems = load(folders, jobs)
    if content is None:
        return Checked(None, [], problems, [])
    if base_url:
        content = replace(content, site=replace(content.site, base_url=base_url.rstrip("/") + "/"))
    problems += check_content(content, as_of, folders.layered("static"))
    conversions, codes = Conversions(), QrCodes()
    outputs = build_site(content, as_of, drafts, dev, conversions, codes)
    convert_all(conversions, MarkdownCache(folders.cache), jobs)
    draw_qr_codes(codes, QrCache(folders.cache), jobs)
    problems += duplicate_outputs(outputs)
    problems += check_links(content, site_paths(outputs, folders, content.site.base_url)
                            | unloaded_paths(folders, content), unsure_paths(content))
    languages, found, catalogs = languages_of(folders, content)
    problems += found
    envs, found = environments(folders, languages)
    problems += found
    problems += data_gaps(content) + content_gaps(content)
    problems += interface_gaps(folders, content, catalogs)
    return Checked(content, outputs, problems, languages, envs)


def convert_all(conversions: Conversions, cache: MarkdownCache, jobs: int) -> None:
    """Every Markdown text the pages show, made into finished HTML before any page is
    rendered: from the content cache, the rest in parallel; the cache then holds exactly
    these."""
    stored = cache.load()
    keys = {item: cache_key(*item) for item in conversions.items()}
    conversions.html.update({item: stored[k] for item, k in keys.items() if k in stored})
    missing = conversions.missing()
    conversions.add(missing, in_parallel(convert, missing, jobs))
    if missing or stored.keys() != set(keys.values()):
        cache.save({k: conversions.html[item] for item, k in keys.items()})


def draw_qr_codes(codes: QrCodes, cache: QrCache, jobs: int) -> None:
    """Every QR code the pages show, made before any page is rendered: from the content
    cache, the rest in parallel; the cache then holds exactly these."""
    stored = cache.load()
    codes.svg.update((address, stored[address]) for address in codes.wanted if address in stored)
    missing = codes.missing()
    if missing:
        codes.svg.update(zip(missing, in_parallel(qr_svgs, missing, jobs), strict=True))
    if missing or stored.keys() != codes.wanted:
        cache.save({address: codes.svg[address] for address in sorted(codes.wanted)})


def languages_of(folders: Folders, content: Content):
    """The site's languages with their catalogs: (languages, problems, catalogs read)."""
    where = content.site.where
    return load_languages(content.site.languages, folders.layered("locales"), folders.relative,
                          where.of("languages") if where else Location("data/site.yaml"))


def interface_gaps(folders: Folders, content: Content, catalogs: dict) -> list[Problem]:
    """The interface strings each language's catalog lacks."""
    if len(content.site.languages) < 2:
        return []
    wanted = template_messages(folders.layered("templates"), PROJECT / "babel.cfg")
    problems = []
    for code in content.site.languages:
        catalog, rel = catalogs.get(code, (None, None))
        problems += catalog_gaps(code, catalog, rel, wanted)
    return problems


def unloaded_paths(folders: Folders, content: Content) -> set[str]:
    """The pages of records and files that have problems of their own: they will exist once
    those are fixed, so a link to one is not a second problem."""
    slugs = [f"prisoners/{pid}/" for pid in content.prisoner_ids or ()]
    for sub, folder in (("news", "news/"), ("pages", "")):
        for file, rel in markdown_files(folders.source, sub):
            if content.is_failed(rel):
                slugs.append(f"{folder}{file.name.split('.')[0]}/")
    return {"/" + prefix_of(code, content.site.languages) + slug
            for code in content.site.languages for slug in slugs}


def unsure_paths(content: Content) -> tuple[str, ...]:
    """Paths whose pages are not known at all: every prisoner's, when the file of prisoners
    could not be read."""
    if content.prisoner_ids is not None:
        return ()
    return tuple("/" + prefix_of(code, content.site.languages) + "prisoners/"
                 for code in content.site.languages)


def site_paths(outputs: list, folders: Folders, base_url: str) -> set[str]:
    """Every path the built site will have, from its root: pages and static files."""
    urls = Urls(base_url)
    paths = {urls.from_root(o.url) for o in outputs}
    paths |= {"/" + o.path for o in outputs}                    # /about/index.html works too
    return paths | {f"/static/{rel}" for rel in folders.static_files()}


def template_problem(folders: Folders, err: jinja2.TemplateError, name: str) -> Problem:
    """A template error at its file and line, relative to the folder it lives in."""
    line, file = error_place(err)
    if file is None:
        file = next((d / name for d in folders.layered("templates") if (d / name).is_file()),
                    PROJECT / "templates" / name)
    return Problem(Location(folders.relative(file), line), f"template error: {err.message}")


def error_place(err: jinja2.TemplateError) -> tuple[int, Path | None]:
    """(line, template file): a syntax error carries them; for an error while rendering,
    Jinja puts the template's own file and lines into the traceback."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        return err.lineno or 0, Path(err.filename) if err.filename else None
    line, file, tb = 0, None, err.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            line, file = tb.tb_lineno, Path(filename)
        tb = tb.tb_next
    return line, file


def build(folders: Folders, out: Path, as_of: dt.date, drafts: bool = False,
          base_url: str | None = None, dev: bool = False, clock=time.perf_counter,
          strict: bool = False, jobs: int = 1, previous: Previous | None = None) -> Result:
    """Build the site into `out`; raises ContentError (and leaves `out` as it was) on problems,
    and on warnings too when `strict`. `dev` leaves out the Content-Security-Policy, which
    would block the live-reload script. `jobs`: how many processes render the pages.
    `previous`: what the site in `out` was built from (serve keeps it): only the pages a
    change touches are made again, the others keep their files."""
    started = clock()
    checked = check_all(folders, as_of, drafts, base_url, dev, jobs)
    errors = [p for p in checked.problems if strict or not p.warning]
    if errors or checked.content is None:
        raise ContentError(errors)
    interface = interface_stamp([*folders.layered("templates"), *folders.layered("locales")])
    writer = InPlaceWriter(out) if previous is not None else SiteWriter(out)
    try:
        for output in checked.outputs:
            writer.claim(output.path)
        todo = to_render(checked, writer, previous, interface)
        counts, problems = render_all(folders, checked, writer.tmp, writer.old, jobs, todo)
        if problems:
            raise ContentError(problems)
        writer.counts.add(counts)
        for rel, file in folders.static_files().items():
            writer.copy(f"static/{rel}", file)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return Result(len(checked.outputs), clock() - started,
                  tuple(p for p in checked.problems if p.warning),
                  tuple(held_back(checked.content, as_of, drafts)),
                  writer.counts.written, writer.counts.unchanged, writer.removed, len(todo),
                  previous_of(checked.outputs, interface))


def to_render(checked: Checked, writer: SiteWriter, previous: Previous | None,
              interface: tuple) -> list[int]:
    """The pages to make: all, or, after `previous`, those made from anything new (and any
    the old site lacks); the others go into the new site as they were."""
    outputs = checked.outputs
    if previous is None or writer.old is None:
        return list(range(len(outputs)))
    todo = []
    for i, output in enumerate(outputs):
        if unchanged(output, previous, interface) and (writer.old / output.path).is_file():
            writer.keep(output.path)
        else:
            todo.append(i)
    return todo


def render_page(folders: Folders, env: jinja2.Environment, output) -> str:
    try:
        return render(env, output)
    except jinja2.TemplateError as err:
        problem = template_problem(folders, err, output.template)
        raise ContentError([replace(problem, message=f"{problem.message} (while making {output.url})")]) from err
