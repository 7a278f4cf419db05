"""The whole site as a model: every page, in each language, with its URL and the context
its template shows (contexts.py), made from the views of the records, posts and pages
(views.py). Pure: no files, no clock."""
from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .. import features, pages
from ..base.memo import Memos
from ..base.problems import Location, Problem
from ..load.markup import Conversions, Markdown
from ..media.qr import QrCodes
from ..model.records import Content, NewsPost, Page, SiteConfig, placed
from ..site import routes
from ..site.assets import Assets, Theme
from ..site.context import Frame, PageContext, ShareImage, SocialTags
from ..site.i18n import Language, plain_language
from ..site.kinds import Description, KindCard, LanguageSite, PageKind, descriptions, in_order
from ..site.kinds import cards as kind_cards
from ..site.routes import Urls, file_of, prefix_of, shared_paths
from ..site.views import (
    PostItem,
    Words,
    post_item,
    post_order,
    post_view,
    prisoner_order,
    prisoner_view,
    site_view,
)
from .contexts import (
    Robots,
    Sitemap,
    SitemapEntry,
    WebManifest,
    last_changed,
)
from .share import card_url, has_card, share_image, social_tags


@dataclass(frozen=True)
class Output:
    """One file of the built site."""
    path: str                        # relative to the output folder
    url: str                         # the site path, from the base path: /prisoners/x/
    page: PageContext
    in_sitemap: bool = True
    where: Location | None = None    # the file that made it, for error messages
    lang: str = "en"
    key: str = ""                    # the same in every language: 'prisoners/x/index.html'
    alternates: tuple[tuple[str, str], ...] = ()   # (language, url) of each version, default first
    of_a_record_id: bool = False     # at a route made from a record's id (KindPage.of_a_record_id)

    @property
    def template(self) -> str:
        return self.page.TEMPLATE


def page_at(route: str, urls: Urls, page: PageContext, **more) -> Output:
    """The output of a page: its file and its URL, both from its route (site/routes.py)."""
    return Output(file_of(route), urls.path(route), page, **more)


def held_back(content: Content, as_of: dt.date, drafts: bool) -> list[tuple[str, str]]:
    """The posts and pages the build leaves out, and why: (file, 'scheduled for <date>' or
    'draft'), for the build's summary."""
    found = [(placed(post.where).record.path, f"scheduled for {post.date}") for post in content.news
             if post.date > as_of and (drafts or not post.draft)]
    if not drafts:
        written: tuple[NewsPost | Page, ...] = (*content.news, *content.pages)
        found += [(placed(item.where).record.path, "draft") for item in written if item.draft]
    return sorted(found)


def build_site(content: Content, as_of: dt.date, drafts: bool = False, dev: bool = False,
               converted: Conversions | None = None,
               photos: Mapping[str, str] | None = None,
               languages: Mapping[str, Language] | None = None, assets: Assets = Assets(),
               theme: Theme | None = None, codes: QrCodes | None = None,
               memos: Memos | None = None, kinds: tuple[PageKind, ...] | None = None) -> list[Output]:
    """Every page of the site, in each of its languages, then the files they share.
    `converted`: what the pages want of Markdown, made once for all languages before any
    page is rendered (pipeline.convert_all). `photos`: the key of each prisoner's photo
    renditions (photos.prepare_photos), by prisoner id; the others show their initials.
    `languages`: each language with its catalog, for the words the model writes (share
    tags and links). `assets`: the names of the stylesheets and scripts the pages link;
    `theme`: the site's colours, for its web app manifests (none without them). `codes`: the
    QR codes the pages want, made before any page is rendered too (pipeline.draw_qr_codes).
    `memos`: what the session has made of its records (none: a build's own). `kinds`: the
    kinds of page (none: the engine's own, page_kinds())."""
    memos = Memos() if memos is None else memos
    kinds = page_kinds() if kinds is None else kinds
    site = content.site
    converted = Conversions() if converted is None else converted
    photos = {} if photos is None else photos
    codes = QrCodes() if codes is None else codes
    speakers = {lang: (languages or {}).get(lang) or plain_language(lang) for lang in site.languages}
    words = {lang: words_of(content, lang, converted) for lang in site.languages}
    text_pages = frozenset(p.slug for p in content.pages if drafts or not p.draft)
    frames = {lang: Frame(site_view(site, words[lang]), lang, as_of, words[lang].urls, dev, assets,
                          text_pages)
              for lang in site.languages}
    outputs = [output for lang in site.languages
               for output in language_outputs(content, frames[lang], words[lang], speakers[lang],
                                              drafts, photos, codes, memos, kinds)]
    outputs = with_alternates(outputs, site.languages)
    outputs = with_social_tags(outputs, speakers, site.share_cards, kinds)
    if theme is not None:
        outputs += [manifest_output(site, frames[lang], words[lang], theme) for lang in site.languages]
    default = frames[site.default_language]
    urls = default.urls
    outputs.append(Output(routes.ROBOTS, urls.root(routes.ROBOTS), Robots(default),
                          in_sitemap=False, key=routes.ROBOTS))
    undated = max((p.date for p in content.news if p.is_published(as_of)), default=as_of)
    listed = tuple(SitemapEntry(o.url, last_changed(o.page, undated), o.alternates)
                   for o in outputs if o.in_sitemap)
    outputs.append(Output(routes.SITEMAP, urls.root(routes.SITEMAP), Sitemap(default, listed),
                          in_sitemap=False, key=routes.SITEMAP))
    return outputs


def manifest_output(site: SiteConfig, frame: Frame, words: Words, theme: Theme) -> Output:
    urls = frame.urls
    return Output(urls.prefix + routes.MANIFEST, urls.path(routes.MANIFEST),
                  WebManifest(frame, words.text(site.short_title or site.title), theme),
                  in_sitemap=False, lang=frame.lang, key=routes.MANIFEST)


def words_of(content: Content, lang: str, converted: Conversions) -> Words:
    site = content.site
    urls = Urls(site.base_url, prefix_of(lang, site.languages))
    return Words(lang, site.default_language, urls,
                 Markdown(urls.base_path, urls.prefix, shared_paths(site.languages), converted))


def language_outputs(content: Content, frame: Frame, words: Words, language: Language,
                     drafts: bool, photos: Mapping[str, str],
                     codes: QrCodes, memos: Memos, kinds: tuple[PageKind, ...]) -> list[Output]:
    """The whole site in one language: the pages of every kind, in their order."""
    site = language_site(content, frame, words, language, drafts, photos, codes, memos)
    urls = frame.urls
    outputs = [page_at(page.route, urls, page.context, in_sitemap=kind.in_sitemap_at(page), where=page.where,
                       of_a_record_id=page.of_a_record_id)
               for kind in in_order(kinds) for page in kind.pages(site)]
    return [replace(o, path=urls.prefix + o.path, lang=frame.lang, key=o.path) for o in outputs]


def language_site(content: Content, frame: Frame, words: Words, language: Language, drafts: bool,
                  photos: Mapping[str, str], codes: QrCodes, memos: Memos) -> LanguageSite:
    """What every kind's pages are made of in one language: the posts, and everyone's view
    with the posts about them."""
    urls, as_of = frame.urls, frame.as_of
    posts = sorted((p for p in content.news if p.is_published(as_of, drafts)), key=post_order)
    names = {p.id: words.text(p.name) for p in content.prisoners}
    post_views = [post_view(p, words, urls, names, content.site.tag_words) for p in posts]
    about: dict[str, list[PostItem]] = {}
    for view in post_views:
        item = post_item(view)
        for pid in view.post.prisoners:
            about.setdefault(pid, []).append(item)
    prisoners = sorted((prisoner_view(p, as_of, words, urls, tuple(about.get(p.id, ())), photos.get(p.id),
                                      memos)
                        for p in content.prisoners), key=prisoner_order)
    return LanguageSite(content, frame, words, language, tuple(prisoners), memos, tuple(post_views), drafts,
                        codes)


def with_alternates(outputs: list[Output], languages: tuple[str, ...]) -> list[Output]:
    """Each page with the address of its version in every language (default first)."""
    versions: dict[str, dict[str, str]] = {}
    for o in outputs:
        versions.setdefault(o.key, {})[o.lang] = o.url
    order = {code: i for i, code in enumerate(languages)}
    return [replace(o, alternates=tuple(sorted(versions[o.key].items(), key=lambda kv: order[kv[0]])))
            for o in outputs]


def page_kinds() -> tuple[PageKind, ...]:
    """The kinds of page the site's own pages and the features declare, each module's
    PAGE_KINDS (those of vigil/pages, then of vigil/features, by module name), in their
    order (PageKind.order): a new one is found without a list to add it to."""
    return in_order([kind for package in (pages, features)
                     for name in sorted(m.name for m in pkgutil.iter_modules(package.__path__))
                     for kind in getattr(importlib.import_module(f"{package.__name__}.{name}"), "PAGE_KINDS", ())])


def with_social_tags(outputs: list[Output], languages: Mapping[str, Language],
                     cards: bool, kinds: tuple[PageKind, ...] = ()) -> list[Output]:
    """Each HTML page with its share tags. Their image, where the site makes share cards:
    the page's own card where its kind has one (a prisoner's on their page), else the
    site's card of its language (the home page's: KindCard.for_the_site)."""
    card_of = kind_cards(kinds) if cards else {}
    sites = {o.lang: o for o in outputs if (card := card_of.get(type(o.page))) is not None and card.for_the_site}
    images = {lang: card_image(site, languages[lang], card_of) for lang, site in sites.items()}
    described = descriptions(kinds)
    return [replace(o, page=replace(o.page, social=tags_of(o, languages, cards, images.get(o.lang), described,
                                                           card_of)))
            if o.template.endswith(".html") else o
            for o in outputs]


def tags_of(output: Output, languages: Mapping[str, Language], cards: bool,
            site_image: ShareImage | None, described: Mapping[type, Callable[[Any, Language], Description]],
            card_of: Mapping[type, KindCard]) -> SocialTags:
    language = languages[output.lang]
    image = None
    if cards:
        image = card_image(output, language, card_of) if has_card(output.page, card_of) else site_image
    others = tuple(languages[code].territorial_locale for code, _ in output.alternates if code != output.lang)
    return social_tags(output.page, output.page.frame.urls.full(output.url), language, others, image, described)


def card_image(output: Output, language: Language, card_of: Mapping[type, KindCard]) -> ShareImage:
    return share_image(output.page, output.page.frame.urls.full(card_url(output.url)), language, card_of)


def duplicate_outputs(outputs: list[Output]) -> list[Problem]:
    """Two pages with one URL: the second one named, with the first. Not two pages of one
    template made from records with one id (Output.of_a_record_id): check.duplicate_ids
    reports the id."""
    seen: dict[str, Output] = {}
    problems = []
    for output in outputs:
        first = seen.setdefault(output.path, output)
        if first is not output and not (first.of_a_record_id and output.of_a_record_id
                                        and first.template == output.template):
            where = output.where or first.where or Location("content")
            problems.append(Problem(where, f"this page would be written to {output.url}, which "
                                           f"{'is already ' + _what(first)}; rename the file"))
    return problems


def _what(output: Output) -> str:
    return f"taken by {output.where}" if output.where else f"a page the site makes itself ({output.template})"
