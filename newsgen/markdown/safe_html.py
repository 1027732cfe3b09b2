"""Stage `parse`: what a rendered body may carry into a page.

`is_script_url` reads an address as a browser does (entities decoded, tabs and newlines
dropped, case folded) and tells whether following it would run a script. `clean_untrusted`
puts a body written by people outside the newsroom through nh3 (Ammonia) with an allow-list
of what Markdown makes. `drop_script_urls` keeps a trusted body's HTML as written and only
removes the attributes whose value is a script address.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

# What a browser removes from an address before it reads the scheme.
_IGNORED = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(c) for c in range(0x21))  # C0 controls and the space
_SCRIPT_SCHEMES = ("javascript:", "vbscript:")
# An address may stand after a separator: srcset lists, meta refresh's "url=", SVG values.
_ADDRESS_START = re.compile(r"(?:^|[\s,;=])\s*(javascript|vbscript|data):")
# Text for people, never followed as an address.
_TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "aria-description", "placeholder"})
_IMAGE_SOURCES = frozenset({("img", "src"), ("img", "srcset"), ("source", "srcset")})


def is_script_url(value: str, *, image: bool = False) -> bool:
    """Whether an attribute's value (as parsed, entities decoded) is an address that runs
    script or carries a document: javascript:, vbscript:, or data: other than an image's."""
    address = _IGNORED.sub("", value).strip(_EDGES).lower()
    if address.startswith(_SCRIPT_SCHEMES):
        return True
    return address.startswith("data:") and not (image and address.startswith("data:image/"))


def is_unsafe_attribute(tag: str, name: str, value: str) -> bool:
    """Whether an attribute (its value as parsed) holds a script address anywhere a browser
    would read one: at its start, or after a separator in a list."""
    if name in _TEXT_ATTRIBUTES or not value:
        return False
    folded = _IGNORED.sub("", value).lower()
    for found in _ADDRESS_START.finditer(folded):
        image = (tag, name) in _IMAGE_SOURCES
        if is_script_url(folded[found.start(1) :], image=image):
            return True
    return False


class _ScriptUrlFinder(HTMLParser):
    """Finds the start tags that carry a script address, with where they stand."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str, str]] = []  # (line, column), text, new

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, ">")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, " />")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> None:
        if not any(value and is_unsafe_attribute(tag, name, value) for name, value in attrs):
            return
        kept = "".join(
            f' {name}="{html.escape(value)}"' if value is not None else f" {name}"
            for name, value in attrs
            if not (value and is_unsafe_attribute(tag, name, value))
        )
        text = self.get_starttag_text() or ""
        self.found.append((self.getpos(), text, f"<{tag}{kept}{end}"))


def drop_script_urls(fragment: str) -> str:
    """The fragment as written, less every attribute whose value is a script address. Only
    the start tags that carry one are written again; all else keeps its bytes."""
    finder = _ScriptUrlFinder()
    finder.feed(fragment)
    finder.close()
    if not finder.found:
        return fragment
    line_starts = [0] + [m.end() for m in re.finditer("\n", fragment)]
    out: list[str] = []
    done = 0
    for (line, column), text, new in finder.found:
        at = line_starts[line - 1] + column
        out += [fragment[done:at], new]
        done = at + len(text)
    out.append(fragment[done:])
    return "".join(out)


# What Python-Markdown and its extensions make, and nothing else.
_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "em",
    "strong", "a", "img", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "div", "span", "del", "ins", "s", "mark", "abbr", "dl", "dt", "dd", "kbd",
    "label", "input", "picture", "source", "figure", "figcaption",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"id", "title"},
    "a": {"href", "class", "rel"},
    # A photograph's widths, formats and placeholder; only the links' pass sets these.
    "img": {"src", "alt", "loading", "decoding", "width", "height", "srcset", "sizes", "class"},
    "source": {"type", "srcset", "sizes"},
    "figure": {"class"},
    "figcaption": {"class"},
    "div": {"class"},
    "span": {"class"},
    "code": {"class"},
    "pre": {"class"},
    "ol": {"start"},
    "th": {"class"},
    "td": {"class"},
    "ul": {"class", "tabindex"},  # a gallery's strip, which scrolls
    "li": {"class"},
    "input": {"checked"},
}
# A task list item's checkbox, and nothing else an input could be: always disabled.
_INPUT = {"input": {"type": {"checkbox"}}}
_DISABLED = {"input": {"disabled": "disabled"}}
_UNTRUSTED = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    tag_attribute_values=_INPUT,
    set_tag_attribute_values=_DISABLED,
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel=None,  # the body's own rel (footnotes) is kept; none is added
    strip_comments=True,
)


def clean_untrusted(fragment: str) -> str:
    """A body from outside the newsroom, through an allow-list of Markdown's own tags,
    attributes and address schemes (http, https, mailto, tel, and relative)."""
    return _UNTRUSTED.clean(fragment)
