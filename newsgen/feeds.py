"""RSS 2.0 and Atom 1.0 feeds: a `Feed` of articles to bytes.

Every address is absolute, also inside the content; dates carry their offsets (RFC 822 in
RSS, RFC 3339 in Atom); each article's id is built from its source file and first date, so
it stays the same when the headline or URL changes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import urljoin, urlsplit

from newsgen.markdown import plain_text
from newsgen.model import Article, Image
from newsgen.routes import Links
from newsgen.xmltext import xml_safe

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
for _prefix, _uri in (("atom", ATOM), ("content", CONTENT), ("dc", DC), ("media", MEDIA)):
    ET.register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class FeedSite:
    """What every feed says of the site."""

    title: str
    description: str
    language: str
    publisher: str
    links: Links
    full_content: bool
    sections: Mapping[str, str]  # section path -> title


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: an article, or one update of live coverage."""

    id: str
    title: str
    url: str  # absolute
    published: datetime
    updated: datetime
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    summary: str
    content_html: str  # with absolute addresses; "" when the feed carries summaries only
    image: Image | None


@dataclass(frozen=True)
class Feed:
    title: str
    description: str
    page: str  # site path of the listing the feed follows
    rss: str  # site path of the RSS file
    atom: str  # site path of the Atom file
    entries: tuple[FeedEntry, ...]  # newest first, already cut to the feed's length


def article_id(article: Article, links: Links) -> str:
    """A tag: URI (RFC 4151) from the host and base path, the first publication date and the
    source file: neither a new headline nor a new URL scheme changes it."""
    host = urlsplit(links.origin).hostname or "localhost"
    source = article.source.rsplit(".", 1)[0]
    return f"tag:{host},{article.date:%Y-%m-%d}:{links.base_path}{source}"


def article_entry(article: Article, site: FeedSite) -> FeedEntry:
    url = site.links.absolute(article.url)
    section = site.sections.get(article.section)
    return FeedEntry(
        id=article_id(article, site.links),
        title=article.title,
        url=url,
        published=article.date,
        updated=article.modified,
        authors=tuple(a.name for a in article.authors),
        categories=(*([section] if section else []), *(tag.name for tag in article.tags)),
        summary=article.summary,
        content_html=absolute_html(article.body_html, url) if site.full_content else "",
        image=article.image,
    )


def update_entries(article: Article, site: FeedSite) -> tuple[FeedEntry, ...]:
    """The updates of live coverage, each an entry of the article's own feed."""
    page = site.links.absolute(article.url)
    base = article_entry(article, site)
    return tuple(
        FeedEntry(
            id=f"{base.id}#{update.anchor}",
            title=update.title or f"{article.title}, {update.time:%H:%M}",
            url=f"{page}#{update.anchor}",
            published=update.time,
            updated=update.time,
            authors=(update.author,) if update.author else base.authors,
            categories=base.categories,
            summary=" ".join(plain_text(update.body_html).split()),
            content_html=absolute_html(update.body_html, page),
            image=None,
        )
        for update in article.updates
    )


def feed_updated(feed: Feed, fallback: datetime) -> datetime:
    return max((e.updated for e in feed.entries), default=fallback)


_ATTRIBUTE_URL = re.compile(r"""(\s(?:href|src)=)(["'])(.*?)\2""", re.S)


def absolute_html(fragment: str, base: str) -> str:
    """Rewrite every href and src in an HTML fragment to an absolute address, as feed readers
    show content away from the site."""
    return _ATTRIBUTE_URL.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{urljoin(base, m.group(3))}{m.group(2)}", fragment
    )


def _el(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_safe(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _document(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def render_rss(feed: Feed, site: FeedSite, built: datetime) -> bytes:
    links = site.links
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _el(rss, "channel")
    _el(channel, "title", feed.title)
    _el(channel, "link", links.absolute(feed.page))
    _el(channel, "description", feed.description or feed.title)
    _el(channel, f"{{{ATOM}}}link", href=links.absolute(feed.rss), rel="self",
        type="application/rss+xml")  # fmt: skip
    _el(channel, "language", site.language)
    _el(channel, "lastBuildDate", format_datetime(feed_updated(feed, built)))
    _el(channel, "generator", "newsgen")
    for entry in feed.entries:
        item = _el(channel, "item")
        _el(item, "title", entry.title)
        _el(item, "link", entry.url)
        _el(item, "guid", entry.id, isPermaLink="false")
        _el(item, "pubDate", format_datetime(entry.published))
        _el(item, "description", entry.summary or entry.title)
        for author in entry.authors:
            _el(item, f"{{{DC}}}creator", author)
        for category in entry.categories:
            _el(item, "category", category)
        if entry.content_html:
            _el(item, f"{{{CONTENT}}}encoded", entry.content_html)
        image = entry.image
        if image:
            url = links.absolute(image.src)
            if image.size is not None and image.media_type:
                _el(item, "enclosure", url=url, length=str(image.size), type=image.media_type)
            media = _el(item, f"{{{MEDIA}}}content", url=url, medium="image",
                        **_dimensions(image.width, image.height))  # fmt: skip
            if image.alt:
                _el(media, f"{{{MEDIA}}}description", image.alt)
    return _document(rss)


def render_atom(feed: Feed, site: FeedSite, built: datetime) -> bytes:
    links = site.links
    # Atom as the default namespace: <feed xmlns="...">, its elements unprefixed.
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": site.language})
    _el(root, "id", links.absolute(feed.atom))
    _el(root, "title", feed.title)
    if feed.description:
        _el(root, "subtitle", feed.description)
    _el(root, "updated", feed_updated(feed, built).isoformat())
    _el(root, "link", rel="self", type="application/atom+xml",
        href=links.absolute(feed.atom))  # fmt: skip
    _el(root, "link", rel="alternate", type="text/html", href=links.absolute(feed.page))
    publisher = _el(root, "author")
    _el(publisher, "name", site.publisher)
    _el(root, "generator", "newsgen")
    for item in feed.entries:
        entry = _el(root, "entry")
        _el(entry, "id", item.id)
        _el(entry, "title", item.title, type="text")
        _el(entry, "link", rel="alternate", type="text/html", href=item.url)
        _el(entry, "published", item.published.isoformat())
        _el(entry, "updated", item.updated.isoformat())
        for author in item.authors:
            person = _el(entry, "author")
            _el(person, "name", author)
        for category in item.categories:
            _el(entry, "category", term=category)
        if item.summary:
            _el(entry, "summary", item.summary, type="text")
        if item.content_html:
            _el(entry, "content", item.content_html, type="html")
        image = item.image
        if image and image.size is not None and image.media_type:
            _el(entry, "link", rel="enclosure", type=image.media_type,
                length=str(image.size), href=links.absolute(image.src))  # fmt: skip
    return _document(root)


def _dimensions(width: int | None, height: int | None) -> dict[str, str]:
    return {"width": str(width), "height": str(height)} if width and height else {}
