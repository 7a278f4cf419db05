"""The JSON Schema (draft 2020-12) of each open data file, published beside it
(/data/prisoners.schema.json for /data/prisoners.json, ...).

Made, not written: the vocabularies come from vocabulary.py and the addresses and languages
from the site, so the schema says what this site's files hold and cannot fall behind the
data format. Every key of every object is always present (null where the record gives
nothing), so a reader never has to ask whether a key is missing or empty.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from ..model.records import CC_BY_4, DataLicence, SiteConfig
from ..model.vocabulary import CATEGORIES, CUSTODY_KINDS, EVENT_KINDS, STATE, VALUES
from ..site import routes
from ..site.routes import Urls, prefix_of

FOLDER = routes.DATA                 # shared by every language, like static/
DIALECT = "https://json-schema.org/draft/2020-12/schema"
SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
LANGUAGE = "^[a-z]{2,3}$"


@dataclass(frozen=True)
class Edition:
    """What every file states: the day its figures are counted to, where the site is,
    under what licence the data may be used."""
    site: SiteConfig
    as_of: dt.date
    base_url: str                    # ends with '/'
    licence: DataLicence = CC_BY_4
    # How the days are counted, as the site's page says it (content/pages/how-we-count.md,
    # the rule's one statement), in plain text; '' when the site has no such page.
    counting_rule: str = ""

    @property
    def languages(self) -> tuple[str, ...]:
        return self.site.languages

    @cached_property
    def roots(self) -> dict[str, str]:
        """Each language's home page: made once, a page's address is then one join."""
        return {code: Urls(self.base_url, prefix_of(code, self.languages)).absolute(routes.HOME)
                for code in self.languages}

    def page_urls(self, rel: str) -> dict[str, str]:
        """The absolute address of a page in each language: 'prisoners/x/' -> {en: ..., ru: ...}."""
        return {code: root + rel for code, root in self.roots.items()}

    def file_url(self, name: str) -> str:
        return self.base_url + FOLDER + name

    def absolute(self, url: str) -> str:
        """A link as the data may write it, a path on this site ('/about/') made absolute:
        the files are read away from the site."""
        return self.base_url + url[1:] if url.startswith("/") else url


# --------------------------------------------------------------------------- building blocks
def ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def record(properties: dict, description: str | None = None) -> dict:
    """An object with exactly these keys, all of them present."""
    schema = {"type": "object", "required": sorted(properties), "additionalProperties": False,
              "properties": properties}
    return {"description": description, **schema} if description else schema


def array_of(items: dict, *, at_least: int = 0, unique: bool = False) -> dict:
    schema: dict = {"type": "array", "items": items}
    if at_least:
        schema["minItems"] = at_least
    if unique:
        schema["uniqueItems"] = True
    return schema


def words(description: str) -> dict:
    return {"type": "string", "minLength": 1, "description": description}


def count(description: str) -> dict:
    return {"type": "integer", "minimum": 0, "description": description}


def shared_defs(edition: Edition) -> dict:
    """What every file's schema uses: dates, addresses, texts, sources, the header."""
    return {
        "date": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                 "description": "A calendar date, YYYY-MM-DD."},
        "url": {"type": "string", "format": "uri", "pattern": "^https?://\\S+$"},
        "text": {
            "description": "A text in each language it is written in, by language code (the site's "
                           f"languages: {', '.join(edition.languages)}). A language is left out "
                           "while its translation is not made; a text written in none of the "
                           "site's languages is given in the language it is written in.",
            "type": "object", "minProperties": 1, "propertyNames": {"pattern": LANGUAGE},
            "additionalProperties": {"type": "string", "minLength": 1}},
        "page_url": record({code: {"type": "string", "format": "uri",
                                   "pattern": "^" + re.escape(url) + "\\S*$"}
                            for code, url in edition.page_urls(routes.HOME).items()},
                           "The page on the site in each of its languages."),
        "source": record({"title": words("The cited page's own title."), "url": ref("url"),
                          "date": nullable(ref("date")) | {
                              "description": "When the cited page was published, where it says."}},
                         "Where a fact comes from."),
        "licence": record({"name": words("Like 'CC BY 4.0'."), "url": ref("url")},
                          "The terms under which the data may be used."),
        "site": record({
            "title": ref("text"),
            "url": {"const": edition.base_url, "description": "The site's address."},
            "languages": array_of({"type": "string", "pattern": LANGUAGE}, at_least=1, unique=True)
                         | {"description": "The site's languages, its default language first."},
            "timezone": words("The IANA time zone in which every day is counted."),
        }, "Who publishes the data: attribute it to this site."),
    }


def document(edition: Edition, name: str, title: str, body: dict, defs: dict) -> dict:
    """The schema of a whole file: its header, then `body` (the records)."""
    return {
        "$schema": DIALECT,
        "$id": edition.file_url(f"{name}.schema.json"),
        "title": title,
        **record({
            "as_of": ref("date") | {"description": "The day the figures are counted to."},
            "licence": ref("licence"),
            "schema": {"const": edition.file_url(f"{name}.schema.json"),
                       "description": "This schema's address."},
            "site": ref("site"),
            **body,
        }),
        "$defs": shared_defs(edition) | defs,
    }


# --------------------------------------------------------------------------- prisoners
def prisoners_schema(edition: Edition) -> dict:
    return document(edition, "prisoners", "Russia's political prisoners: every record, with its "
                    "days in custody counted as of 'as_of'",
                    {"prisoners": array_of(ref("prisoner")) | {"description": "Sorted by id."}},
                    {"prisoner": prisoner_def(), "period": period_def(), "custody": custody_def(edition),
                     "event": event_def()})


def prisoner_def() -> dict:
    return record({
        "id": {"type": "string", "pattern": SLUG,
               "description": "Stable: the person's address on the site, /prisoners/<id>/."},
        "page_url": ref("page_url"),
        "name": ref("text"),
        "born": {"anyOf": [ref("date"), {"type": "string", "pattern": "^[0-9]{4}$"}, {"type": "null"}],
                 "description": "As the record publishes it: a full date, or only the year."},
        "categories": array_of({"enum": list(CATEGORIES)}, at_least=1, unique=True),
        "custody": array_of(ref("period"), at_least=1) | {"description": "In order, the first detention first."},
        "released": nullable(record({"on": ref("date"),
                                     "how": {"enum": list(VALUES["release"])}})),
        "died": nullable(record({"on": ref("date")}, "Died in custody.")),
        "charges": array_of(record({
            "article": words("The article of the Russian Criminal Code, like '205.4(1)'."),
            "description": nullable(ref("text"))})),
        "sentence": nullable(ref("text")),
        "address": nullable(words("The postal address for letters, in lines.")),
        "summary": ref("text") | {"description": "Markdown; a link to a page of the site is written "
                                                 "as its path, like /prisoners/<id>/, from site.url."},
        "sources": array_of(ref("source"), at_least=1),
        "verified": ref("date") | {"description": "When the record was last checked against its sources."},
        "events": array_of(ref("event")) | {"description": "The case's timeline, in date order: a date known "
                                                          "only to the month or the year comes before the "
                                                          "days of it, and events of the same date in the "
                                                          "order the record gives them."},
        "last_reported": nullable(record({
            "on": {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
                   "description": "The date of the newest source on where a person held now is held."},
            "place": ref("text"), "source": ref("source")})),
        "letters": nullable(record({
            "recipient": sourced_text("The envelope's line, in Russian."),
            "address": nullable(sourced_text("The postal address, where a source gives it.")),
            "page": nullable(ref("source"))}, "What a letter needs, each part with its source.")),
        "term": nullable(term_def()),
        "computed": ref("custody"),
    }, "One person, as the record is written; 'computed' is counted from it.") | {
        "allOf": state_rules()}


def sourced_text(description: str) -> dict:
    return record({"text": words(description), "source": ref("source")})


def term_def() -> dict:
    return record({
        "life": {"type": "boolean"},
        "years": count("Of a fixed term."), "months": count("Of a fixed term."),
        "regime": {"enum": ["general", "strict", "special", "settlement", "prison"]},
        "in_force": ref("date"), "starts": nullable(ref("date")),
        "articles": array_of(words("An article of the conviction.")),
        "credit": nullable({"enum": ["one-for-one", "one-and-a-half", "two"]}),
        "source": nullable(ref("source")),
        "computed": nullable(record({
            "ends_on": ref("date") | {"description": "Our estimate of the term's last day."},
            "counted_from": ref("date") | {"description": "The start moved back by the credit."},
            "credit_days": count("Days credited for custody before the term (Article 72)."),
            "detention_days": count("Days in pre-trial detention before the term."),
            "house_arrest_days": count("Days under house arrest before the term."),
            "detention_rate": words("The days of the term a day of detention counts as: 1, 3/2 or 2."),
        }, "For someone held now serving a fixed term.")),
    }, "The sentence as data.")


def state_rules() -> list[dict]:
    """The status follows the record: died if it says so, else released if it says so."""
    def status_is(state: str) -> dict:
        return {"properties": {"computed": {"properties": {"status": {"const": state}}}}}
    died, released, none = {"type": "object"}, {"type": "object"}, {"type": "null"}
    return [
        {"if": {"properties": {"died": died}}, "then": status_is("died")},
        {"if": {"properties": {"died": none, "released": released}}, "then": status_is("released")},
        {"if": {"properties": {"died": none, "released": none}}, "then": status_is("held")},
    ]


def period_def() -> dict:
    return record({
        "kind": {"enum": list(CUSTODY_KINDS)},
        "from": ref("date"),
        "until": nullable(ref("date")) | {"description": "Written only for a gap before a later arrest."},
        "place": nullable(ref("text")),
        "note": nullable(ref("text")),
        "computed": record({
            "end": ref("date") | {"description": "Its 'until', else the next period's 'from', else "
                                                 "the release or death, else the as-of date."},
            "days": count("end minus from, in days."),
            "ongoing": {"type": "boolean", "description": "Still going on: 'end' is the as-of date."},
        }),
    }, "A period in custody.")


def event_def() -> dict:
    return record({
        "date": {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
                 "description": "As precisely as the sources give it: YYYY-MM-DD, YYYY-MM or YYYY."},
        "kind": {"enum": list(EVENT_KINDS)},
        "text": ref("text") | {"description": "What happened, in a sentence."},
        "source": ref("source"),
    }, "A step of the case: an arrest, a court's decision, a transfer, a hearing (one dated after "
       "'as_of' is still to come)...")


def days_description(edition: Edition) -> str:
    """The counting rule, from the site's page that states it."""
    if not edition.counting_rule:
        return "Days in custody."
    url = edition.page_urls(routes.text_page(routes.HOW_WE_COUNT))[edition.site.default_language]
    return f"Days in custody, counted as the site's page {url} says: {edition.counting_rule}"


def custody_def(edition: Edition) -> dict:
    return record({
        "status": {"enum": list(STATE), "description": "held, released or died (in custody)."},
        "days_in_custody": count(days_description(edition)),
        "days_by_kind": record({kind: count(f"Days in {kind}.") for kind in CUSTODY_KINDS},
                               "The total, by kind of custody; they add up to days_in_custody."),
        "first_day": ref("date") | {"description": "The first detention."},
        "last_day": ref("date") | {"description": "The release or death, else the as-of date."},
        "current_kind": nullable({"enum": list(CUSTODY_KINDS)})
                        | {"description": "The kind of custody now; null unless held."},
    }, "Counted from the record as of 'as_of'.") | {"allOf": [
        {"if": {"properties": {"status": {"const": "held"}}},
         "then": {"properties": {"current_kind": {"type": "string"}}},
         "else": {"properties": {"current_kind": {"type": "null"}}}}]}


# --------------------------------------------------------------------------- members
def members_schema(edition: Edition) -> dict:
    return document(edition, "members", "The coalition's member organisations and facilitators", {
        "page_url": ref("page_url"),
        "members": array_of(record({
            "id": {"type": "string", "pattern": SLUG},
            "name": ref("text"),
            "countries": array_of({"type": "string", "pattern": "^[A-Z]{2}$",
                                   "description": "ISO 3166-1 alpha-2."}, at_least=1, unique=True),
            "url": ref("url"),
            "founding": {"type": "boolean", "description": "A founding member."},
            "description": nullable(ref("text")),
        })) | {"description": "Sorted by id."},
        "facilitators": array_of(record({"name": ref("text"), "role": ref("text")})),
    }, {})


# --------------------------------------------------------------------------- news
def news_schema(edition: Edition) -> dict:
    return document(edition, "news", "The coalition's news posts (without their texts: see "
                    "page_url)", {"news": array_of(record({
                        "slug": {"type": "string", "pattern": SLUG},
                        "date": ref("date") | {"description": "The day, in the site's time zone."},
                        "time": nullable({"type": "string", "format": "date-time",
                                          "description": "With its offset, where the post gives one."}),
                        "title": ref("text"),
                        "summary": ref("text"),
                        "tags": array_of({"type": "string", "minLength": 1}, unique=True),
                        "prisoners": array_of({"type": "string", "pattern": SLUG}, unique=True)
                                     | {"description": "The ids of the prisoners the post is about."},
                        "source": nullable({"type": "object", "minProperties": 1,
                                            "propertyNames": {"pattern": LANGUAGE},
                                            "additionalProperties": ref("source"),
                                            "description": "Each language's version's source."}),
                        "page_url": ref("page_url"),
                    })) | {"description": "Published posts, oldest first."}}, {})
