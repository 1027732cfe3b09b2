"""Text that goes into XML: characters XML 1.0 forbids, and the C1 controls and DEL it
discourages, are dropped; text and attribute values escaped as `xml.sax.saxutils` does.

`xml.etree` escapes `&<>` but writes control characters as they are, which makes a feed or
sitemap ill-formed; an article can hold one pasted from a word processor. The escaping is
written here because importing `xml.sax.saxutils` imports `urllib.request` and with it
`http.client` and `ssl`: 20-25 ms of every build's start.
"""

from __future__ import annotations

import re

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _ILLEGAL.sub("", text)


def escape(text: str) -> str:
    """`&`, `<` and `>` as entities (`xml.sax.saxutils.escape`)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """An attribute value with its quotes (`xml.sax.saxutils.quoteattr`): line breaks and
    tabs as character references, kept in a value; quoted with the quote it does not hold."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))
