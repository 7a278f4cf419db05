"""The open data files: every prisoner, member and news post as JSON (with the JSON Schema
that describes it, published beside it) and as CSV for spreadsheets, under /data/.

Pure: the loaded content and the as-of date in, bytes out. The same input gives the same
bytes: keys are sorted, records ordered by id (news by date), and nothing reads the clock.
Everything under a "computed" key is worked out as of the as-of date by the counting rule
of custody.py; everything else is the record as written, texts as {language: text}.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from typing import NamedTuple, overload

from ..base.memo import Memo
from ..load.markup import plain_text
from ..model.custody import Custody, custody_of
from ..model.records import (
    Charge,
    Content,
    CustodyPeriod,
    DataLicence,
    Event,
    Facilitator,
    Letters,
    Member,
    NewsPost,
    PartialDate,
    Prisoner,
    Source,
    Text,
)
from ..model.term import term_end
from ..model.timeline import in_order
from ..model.vocabulary import CUSTODY_KINDS
from ..site import routes
from .opendata_schema import FOLDER, Edition, members_schema, news_schema, prisoners_schema


class DataFile(NamedTuple):
    path: str                        # in the built site, like 'data/prisoners.json'
    body: bytes


def open_data_files(content: Content, as_of: dt.date, base_url: str | None = None,
                    licence: DataLicence | None = None, memo: Memo | None = None) -> tuple[DataFile, ...]:
    """Every open data file with its bytes, by path. `base_url` (default: the site's) makes
    the addresses absolute, as --base-url does for the pages; `licence` (default: the
    site's, data_licence in data/site.yaml, or CC BY 4.0). `memo`: a session's
    (Memos.prisoner_files), which keeps the prisoners' files with the very records they were
    made of: serve, which keeps the records between builds, does not make them again after an
    edit to a post."""
    memo = Memo() if memo is None else memo
    base = base_url or content.site.base_url
    edition = Edition(content.site, as_of, base if base.endswith("/") else base + "/",
                      licence or content.site.data_licence, counting_rule(content))
    files = [
        *memo.get(content.prisoners, edition_key(edition),
                            lambda: prisoner_files(content.prisoners, edition)),
        DataFile(FOLDER + "members.json",
                 json_bytes(members_document(content.members, content.facilitators, edition))),
        DataFile(FOLDER + "members.schema.json", json_bytes(members_schema(edition))),
        DataFile(FOLDER + "members.csv", csv_bytes(member_columns(edition.languages),
                                                   member_rows(content.members, edition))),
        DataFile(FOLDER + "news.json", json_bytes(news_document(content.news, edition))),
        DataFile(FOLDER + "news.schema.json", json_bytes(news_schema(edition))),
    ]
    return tuple(sorted(files))


def counting_rule(content: Content) -> str:
    """The rule's one statement, the site's page on how we count (its own words, in the
    default language), as plain text; '' when the site has no such page, or only a draft."""
    page = next((p for p in content.pages if p.slug == routes.HOW_WE_COUNT and not p.draft), None)
    return plain_text(page.body) if page is not None else ""


def prisoner_files(prisoners: tuple[Prisoner, ...], edition: Edition) -> tuple[DataFile, ...]:
    counted = [(p, custody_of(p, edition.as_of)) for p in by_id(prisoners)]
    return (
        DataFile(FOLDER + "prisoners.json", json_bytes(prisoners_document(counted, edition))),
        DataFile(FOLDER + "prisoners.schema.json", json_bytes(prisoners_schema(edition))),
        DataFile(FOLDER + "prisoners.csv", csv_bytes(prisoner_columns(edition.languages),
                                                     prisoner_rows(counted, edition))),
    )


def edition_key(edition: Edition) -> tuple:
    """All an edition's files say of it besides the records."""
    site = edition.site
    return (edition.as_of, edition.base_url, edition.licence, site.languages, site.timezone,
            tuple(sorted(site.title.by_lang.items())), edition.counting_rule)


# --------------------------------------------------------------------------- encodings
def json_bytes(document: dict) -> bytes:
    # Compact: indenting would switch json to its pure-Python encoder, several times slower
    # on 10,000 records; a browser or `jq .` shows the file indented.
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def csv_bytes(columns: tuple[str, ...], rows: Iterable[dict[str, str]]) -> bytes:
    """RFC 4180 (CRLF, fields quoted where needed), in UTF-8 with a byte order mark: without
    it, Excel reads the file in the machine's legacy code page and Cyrillic turns to noise.
    Every cell goes through `cell`: no text in a record becomes a spreadsheet's formula."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell(name) for name in columns])
    writer.writerows([cell(row[name]) for name in columns] for row in rows)
    return out.getvalue().encode("utf-8-sig")


# What makes a spreadsheet read a cell as a formula (or a formula's start, after a tab or
# a carriage return): such a cell is written after a single quote, which spreadsheets show
# as text and do not run, as OWASP recommends against CSV injection. The JSON files keep
# every text exactly as written.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


# --------------------------------------------------------------------------- shared values
def texts(text: Text | None, languages: tuple[str, ...]) -> dict[str, str] | None:
    """A text in the site's languages (a translation not yet made is left out). A text written
    in none of them is given as written: the site shows it then, in whatever language it is."""
    if text is None:
        return None
    shown = {code: text.by_lang[code] for code in languages if code in text.by_lang}
    return shown or dict(text.by_lang)


@overload
def day(value: dt.date | PartialDate) -> str: ...
@overload
def day(value: dt.date | PartialDate | None) -> str | None: ...
def day(value: dt.date | PartialDate | None) -> str | None:
    return value.isoformat() if value is not None else None


def source_record(source: Source, edition: Edition) -> dict:
    return {"title": source.title, "url": edition.absolute(source.url), "date": day(source.date)}


def header(edition: Edition, name: str) -> dict:
    """What each JSON document says about itself."""
    site = edition.site
    return {
        "as_of": edition.as_of.isoformat(),
        "licence": {"name": edition.licence.name, "url": edition.absolute(edition.licence.url)},
        "schema": edition.file_url(f"{name}.schema.json"),
        "site": {"title": texts(site.title, edition.languages), "url": edition.base_url,
                 "languages": list(edition.languages), "timezone": site.timezone},
    }


# --------------------------------------------------------------------------- prisoners
# Each prisoner comes with their custody counted as of the edition's day (custody_of),
# in order of id: the JSON and the CSV count once.
Counted = Sequence[tuple[Prisoner, Custody]]


def prisoners_document(counted: Counted, edition: Edition) -> dict:
    return {**header(edition, "prisoners"),
            "prisoners": [prisoner_record(p, custody, edition) for p, custody in counted]}


def by_id(records: Iterable[Prisoner | Member]) -> list:
    return sorted(records, key=lambda record: record.id)


def prisoner_record(prisoner: Prisoner, custody: Custody, edition: Edition) -> dict:
    """The record as written, with what is counted from it as of the edition's day. Not
    here: the photo and `featured`, which are how the site shows a person."""
    langs = edition.languages
    released = prisoner.released
    return {
        "id": prisoner.id,
        "page_url": edition.page_urls(routes.prisoner(prisoner.id)),
        "name": texts(prisoner.name, langs),
        "born": day(prisoner.born),
        "categories": list(prisoner.categories),
        "custody": [period_record(period, span.end, span.days, span.ongoing, langs)
                    for period, span in zip(prisoner.custody, custody.spans, strict=True)],
        "released": {"on": day(released.on), "how": released.how} if released else None,
        "died": {"on": day(prisoner.died_on)} if prisoner.died_on else None,
        "charges": [charge_record(charge, langs) for charge in prisoner.charges],
        "sentence": texts(prisoner.sentence, langs),
        "address": prisoner.address,
        "summary": texts(prisoner.summary, langs),
        "sources": [source_record(s, edition) for s in prisoner.sources],
        "verified": day(prisoner.verified),
        "events": [event_record(event, edition) for event in in_order(prisoner.events)],
        "last_reported": last_reported_record(prisoner, edition),
        "letters": letters_record(prisoner.letters, edition),
        "term": term_record(prisoner, custody, edition),
        "computed": custody_record(custody),
    }


def last_reported_record(prisoner: Prisoner, edition: Edition) -> dict | None:
    last = prisoner.last_reported
    if last is None:
        return None
    return {"on": last.on.isoformat(), "place": texts(last.place, edition.languages),
            "source": source_record(last.source, edition)}


def letters_record(letters: Letters | None, edition: Edition) -> dict | None:
    if letters is None:
        return None
    def sourced(value):
        return {"text": value.text, "source": source_record(value.source, edition)} if value else None
    return {"recipient": sourced(letters.recipient), "address": sourced(letters.address),
            "page": source_record(letters.page, edition) if letters.page else None}


def term_record(prisoner: Prisoner, custody: Custody, edition: Edition) -> dict | None:
    """The sentence as data; for someone held now serving a fixed term, the day it is
    expected to end (term.py: Article 72's credit for custody before it)."""
    term = prisoner.term
    if term is None:
        return None
    end = term_end(term, prisoner.custody, [c.article for c in prisoner.charges]) \
        if custody.state == "held" else None
    return {"life": term.life, "years": term.years, "months": term.months, "regime": term.regime,
            "in_force": day(term.in_force), "starts": day(term.starts), "articles": list(term.articles),
            "credit": term.credit, "source": source_record(term.source, edition) if term.source else None,
            "computed": None if end is None else {
                "ends_on": day(end.ends_on), "counted_from": day(end.counted_from),
                "credit_days": end.credit_days, "detention_days": end.detention_days,
                "house_arrest_days": end.house_arrest_days, "detention_rate": str(end.rate)}}


def event_record(event: Event, edition: Edition) -> dict:
    """A step of the case, its date as precisely as the record gives it (2017, 2017-10 or
    2017-10-03)."""
    return {"date": event.on.isoformat(), "kind": event.kind,
            "text": texts(event.text, edition.languages), "source": source_record(event.source, edition)}


def period_record(period: CustodyPeriod, end: dt.date, days: int, ongoing: bool,
                  languages: tuple[str, ...]) -> dict:
    return {
        "kind": period.kind, "from": day(period.start), "until": day(period.until),
        "place": texts(period.place, languages), "note": texts(period.note, languages),
        "computed": {"end": day(end), "days": days, "ongoing": ongoing},
    }


def charge_record(charge: Charge, languages: tuple[str, ...]) -> dict:
    return {"article": charge.article, "description": texts(charge.description, languages)}


def custody_record(custody: Custody) -> dict:
    return {
        "status": custody.state,
        "days_in_custody": custody.days,
        "days_by_kind": days_by_kind(custody),
        "first_day": day(custody.first_day),
        "last_day": day(custody.last_day),
        "current_kind": custody.current_kind,
    }


def days_by_kind(custody: Custody) -> dict[str, int]:
    """Every kind of custody, 0 for a kind the person was never held in: the same keys for all."""
    counted = dict(custody.by_kind)
    return {kind: counted.get(kind, 0) for kind in CUSTODY_KINDS}


def prisoner_columns(languages: tuple[str, ...]) -> tuple[str, ...]:
    return ("id", *(f"name_{code}" for code in languages), "status", "as_of", "days_in_custody",
            *(kind_column(kind) for kind in CUSTODY_KINDS), "first_day", "last_day",
            "current_kind", "categories", "released_on", "released_how", "died_on", "born",
            "charges", "verified", "sources", "url")


def kind_column(kind: str) -> str:
    return "days_" + kind.replace("-", "_")


def prisoner_rows(counted: Counted, edition: Edition) -> list[dict[str, str]]:
    return [prisoner_row(p, custody, edition) for p, custody in counted]


def prisoner_row(prisoner: Prisoner, custody: Custody, edition: Edition) -> dict[str, str]:
    released = prisoner.released
    return {
        "id": prisoner.id,
        **{f"name_{code}": prisoner.name.by_lang.get(code, "") for code in edition.languages},
        "status": custody.state,
        "as_of": edition.as_of.isoformat(),
        "days_in_custody": str(custody.days),
        **{kind_column(kind): str(days) for kind, days in days_by_kind(custody).items()},
        "first_day": custody.first_day.isoformat(),
        "last_day": custody.last_day.isoformat(),
        "current_kind": custody.current_kind or "",
        "categories": ";".join(prisoner.categories),
        "released_on": day(released.on) if released else "",
        "released_how": released.how if released else "",
        "died_on": day(prisoner.died_on) or "",
        "born": day(prisoner.born) or "",
        "charges": "; ".join(charge.article for charge in prisoner.charges),
        "verified": prisoner.verified.isoformat(),
        "sources": " ".join(edition.absolute(source.url) for source in prisoner.sources),
        "url": edition.page_urls(routes.prisoner(prisoner.id))[edition.site.default_language],
    }


# --------------------------------------------------------------------------- members
def members_document(members: Iterable[Member], facilitators: Iterable[Facilitator],
                     edition: Edition) -> dict:
    langs = edition.languages
    return {**header(edition, "members"),
            "page_url": edition.page_urls(routes.MEMBERS),
            "members": [member_record(m, edition) for m in by_id(members)],
            "facilitators": [{"name": texts(f.name, langs), "role": texts(f.role, langs)}
                             for f in facilitators]}


def member_record(member: Member, edition: Edition) -> dict:
    langs = edition.languages
    return {"id": member.id, "name": texts(member.name, langs), "countries": list(member.countries),
            "url": edition.absolute(member.url), "founding": member.founding,
            "description": texts(member.description, langs)}


def member_columns(languages: tuple[str, ...]) -> tuple[str, ...]:
    return ("id", *(f"name_{code}" for code in languages), "countries", "founding", "url")


def member_rows(members: Iterable[Member], edition: Edition) -> list[dict[str, str]]:
    return [{"id": m.id, **{f"name_{code}": m.name.by_lang.get(code, "") for code in edition.languages},
             "countries": ";".join(m.countries), "founding": "true" if m.founding else "false",
             "url": edition.absolute(m.url)}
            for m in by_id(members)]


# --------------------------------------------------------------------------- news
def news_document(posts: Iterable[NewsPost], edition: Edition) -> dict:
    """The posts the site shows on the edition's day, oldest first, without their bodies:
    the text is the post's page (page_url), where its links lead somewhere."""
    published = sorted((p for p in posts if p.is_published(edition.as_of)), key=chronological)
    return {**header(edition, "news"), "news": [post_record(p, edition) for p in published]}



def chronological(post: NewsPost) -> tuple:
    return (post.date, post.time is not None, post.time.timestamp() if post.time else 0.0, post.slug)


def post_record(post: NewsPost, edition: Edition) -> dict:
    versions = [post.in_language(code) for code in edition.languages]
    own = [v for code, v in zip(edition.languages, versions, strict=True) if v.lang == code]
    sources = {v.lang: source_record(v.source, edition) for v in own if v.source is not None}
    return {
        "slug": post.slug,
        "date": day(post.date),
        "time": post.time.isoformat() if post.time else None,
        "title": {v.lang: v.title for v in own},
        "summary": {v.lang: v.summary for v in own if v.summary},
        "tags": list(post.tags),
        "prisoners": list(post.prisoners),
        "source": sources or None,
        "page_url": edition.page_urls(routes.news_post(post.slug)),
    }
