"""Markdown to HTML, and what is derived from a body: plain text, word count, summary, TOC.

Knows nothing of articles: it takes a string and a function that rewrites link targets.
One `MarkdownRenderer` per thread of work; Python-Markdown instances carry state.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.extensions.codehilite import CodeHiliteExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.inlinepatterns import HTML_RE, InlineProcessor
from markdown.treeprocessors import Treeprocessor

from newsgen.markdown import inline_fast
from newsgen.markdown.dialect import BlocksExtension
from newsgen.markdown.gallery import GalleryExtension
from newsgen.markdown.inline_extras import InlineExtrasExtension, StrictAttrListExtension
from newsgen.markdown.links import LinksExtension
from newsgen.markdown.reading import TextSize, cut, measure
from newsgen.markdown.safe_html import clean_untrusted, drop_script_urls, is_unsafe_attribute
from newsgen.markdown.typography import smarten


@dataclass(frozen=True)
class Picture:
    """What an image's target is rewritten to when it is published in several widths and
    formats: the <img> becomes a <picture> with a <source> for each modern format."""

    src: str  # the address of the file every browser reads
    width: int
    height: int
    srcset: str  # the widths of the format every browser reads
    sources: tuple[tuple[str, str], ...]  # (media type, srcset) of each modern format, best first
    sizes: str  # how wide the layout shows it
    css_class: str = ""  # its placeholder colour's class


# Rewrites a link ("a") or image ("img") target; returns None to leave it as written, or
# for an image a `Picture`.
LinkRewriter = Callable[[str, str], "str | Picture | None"]

# What Python-Markdown keeps aside as raw HTML: tags, comments, declarations, entities.
_MAY_HOLD_HTML = re.compile(r"<[A-Za-z!?/]|&")


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    toc_html: str  # "" when the body has fewer than two headings
    size: TextSize  # its words and characters, to tell how long it takes to read


class BodyRenderer(Protocol):
    """Anything that gives the HTML of a Markdown body: the renderer, or the cache."""

    def render(self, text: str, rewrite: LinkRewriter | None = None) -> RenderedMarkdown: ...


def _keep(url: str, tag: str) -> None:
    return None


class _RewriteLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.rewrite: LinkRewriter = _keep

    def run(self, root: Element) -> None:
        for element in list(root.iter()):  # a <picture> made below is not looked at again
            if element.attrib:
                _drop_script_urls(element)
            if element.tag in _ALIGNED:
                _align_by_class(element)
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            target = element.get(attribute) if attribute else None
            new = self.rewrite(target, element.tag) if attribute and target else None
            if element.tag == "img":
                element.set("loading", "lazy")
                element.set("decoding", "async")
            if isinstance(new, Picture) and element.tag == "img":
                _make_picture(element, new)
            elif isinstance(new, str) and attribute:
                element.set(attribute, new)


def _make_picture(element: Element, picture: Picture) -> None:
    """The <img> element, in place, made a <picture> around a new <img>: its place in the
    tree and the text after it stay."""
    attributes = dict(element.attrib)
    classes = " ".join(c for c in (attributes.get("class", ""), picture.css_class) if c)
    attributes.update(src=picture.src, srcset=picture.srcset, sizes=picture.sizes,
                      width=str(picture.width), height=str(picture.height))  # fmt: skip
    if classes:
        attributes["class"] = classes
    tail = element.tail
    element.clear()
    element.tag, element.tail = "picture", tail
    for media_type, srcset in picture.sources:
        element.append(Element("source", type=media_type, srcset=srcset, sizes=picture.sizes))
    element.append(Element("img", attributes))


def _drop_script_urls(element: Element) -> None:
    # The serializer keeps entities as written: read each value as a browser will.
    for name, value in list(element.attrib.items()):
        if value and is_unsafe_attribute(element.tag, name, html.unescape(value)):
            del element.attrib[name]


_ALIGNED = {"th", "td"}
_ALIGNMENT = re.compile(r"text-align:\s*(left|right|center)")


def _align_by_class(cell: Element) -> None:
    """A table column's alignment as a class: a strict content policy refuses style=."""
    found = _ALIGNMENT.match(cell.attrib.pop("style", ""))
    if found:
        cell.set("class", f"align-{found.group(1)}")


class _RewriteExtension(Extension):
    def __init__(self, fast_inline: bool) -> None:
        super().__init__()
        self.fast_inline = fast_inline and inline_fast.supported()

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_RewriteLinks(md), "newsgen_links", 1)
        if self.fast_inline:  # same output, a third less time per body
            md.treeprocessors.register(inline_fast.FastInlineProcessor(md), "inline", 20)


class _DropTag(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # type: ignore[override]
        return "", m.start(0), m.end(0)


class _NoRawHtmlExtension(Extension):
    """Raw HTML in a body is dropped, tags and comments alike; the text between stays.
    For sites that publish contributions from outside the newsroom."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.deregister("html")  # HTML blocks: see dialect.py
        md.inlinePatterns.register(_DropTag(HTML_RE, md), "newsgen_drop_html", 90)


class MarkdownRenderer:
    def __init__(self, raw_html: bool = True, fast_inline: bool = True) -> None:
        """`fast_inline`: the inline stage of `inline_fast` (false: Python-Markdown's own,
        which renders the same)."""
        # Without raw HTML, attribute lists go too: {: onclick="..."} would bring scripts back.
        trusted = StrictAttrListExtension() if raw_html else _NoRawHtmlExtension()
        # Extensions given as objects, not names: a name is looked up among the installed
        # packages' entry points, which took 60 ms of every process that renders Markdown.
        self._raw_html = raw_html
        highlight = CodeHiliteExtension(css_class="highlight", guess_lang=False)
        # Fenced code keeps its blank lines, as CommonMark says; an indented block does not.
        fences = {**highlight.getConfigs(), "stripnl": False}
        self._md = markdown.Markdown(
            extensions=[
                TableExtension(),
                FootnoteExtension(BACKLINK_TITLE="Back to the text"),
                BlocksExtension(fences, raw_html),
                highlight,
                TocExtension(slugify=slugify_unicode, toc_depth="2-3"),
                SaneListExtension(),
                InlineExtrasExtension(),
                LinksExtension(),
                trusted,
                _RewriteExtension(fast_inline),
                GalleryExtension(),
            ],
            output_format="html",
        )
        self._rewriter: _RewriteLinks = self._md.treeprocessors["newsgen_links"]  # type: ignore[assignment]
        self._toc = self._md.treeprocessors["toc"]
        self._marker: str = self._toc.marker  # type: ignore[attr-defined]

    def render(self, text: str, rewrite: LinkRewriter | None = None) -> RenderedMarkdown:
        self._md.reset()
        self._rewriter.rewrite = rewrite or _keep
        # The TOC marker ("[TOC]" on a line) is looked for in every text of the tree: only
        # in a body that has it (5% of a body's time).
        self._toc.marker = self._marker if self._marker in text else ""  # type: ignore[attr-defined]
        body = smarten(self._md.convert(text))
        if not self._raw_html:
            body = clean_untrusted(body)
        elif _MAY_HOLD_HTML.search(text):
            # Raw HTML (an entity too) is put back after the tree's checks, even inside an
            # attribute's value, and with the text around it a browser may read tags that no
            # part shows alone: read the whole body again. Without it, every tag and value
            # is the tree's, checked above (a third less time than reading every body).
            body = drop_script_urls(body)
        tokens = getattr(self._md, "toc_tokens", [])
        toc = getattr(self._md, "toc", "") if _count_headings(tokens) >= 2 else ""
        return RenderedMarkdown(html=body, toc_html=toc, size=measure(plain_text(body)))


def _count_headings(tokens: list[dict[str, Any]]) -> int:
    return sum(1 + _count_headings(t.get("children", [])) for t in tokens)


_FOOTNOTE_REF = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.S)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|ul|ol|h[1-6]|br|hr|tr|td|th|table|blockquote|pre|figure|figcaption)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]+>")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def plain_text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment, without footnote marks."""
    spaced = _BLOCK_TAG.sub(" ", _FOOTNOTE_REF.sub("", fragment))
    return html.unescape(_TAG.sub("", spaced))


def summarize(body_html: str, language: str) -> str:
    """The first paragraph as plain text, cut to a summary's length as `language` is
    measured (`reading.cut`)."""
    match = _FIRST_PARAGRAPH.search(body_html)
    if not match:
        return ""
    return cut(" ".join(plain_text(match.group(1)).split()), language)


def prepend_to_first_paragraph(body_html: str, fragment: str) -> str:
    """Put `fragment` (HTML) at the start of the first paragraph, e.g. a dateline."""
    match = _FIRST_PARAGRAPH.search(body_html)
    if not match:
        return f"<p>{fragment}</p>\n{body_html}"
    at = match.start(1)
    return body_html[:at] + fragment + " " + body_html[at:]
