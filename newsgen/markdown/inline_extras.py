"""Stage `parse`: the inline syntax authors bring from GitHub, Jekyll and Hugo.

`InlineExtrasExtension` adds to Python-Markdown's inline stage: every backslash escape of
CommonMark (any ASCII punctuation, so `\\<details>` is text), a backslash at the end of a
line as a line break, `~~strikethrough~~`, and GitHub's bare links (`https://…`, `www.…`,
`name@example.com`). `StrictAttrListExtension` reads an attribute list only where one is
written as one: `{: …}` or `{#id .class key=value}`, never `{% endhighlight %}` or `{{ x }}`.
`unescape` reads escapes and entities where CommonMark reads them outside inline text: a
link's address and title, a fence's info string.
"""

from __future__ import annotations

import html
import re
import string
from xml.etree.ElementTree import Element

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor
from markdown.inlinepatterns import (
    AutolinkInlineProcessor,
    AutomailInlineProcessor,
    BacktickInlineProcessor,
    HtmlInlineProcessor,
    InlineProcessor,
    SimpleTagInlineProcessor,
)
from markdown.treeprocessors import Treeprocessor

ESCAPABLE = list(string.punctuation)  # CommonMark: any ASCII punctuation may be escaped
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

# GitHub's extended autolinks: after a space, a line's start, or one of *_~( only.
_BARE_LINK = re.compile(
    r"(?<![^\s*_~(])(?:(?P<scheme>https?://)|(?P<www>www\.))"
    r"(?P<domain>[\w-]+(?:\.[\w-]+)*)(?P<path>[^\s<]*)"
    r"|(?<![^\s*_~(])(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
)
_TRAILING = "?!.,:*_~'\""
_ENTITY_AT_END = re.compile(r"&[A-Za-z0-9]+;$")
# CommonMark's autolinks: a scheme of 2 to 32 characters, no spaces, no backslash escapes.
_AUTOLINK = r"(?<!\\)<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x20]*)>"
_AUTOMAIL = (
    r"(?<!\\)<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>"
)
# CommonMark's raw HTML: a tag's name is letters, digits and hyphens (`<m:abc>` is text).
_ATTRIBUTE = r"""(?:\s+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_RAW_HTML = (
    rf"(<(?:[A-Za-z][A-Za-z0-9-]*{_ATTRIBUTE}*\s*/?|/[A-Za-z][A-Za-z0-9-]*\s*"
    r"|!--(?:-?>|[\s\S]*?--)|[?][\s\S]*?[?]|![A-Za-z][^>]*|!\[CDATA\[[\s\S]*?\]\])>)"
)
# Escaped punctuation that the typography pass would otherwise change, or that the
# serializer would write as an entity's start: kept as written, as character references.
_KEPT_AS_WRITTEN = {c: f"&#{ord(c)};" for c in "\"'-.&"}


def unescape(text: str) -> str:
    """Text with its backslash escapes and entities read."""
    return html.unescape(_BACKSLASH_ESCAPE.sub(r"\1", text))


class _BackslashBreak(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Element, int, int]:  # type: ignore[override]
        return Element("br"), m.start(0), m.end(0)


class _BareLink(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[Element | None, int | None, int | None]:
        if m.group("email"):
            address = m.group("email")
            if address[-1] in "-_":
                return None, None, None
            if address[-1] == ".":
                address = address[:-1]
            link = Element("a", {"href": "mailto:" + address})
            link.text = address
            return link, m.start(0), m.start(0) + len(address)
        domain = m.group("domain")
        if "." not in domain and m.group("www") is None:
            return None, None, None
        if "_" in ".".join(domain.split(".")[-2:]):
            return None, None, None
        text = _trim(m.group(0))
        if text.endswith(("://", "www.")):
            return None, None, None
        link = Element("a", {"href": ("http://" + text) if m.group("www") else text})
        link.text = text
        return link, m.start(0), m.start(0) + len(text)


def _trim(text: str) -> str:
    """A bare link without the punctuation that ends the sentence around it."""
    while text:
        unbalanced = text[-1] == ")" and text.count(")") > text.count("(")
        if text[-1] in _TRAILING or unbalanced:
            text = text[:-1]
        elif text[-1] == ";" and (entity := _ENTITY_AT_END.search(text)):
            text = text[: entity.start()]
        else:
            break
    return text


class _CodeSpan(BacktickInlineProcessor):
    """CommonMark's code span: line ends are spaces; one space is taken from each end
    when both have one (so that a span can start or end with a backtick)."""

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[Element | str | None, int | None, int | None]:
        if m.group(1):
            return super().handleMatch(m, data)
        begin = m.start(0)
        ticks = len(data) - len(data[begin:].lstrip("`")) - begin
        closing = re.compile(f"(?<!`){'`' * ticks}(?!`)").search(data, begin + ticks)
        if closing is None:  # no run of as many backticks: they are text
            return data[begin : begin + ticks], begin, begin + ticks
        start, end = begin + ticks, closing.start()
        text = data[start:end].replace("\n", " ")
        if len(text) > 1 and text[0] == text[-1] == " " and text.strip(" "):
            text = text[1:-1]
        code = Element("code")
        code.text = util.AtomicString(util.code_escape(text))
        return code, begin, closing.end()


class _KeepEscapedText(Treeprocessor):
    """Runs before Python-Markdown puts escaped characters back: in text (never in an
    attribute) an escaped quote, hyphen, full stop or ampersand becomes a character
    reference, which the typography pass and the serializer leave as it is."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.text and util.STX in element.text:
                element.text = self._keep(element.text)
            if element.tail and util.STX in element.tail:
                element.tail = self._keep(element.tail)

    def _keep(self, text: str) -> str:
        for char, reference in _KEPT_AS_WRITTEN.items():
            escaped = f"{util.STX}{ord(char)}{util.ETX}"
            if escaped in text:
                text = text.replace(escaped, self.md.htmlStash.store(reference))
        return text


class InlineExtrasExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.ESCAPED_CHARS = ESCAPABLE
        md.treeprocessors.register(_KeepEscapedText(md), "newsgen_escaped_text", 0.5)
        patterns = md.inlinePatterns
        patterns.register(_CodeSpan(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)"), "backtick", 190)
        # Before "escape" (180): inside an autolink a backslash is itself.
        patterns.register(AutolinkInlineProcessor(_AUTOLINK, md), "autolink", 186)
        patterns.register(AutomailInlineProcessor(_AUTOMAIL, md), "automail", 185.5)
        patterns.register(HtmlInlineProcessor(_RAW_HTML, md), "html", 90)
        # Before "escape" (180), which would read the backslash as escaping the newline.
        patterns.register(_BackslashBreak(r"\\\n", md), "newsgen_backslash_break", 185)
        # Before emphasis (70 and below): an address may hold "_" and "*".
        patterns.register(_BareLink(_BARE_LINK.pattern, md), "newsgen_bare_link", 105)
        strike = SimpleTagInlineProcessor(r"(~~)(?=[^\s~])(.+?)(?<=[^\s~])~~(?!~)", "del")
        patterns.register(strike, "newsgen_strikethrough", 65)


# One token of an attribute list: #id, .class, key=value, key="value" or key='value'.
_TOKEN = r"""(?:[#.][^\s}#.=]+|[A-Za-z_:][\w:.-]*=(?:"[^"\n]*"|'[^'\n]*'|[^\s}"']+))"""
_STRICT = rf"\{{:?[ ]*({_TOKEN}(?:[ ]+{_TOKEN})*)[ ]*\}}"


class _StrictAttrList(AttrListTreeprocessor):
    BASE_RE = _STRICT  # type: ignore[misc]
    HEADER_RE = re.compile(rf"[ ]+{_STRICT}[ ]*$")  # type: ignore[misc]
    BLOCK_RE = re.compile(rf"\n[ ]*{_STRICT}[ ]*$")  # type: ignore[misc]
    INLINE_RE = re.compile(rf"^{_STRICT}")  # type: ignore[misc]


class StrictAttrListExtension(AttrListExtension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_StrictAttrList(md), "attr_list", 8)
        md.registerExtension(self)
