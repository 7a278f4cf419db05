"""What the site publishes besides its pages: the static files (stylesheets and scripts
under their hashed names), the photos' renditions, the share cards, and the headers file;
and every path the built site will have, which links are checked against."""
from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..base.problems import Location, Problem
from ..features.opendata import DataFile
from ..load.folders import Folders
from ..load.source import NOT_A_LINE, printable
from ..media.photos import WIDTHS, PreparedPhoto, Rendition, photo_outputs
from ..model.records import SiteConfig
from ..pages.share import CardFile, card_files, card_url, has_card
from ..render.headers import header_rules, headers_file
from ..site import routes
from ..site.assets import STYLESHEET, THEME, Assets, Theme, assets_of, is_hashed, theme_of
from ..site.i18n import Language
from ..site.kinds import KindCard
from ..site.routes import Urls


def read_assets(folders: Folders, base_url: str) -> Assets:
    """The stylesheets and scripts, named by their bytes."""
    return assets_of({name: file.read_bytes() for name, file in folders.static_files().items()
                      if is_hashed(name)}, Urls(base_url).base_path)


def read_theme(folders: Folders) -> tuple[Theme | None, list[Problem]]:
    """The site's colours, from its stylesheet; a problem there without them."""
    file = folders.static_files().get(STYLESHEET)
    theme = theme_of(file.read_text(encoding="utf-8")) if file else None
    if theme is not None:
        return theme, []
    where = Location(folders.relative(file) if file else f"static/{STYLESHEET}")
    return None, [Problem(where, f"the stylesheet's :root rule sets no {' or no '.join(THEME)} colour "
                                 f"(like {THEME[0]}: #14213d;): the web app manifest takes the "
                                 "site's colours from them")]


@contextmanager
def photo_cache(folders: Folders) -> Iterator[Path]:
    """Where the photos' renditions are made without a cache (the build then keeps them in
    its cache store): a temporary folder, removed once the site is written."""
    if folders.cache is not None:
        yield folders.cache
        return
    with tempfile.TemporaryDirectory(prefix="vigil-photos-") as folder:
        yield Path(folder)


def irregular_static(folders: Folders) -> list[Problem]:
    """What static/ holds besides regular files (symbolic links, to a file or a folder, and
    anything else): an error at each one's path, since none is published."""
    return [Problem(Location(rel), "this is a symbolic link (or another kind of entry that is not "
                                   "a plain file), which the site does not publish: a link can "
                                   "lead to files outside the project; put the file itself here "
                                   "instead (a copy), or remove it")
            for rel in folders.irregular_static()]


def site_files(folders: Folders, originals: Iterable[Path], photos: dict[str, PreparedPhoto],
               assets: Assets = Assets()) -> dict[str, Path]:
    """Every file the site publishes as it is, by its path in the site: the static files
    (the stylesheets and scripts under their hashed names), but not the photos as
    maintainers gave them (their metadata can say where a photo was taken), and each
    photo's renditions instead."""
    withheld = {file.resolve() for file in originals}
    files = {f"static/{assets.published(rel)}": file for rel, file in folders.static_files().items()
             if file.resolve() not in withheld}
    for prisoner_id, photo in photos.items():
        files.update(photo_outputs(prisoner_id, photo))
    return dict(sorted(files.items()))


def unreadable_names(files: dict[str, Path], relative) -> list[Problem]:
    """A file whose name holds a line break or another invisible character: its address would
    break the headers file's rules and the sitemap's lines, and no one could type it."""
    return [Problem(Location(printable(relative(file))),
                    f"this file's name holds a line break or another invisible character "
                    f"(U+{ord(bad.group()):04X}), which its address cannot carry; rename the file")
            for file in files.values() if (bad := NOT_A_LINE.search(file.name))]


def site_paths(outputs: list, files: dict[str, Path], site, cards: Mapping[type, KindCard]) -> set[str]:
    """Every path the built site will have, from its root: pages, share cards (`cards`: each
    kind's, site/kinds.cards) and the files it copies."""
    urls = Urls(site.base_url)
    paths = {urls.from_root(o.url) for o in outputs}
    paths |= {"/" + o.path for o in outputs}                    # /about/index.html works too
    if site.share_cards:
        paths |= {urls.from_root(card_url(o.url)) for o in outputs if has_card(o.page, cards)}
    return paths | {"/" + rel for rel in files}


def share_cards(site: SiteConfig, outputs: list, languages: Iterable[Language],
                photos: dict[str, PreparedPhoto], cards: Mapping[type, KindCard]) -> list[tuple[CardFile, ...]]:
    """The share cards the site has (none when data/site.yaml says `share_cards: false`),
    of the pages whose kind has one (`cards`: site/kinds.cards).
    A card shows the photo as the pages do: its largest JPEG rendition, upright, in sRGB,
    cut to 4:5, and named by its content (a new photo is a new file)."""
    if not site.share_cards:
        return []
    largest = Rendition(max(WIDTHS), "jpg")
    pictures = {prisoner_id: photo.folder / largest.file_name for prisoner_id, photo in photos.items()}
    return card_files(outputs, {language.code: language for language in languages}, pictures, cards)


def renamed_paths(assets: Assets) -> dict[str, str]:
    """The stylesheets and scripts: their paths by their own names, and as published."""
    return {f"/static/{name}": f"/static/{published}" for name, published in assets.names}


def headers_of(assets: Assets, outputs: list, photos: dict[str, PreparedPhoto],
               cards: list[tuple[CardFile, ...]], data: Iterable[DataFile]) -> bytes:
    """The headers file (Netlify, Cloudflare Pages): its rules for every page, share card and
    open data file (their counts move with the date, like the pages'), for the stylesheets and scripts,
    and for the folder of the photos' renditions, whose names change with their bytes too."""
    photo_folders = {rel.rsplit("/", 1)[0] for prisoner_id, photo in photos.items()
                     for rel, _ in photo_outputs(prisoner_id, photo)}
    lasting = [*(assets[name] for name, _ in assets.names),
               *(f"{assets.base_path}{folder}/*" for folder in photo_folders)]
    changing = [*(o.url for o in outputs),
                *(assets.base_path + card.path for files in cards for card in files),
                *(assets.base_path + f.path for f in data),
                assets.base_path + routes.PAGEFIND + "pagefind.js"]      # the index changes with the pages
    languages = {o.path[:-len(o.key)].strip("/") for o in outputs if o.key and o.path.endswith(o.key)}
    rules = header_rules(assets.base_path, changing, lasting, sorted(languages - {""}))
    return headers_file(rules).encode("utf-8")
