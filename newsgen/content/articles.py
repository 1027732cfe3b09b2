"""Stage `parse`, second half: `Entry` to `Article`, once every URL is known.

Resolves authors and tags, renders the body with links between articles (written as their
source paths) rewritten to the pages they become, and derives the summary and dateline.
"""

from __future__ import annotations

import html
import mimetypes
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from newsgen.content.idioms import Converted, IdiomSite, convert_idioms
from newsgen.content.languages import placed
from newsgen.content.live import UpdateSource, split_live_body
from newsgen.content.reader import MARKDOWN_SUFFIXES, resolve_relative
from newsgen.content.targets import Targets
from newsgen.core.config import Config
from newsgen.core.errors import ContentError, Diagnostic, line_of
from newsgen.core.model import Article, Author, Entry, Image, LiveUpdate, Tag
from newsgen.core.routes import url_for
from newsgen.core.slugs import slugify
from newsgen.images.markup import picture
from newsgen.images.probe import ImageProblem
from newsgen.images.recipe import BODY_SIZES, is_resized
from newsgen.markdown.convert import (
    BodyRenderer,
    LinkRewriter,
    Picture,
    plain_text,
    prepend_to_first_paragraph,
    summarize,
)
from newsgen.markdown.gallery import unmade_galleries
from newsgen.markdown.reading import measure, reading_minutes
from newsgen.markdown.typography import smarten_text

Named = TypeVar("Named", Author, Tag)


def resolve_author(name: str, config: Config) -> Author:
    """An author named in front matter, by config key or display name, else as written."""
    configured = config.authors.get(name) or next(
        (a for a in config.authors.values() if a.name.casefold() == name.casefold()), None
    )
    if configured is not None:
        key = next(k for k, v in config.authors.items() if v is configured)
        return Author(key, configured.name, slugify(key), configured.bio, configured.url)
    return Author(slugify(name), name, slugify(name))


def build_article(
    entry: Entry,
    url: str,
    targets: Targets,
    config: Config,
    renderer: BodyRenderer,
    warnings: list[Diagnostic],
    now: datetime,
    consulted: set[str] | None = None,
) -> Article:
    """`consulted` gets each content path whose being a page or a file decided the article:
    its links' targets and its image."""
    consulted = set() if consulted is None else consulted
    entry = placed(entry, config)  # its language, section and slug on a multilingual site
    authors, tags = _people_and_tags(entry, config)
    image = _featured_image(entry, targets, config, warnings, consulted)
    converted = _converted(entry, targets, config, warnings, consulted)
    shown: dict[str, None] = {}  # the images beside the articles that the body shows
    rewrite = _link_rewriter(entry, targets, config, warnings, consulted, converted.lines,
                             shown)  # fmt: skip
    updates: tuple[LiveUpdate, ...] = ()
    text = converted.text
    written: list[UpdateSource] = []
    if entry.live:
        live = split_live_body(entry.source, text, entry.body_line, entry.date)
        text = live.intro
        written = _newest_first(live.updates)
        updates = _render_updates(written, renderer, rewrite)
    rendered = renderer.render(text, rewrite)
    bodies = [rendered.html, *(u.body_html for u in updates)]
    _check_body_images(entry, bodies, warnings)
    _check_galleries(entry, [text, *(u.markdown for u in written)], bodies, warnings)
    size = sum((measure(plain_text(u.body_html)) for u in updates), rendered.size)
    language = entry.lang or config.language  # how the body is counted and summarized
    summary = smarten_text(entry.summary) if entry.summary else summarize(rendered.html, language)
    return Article(
        source=entry.source,
        url=url,
        title=smarten_text(entry.title),
        # A draft without a date is the newest, dated as the build is.
        date=now if entry.undated else entry.date,
        date_only=entry.date_only,
        updated=entry.updated,
        authors=authors,
        section=entry.section,
        tags=tags,
        summary=summary,
        standfirst=smarten_text(entry.summary),
        image=image,
        location=entry.location,
        lang=entry.lang,
        translation_key=entry.translation_key,
        slug=entry.slug,
        draft=entry.draft,
        featured=entry.featured,
        coverage=entry.live,
        live=entry.live and (entry.live_until is None or now < entry.live_until),
        live_until=entry.live_until,
        updates=updates,
        body_images=tuple(shown),
        corrections=entry.corrections,
        body_html=_with_dateline(rendered.html, entry.location),
        toc_html=rendered.toc_html,
        word_count=size.words,
        reading_minutes=reading_minutes(size, language),
        extra=entry.extra,
    )


def _with_dateline(body: str, location: str) -> str:
    """The body with its dateline ("SEOUL, South Korea —") opening the first paragraph."""
    if not location:
        return body
    return prepend_to_first_paragraph(
        body, f'<span class="dateline">{html.escape(location)} —</span>'
    )


def _converted(
    entry: Entry, targets: Targets, config: Config, warnings: list[Diagnostic],
    consulted: set[str],
) -> Converted:  # fmt: skip
    """The body with other generators' template tags turned into what they meant."""
    site = IdiomSite(targets, config.base_path, config.origin, config.markdown.raw_html)
    converted = convert_idioms(entry.source, entry.body, entry.body_line, site)
    warnings.extend(converted.problems)
    consulted.update(converted.consulted)
    return converted


def _people_and_tags(entry: Entry, config: Config) -> tuple[tuple[Author, ...], tuple[Tag, ...]]:
    # "Seoul" and "seoul", or an author by key and by name, are one tag or author.
    authors = _unique(resolve_author(name, config) for name in entry.authors)
    tags = _unique(Tag(name, slugify(name)) for name in entry.tags)
    for kind, named in (("author", authors), ("tag", tags)):
        for thing in named:
            if not thing.slug:
                message = f"{kind} '{thing.name}' has no letter or digit"
                raise ContentError(entry.source, None, message)
    return authors, tags


def _featured_image(
    entry: Entry, targets: Targets, config: Config, warnings: list[Diagnostic],
    consulted: set[str],
) -> Image | None:  # fmt: skip
    """The entry's image, with its size and type when it is a file beside the articles."""
    image = entry.image
    if image and image.caption:
        image = replace(image, caption=smarten_text(image.caption))
    if image and not urlsplit(image.src).scheme:
        consulted.add(image.src)
        line = entry.key_lines.get("image")
        if image.src in targets.assets:
            try:
                return describe_image(image, config.content_path / image.src)
            except ImageProblem as exc:
                raise ContentError(entry.source, line, f"image '{image.src}' {exc}") from None
        warnings.append(Diagnostic(entry.source, line, f"image file '{image.src}' not found"))
    elif image and not (image.width and image.height):
        line = entry.key_lines.get("image")
        warnings.append(Diagnostic(entry.source, line, _unsized(image.src), "warning"))
    return image


def _unsized(src: str) -> str:
    return (
        f"image '{src}' is on another site and its size is not known: the page moves as it "
        "loads (give its width and height)"
    )


def _newest_first(sources: Iterable[UpdateSource]) -> list[UpdateSource]:
    return sorted(sources, key=lambda u: u.time, reverse=True)


def _render_updates(
    sources: Iterable[UpdateSource], renderer: BodyRenderer, rewrite: LinkRewriter
) -> tuple[LiveUpdate, ...]:
    """Render each update; newest first, with an anchor of its own."""
    updates: list[LiveUpdate] = []
    used: set[str] = set()
    for source in _newest_first(sources):
        anchor = base = f"update-{source.time.astimezone(UTC):%Y%m%d%H%M}"
        number = 1
        while anchor in used:  # two updates in one minute
            number += 1
            anchor = f"{base}-{number}"
        used.add(anchor)
        html = renderer.render(source.markdown, rewrite).html if source.markdown.strip() else ""
        updates.append(LiveUpdate(anchor, source.time, source.title, source.author, source.key,
                                  source.pinned, html))  # fmt: skip
    return tuple(updates)


def describe_image(image: Image, file: Path) -> Image:
    """Add what pages and feeds say of a local image: its size in pixels (as shown, turned
    as its EXIF orientation says) and bytes, its type, whether it is published in several
    widths. ImageProblem for a photograph Pillow cannot read, or a decompression bomb."""
    from newsgen.images.probe import probe

    width = height = None
    resized = False
    if is_resized(image.src):
        facts = probe(str(file))
        width, height, resized = facts.width, facts.height, not facts.animated
    elif not file.name.lower().endswith(".svg"):
        try:  # a GIF, an icon: its size if Pillow reads it, else none
            facts = probe(str(file))
            width, height = facts.width, facts.height
        except ImageProblem:
            pass
    return replace(
        image,
        width=width,
        height=height,
        size=file.stat().st_size,
        media_type=mimetypes.guess_type(file.name)[0],
        resized=resized,
    )


def _unique(items: Iterable[Named]) -> tuple[Named, ...]:
    by_slug: dict[str, Named] = {}
    for item in items:
        by_slug.setdefault(item.slug, item)
    return tuple(by_slug.values())


def _link_rewriter(
    entry: Entry, targets: Targets, config: Config, warnings: list[Diagnostic],
    consulted: set[str], lines: Mapping[str, int], shown: dict[str, None],
) -> LinkRewriter:  # fmt: skip
    """`lines`: the lines of links made from template tags, which the body does not hold.
    A photograph beside the articles becomes a `Picture`, with its widths and formats;
    `shown` gets the path of each image beside the articles that the body shows."""

    def rewrite(target: str, tag: str) -> str | Picture | None:
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path:
            return None  # another site, or an anchor on this page
        path = resolve_relative(entry.source, unquote(parts.path))
        consulted.add(path)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if path in targets.pages:
            return url_for(config.base_path, targets.pages[path]) + fragment
        if path in targets.assets and tag == "img":
            shown[path] = None
        if path in targets.assets and tag == "img" and is_resized(path):
            try:
                return _body_picture(config, path)
            except ImageProblem as exc:
                warnings.append(Diagnostic(entry.source, where(target), f"image '{path}' {exc}"))
                return None
        if path in targets.assets:
            return url_for(config.base_path, path) + fragment
        problem = _missing_target(target, tag, path, targets)
        if problem is not None:
            warnings.append(replace(problem, path=entry.source, line=where(target)))
        return None

    def where(target: str) -> int | None:
        return lines.get(target.partition("#")[0]) or _line_of(entry, target)

    return rewrite


def _body_picture(config: Config, path: str) -> Picture | None:
    """A photograph in a body, as a `Picture`; None for an animated one, shown as it is."""
    described = describe_image(Image(path, ""), config.content_path / path)
    if not (described.resized and described.width and described.height):
        return None

    def url(site_path: str) -> str:
        return url_for(config.base_path, site_path)

    return picture(path, described.width, described.height, url, BODY_SIZES)


def _missing_target(target: str, tag: str, path: str, targets: Targets) -> Diagnostic | None:
    """What is wrong with a link to a content path that this build does not publish: an
    error for an image or an article that does not exist, a warning for an article left out
    (it may be published later), nothing for what may be a page or file of the site itself
    (`newsgen check` looks for those among the files the build writes)."""
    if not path.endswith(MARKDOWN_SUFFIXES):
        if tag == "img" and not target.startswith("/"):
            return Diagnostic("", None, f"image file '{path}' not found")
        return None
    why = targets.unpublished.get(path)
    if why is not None:
        return Diagnostic("", None, f"link to '{target}': the article is {why}", "warning")
    return Diagnostic("", None, f"link to '{target}': no such article")


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_WIDTH = re.compile(r"\swidth\s*=", re.IGNORECASE)
_HEIGHT = re.compile(r"\sheight\s*=", re.IGNORECASE)


def _check_body_images(entry: Entry, bodies: Iterable[str], warnings: list[Diagnostic]) -> None:
    """A warning for each image in the body that says nothing to a reader who cannot see
    it, and for each from another site whose size the body does not give."""
    for body in bodies:
        if "<img" not in body:
            continue
        for tag in _IMG.findall(body):
            src = _SRC.search(tag)
            address = html.unescape("".join(src.groups(""))) if src else ""
            alt = _ALT.search(tag)
            if alt is None or not "".join(alt.groups("")).strip():
                name = posixpath.basename(address)
                message = (
                    f"image '{name}' has no alt text: describe it for readers who cannot see it"
                )
                warnings.append(Diagnostic(entry.source, _line_of(entry, name), message, "warning"))
            if urlsplit(address).scheme and not (_WIDTH.search(tag) and _HEIGHT.search(tag)):
                line = _line_of(entry, address)
                warnings.append(Diagnostic(entry.source, line, _unsized(address), "warning"))


_UNMADE_GALLERY = (
    "gallery shown as text: it starts after a blank line, holds at least one image, and "
    "ends at a line of ':::' in the same list item or quote, with only paragraphs between"
)


def _check_galleries(
    entry: Entry, texts: Iterable[str], bodies: Iterable[str], warnings: list[Diagnostic]
) -> None:
    """An error at each `::: gallery` that a body shows as text."""
    for text, body in zip(texts, bodies, strict=True):
        if ":::" not in text:
            continue
        start = entry.body.find(text)
        for index, opening in unmade_galleries(text, body):
            line = _line_of(entry, opening)
            if start >= 0 and index >= 0:
                line = entry.body_line + entry.body.count("\n", 0, start) + index
            warnings.append(Diagnostic(entry.source, line, _UNMADE_GALLERY))


def _line_of(entry: Entry, target: str) -> int | None:
    return line_of(entry.body, target, entry.body_line)
