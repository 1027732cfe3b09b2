"""RSS 2.0 and Atom 1.0 feeds: a `Feed` of articles to bytes.

Every address is absolute, also inside the content; dates carry their offsets (RFC 822 in
RSS, RFC 3339 in Atom); each article's id is built from its source file and first date, so
it stays the same when the headline or URL changes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from newsgen.core.model import Article, Image
from newsgen.core.routes import Links
from newsgen.formats.xmltext import escape, quoteattr, xml_safe
from newsgen.markdown.convert import plain_text

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc822_date(moment: datetime) -> str:
    """As `email.utils.format_datetime` writes a time ("Fri, 20 Nov 2026 10:00:00 +0900"),
    without importing the email package (15-20 ms of every build's start)."""
    zone = moment.strftime("%z") if moment.tzinfo is not None else "-0000"
    return (
        f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
        f"{moment.year:04d} {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} {zone}"
    )


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
    # Site path of each image beside the articles -> the bytes of the file published at its
    # address (made smaller and without metadata): an enclosure gives the file's own length.
    image_bytes: Mapping[str, int] = field(default_factory=dict)


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
    language: str = ""  # the entry's language tag when it is not the feed's, else ""


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
        language=article.lang if article.lang not in ("", site.language) else "",
        image=_as_published(article.image, site.image_bytes),
    )


def _as_published(image: Image | None, image_bytes: Mapping[str, int]) -> Image | None:
    """The image with the length of the file at its address, which the images stage made."""
    if image is None or image.src not in image_bytes:
        return image
    return replace(image, size=image_bytes[image.src])


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
            language=base.language,
        )
        for update in article.updates
    )


def feed_updated(feed: Feed, fallback: datetime) -> datetime:
    return max((e.updated for e in feed.entries), default=fallback)


_ATTRIBUTE_URL = re.compile(r"""(\s(?:href|src)=)(["'])(.*?)\2""", re.S)


_SRCSET = re.compile(r"""(\ssrcset=)(["'])(.*?)\2""", re.S)


def absolute_html(fragment: str, base: str) -> str:
    """Rewrite every href, src and srcset in an HTML fragment to absolute addresses, as feed
    readers show content away from the site."""
    fragment = _ATTRIBUTE_URL.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{urljoin(base, m.group(3))}{m.group(2)}", fragment
    )
    if "srcset=" not in fragment:
        return fragment
    return _SRCSET.sub(lambda m: f"{m.group(1)}{m.group(2)}{_srcset(m.group(3), base)}{m.group(2)}",
                       fragment)  # fmt: skip


def _srcset(candidates: str, base: str) -> str:
    """Each address of a srcset ("a.320w.webp 320w, a.640w.webp 640w") made absolute."""
    made = []
    for candidate in candidates.split(","):
        address, _, descriptor = candidate.strip().partition(" ")
        made.append(f"{urljoin(base, address)} {descriptor}".strip())
    return ", ".join(made)


def _attributes(attributes: Mapping[str, str]) -> str:
    return "".join(f" {name}={quoteattr(xml_safe(value))}" for name, value in attributes.items())


class _Writer:
    """Writes XML as text, indented, escaping every text and attribute (ElementTree took a
    third of the time of a build's feeds for the same output)."""

    def __init__(self, depth: int = 0) -> None:
        self.lines = [] if depth else ["<?xml version='1.0' encoding='utf-8'?>"]
        self.depth = depth

    def open(self, tag: str, **attributes: str) -> None:
        self.lines.append(f"{'  ' * self.depth}<{tag}{_attributes(attributes)}>")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.lines.append(f"{'  ' * self.depth}</{tag}>")

    def element(self, tag: str, text: str | None = None, **attributes: str) -> None:
        indent = "  " * self.depth
        if text is None:
            self.lines.append(f"{indent}<{tag}{_attributes(attributes)} />")
        else:
            body = escape(xml_safe(text))
            self.lines.append(f"{indent}<{tag}{_attributes(attributes)}>{body}</{tag}>")

    def extend(self, lines: tuple[str, ...]) -> None:
        """Lines written by another writer at this one's depth."""
        self.lines.extend(lines)

    def bytes(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("utf-8")


def render_rss(feed: Feed, site: FeedSite, built: datetime) -> bytes:
    links = site.links
    xml = _Writer()
    xml.open("rss", **{f"xmlns:{p}": uri for p, uri in (("atom", ATOM), ("content", CONTENT),
          ("dc", DC), ("media", MEDIA))}, version="2.0")  # fmt: skip
    xml.open("channel")
    xml.element("title", feed.title)
    xml.element("link", links.absolute(feed.page))
    xml.element("description", feed.description or feed.title)
    xml.element("atom:link", href=links.absolute(feed.rss), rel="self", type="application/rss+xml")
    xml.element("language", site.language)
    xml.element("lastBuildDate", rfc822_date(feed_updated(feed, built)))
    xml.element("generator", "newsgen")
    for entry in feed.entries:
        xml.extend(_rss_item(entry, links))
    xml.close("channel")
    xml.close("rss")
    return xml.bytes()


def render_atom(feed: Feed, site: FeedSite, built: datetime) -> bytes:
    links = site.links
    xml = _Writer()
    xml.open("feed", xmlns=ATOM, **{"xml:lang": site.language})
    xml.element("id", links.absolute(feed.atom))
    xml.element("title", feed.title)
    if feed.description:
        xml.element("subtitle", feed.description)
    xml.element("updated", feed_updated(feed, built).isoformat())
    xml.element("link", rel="self", type="application/atom+xml", href=links.absolute(feed.atom))
    xml.element("link", rel="alternate", type="text/html", href=links.absolute(feed.page))
    xml.open("author")
    xml.element("name", site.publisher)
    xml.close("author")
    xml.element("generator", "newsgen")
    for item in feed.entries:
        xml.extend(_atom_item(item, links))
    xml.close("feed")
    return xml.bytes()


# An article is an item of ~16 feeds (site, sections, tags, authors; RSS and Atom): its
# XML is written once. Pure functions of their arguments; the bound keeps serve's memory flat.
@functools.lru_cache(maxsize=4096)
def _rss_item(entry: FeedEntry, links: Links) -> tuple[str, ...]:
    xml = _Writer(depth=2)
    xml.open("item")
    xml.element("title", entry.title)
    xml.element("link", entry.url)
    xml.element("guid", entry.id, isPermaLink="false")
    xml.element("pubDate", rfc822_date(entry.published))
    xml.element("description", entry.summary or entry.title)
    if entry.language:
        xml.element("dc:language", entry.language)
    for author in entry.authors:
        xml.element("dc:creator", author)
    for category in entry.categories:
        xml.element("category", category)
    if entry.content_html:
        xml.element("content:encoded", entry.content_html)
    image = entry.image
    if image:
        url = links.absolute(image.src)
        if image.size is not None and image.media_type:
            xml.element("enclosure", url=url, length=str(image.size), type=image.media_type)
        media = {"url": url, "medium": "image", **_dimensions(image.width, image.height)}
        if image.alt:
            xml.open("media:content", **media)
            xml.element("media:description", image.alt)
            xml.close("media:content")
        else:
            xml.element("media:content", **media)
    xml.close("item")
    return tuple(xml.lines)


@functools.lru_cache(maxsize=4096)
def _atom_item(item: FeedEntry, links: Links) -> tuple[str, ...]:
    xml = _Writer(depth=1)
    xml.open("entry", **({"xml:lang": item.language} if item.language else {}))
    xml.element("id", item.id)
    xml.element("title", item.title, type="text")
    xml.element("link", rel="alternate", type="text/html", href=item.url)
    xml.element("published", item.published.isoformat())
    xml.element("updated", item.updated.isoformat())
    for author in item.authors:
        xml.open("author")
        xml.element("name", author)
        xml.close("author")
    for category in item.categories:
        xml.element("category", term=category)
    if item.summary:
        xml.element("summary", item.summary, type="text")
    if item.content_html:
        xml.element("content", item.content_html, type="html")
    image = item.image
    if image and image.size is not None and image.media_type:
        xml.element("link", rel="enclosure", type=image.media_type, length=str(image.size),
                    href=links.absolute(image.src))  # fmt: skip
    xml.close("entry")
    return tuple(xml.lines)


def _dimensions(width: int | None, height: int | None) -> dict[str, str]:
    return {"width": str(width), "height": str(height)} if width and height else {}
