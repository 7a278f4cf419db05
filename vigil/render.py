"""The Jinja environment: templates compiled once, strict about undefined values,
HTML-escaping everything that is not marked safe."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo
from pathlib import Path

import jinja2
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from .site import Output


# The Babel locale for each language code: the coalition writes British English.
LOCALES = {"en": "en_GB"}


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, lang)


def environment(template_dirs: list[Path], lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False,
    )
    locale = Locale.parse(locale_of(lang))      # parsed once: filters run for every number
    env.filters["date"] = lambda day: format_date(day, format="long", locale=locale)
    env.filters["number"] = lambda n: format_decimal(n, locale=locale)
    env.filters["iso"] = iso
    env.filters["country"] = lambda code: locale.territories.get(code, code)
    env.globals["intl_locale"] = locale_of(lang).replace("_", "-")
    return env


def iso(day: dt.date | dt.datetime, timezone: str = "UTC") -> str:
    """An Atom/sitemap timestamp; a calendar date is midnight in the site's zone."""
    if isinstance(day, dt.datetime):
        return day.isoformat()
    return dt.datetime.combine(day, dt.time(), ZoneInfo(timezone)).isoformat()


def render(env: jinja2.Environment, output: Output) -> str:
    return env.get_template(output.template).render(output.values, page_url=output.url)
