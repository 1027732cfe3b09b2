"""Stage `parse`: a body's block structure as CommonMark reads it.

Python-Markdown nests lists by four-space steps and knows fences only at the top level; an
author who learned Markdown on GitHub, Jekyll or Hugo writes lists whose content lines up
with the text after the marker, fences inside list items and quotes, and lists right after
a paragraph. `parse_blocks` reads a body's lines as the CommonMark spec (0.31) does, into a
tree of containers (block quotes, lists, list items) and leaves (paragraphs, headings,
fenced and indented code, HTML blocks, thematic breaks). `dialect.py` writes the tree again
in the form Python-Markdown reads the same way. Inline content is not read here.

The lines come from Python-Markdown's first preprocessor: tabs expanded to four columns and
blank lines emptied, so a column is a character.
"""

from __future__ import annotations

import itertools
import re

_MAYBE_SPECIAL = re.compile(r"[#`~*+_=<>0-9-]")
_ATX = re.compile(r"#{1,6}(?: +|$)")
_ATX_CLOSING = re.compile(r"(?:^|(?<= ))#+ *$")
_FENCE = re.compile(r"`{3,}(?!.*`)|~{3,}")
_CLOSING_FENCE = re.compile(r"(?:`{3,}|~{3,})(?= *$)")
_SETEXT = re.compile(r"(?:=+|-+) *$")
_BREAK = re.compile(r"(?:(?:\* *){3,}|(?:- *){3,}|(?:_ *){3,})$")
_BULLET = re.compile(r"[*+-]")
_ORDERED = re.compile(r"(\d{1,9})([.)])")

_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|"
    "optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|"
    "track|ul"
)
_VALUE = r"""(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*")"""
_ATTRIBUTE = rf"(?:\s+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:\s*=\s*{_VALUE})?)"
_OPEN_TAG = rf"<[A-Za-z][A-Za-z0-9-]*{_ATTRIBUTE}*\s*/?>"
_CLOSE_TAG = r"</[A-Za-z][A-Za-z0-9-]*\s*>"
_RAW_TEXT_TAGS = "script|pre|textarea|style"
# The seven kinds of HTML block: how each starts, and what ends it (the last two end at a
# blank line). The seventh cannot interrupt a paragraph.
_HTML_BLOCKS = [
    (rf"(?i)<(?:{_RAW_TEXT_TAGS})(?:\s|>|$)", rf"(?i)</(?:{_RAW_TEXT_TAGS})>"),
    (r"<!--", r"-->"),
    (r"<[?]", r"\?>"),
    (r"<![A-Za-z]", r">"),
    (r"<!\[CDATA\[", r"\]\]>"),
    (rf"(?i)</?(?:{_BLOCK_TAGS})(?:\s|/?>|$)", None),
    (rf"(?i)(?:{_OPEN_TAG}|{_CLOSE_TAG})\s*$", None),
]
_HTML_KINDS = [(re.compile(start), re.compile(end) if end else None) for start, end in _HTML_BLOCKS]
# Quotes and lists nested deeper than this are text: Python-Markdown, which reads what
# this module writes, recurses once per level.
_DEEPEST = 32
_TAKES_LINES = frozenset({"paragraph", "fence", "code", "html"})
_CONTAINERS = frozenset({"document", "quote", "item"})


class Block:
    """One block of the tree: a container (children) or a leaf (lines)."""

    __slots__ = (
        "bullet",
        "children",
        "content_offset",
        "delimiter",
        "end",
        "fence",
        "fence_offset",
        "html_end",
        "info",
        "kind",
        "level",
        "lines",
        "number",
        "open",
        "start",
        "tight",
    )

    def __init__(self, kind: str, start: int) -> None:
        self.kind = kind
        self.children: list[Block] = []
        self.lines: list[str] = []
        self.start = start  # the line it begins on
        self.end = start  # the last line that is not blank, or is inside a fence
        self.open = True
        self.level = 0  # heading
        self.bullet = ""  # list: "-", "+", "*", or "" when ordered
        self.delimiter = ""  # list and item: "." or ")" when ordered
        self.number = 0  # item: its number, when ordered
        self.content_offset = 0  # item: the column its content starts at
        self.tight = True  # list
        self.fence = ""  # fence: its characters, as opened
        self.fence_offset = 0
        self.info = ""
        self.html_end: re.Pattern[str] | None = None  # html: None when a blank line ends it


class _Parser:
    """CommonMark's two-phase block algorithm (spec, appendix), for blocks only."""

    def __init__(self) -> None:
        self.document = Block("document", 0)
        # The open blocks, from the document to the deepest: no block points to its parent,
        # so a tree is freed as soon as it is written (the build runs without the cycle
        # collector).
        self.path = [self.document]
        self.line = ""
        self.number = 0
        self.offset = 0
        self.next_nonspace = 0
        self.indent = 0
        self.blank = True
        self.all_closed = True
        self.last_matched = self.document

    # -- the line and where we are in it --

    def find_next_nonspace(self) -> None:
        line, at = self.line, self.offset
        while at < len(line) and line[at] == " ":
            at += 1
        self.next_nonspace = at
        self.indent = at - self.offset
        self.blank = at == len(line)

    @property
    def indented(self) -> bool:
        return self.indent >= 4

    def rest(self) -> str:
        return self.line[self.next_nonspace :]

    def skip_quote_marker(self) -> None:
        """Past the ">" at the next non-space, and the one space after it that belongs to it."""
        self.offset = self.next_nonspace + 1
        if self.line.startswith(" ", self.offset):
            self.offset += 1

    @property
    def tip(self) -> Block:
        return self.path[-1]

    # -- the tree --

    def add_child(self, kind: str) -> Block:
        while not _can_contain(self.tip.kind, kind):
            self.finalize(self.tip)
        block = Block(kind, self.number)
        self.tip.children.append(block)
        self.path.append(block)
        return block

    def finalize(self, block: Block) -> None:
        block.open = False
        if block.kind == "code":
            while block.lines and not block.lines[-1].strip():
                block.lines.pop()
        elif block.kind == "list":
            block.tight = _is_tight(block)
        if len(self.path) > 1 and self.path[-1] is block:
            self.path.pop()

    def close_unmatched(self) -> None:
        if not self.all_closed:
            while self.tip is not self.last_matched:
                self.finalize(self.tip)
            self.all_closed = True

    # -- phase one: which open blocks the line continues --

    def continues(self, block: Block) -> int:
        """0: the line continues `block`; 1: it does not; 2: it closed it (a fence)."""
        kind = block.kind
        if kind == "quote":
            if not self.indented and self.line.startswith(">", self.next_nonspace):
                self.skip_quote_marker()
                return 0
            return 1
        if kind == "item":
            if self.blank:
                if not block.children:
                    return 1  # an item starts with at most one blank line
                self.offset = self.next_nonspace
                return 0
            if self.indent >= block.content_offset:
                self.offset += block.content_offset
                return 0
            return 1
        if kind == "fence":
            found = _CLOSING_FENCE.match(self.rest()) if self.indent <= 3 else None
            if (
                found
                and found.group(0)[0] == block.fence[0]
                and len(found.group(0)) >= len(block.fence)
            ):
                block.end = self.number
                self.finalize(block)
                return 2
            skip = min(block.fence_offset, self.indent)
            self.offset += skip
            return 0
        if kind == "code":
            if self.indented:
                self.offset += 4
                return 0
            if self.blank:
                self.offset = self.next_nonspace
                return 0
            return 1
        if kind == "html":
            return 1 if self.blank and block.html_end is None else 0
        if kind == "paragraph":
            return 1 if self.blank else 0
        return 0 if kind == "list" else 1  # headings and breaks take one line

    # -- phase two: blocks that start on the line --

    def start_block(self, container: Block) -> tuple[int, Block]:
        """(0: nothing started; 1: a container started; 2: a leaf did), and the container."""
        rest = self.rest()
        nested = len(self.path) < _DEEPEST
        if not self.indented:
            first = rest[:1]
            if first == ">" and nested:
                self.skip_quote_marker()
                self.close_unmatched()
                return 1, self.add_child("quote")
            if first == "#" and _ATX.match(rest):
                self.close_unmatched()
                heading = self.add_child("heading")
                marks = len(rest) - len(rest.lstrip("#"))
                heading.level = marks
                content = rest[marks:].strip()
                heading.lines = [_ATX_CLOSING.sub("", content).rstrip()]
                self.offset = len(self.line)
                return 2, heading
            if first in "`~":
                fence_match = _FENCE.match(rest)
                if fence_match:
                    self.close_unmatched()
                    fence = self.add_child("fence")
                    fence.fence = fence_match.group(0)
                    fence.fence_offset = self.indent
                    fence.info = rest[len(fence.fence) :].strip()
                    self.offset = len(self.line)
                    return 2, fence
            if first == "<":
                for kind, (opening, closing) in enumerate(_HTML_KINDS, start=1):
                    if opening.match(rest) and (kind < 7 or not self._in_paragraph(container)):
                        self.close_unmatched()
                        html = self.add_child("html")
                        html.html_end = closing
                        return 2, html  # the line itself is added as text, indent kept
            if first in "=-" and container.kind == "paragraph" and _SETEXT.match(rest):
                self.close_unmatched()
                container.kind = "heading"
                container.level = 1 if first == "=" else 2
                self.offset = len(self.line)
                return 2, container
            if first in "*-_" and _BREAK.match(rest):
                self.close_unmatched()
                self.add_child("break")
                self.offset = len(self.line)
                return 2, self.tip
        if nested and not self.indented:
            item = self._list_item(container)
            if item is not None:
                return 1, item
        if self.indented and self.tip.kind != "paragraph" and not self.blank:
            self.offset += 4
            self.close_unmatched()
            return 2, self.add_child("code")
        return 0, container

    def _in_paragraph(self, container: Block) -> bool:
        lazy = not self.all_closed and not self.blank and self.tip.kind == "paragraph"
        return container.kind == "paragraph" or lazy

    def _list_item(self, container: Block) -> Block | None:
        rest = self.rest()
        bullet = _BULLET.match(rest)
        ordered = None if bullet else _ORDERED.match(rest)
        found = bullet or ordered
        if found is None:
            return None
        if ordered and container.kind == "paragraph" and ordered.group(1).lstrip("0") != "1":
            return None  # only a list that starts at 1 interrupts a paragraph
        width = len(found.group(0))
        after = rest[width:]
        if after and after[0] != " ":
            return None
        if container.kind == "paragraph" and not after.strip():
            return None  # an empty item does not interrupt a paragraph
        spaces = len(after) - len(after.lstrip(" "))
        # Five spaces or more: the item's text is indented code, one space in.
        padding = width + 1 if spaces >= 5 or not after.strip() else width + spaces
        self.close_unmatched()
        marker = bullet.group(0) if bullet else ""
        delimiter = ordered.group(2) if ordered else ""
        tip = self.tip
        if tip.kind != "list" or (tip.bullet, tip.delimiter) != (marker, delimiter):
            listed = self.add_child("list")
            listed.bullet, listed.delimiter = marker, delimiter
        item = self.add_child("item")
        item.delimiter = delimiter
        item.number = int(ordered.group(1)) if ordered else 0
        item.content_offset = self.indent + padding  # from where the container's content starts
        self.offset = min(self.next_nonspace + padding, len(self.line))
        return item

    # -- a line --

    def incorporate(self, line: str) -> None:
        self.line, self.offset = line, 0
        container = self.document
        self.all_closed = True
        while container.children and container.children[-1].open:
            child = container.children[-1]
            self.find_next_nonspace()
            matched = self.continues(child)
            if matched == 2:
                self._mark_end()
                return
            if matched == 1:
                break
            container = child
        self.all_closed = container is self.tip
        self.last_matched = container
        started_leaf = container.kind in ("fence", "code", "html")
        while not started_leaf:
            self.find_next_nonspace()
            if not self.indented and not _MAYBE_SPECIAL.match(self.line, self.next_nonspace):
                self.offset = self.next_nonspace
                break
            result, container = self.start_block(container)
            if result == 0:
                self.offset = self.next_nonspace
                break
            started_leaf = result == 2
        self._add_text(container)

    def _add_text(self, container: Block) -> None:
        text = self.line[self.offset :]
        if not self.all_closed and not self.blank and self.tip.kind == "paragraph":
            self.tip.lines.append(text)  # a lazy continuation line
        else:
            self.close_unmatched()
            kind = container.kind
            if kind == "fence" and container.start == self.number:
                pass  # the opening line: its info string is read
            elif kind in _TAKES_LINES:
                container.lines.append(text)
                if kind == "fence":
                    container.end = self.number
                ends = container.html_end if kind == "html" else None
                if ends and ends.search(text):
                    self._mark_end()
                    self.finalize(container)
                    return
            elif kind == "heading" or kind == "break":
                pass
            elif not self.blank:
                paragraph = self.add_child("paragraph")
                paragraph.lines.append(self.line[self.next_nonspace :])
        if self.line.strip():
            self._mark_end()

    def _mark_end(self) -> None:
        """The line is the last so far of every open block."""
        for block in self.path:
            block.end = self.number

    def finish(self) -> Block:
        while self.tip is not self.document:
            self.finalize(self.tip)
        return self.document


def _can_contain(parent: str, kind: str) -> bool:
    if parent == "list":
        return kind == "item"
    return parent in _CONTAINERS and kind != "item"


def _is_tight(listed: Block) -> bool:
    """A list is loose when a blank line stands between two of its items, or between two
    blocks an item holds directly."""
    items = listed.children
    for index, item in enumerate(items):
        if index + 1 < len(items) and items[index + 1].start > item.end + 1:
            return False
        children = item.children
        for first, second in itertools.pairwise(children):
            if second.start > first.end + 1:
                return False
    return True


def parse_blocks(lines: list[str]) -> Block:
    parser = _Parser()
    for number, line in enumerate(lines):
        parser.number = number
        parser.incorporate(line)
    return parser.finish()
