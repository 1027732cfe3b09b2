"""XML exports (WordPress WXR, RSS, Atom) to an element tree that knows each element's line.

Namespaces become short prefixes (`wp:post_name`, `content:encoded`, `dc:creator`, `atom:`),
whatever version of the namespace an export uses. Entity declarations are refused, so an
export cannot expand itself into gigabytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.parsers import expat

from newsgen.core.errors import Diagnostic
from newsgen.importers import ImportFailure

_PREFIXES = (
    ("http://wordpress.org/export/1.2/excerpt/", "excerpt"),
    ("http://wordpress.org/export/1.1/excerpt/", "excerpt"),
    ("http://wordpress.org/export/1.0/excerpt/", "excerpt"),
    ("http://wordpress.org/export/", "wp"),
    ("http://purl.org/rss/1.0/modules/content/", "content"),
    ("http://purl.org/dc/elements/1.1/", "dc"),
    ("http://www.w3.org/2005/Atom", "atom"),
    ("http://search.yahoo.com/mrss/", "media"),
)


@dataclass(frozen=True)
class Tree:
    root: ET.Element
    lines: dict[int, int]  # id(element) -> its line

    def line(self, element: ET.Element) -> int | None:
        return self.lines.get(id(element))


def _name(raw: str) -> str:
    uri, _, local = raw.rpartition(" ")
    if not uri:
        return local
    prefix = next((p for start, p in _PREFIXES if uri.startswith(start)), uri)
    return f"{prefix}:{local}"


def parse_xml(data: bytes, path: str) -> Tree:
    parser = expat.ParserCreate(namespace_separator=" ")
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}

    def start(name: str, attributes: dict[str, str]) -> None:
        element = builder.start(_name(name), {_name(k): v for k, v in attributes.items()})
        lines[id(element)] = parser.CurrentLineNumber

    def refuse(*_: object) -> None:
        raise ImportFailure(Diagnostic(path, parser.CurrentLineNumber, "entity declarations "
                                       "are not allowed in an export"))  # fmt: skip

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(_name(name))
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = f"not well-formed XML: {expat.ErrorString(exc.code)}"
        raise ImportFailure(Diagnostic(path, exc.lineno, message)) from None
    return Tree(builder.close(), lines)


def child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if c.tag == name), None)


def text(element: ET.Element, name: str) -> str:
    found = child(element, name)
    return (found.text or "").strip() if found is not None else ""


def children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if c.tag == name]
