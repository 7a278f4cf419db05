"""The build, stage by stage: load -> check -> model -> render -> write. It reads from the
top: `build` (and `check`, which writes nothing), then each stage in the order it runs, and
the helpers last."""
from __future__ import annotations

import functools
import gc
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import babel
import jinja2
import yaml

from ..base.parallel import SMALL, chunks, context, forked, in_parallel
from ..base.problems import ContentError, Location, Problem
from ..cache.files import FileCache
from ..cache.store import JsonCache, Store, open_store, prune, stamp_of
from ..features.opendata import DataFile, open_data_files
from ..features.search import Runtimes, keep_search_index, write_search_index
from ..load.content import load_news, load_pages, markdown_files
from ..load.data import load_members, load_prisoners, load_site
from ..load.folders import PROJECT, Folders
from ..load.links import Links, all_links, check_links, convert_finding_links
from ..load.markup import RENDERER, Conversions, cache_key, resanitize
from ..load.parsed import ParsedCache
from ..load.schema import Schemas, read_schemas
from ..media.bare import bare_pictures
from ..media.cards import cards_png
from ..media.cards import stamp as card_stamp
from ..media.photos import SETTINGS as PHOTO_SETTINGS
from ..media.photos import PreparedPhoto, prepare_photos, source_photos
from ..media.qr import SETTINGS as QR_SETTINGS
from ..media.qr import QrCodes, checked_svg, qr_svgs
from ..model.records import Content
from ..model.vocabulary import schema_problems
from ..pages.outputs import build_site, duplicate_outputs, held_back, page_kinds
from ..pages.share import CardFile
from ..publish.published import (
    headers_of,
    irregular_static,
    photo_cache,
    read_assets,
    read_theme,
    renamed_paths,
    share_cards,
    site_files,
    site_paths,
    unreadable_names,
)
from ..publish.write import Counts, InPlaceWriter, SiteWriter, put
from ..render.templates import environment, render
from ..site import routes
from ..site.assets import Assets
from ..site.i18n import Language, load_languages, template_messages
from ..site.kinds import PageKind, linked_pages
from ..site.kinds import cards as kind_cards
from ..site.routes import prefix_of
from ..site.translations import catalog_gaps, content_gaps, data_gaps
from .changes import Previous, card_unchanged, interface_stamp, previous_of, unchanged
from .check import check_content
from .options import BuildOptions
from .session import Session


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


def build(folders: Folders, out: Path, options: BuildOptions, *, previous: Previous | None = None,
          session: Session | None = None, clock=time.perf_counter) -> Result:
    """Build the site into `out`; raises ContentError (and leaves `out` as it was) on problems,
    and on warnings too when `options.strict`. `options.dev` leaves out the
    Content-Security-Policy, which would block the live-reload script. `previous`: what the
    site in `out` was built from (serve keeps it): only the pages a change touches are made
    again, the others keep their files. `session`: what serve keeps between builds (none: a
    fresh one, which this build alone uses)."""
    started = clock()
    session = Session() if session is None else session
    with photo_cache(folders) as cache, no_cycle_collection():
        checked = check_all(folders, options, session, photo_cache=cache)
        errors = [p for p in checked.problems if options.strict or not p.warning]
        if errors or checked.content is None:
            raise ContentError(errors)
        interface = interface_stamp([*folders.layered("templates"), *folders.layered("locales")])
        cards = share_cards(checked.content.site, checked.outputs, checked.languages, checked.photos,
                            kind_cards(checked.kinds))
        # serve's own server compresses nothing: its site has no compressed copies
        precompress = checked.content.site.precompress and not options.dev
        writer = InPlaceWriter(out) if previous is not None else SiteWriter(out, precompress)
        search = checked.store.files("search")
        todo, cards_used = write_site(folders, checked, cards, writer, options, previous, interface,
                                      precompress, session.search_runtimes, search)
    # What no build uses any more: the renditions of photos no one has now; and, when every
    # card was made or read and the search index too (not after `previous`), the cards no page
    # was made with and every search index but this build's.
    used = {"photos": {photo.key for photo in checked.photos.values()}}
    if previous is None:
        used |= {"cards": cards_used, "search": search.used if search is not None else set()}
    prune(checked.store, used)
    return Result(len(checked.outputs), clock() - started,
                  tuple(p for p in checked.problems if p.warning),
                  tuple(held_back(checked.content, options.as_of, options.drafts)),
                  writer.counts.written, writer.counts.unchanged, writer.removed, len(todo),
                  previous_of(checked.outputs, interface, cards))


def check(folders: Folders, options: BuildOptions, session: Session | None = None):
    """Load and check everything, and make every page in memory, writing nothing: what
    `build` would find, `check` finds. (content, pages to write, problems)."""
    session = Session() if session is None else session
    with photo_cache(folders) as cache:          # check copies no file: a temporary cache can go
        checked = check_all(folders, options, session, photo_cache=cache)
    problems = checked.problems
    if checked.content is not None:
        _, found, _ = render_all(folders, checked, None, None, options.jobs)
        problems = problems + found
    return checked.content, checked.outputs, problems


@dataclass(frozen=True)
class Checked:
    """Everything loaded and checked, nothing written."""
    content: Content | None
    outputs: list
    problems: list[Problem]
    languages: list[Language]        # with their compiled catalogs
    envs: dict = field(default_factory=dict)     # each language's Jinja environment
    photos: dict[str, PreparedPhoto] = field(default_factory=dict)     # by prisoner id
    files: dict[str, Path] = field(default_factory=dict)   # copied as they are, by path in the site
    assets: Assets = Assets()        # the names the stylesheets and scripts are published under
    data: tuple[DataFile, ...] = ()  # the open data files
    bare: dict[str, bytes] = field(default_factory=dict)   # pictures of `files` without metadata
    store: Store = field(default_factory=lambda: Store(None))    # opened under the build's stamp
    kinds: tuple[PageKind, ...] = ()     # the kinds of page the build makes


def check_all(folders: Folders, options: BuildOptions, session: Session, *, photo_cache: Path) -> Checked:
    """`photo_cache`: where the photos' renditions are made when there is no cache store
    (photo_cache(): a temporary folder); else in the store."""
    as_of, jobs, base_url = options.as_of, options.jobs, options.base_url
    kinds = page_kinds() if options.kinds is None else options.kinds
    schemas = read_schemas()
    store = opened_store(folders, schemas, session)
    photo_files = store.files("photos") or FileCache(photo_cache / "photos")
    content, problems = load(folders, jobs, session, schemas, store)
    if content is None:
        return Checked(None, [], problems, [], store=store)
    if base_url:
        content = replace(content, site=replace(content.site, base_url=base_url.rstrip("/") + "/"))
    problems += check_content(content, as_of, folders.layered("static"), linked_pages(kinds))
    problems += irregular_static(folders)
    originals = source_photos(content.prisoners, folders.layered("static"))
    photos, found = prepare_photos(originals, photo_files, jobs)
    problems += found
    assets = read_assets(folders, content.site.base_url)
    theme, found = read_theme(folders)
    problems += found
    files = site_files(folders, (photo.file for photo in originals), photos, assets)
    problems += unreadable_names(files, folders.relative)
    # every picture from static/ leaves bare (the photos' renditions are made so)
    bare, found = bare_pictures({rel: file for rel, file in files.items()
                                 if not file.is_relative_to(photo_files.folder)}, folders.relative)
    problems += found
    languages, found, catalogs = languages_of(folders, content)
    problems += found
    conversions, codes = Conversions(), QrCodes()
    outputs = build_site(content, as_of, options.drafts, options.dev, conversions,
                         {prisoner_id: photo.key for prisoner_id, photo in photos.items()},
                         {language.code: language for language in languages}, assets, theme,
                         codes, session.memos, kinds)
    converted_links = convert_all(conversions, JsonCache(store, "markdown", resanitize), jobs)
    draw_qr_codes(codes, JsonCache(store, "qr", checked_svg), jobs)
    problems += duplicate_outputs(outputs)
    data = open_data_files(content, as_of, memo=session.memos.prisoner_files)
    problems += check_links(content, site_paths(outputs, files, content.site, kind_cards(kinds))
                            | {"/" + f.path for f in data}
                            | unloaded_paths(folders, content), unsure_paths(content),
                            renamed_paths(assets), all_links(content, converted_links, store))
    envs, found = environments(folders, languages)
    problems += found
    problems += data_gaps(content, session.memos.gaps) + content_gaps(content)
    problems += interface_gaps(folders, content, catalogs, session.messages, store)
    return Checked(content, outputs, problems, languages, envs, photos, files, assets, data, bare, store, kinds)


def load(folders: Folders, jobs: int = 1, session: Session | None = None,
         schemas: Schemas | None = None, store: Store | None = None) -> tuple[Content | None, list[Problem]]:
    """Read and validate every file; the model, or None when a file could not be read.
    Files read before, unchanged, come from the content cache. The schema files are read
    again each time (serve runs while they are edited). `session`: what serve keeps between
    builds (none: a fresh one, for this load only)."""
    session = Session() if session is None else session
    schemas = read_schemas() if schemas is None else schemas
    store = opened_store(folders, schemas, session) if store is None else store
    parsed = ParsedCache(store, schemas, session.parsed_values)
    site, problems = load_site(folders.source, parsed)
    problems += schema_problems(dict(schemas.files))
    lang = site.default_language if site else "en"
    prisoners, prisoner_ids, found = load_prisoners(folders.source, lang, parsed, jobs, session.prisoners)
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


def write_site(folders: Folders, checked: Checked, cards: list[tuple[CardFile, ...]],
               writer: SiteWriter, options: BuildOptions, previous: Previous | None, interface: tuple,
               precompress: bool = False, runtimes: Runtimes | None = None,
               search: FileCache | None = None) -> tuple[list[int], set[str]]:
    """Make the pages and share cards into the writer's new site, copy the files it
    publishes as they are, write the headers file (not for serve, whose own server sends
    no such headers), and put it in place of the old one; the pages made (indices), and the
    keys of the card cache's entries the cards made were read from or written to. `search`:
    the store's cache of search indices (none without a cache folder)."""
    try:
        for output in checked.outputs:
            writer.claim(output.path)
        for files in cards:
            for file in files:
                writer.claim(file.path)
        todo = to_render(checked, writer, previous, interface)
        cards_todo = cards_to_make(cards, writer, previous)
        counts, problems, cards_used = render_all(folders, checked, writer.tmp, writer.old, options.jobs,
                                                  todo, [cards[i] for i in cards_todo], precompress)
        if problems:
            raise ContentError(problems)
        writer.counts.add(counts)
        for rel, path in checked.files.items():
            if rel in checked.bare:
                writer.write(rel, checked.bare[rel])
            else:
                writer.copy(rel, path)
        for data in checked.data:
            writer.write(data.path, data.body)
        if previous is None:                     # from the pages as written, before the swap
            write_search_index(writer, search, runtimes)
        else:                                    # serve, after its first build (docs/site.md: Search)
            keep_search_index(writer, search, runtimes)
        if not options.dev:
            writer.write("_headers", headers_of(checked.assets, checked.outputs, checked.photos, cards,
                                                checked.data))
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return todo, cards_used


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


def cards_to_make(cards: list[tuple[CardFile, ...]], writer: SiteWriter,
                  previous: Previous | None) -> list[int]:
    """The card sets to make: all, or, after `previous`, those with a card made from anything
    new (or missing from the old site); the others' files go into the new site as they were."""
    if previous is None or writer.old is None:
        return list(range(len(cards)))
    todo = []
    for i, files in enumerate(cards):
        if all(card_unchanged(f, previous) and (writer.old / f.path).is_file() for f in files):
            for file in files:
                writer.keep(file.path)
        else:
            todo.append(i)
    return todo


def render_all(folders: Folders, checked: Checked, tmp: Path | None, old: Path | None,
               jobs: int, indices: Sequence[int] | None = None,
               cards: Sequence[tuple[CardFile, ...]] = (),
               precompress: bool = False) -> tuple[Counts, list[Problem], set[str]]:
    """Make every page (or those at `indices`), and the share `cards`; write each into
    `tmp` (None: only make the pages, as `check` does), with compressed copies when
    `precompress`. In `jobs` processes when the platform forks. An error while making a
    page is a problem, once for each place in a template, however many pages meet it.
    The counts, the problems, and the keys of the card cache's entries the cards used."""
    rendering = Rendering(folders, checked.envs, checked.outputs, cards, card_cache_of(checked.store),
                          tmp, old, precompress)
    indices = range(len(checked.outputs)) if indices is None else indices
    work = functools.partial(render_share, rendering)
    if jobs > 1 and len(indices) + len(cards) >= SMALL and context().get_start_method() == "fork":
        # each worker a share of the pages and a share of the cards
        shares = forked(work, list(zip(chunks(indices, jobs), chunks(range(len(cards)), jobs), strict=True)))
    else:
        shares = [work((indices, range(len(cards))))]
    counts, found, cards_used = Counts(), dict[tuple[Location, str], Problem](), set[str]()
    for share_counts, problems, share_cards_used in shares:
        counts.add(share_counts)
        cards_used |= share_cards_used
        for problem in problems:
            found.setdefault((problem.where, problem.message), problem)
    return counts, list(found.values()), cards_used


@dataclass(frozen=True)
class Rendering:
    """What the pages and cards are made from, and where they go: handed to the worker
    processes as they are forked (parallel.forked), never kept in a module."""
    folders: Folders
    envs: dict
    outputs: list
    cards: Sequence[tuple[CardFile, ...]]
    card_cache: FileCache | None
    tmp: Path | None
    old: Path | None
    precompress: bool


def render_share(rendering: Rendering, share) -> tuple[Counts, list[Problem], frozenset[str]]:
    """The pages at the share's first indices, the card sets at its second (and the card
    cache's keys they used: a worker's cache does not come back)."""
    folders, envs, outputs, cards = rendering.folders, rendering.envs, rendering.outputs, rendering.cards
    card_cache, tmp, old, precompress = (rendering.card_cache, rendering.tmp, rendering.old,
                                         rendering.precompress)
    indices, card_indices = share
    counts, problems = Counts(), []
    for i in card_indices:
        if tmp is None:
            raise ValueError("share cards are made only into a folder, never in memory (check makes none)")
        files = cards[i]
        for file, data in zip(files, cards_png([f.card for f in files], card_cache), strict=True):
            put(tmp, old, file.path, data, counts)
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
            put(tmp, old, output.path, text.encode("utf-8"), counts, precompress)
    return counts, problems, frozenset(card_cache.used) if card_cache is not None else frozenset()


def render_page(folders: Folders, env: jinja2.Environment, output) -> str:
    try:
        return render(env, output)
    except jinja2.TemplateError as err:
        problem = template_problem(folders, err, output.template)
        raise ContentError([replace(problem, page=output.url)]) from err


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


def template_problem(folders: Folders, err: jinja2.TemplateError, name: str) -> Problem:
    """A template error at its file and line, relative to the folder it lives in."""
    line, file = error_place(err, folders.layered("templates"))
    if file is None:
        file = next((d / name for d in folders.layered("templates") if (d / name).is_file()),
                    PROJECT / "templates" / name)
    return Problem(Location(folders.relative(file), line), f"template error: {err.message}")


def error_place(err: jinja2.TemplateError, template_dirs: list[Path]) -> tuple[int, Path | None]:
    """(line, template file): a syntax error carries them; for an error while rendering,
    Jinja puts the template's own file and lines into the traceback: the innermost frame of
    a file in one of the template folders, whatever its kind (.html, .svg, .ics...)."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        return err.lineno or 0, Path(err.filename) if err.filename else None
    folders = [d.resolve() for d in template_dirs]
    line, file, tb = 0, None, err.__traceback__
    while tb is not None:
        filename = Path(tb.tb_frame.f_code.co_filename)
        if filename.suffix != ".py" and any(filename.resolve().is_relative_to(d) for d in folders):
            line, file = tb.tb_lineno, filename
        tb = tb.tb_next
    return line, file


def convert_all(conversions: Conversions, cache: JsonCache, jobs: int) -> dict[str, Links]:
    """Every Markdown text the pages show, made into finished HTML before any page is
    rendered: from the content cache, the rest in parallel; the cache then holds exactly
    these. The links of the texts converted now, by text (the link check's, found on the way)."""
    stored = cache.load()
    keys = {item: cache_key(*item) for item in conversions.items()}
    conversions.html.update({item: stored[k] for item, k in keys.items() if k in stored})
    missing = conversions.missing()
    done = in_parallel(convert_finding_links, missing, jobs)
    conversions.add(missing, [htmls for htmls, _ in done])
    if missing or stored.keys() != set(keys.values()):
        cache.save({k: conversions.html[item] for item, k in keys.items()})
    return {text: links for (text, _, _), (_, links) in zip(missing, done, strict=True)}


def draw_qr_codes(codes: QrCodes, cache: JsonCache, jobs: int) -> None:
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


def interface_gaps(folders: Folders, content: Content, catalogs: dict, kept: dict,
                   store: Store) -> list[Problem]:
    """The interface strings each language's catalog lacks."""
    if len(content.site.languages) < 2:
        return []
    wanted = template_messages(folders.layered("templates"), PROJECT / "babel.cfg", kept, store)
    problems = []
    for code in content.site.languages:
        catalog, rel = catalogs.get(code, (None, None))
        problems += catalog_gaps(code, catalog, rel, wanted)
    return problems


def unloaded_paths(folders: Folders, content: Content) -> set[str]:
    """The pages of records and files that have problems of their own: they will exist once
    those are fixed, so a link to one is not a second problem."""
    pages = [routes.prisoner(pid) for pid in content.prisoner_ids or ()]
    for sub, route in (("news", routes.news_post), ("pages", routes.text_page)):
        for file, rel in markdown_files(folders.source, sub):
            if content.is_failed(rel):
                pages.append(route(file.name.split('.')[0]))
    return {"/" + prefix_of(code, content.site.languages) + page
            for code in content.site.languages for page in pages}


def unsure_paths(content: Content) -> tuple[str, ...]:
    """Paths whose pages are not known at all: every prisoner's, when the file of prisoners
    could not be read."""
    if content.prisoner_ids is not None:
        return ()
    return tuple("/" + prefix_of(code, content.site.languages) + routes.PRISONERS
                 for code in content.site.languages)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's collector of reference cycles, paused while a site is built: the model holds
    a few million objects, which each full collection walks again (a third of an edit's
    time in serve), and a build makes few cycles. Workers forked meanwhile leave their
    shared pages alone for the same reason."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def cache_settings() -> tuple[str, ...]:
    """What the cached entries depend on besides their input, the engine and the schemas:
    the Markdown renderer's and sanitizer's, the QR codes', the photos' and the cards'
    settings and libraries, PyYAML's version, and the versions of Babel and Jinja, which find
    the interface strings (the cache store's stamp holds them)."""
    return (RENDERER, QR_SETTINGS, PHOTO_SETTINGS, card_stamp(), f"pyyaml {yaml.__version__}",
            f"babel {babel.__version__}", f"jinja2 {jinja2.__version__}")


def opened_store(folders: Folders, schemas: Schemas, session: Session) -> Store:
    """The build's cache store, under the one stamp of this engine, these schemas and settings."""
    return open_store(folders.cache, stamp_of(schemas.digest, cache_settings()), session.cache_files)


def card_cache_of(store: Store) -> FileCache | None:
    """The share cards' named cache in the store (none without a cache folder)."""
    return store.files("cards")
