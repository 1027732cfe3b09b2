"""The Jinja2 environment: the site's templates first, then the built-in theme, with the
filters and helpers templates use. Autoescaping is on; undefined variables are errors.

Every built-in template can also be reached as `theme/<name>`, so that a site's own
`article.html` can `{% extends "theme/article.html" %}` and replace a single block.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from newsgen.core.config import Config
from newsgen.core.languages import direction, open_graph_locale
from newsgen.core.model import Image, Page, Section
from newsgen.core.routes import Links, UrlScheme, feed_paths
from newsgen.core.theme_files import THEME_PREFIX, builtin_theme, theme_folders
from newsgen.core.words import N_, Catalogs
from newsgen.images.markup import picture
from newsgen.index.site import Site
from newsgen.markdown.convert import Picture
from newsgen.render.dates import Dates
from newsgen.render.words import install_words, language_of


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
    # (title, site path) of the listings that exist; a title in English, shown translated
    indexes: tuple[tuple[str, str], ...]
    feeds: bool  # whether feeds are written (they need a base_url with a host)
    live: str  # site path of the page of ongoing live coverage; "" when nothing is live
    feed: str  # site path of the site's RSS feed; "" when feeds are not written
    home: str = ""  # site path of the front page: a language's prefix on a multilingual site
    # Each language of a multilingual site as its pages show the site, by code; else empty.
    languages: Mapping[str, SiteSummary] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class ShareLink:
    name: str  # "Email", "Facebook", ...
    url: str


# Share links are plain links to each service's own sharing page: no script, no request to
# another host until a reader follows one. {url} and {title} arrive percent-encoded.
SHARE_SERVICES = (
    (N_("Email"), "mailto:?subject={title}&body={url}"),
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
        extensions=["jinja2.ext.i18n"],  # the theme's words: render/words.py
    )
    env.filters.update(date_filters(Dates(config.tz), config.language))
    env.filters["direction"] = direction  # "rtl" or "ltr", of a language tag
    env.filters["og_locale"] = open_graph_locale  # "ja_JP", of a language tag
    env.globals["page_language"] = jinja2.pass_context(
        lambda context: language_of(context, config.language)
    )
    return env


def date_filters(dates: Dates, fallback: str) -> dict[str, Callable[..., str]]:
    """The filters that show dates and numbers, each in the language of the page that
    uses it, read when the page is rendered: one environment renders pages in several
    languages."""

    @jinja2.pass_context
    def date(context: jinja2.runtime.Context, moment: datetime, style: str = "long") -> str:
        return dates.show(moment, style, language_of(context, fallback))

    @jinja2.pass_context
    def month_name(context: jinja2.runtime.Context, month: int) -> str:
        return dates.month_name(month, language_of(context, fallback))

    @jinja2.pass_context
    def month_year(context: jinja2.runtime.Context, month: int, year: int) -> str:
        return dates.month_year(month, year, language_of(context, fallback))

    @jinja2.pass_context
    def year(context: jinja2.runtime.Context, value: int) -> str:
        return dates.year(value, language_of(context, fallback))

    @jinja2.pass_context
    def number(context: jinja2.runtime.Context, value: int | float) -> str:
        return dates.number(value, language_of(context, fallback))

    return {
        "isodate": dates.iso,
        "date": date,
        "month_name": month_name,
        "month_year": month_year,
        "year": year,
        "number": number,
    }


def bind_site(
    env: jinja2.Environment, config: Config, summary: SiteSummary, paths: UrlScheme,
    catalogs: Catalogs,
) -> None:  # fmt: skip
    """Give the templates one build's site: its globals, its words, fresh per-build memos."""
    install_words(env, catalogs, config.language)
    links = Links(config.origin, config.base_path)
    env.globals["url"] = links.path
    env.globals["picture"] = partial(_picture, links.path)
    env.globals["absolute_url"] = links.absolute
    env.globals["share_links"] = lambda article: share_links(links, article.url, article.title)
    env.globals["paths"] = paths
    env.globals["site"] = summary
    # A multilingual site's pages see the site, and its addresses, as their language does.
    in_language = {
        code: {"site": own, "paths": paths.in_language(config.languages[code].prefix)}
        for code, own in summary.languages.items()
    }
    env.globals[_IN_LANGUAGE] = in_language
    _bind_partials(env, config.language, in_language)


def _bind_partials(
    env: jinja2.Environment, default_language: str, in_language: Mapping[str, dict[str, Any]]
) -> None:
    """The partials many pages show alike (navigation, footer, cards, headlines), rendered
    once per build and language, in fresh memos."""
    made: dict[Hashable, Markup] = {}  # partials rendered this build, by what decides them
    cards: dict[Hashable, tuple[Any, Markup]] = {}  # by source, with the article shown

    @jinja2.pass_context
    def render_once(context: jinja2.runtime.Context, name: str, **values: str) -> Markup:
        """A partial that shows only site-wide data and the `values` given, rendered once
        per build for each set of values and language, and shared by every page that asks:
        the footer lists every section on every page; the navigation differs only by the
        section it marks."""
        values = {**values, "language": language_of(context, default_language)}
        key = (name, tuple(sorted(values.items())))
        if key not in made:
            own = in_language.get(values["language"], {})
            made[key] = Markup(env.get_template(name).render({**values, **own}))
        return made[key]

    def fragment(
        context: jinja2.runtime.Context, name: str, article: Any, options: dict[str, bool]
    ) -> Markup:
        """One article's card or headline, rendered once per build (and language) however
        many listings show it: the partial sees only `article`, its two options, the
        page's language and the globals."""
        language = language_of(context, default_language)
        key = (name, article.source, *options.values(), language)
        held = cards.get(key)
        # The site's article, by identity: serve's first look shows an edited copy.
        if held is None or held[0] is not article:
            values = {"article": article, **options, "language": language,
                      **in_language.get(language, {})}  # fmt: skip
            held = cards[key] = (article, Markup(env.get_template(name).render(values)))
        return held[1]

    @jinja2.pass_context
    def card(
        context: jinja2.runtime.Context,
        article: Any,
        show_section: bool = True,
        show_summary: bool = True,
    ) -> Markup:
        options = {"show_section": show_section, "show_summary": show_summary}
        return fragment(context, "partials/card.html", article, options)

    @jinja2.pass_context
    def headline(
        context: jinja2.runtime.Context,
        article: Any,
        show_section: bool = False,
        show_date: bool = False,
    ) -> Markup:
        options = {"show_section": show_section, "show_date": show_date}
        return fragment(context, "partials/headline.html", article, options)

    env.globals["render_once"] = render_once
    env.globals["card"] = card
    env.globals["headline"] = headline


def _picture(url: Callable[[str], str], image: Image, sizes: str) -> Picture | None:
    """How a page shows `image`: a `Picture` when it is published in several widths."""
    if not (image.resized and image.width and image.height):
        return None
    return picture(image.src, image.width, image.height, url, sizes)


def render_page(env: jinja2.Environment, page: Page, context: Mapping[str, Any]) -> bytes:
    """`context`: the page's, made (see LazyContext)."""
    template = env.get_template(page.template)
    values = {**context, "page_path": page.path}
    in_language: Mapping[str, dict[str, Any]] = env.globals.get(_IN_LANGUAGE, {})  # type: ignore[assignment]
    values.update(in_language.get(context.get("language", ""), {}))
    return template.render(values).encode("utf-8")


# The global holding each language's `site` and `paths` (see `bind_site`).
_IN_LANGUAGE = "_site_in_language"


def site_summary(site: Site, config: Config, scheme: UrlScheme) -> SiteSummary:
    """What every page may show of the site as a whole; on a multilingual site, the default
    language's, with every language's in `languages`."""
    if not site.languages:
        return _summary(site, config, scheme)
    languages = {
        code: _summary(own, config.in_language(code),
                       scheme.in_language(config.languages[code].prefix))
        for code, own in site.languages.items()
    }  # fmt: skip
    return replace(next(iter(languages.values())), languages=MappingProxyType(languages))


def _summary(site: Site, config: Config, scheme: UrlScheme) -> SiteSummary:
    indexes = (
        (N_("Archive"), scheme.archive_index(), bool(site.months)),
        (N_("Topics"), scheme.tags_index(), bool(site.tags)),
        (N_("Authors"), scheme.authors_index(), bool(site.authors)),
        (N_("Corrections"), scheme.corrections(), any(a.corrections for a in site.articles)),
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
        feed=feed_paths(scheme.home())[0] if config.origin else "",
        home=scheme.home(),
    )
