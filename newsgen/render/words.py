"""The theme's words on a page, for Jinja2's i18n extension: `_`, `gettext`, `ngettext`,
`pgettext` and `npgettext` look up the catalogs of the page's language, read from the
page's context (`language`, which a page may set; else `site.language`), so that one
environment renders pages in several languages. The `names` filter joins a list of names
("A, B and C") as the page's language does, by CLDR's list patterns; `own_lang(article)`
marks the words of an article written in another language than the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from jinja2.runtime import Context
from markupsafe import Markup, escape

from newsgen.core.languages import direction
from newsgen.core.words import Catalogs, Words


def install_words(env: jinja2.Environment, catalogs: Catalogs, language: str) -> None:
    """Give `env` one build's catalogs; `language`: the site's, for pages that set none."""

    def words(context: Context) -> Words:
        return catalogs.words(language_of(context, language))

    shown: dict[tuple[str, str], str] = {}  # a word without values, by language, as shown

    # Jinja2's new-style gettext, in one call: its own wraps a function in two more layers
    # of `Context.call` (10 µs of CPU a word, against 4 here with the memo below).
    @jinja2.pass_context
    def gettext(context: Context, message: str, /, **values: Any) -> str:
        if values or not context.eval_ctx.autoescape:
            return _filled(context, words(context).gettext(message), values)
        key = (language_of(context, language), message)
        if key not in shown:
            shown[key] = _filled(context, catalogs.words(key[0]).gettext(message), values)
        return shown[key]

    @jinja2.pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int, /, **values: Any) -> str:
        values.setdefault("num", n)
        return _filled(context, words(context).ngettext(singular, plural, n), values)

    @jinja2.pass_context
    def pgettext(context: Context, where: str, message: str, /, **values: Any) -> str:
        return _filled(context, words(context).pgettext(where, message), values)

    @jinja2.pass_context
    def npgettext(
        context: Context, where: str, singular: str, plural: str, n: int, /, **values: Any
    ) -> str:
        values.setdefault("num", n)
        return _filled(context, words(context).npgettext(where, singular, plural, n), values)

    # `{% trans %}` blocks call these as new-style gettext, which fills in the values itself.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(
        _=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext
    )
    env.filters["names"] = jinja2.pass_context(
        lambda context, items: name_list(items, language_of(context, language))
    )
    env.globals["own_lang"] = jinja2.pass_context(
        lambda context, article: own_lang(article.lang, language_of(context, language))
    )


def own_lang(written_in: str, page: str) -> Markup:
    """` lang="ko"` for the words of an article written in another language than the page
    around it (whose theme words stay in the page's), with `dir` when it is written the
    other way (` lang="ar" dir="rtl"` on an English page); nothing otherwise."""
    if not written_in or written_in.lower().replace("_", "-") == page.lower().replace("_", "-"):
        return Markup("")
    attributes = Markup(' lang="%s"') % written_in
    if direction(written_in) != direction(page):
        attributes += Markup(' dir="%s"') % direction(written_in)
    return attributes


def _filled(context: Context, text: str, values: dict[str, Any]) -> str:
    """A translation with its values put in, escaped where the template escapes: as
    Jinja2's new-style gettext does, always formatted, so that `%%` is always a `%`."""
    if not values and "%" not in text:  # formatting would change nothing
        return Markup(text) if context.eval_ctx.autoescape else text
    if context.eval_ctx.autoescape:
        return Markup(text) % values
    return text % values


def language_of(context: Context, fallback: str) -> str:
    """The page's language: its context's `language`, else its site's, else `fallback`."""
    return str(context.get("language") or getattr(context.get("site"), "language", "") or fallback)


def name_list(items: Iterable[Any], language: str) -> Markup:
    """Names joined as `language` joins a list ("A, B and C"); each escaped unless it is
    markup already (a link)."""
    shown = [escape(item) for item in items]
    if len(shown) < 2:
        return Markup("").join(shown)
    tokens = [f"\x00{i}\x00" for i in range(len(shown))]
    joined = str(escape(format_list(tokens, locale=_locale(language))))
    for token, item in zip(tokens, shown, strict=True):
        joined = joined.replace(token, item)
    return Markup(joined)


def _locale(language: str) -> Locale:
    try:
        locale = Locale.parse(language.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    if locale.language == "en" and locale.territory in (None, "US"):
        # CLDR's American English puts a comma before "and"; newspapers, AP style
        # included, do not: "A, B and C".
        return Locale("en", "001")
    return locale
