"""The Jinja2 environment: the site's templates first, then the built-in theme, with the
filters and helpers templates use. Autoescaping is on; undefined variables are errors.

Every built-in template can also be reached as `theme/<name>`, so that a site's own
`article.html` can `{% extends "theme/article.html" %}` and replace a single block.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from newsgen.core.config import Config
from newsgen.core.model import Image, Page, Section
from newsgen.core.routes import Links, UrlScheme, feed_paths
from newsgen.core.theme_files import THEME_PREFIX, builtin_theme, theme_folders
from newsgen.images.markup import picture
from newsgen.index.site import Site
from newsgen.markdown.convert import Picture


@dataclass(frozen=True)
class SiteSummary:
    """What every page may show of the site as a whole."""

    title: str
    description: str
    language: str
    base_url: str
    publisher: str
    nav: tuple[Section, ...]
    nav_paths: tuple[str, ...]  # the site paths of the sections in `nav`, in its order
    sections: Mapping[str, Section]
    indexes: tuple[tuple[str, str], ...]  # (title, site path) of the listings that exist
    feeds: bool  # whether feeds are written (they need a base_url with a host)
    live: str  # site path of the page of ongoing live coverage; "" when nothing is live
    feed: str  # site path of the site's RSS feed; "" when feeds are not written


@dataclass(frozen=True)
class DateWords:
    """How a language writes dates. Patterns use {d} {m} {y} (numbers), {month}, {mon}."""

    months: tuple[str, ...]
    abbreviations: tuple[str, ...]
    long: str
    short: str
    moment: str  # {date}, {time}, {zone}


def _words(months: str, abbreviations: str, patterns: str) -> DateWords:
    """Names split on spaces; patterns "long|short|moment"."""
    long, short, moment = patterns.split("|")
    return DateWords(tuple(months.split()), tuple(abbreviations.split()), long, short, moment)


def _numbered(suffix: str, patterns: str) -> DateWords:
    names = " ".join(f"{m}{suffix}" for m in range(1, 13))
    return _words(names, names, patterns)


_EN_MONTHS = "January February March April May June July August September October November December"
_EN_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
_DMY = "{d} {month} {y}|{d} {mon} {y}|{date}, {time} {zone}"
_D_DE_MONTH = "{d} de {month} de {y}|{d} {mon} {y}|{date}, {time} {zone}"
# By language tag, lower case: "en-us" before "en". Other languages are shown in English.
DATE_WORDS: Mapping[str, DateWords] = {
    "en": _words(_EN_MONTHS, _EN_ABBR, _DMY),
    "en-us": _words(_EN_MONTHS, _EN_ABBR, "{month} {d}, {y}|{mon} {d}, {y}|{date}, {time} {zone}"),
    "fr": _words(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
        "{d} {month} {y}|{d} {mon} {y}|{date} à {time} {zone}",
    ),
    "de": _words(
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
        "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
        "{d}. {month} {y}|{d}. {mon} {y}|{date}, {time} {zone}",
    ),
    "es": _words(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "ene feb mar abr may jun jul ago sept oct nov dic",
        _D_DE_MONTH,
    ),
    "it": _words(
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
        "dicembre",
        "gen feb mar apr mag giu lug ago set ott nov dic",
        _DMY,
    ),
    "pt": _words(
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
        "jan. fev. mar. abr. mai. jun. jul. ago. set. out. nov. dez.",
        _D_DE_MONTH,
    ),
    "nl": _words(
        "januari februari maart april mei juni juli augustus september oktober november december",
        "jan. feb. mrt. apr. mei jun. jul. aug. sep. okt. nov. dec.",
        _DMY,
    ),
    "ko": _numbered("월", "{y}년 {m}월 {d}일|{y}. {m}. {d}.|{date} {time} {zone}"),
    "ja": _numbered("月", "{y}年{m}月{d}日|{y}/{m}/{d}|{date} {time} {zone}"),
    "zh": _numbered("月", "{y}年{m}月{d}日|{y}-{m}-{d}|{date} {time} {zone}"),
}


def date_words(language: str) -> DateWords:
    tag = language.strip().lower().replace("_", "-")
    return DATE_WORDS.get(tag) or DATE_WORDS.get(tag.split("-")[0]) or DATE_WORDS["en"]


class Dates:
    """Date filters: machine-readable in the article's own offset, shown in the site's zone
    and language. The words come from a table, never from the machine's locale."""

    def __init__(self, zone: tzinfo, language: str = "en") -> None:
        self.zone = zone
        self.words = date_words(language)

    def iso(self, moment: datetime, day: bool = False) -> str:
        """For `<time datetime>`: whole seconds (six digits of a second are invalid for
        some validators); with `day` (an article dated by its day), the day alone, as it
        is in the site's zone."""
        if day:
            return moment.astimezone(self.zone).date().isoformat()
        return moment.replace(microsecond=0).isoformat()

    def show(self, moment: datetime, style: str = "long") -> str:
        local = moment.astimezone(self.zone)
        words = self.words
        parts = {
            "d": local.day,
            "m": local.month,
            "y": local.year,
            "month": words.months[local.month - 1],
            "mon": words.abbreviations[local.month - 1],
        }
        if style == "short":
            return words.short.format(**parts)
        if style == "time":
            return f"{local:%H:%M}"
        if style == "short_time":  # a day and a time: "29 Nov, 14:05"
            return f"{words.short.format(**parts)}, {local:%H:%M}"
        day = words.long.format(**parts)
        if style == "date":
            return day
        zone = local.tzname() or ""
        if zone[:1] in ("+", "-"):  # zones with no abbreviation are named by their offset
            zone = "UTC" + zone
        return words.moment.format(date=day, time=f"{local:%H:%M}", zone=zone).strip()

    def month_name(self, month: int) -> str:
        return self.words.months[month - 1]


@dataclass(frozen=True)
class ShareLink:
    name: str  # "Email", "Facebook", ...
    url: str


# Share links are plain links to each service's own sharing page: no script, no request to
# another host until a reader follows one. {url} and {title} arrive percent-encoded.
SHARE_SERVICES = (
    ("Email", "mailto:?subject={title}&body={url}"),
    ("WhatsApp", "https://wa.me/?text={title}%20{url}"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("X", "https://twitter.com/intent/tweet?text={title}&url={url}"),
    ("Bluesky", "https://bsky.app/intent/compose?text={title}%20{url}"),
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
)


def share_links(links: Links, path: str, title: str) -> tuple[ShareLink, ...]:
    """Links that share a page; none when the site's address has no host to share."""
    address = links.absolute(path)
    if not address.startswith(("https://", "http://")):
        return ()
    url, text = quote(address, safe=""), quote(title, safe="")
    return tuple(ShareLink(name, pattern.format(url=url, title=text))
                 for name, pattern in SHARE_SERVICES)  # fmt: skip


def theme_environment(
    config: Config, compiled: Path | None = None, reload: bool = True
) -> jinja2.Environment:
    """The templates of a site, without what one build shows through them: a process that
    builds again and again (serve) keeps this, and Jinja2 reloads a template that changed.
    Without `reload` (one build), a template is not checked against its file each time it
    is used (18,000 stats of partials at 1,000 articles).
    `compiled`: a folder keeping compiled templates between processes (Jinja2 checks each
    against its source), which spares a small site's rebuild most of its time."""
    bytecode = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(compiled))
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(f) for f in theme_folders(config)]),
        jinja2.PrefixLoader({THEME_PREFIX: jinja2.FileSystemLoader(str(builtin_theme()))}),
    ])  # fmt: skip
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode,
        auto_reload=reload,
    )
    dates = Dates(config.tz, config.language)
    env.filters["isodate"] = dates.iso
    env.filters["date"] = dates.show
    env.filters["month_name"] = dates.month_name
    return env


def bind_site(
    env: jinja2.Environment, config: Config, summary: SiteSummary, paths: UrlScheme
) -> None:
    """Give the templates one build's site: its globals, and fresh per-build memos."""
    links = Links(config.origin, config.base_path)
    env.globals["url"] = links.path
    env.globals["picture"] = partial(_picture, links.path)
    env.globals["absolute_url"] = links.absolute
    env.globals["share_links"] = lambda article: share_links(links, article.url, article.title)
    env.globals["paths"] = paths
    env.globals["site"] = summary
    made: dict[Hashable, Markup] = {}  # partials rendered this build, by what decides them
    cards: dict[Hashable, tuple[Any, Markup]] = {}  # by source, with the article shown

    def rendered(key: Hashable, name: str, values: dict[str, Any]) -> Markup:
        if key not in made:
            made[key] = Markup(env.get_template(name).render(values))
        return made[key]

    def render_once(name: str, **values: str) -> Markup:
        """A partial that shows only site-wide data and the `values` given, rendered once
        per build for each set of values and shared by every page that asks: the footer
        lists every section on every page; the navigation differs only by the section
        it marks."""
        return rendered((name, tuple(sorted(values.items()))), name, values)

    def fragment(
        name: str, article: Any, first: bool, second: bool, keys: tuple[str, str]
    ) -> Markup:
        """One article's card or headline, rendered once per build however many listings
        show it: the partial sees only `article`, its two options and the globals."""
        key = (name, article.source, first, second)
        held = cards.get(key)
        # The site's article, by identity: serve's first look shows an edited copy.
        if held is None or held[0] is not article:
            values = {"article": article, keys[0]: first, keys[1]: second}
            held = cards[key] = (article, Markup(env.get_template(name).render(values)))
        return held[1]

    env.globals["render_once"] = render_once
    env.globals["card"] = lambda article, show_section=True, show_summary=True: fragment(
        "partials/card.html", article, show_section, show_summary, ("show_section", "show_summary")
    )
    env.globals["headline"] = lambda article, show_section=False, show_date=False: fragment(
        "partials/headline.html", article, show_section, show_date, ("show_section", "show_date")
    )


def _picture(url: Callable[[str], str], image: Image, sizes: str) -> Picture | None:
    """How a page shows `image`: a `Picture` when it is published in several widths."""
    if not (image.resized and image.width and image.height):
        return None
    return picture(image.src, image.width, image.height, url, sizes)


def render_page(env: jinja2.Environment, page: Page, context: Mapping[str, Any]) -> bytes:
    """`context`: the page's, made (see LazyContext)."""
    template = env.get_template(page.template)
    return template.render({**context, "page_path": page.path}).encode("utf-8")


def site_summary(site: Site, config: Config, scheme: UrlScheme) -> SiteSummary:
    """What every page may show of the site as a whole."""
    indexes = (
        ("Archive", scheme.archive_index(), bool(site.months)),
        ("Topics", scheme.tags_index(), bool(site.tags)),
        ("Authors", scheme.authors_index(), bool(site.authors)),
        ("Corrections", scheme.corrections(), any(a.corrections for a in site.articles)),
    )
    # A section configured ahead of its first article is not offered to readers yet.
    menu = [p for p in site.top_sections if site.section_articles.get(p)]
    return SiteSummary(
        title=config.title,
        description=config.description,
        language=config.language,
        base_url=config.base_url,
        publisher=config.publisher.name or config.title,
        nav=tuple(site.sections[p] for p in menu),
        nav_paths=tuple(scheme.section(p) for p in menu),
        sections=site.sections,
        indexes=tuple((title, path) for title, path, exists in indexes if exists),
        feeds=bool(config.origin),
        live=scheme.live() if any(a.live for a in site.articles) else "",
        feed=feed_paths("")[0] if config.origin else "",
    )
