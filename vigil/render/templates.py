"""The Jinja environment of one language: templates compiled once, strict about
undefined values, HTML-escaping everything that is not marked safe, with that
language's catalog, plural rules, numbers, dates and country names."""
from __future__ import annotations

import functools
from pathlib import Path
from types import CodeType

import jinja2
from markupsafe import Markup, escape

from ..model.typography import finished, has_rules, typeset
from ..model.vocabulary import translated
from ..pages.outputs import Output
from ..site.i18n import Language, plural_samples
from ..site.views import Localized
from .headers import PAGE_POLICY, SEARCH_POLICY


class SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates, shared by every environment of a process: each language has
    its own environment, but a template is compiled once. (Jinja checks each against its
    source's checksum.) The code itself is kept, not its bytes: a build's new environments
    take it as it is, with no unmarshalling."""

    def __init__(self):
        self.store: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self.store.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self.store[bucket.key] = (bucket.checksum, bucket.code)


COMPILED = SharedBytecode()


def environment(template_dirs: list[Path], language: Language,
                languages: list[Language] | tuple[Language, ...] = ()) -> jinja2.Environment:
    """`language`'s environment; `languages` are all the site's, the default first (the
    language switcher names each)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=jinja2.select_autoescape(("html", "xml", "svg"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False, extensions=["jinja2.ext.i18n"], bytecode_cache=COMPILED,
    )
    env.policies["ext.i18n.trimmed"] = True          # as `make catalogs` extracts them
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False}    # |tojson: readable Cyrillic
    env.install_gettext_translations(language.translations, newstyle=True)  # type: ignore[attr-defined]  # by ext.i18n
    finish_sentences(env, language.code)
    # _("...") holds no placeholders here (counted and formatted words are trans blocks),
    # so it is the catalog's own function: a plain string, escaped like any other value.
    env.globals["_"] = language.translations.gettext
    locale = language.locale
    env.filters["date"] = language.date
    env.filters["number"] = language.number
    env.filters["odometer"] = functools.lru_cache(maxsize=65536)(
        lambda n: odometer(env.filters["number"](n)))
    env.filters["country"] = lambda code: locale.territories.get(code, code)
    env.filters["marked"] = marked
    env.filters["sentence"] = sentence
    # a text from elsewhere (a source's title) set with the page's no-break spaces
    env.filters["kept"] = lambda text: typeset(str(text), language.code)
    env.globals.update(
        intl_locale=language.intl_locale,
        plural_samples=plural_samples(locale),
        languages={other.code: other for other in (languages or [language])},
        vocabulary=translated(language.translations),
        page_policy=Markup(PAGE_POLICY),  # the policy _headers sends, in one place (no " in it)
        # the space between a figure and its words, where a template places both: no-break
        # where the language keeps them together (typography.py)
        figure_space="\N{NO-BREAK SPACE}" if has_rules(language.code) else " ",
        search_policy=Markup(SEARCH_POLICY),      # the search page's own
    )
    return env


def sentence(text) -> Markup | str:
    """Words ended as a sentence: with a full stop, unless they end with one already
    ("… 16 февраля 2024 г." does: the abbreviation's stop ends the sentence)."""
    if str(text).rstrip().endswith((".", "!", "?", "…")):
        return text
    return text + "." if isinstance(text, Markup) else f"{text}."


def finish_sentences(env: jinja2.Environment, lang: str) -> None:
    """The interface's sentences, their placeholders filled, as the language's typography
    finishes them (typography.finished): a date that ends a sentence ends it once."""
    if not has_rules(lang):
        return
    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        env.globals[name] = finishing(env.globals[name], lang)


def finishing(translate, lang: str):
    @jinja2.pass_context
    def translated(context, *args, **kwargs):
        text = translate(context, *args, **kwargs)
        done = finished(str(text), lang)
        return Markup(done) if isinstance(text, Markup) else done
    return translated


def odometer(number: str) -> Markup:
    """A count as the counter shows it: a tile for each digit (counter.js rolls a digit that
    changes), the language's separators between, narrow and without a tile. Hidden from
    screen readers, which hear the count once, in words. counter.js makes the same markup."""
    columns = "".join(map(odometer_column, number))
    return Markup(f'<span class="odometer" aria-hidden="true">{columns}</span>')


def odometer_column(ch: str) -> str:
    if ch in "0123456789":
        return f'<span class="odo-col"><span class="odo-digit">{ch}</span></span>'
    # Russian and Ukrainian group thousands with a no-break space: a narrow gap, which a
    # tile-wide space would read as a missing digit.
    kind = "odo-sep odo-gap" if ch.isspace() else "odo-sep"
    return f'<span class="{kind}">{escape(ch)}</span>'


def marked(x: Localized, note: str) -> Markup:
    """A text from the data, inline. Where it has no translation into the page's language it is
    shown in the language it has, marked with that language, and `note` follows it."""
    if x.fallback:
        return Markup('<span lang="{}">{}</span> <small class="untranslated">{}</small>').format(
            x.lang, x, note)
    return escape(x)


def render(env: jinja2.Environment, output: Output) -> str:
    return env.get_template(output.template).render(output.page.values(), page_url=output.url,
                                                    alternates=output.alternates)
