"""Stage `parse`: links and images read as CommonMark reads them.

Python-Markdown's link processors, with CommonMark's rules where theirs differ and an
author would see it: a destination is one word or `<…>` (`[a](my page)` is no link),
titles in `"…"`, `'…'` or `(…)`; a link never holds another link; `[text][label]` has no
space between its parts, and labels match whatever their case and spacing (`[Ünïcode]` and
`[ünïcode  ]`); a label's first definition counts; backslash escapes and entities in a
definition's address and title are read.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import markdown
from markdown import util
from markdown.blockprocessors import ReferenceProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)

from newsgen.markdown.inline_extras import unescape

_ESCAPED = re.compile(f"{util.STX}([0-9]+){util.ETX}")
_LABEL = re.compile(r"\[([^\[\]]{0,999})\]")
_OPENING = re.compile(r"(?<!!)\[")
_BRACKET = re.compile(r"[\[\]]")
# As cmark and commonmark.js: past this, "(" opens no more, and a scan stays short.
_DEEPEST_PARENTHESES = 32
_LONGEST_LABEL = 999
_SPACE = " \t\n"
Found = tuple[Element | str | None, int | None, int | None]


def label_key(label: str) -> str:
    """A label as CommonMark matches it: spacing collapsed, case folded."""
    return " ".join(label.split()).casefold()


def _as_written(text: str) -> str:
    """Escaped characters back as they were typed (`\\[`): labels match as written."""
    return _ESCAPED.sub(lambda m: "\\" + chr(int(m.group(1))), text)


def _skip_space(data: str, at: int) -> int:
    newlines = 0
    while at < len(data) and data[at] in _SPACE:
        newlines += data[at] == "\n"
        if newlines > 1:
            break
        at += 1
    return at


def parse_destination(data: str, at: int) -> tuple[str, str | None, int] | None:
    """`(destination "title")` from the "(" at `at`: (destination, title, end) or None."""
    end = len(data)
    at = _skip_space(data, at + 1)
    if at < end and data[at] == "<":
        close = at + 1
        while close < end and data[close] not in "<>\n":
            close += 1
        if close >= end or data[close] != ">":
            return None
        destination, at = data[at + 1 : close], close + 1
    else:
        depth, close = 0, at
        while close < end and data[close] not in _SPACE:
            if data[close] == "(":
                depth += 1
                if depth > _DEEPEST_PARENTHESES:
                    return None
            elif data[close] == ")":
                if not depth:
                    break
                depth -= 1
            close += 1
        if depth:
            return None
        destination, at = data[at:close], close
    title = None
    spaced = _skip_space(data, at)
    if spaced > at and spaced < end and data[spaced] in "\"'(":
        closing = ")" if data[spaced] == "(" else data[spaced]
        stop = spaced + 1
        while stop < end and data[stop] != closing:
            if closing == ")" and data[stop] == "(":
                return None
            stop += 1
        if stop >= end or "\n\n" in data[spaced:stop]:
            return None
        title, at = data[spaced + 1 : stop], stop + 1
        spaced = _skip_space(data, at)
    if spaced < end and data[spaced] == ")":
        return destination, title, spaced + 1
    return None


def _bracket_ends(data: str) -> dict[int, int]:
    """For the index after each "[" of `data`, the index after the "]" that closes it:
    one pass over the brackets alone (Python-Markdown's own pass looks at every
    character, a quarter of the time spent on a body)."""
    ends: dict[int, int] = {}
    opened: list[int] = []
    for found in _BRACKET.finditer(data):
        if found.group() == "[":
            opened.append(found.end())
        elif opened:
            ends[opened.pop()] = found.end()
    return ends


class _Brackets:
    """`getText` of Python-Markdown's link processors, from `_bracket_ends`."""

    _ends_of: str | None = None
    _ends: dict[int, int]

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        if self._ends_of is not data:
            self._ends_of = data
            self._ends = _bracket_ends(data)
        end = self._ends.get(index)
        if end is None:
            return data[index:], len(data), False
        return data[index : end - 1], end, True


class _CommonMarkLink(_Brackets, LinkInlineProcessor):
    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        if not data.startswith("(", index):
            return "", None, index, False
        found = parse_destination(data, index)
        if found is None:
            return "", None, index, False
        destination, title, end = found
        if title is not None:
            title = self.unescape(title)
        return self.unescape(destination), title, end, True

    def handleMatch(self, m: re.Match[str], data: str) -> Found:  # type: ignore[override]
        text, index, handled = self.getText(data, m.end(0))
        if not handled:
            return None, None, None
        href, title, index, handled = self.getLink(data, index)
        if not handled or _holds_link(self, text):
            return None, None, None  # an inner link wins
        link = Element("a", {"href": href})
        link.text = text
        if title is not None:
            link.set("title", title)
        return link, m.start(0), index


class _CommonMarkImage(_Brackets, ImageInlineProcessor):
    getLink = _CommonMarkLink.getLink


def _full_label(data: str, index: int, text: str) -> tuple[str | None, int, bool]:
    found = _LABEL.match(data, index)
    if not found:
        return None, index, False
    label = found.group(1) if found.group(1).strip() else text[:_LONGEST_LABEL]
    return label_key(_as_written(label)), found.end(), True


def _reference(processor: ReferenceInlineProcessor, m: re.Match[str], data: str) -> Found:
    """Python-Markdown's reference link, unless its text holds a link."""
    text, index, handled = processor.getText(data, m.end(0))
    if not handled:
        return None, None, None
    key, end, handled = processor.evalId(data, index, text)
    if not handled:
        return None, None, None
    if key not in processor.md.references or _holds_link(processor, text):
        return None, None, None  # the brackets inside may still make a link
    href, title = processor.md.references[key]
    return processor.makeTag(href, title, text), m.start(0), end


class _Reference(_Brackets, ReferenceInlineProcessor):
    def evalId(self, data: str, index: int, text: str) -> tuple[str | None, int, bool]:
        return _full_label(data, index, text)

    def handleMatch(self, m: re.Match[str], data: str) -> Found:  # type: ignore[override]
        return _reference(self, m, data)


class _ShortReference(_Brackets, ShortReferenceInlineProcessor):
    def evalId(self, data: str, index: int, text: str) -> tuple[str, int, bool]:
        return label_key(_as_written(text)), index, True

    def handleMatch(self, m: re.Match[str], data: str) -> Found:  # type: ignore[override]
        return _reference(self, m, data)


class _ImageReference(_Brackets, ImageReferenceInlineProcessor):
    def evalId(self, data: str, index: int, text: str) -> tuple[str | None, int, bool]:
        return _full_label(data, index, text)


class _ShortImageReference(_Brackets, ShortImageReferenceInlineProcessor):
    def evalId(self, data: str, index: int, text: str) -> tuple[str, int, bool]:
        return label_key(_as_written(text)), index, True


def _holds_link(processor: LinkInlineProcessor, text: str) -> bool:
    """Whether a link's text holds a link of its own (an image is no link)."""
    if "[" not in text:
        return False
    references = processor.md.references
    ends = _bracket_ends(text)
    for opening in _OPENING.finditer(text):
        end = ends.get(opening.end())
        if end is None:
            continue
        inner = text[opening.end() : end - 1]
        if text.startswith("(", end) and parse_destination(text, end) is not None:
            return True
        label = _LABEL.match(text, end)
        if label and label.group(1).strip():
            return label_key(_as_written(label.group(1))) in references
        if len(inner) <= _LONGEST_LABEL and label_key(_as_written(inner)) in references:
            return True
    return False


class _References(ReferenceProcessor):
    """Definitions, keyed as CommonMark matches labels; escapes and entities read."""

    RE = re.compile(
        r"^[ ]{0,3}\[(?!\s*\])((?:\\.|[^\[\]\\]){1,999})\]:[ ]*(?:\n[ ]*)?"
        r"(<[^<>\n]*>|[^\s<]\S*)[ ]*(?:\n[ ]*)?"
        r"((['\"])(.*)\4[ ]*|\((.*)\)[ ]*)?$",
        re.MULTILINE,
    )

    def run(self, parent: Element, blocks: list[str]) -> bool:
        # Python-Markdown's, keyed and read as CommonMark says; the first definition counts.
        block = blocks.pop(0)
        first = self.RE.search(block)
        if first is None:
            blocks.insert(0, block)
            return False
        start = end = first.start()
        references = self.parser.md.references
        for found in self.RE.finditer(block, start):
            if found.start() > start and (
                block[end : found.start()].strip("\n") or "\n" in found.group()
            ):
                break
            key = label_key(found.group(1))
            title = found.group(5) or found.group(6)
            if key not in references:
                link = found.group(2).lstrip("<").rstrip(">")
                references[key] = (unescape(link), unescape(title) if title else title)
            end = found.end()
        if block[end:].strip():
            blocks.insert(0, block[end:].lstrip("\n"))
        if block[:start].strip():
            blocks.insert(0, block[:start].rstrip("\n"))
        return True


class LinksExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.parser.blockprocessors.register(_References(md.parser), "reference", 15)
        patterns = md.inlinePatterns
        patterns.register(_Reference(REFERENCE_RE, md), "reference", 170)
        patterns.register(_CommonMarkLink(LINK_RE, md), "link", 160)
        patterns.register(_CommonMarkImage(IMAGE_LINK_RE, md), "image_link", 150)
        patterns.register(_ImageReference(IMAGE_REFERENCE_RE, md), "image_reference", 140)
        patterns.register(_ShortReference(REFERENCE_RE, md), "short_reference", 130)
        patterns.register(_ShortImageReference(IMAGE_REFERENCE_RE, md), "short_image_ref", 125)
