"""What a page tells machines about itself: canonical address, description, Open Graph and
Twitter cards, feed links, and JSON-LD (schema.org NewsArticle, BreadcrumbList, WebSite).

All of it is computed once per page at planning time; templates only print it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsgen.core.languages import open_graph_locale
from newsgen.core.model import Article, Author, Image, Section
from newsgen.core.routes import Links
from newsgen.images.card import SIZE as CARD_SIZE
from newsgen.images.card import CardStyle, share_card
from newsgen.images.markup import shared as shared_photo
from newsgen.markdown.convert import plain_text

HEADLINE_LIMIT = 110  # Google's limit for a NewsArticle headline
MetaTag = tuple[str, str, str]  # (attribute, name, content): ("property", "og:title", "...")


@dataclass(frozen=True)
class SiteFacts:
    title: str
    description: str
    language: str
    publisher: str
    logo: str  # site path or address; "" when there is none
    links: Links
    image: str = ""  # the share image of an article without one: site path or address
    cards: CardStyle | None = None  # the share cards of articles without a photograph; None: off


@dataclass(frozen=True)
class ShareImage:
    """What an article is shared with: its photograph's crop, else its card, else the
    site's share image."""

    src: str  # site path or address
    width: int | None
    height: int | None
    alt: str = ""
    caption: str = ""
    credit: str = ""


def share_image(article: Article, section: Section | None, site: SiteFacts) -> ShareImage | None:
    image = article.image
    if image is not None:
        src, width, height = shared_photo(image)
        return ShareImage(src, width, height, image.alt, image.caption, image.credit)
    card = share_card(article.title, section.title if section else "", site.cards)
    if card is not None:
        return ShareImage(card.path, *CARD_SIZE, card.alt)
    return ShareImage(site.image, None, None) if site.image else None


@dataclass(frozen=True)
class FeedLink:
    title: str
    rss: str  # site path
    atom: str  # site path


@dataclass(frozen=True)
class Head:
    title: str
    description: str
    canonical: str  # absolute address; "" where a page has none (404)
    meta: tuple[MetaTag, ...]
    json_ld: tuple[str, ...]  # serialized, safe inside <script>
    feeds: tuple[FeedLink, ...]


def json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> element early, whatever a headline holds."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(raw, escaped)
    return text


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _publisher(site: SiteFacts) -> dict[str, Any]:
    publisher: dict[str, Any] = {"@type": "Organization", "name": site.publisher}
    if site.logo:
        publisher["logo"] = {"@type": "ImageObject", "url": site.links.absolute(site.logo)}
    return publisher


def breadcrumb_list(crumbs: Sequence[tuple[str, str]], site: SiteFacts) -> dict[str, Any]:
    """`crumbs` are (name, site path), from Home down, as the visible breadcrumbs show them."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": site.links.absolute(path)}
            for i, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def news_article(
    article: Article, section: Section | None, author_paths: Sequence[str], site: SiteFacts,
    photos: Mapping[str, Image] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """`photos`: the authors' photographs, by their keys in config.toml."""
    links = site.links
    photos = photos or {}
    url = links.absolute(article.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting" if article.coverage else "NewsArticle",
        "headline": _cut(article.title, HEADLINE_LIMIT),
        "datePublished": article.date.isoformat(),
        "dateModified": article.modified.isoformat(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": article.lang or site.language,
        # Google asks every article for an author: the publisher, when it names none.
        "author": [
            person(author, path, photos.get(author.key), site)
            for author, path in zip(article.authors, author_paths, strict=True)
        ]
        or [{"@type": "Organization", "name": site.publisher, "url": links.absolute("")}],
        "publisher": _publisher(site),
    }
    if article.coverage:
        data |= _coverage(article, url)
    if article.summary:
        data["description"] = article.summary
    shared = share_image(article, section, site)
    if shared or site.logo:  # Google asks every article for an image
        data["image"] = [_image_object(shared, site)]
    if section:
        data["articleSection"] = section.title
    if article.tags:
        data["keywords"] = [tag.name for tag in article.tags]
    if article.location:
        data["locationCreated"] = {"@type": "Place", "name": article.location}
    if article.corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": c.date.isoformat()}
            for c in article.corrections
        ]
    return data


def person(author: Author, path: str, photo: Image | None, site: SiteFacts) -> dict[str, Any]:
    """An author as JSON-LD names one: name, page (`path`), and photograph where there is one."""
    data: dict[str, Any] = {"@type": "Person", "name": author.name,
                            "url": site.links.absolute(path)}  # fmt: skip
    if photo is not None:
        image: dict[str, Any] = {"@type": "ImageObject", "url": site.links.absolute(photo.src)}
        if photo.width and photo.height:
            image |= {"width": photo.width, "height": photo.height}
        data["image"] = image
    return data


def profile_page(author: Author, path: str, photo: Image | None, site: SiteFacts) -> dict[str, Any]:
    """An author's page: a ProfilePage about the author, with bio, own site and photograph."""
    about = person(author, path, photo, site)
    if author.bio:
        about["description"] = author.bio
    if author.url:
        about["sameAs"] = [author.url]
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": site.links.absolute(path),
        "inLanguage": site.language,
        "mainEntity": about,
    }


def _coverage(article: Article, url: str) -> dict[str, Any]:
    """What a LiveBlogPosting says of its coverage: its times, and each update."""
    data: dict[str, Any] = {"coverageStartTime": article.date.isoformat()}
    if article.live_until:
        data["coverageEndTime"] = article.live_until.isoformat()
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": _cut(update.title or article.title, HEADLINE_LIMIT),
            "datePublished": update.time.isoformat(),
            "url": f"{url}#{update.anchor}",
            "articleBody": " ".join(plain_text(update.body_html).split()),
            **({"author": {"@type": "Person", "name": update.author}} if update.author else {}),
        }
        for update in article.updates
    ]
    return data


def _image_object(shared: ShareImage | None, site: SiteFacts) -> dict[str, Any]:
    """The article's share image, or the site's logo."""
    if shared is None:
        return {"@type": "ImageObject", "url": site.links.absolute(site.logo)}
    image: dict[str, Any] = {"@type": "ImageObject", "url": site.links.absolute(shared.src)}
    if shared.width and shared.height:
        image |= {"width": shared.width, "height": shared.height}
    if shared.caption:
        image["caption"] = shared.caption
    if shared.credit:
        image |= {"creditText": shared.credit, "copyrightNotice": shared.credit}
    return image


def website(site: SiteFacts) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.title,
        "url": site.links.absolute(""),
        "inLanguage": site.language,
        "publisher": _publisher(site),
    }


def open_graph(
    site: SiteFacts, title: str, description: str, path: str, article: Article | None = None,
    section: Section | None = None,
) -> tuple[MetaTag, ...]:  # fmt: skip
    links = site.links
    # A draft shown by a --drafts build must never be indexed, wherever it is put.
    robots: list[MetaTag] = [("name", "robots", "noindex")] if article and article.draft else []
    tags: list[MetaTag] = [
        *robots,
        ("property", "og:site_name", site.title),
        ("property", "og:title", title),
        ("property", "og:type", "article" if article else "website"),
    ]
    if links.origin:  # Open Graph takes absolute addresses only
        tags.append(("property", "og:url", links.absolute(path)))
    language = (article.lang if article else "") or site.language
    if locale := open_graph_locale(language):  # Open Graph wants a territory: en_GB, not en
        tags.append(("property", "og:locale", locale))
    if description:
        tags.append(("property", "og:description", description))
    # Open Graph takes absolute addresses only.
    shared = share_image(article, section, site) if article and links.origin else None
    if shared:
        tags.append(("property", "og:image", links.absolute(shared.src)))
        if shared.width and shared.height:
            tags += [
                ("property", "og:image:width", str(shared.width)),
                ("property", "og:image:height", str(shared.height)),
            ]
        if shared.alt:
            tags.append(("property", "og:image:alt", shared.alt))
    if article:
        tags += [
            ("property", "article:published_time", article.date.isoformat()),
            ("property", "article:modified_time", article.modified.isoformat()),
        ]
        if section:
            tags.append(("property", "article:section", section.title))
        tags += [("property", "article:tag", tag.name) for tag in article.tags]
    tags += [
        ("name", "twitter:card", "summary_large_image" if shared else "summary"),
        ("name", "twitter:title", title),
    ]
    if description:
        tags.append(("name", "twitter:description", description))
    if shared:
        tags.append(("name", "twitter:image", links.absolute(shared.src)))
        if shared.alt:
            tags.append(("name", "twitter:image:alt", shared.alt))
    return tuple(tags)
