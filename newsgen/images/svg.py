"""Stage images: an SVG file made safe to publish.

An SVG opened from the site's own address is a document: a script in it runs with the
site's cookies and storage. So what is published keeps only the drawing: elements and
attributes of SVG that draw, link or animate shapes, and references to the file's own
parts (`#id`). Left out: `<script>`, `<foreignObject>` and any element SVG does not define
(an editor's own, HTML), event attributes (`onload`), `javascript:` and other addresses
that run or load something (a link may go to a web page; nothing is fetched from one),
animations that would set such an address, style sheets that import or fetch, processing
instructions (an XSLT sheet can run script), the DOCTYPE, comments and `<metadata>`
(an editor's name, a file's history). An embedded photograph keeps its pixels and loses
its metadata (`strip.py`).
"""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from newsgen.images.probe import ImageProblem
from newsgen.images.strip import kind_of, strip

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
MAX_BYTES = 20_000_000  # an SVG larger than this is not a drawing but a mistake

_ELEMENTS = frozenset(
    name
    for group in (
        "svg g defs desc title symbol use image switch style a view",
        "path rect circle ellipse line polyline polygon text tspan textPath",
        "linearGradient radialGradient stop pattern clipPath mask marker filter",
        "feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix",
        "feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA",
        "feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology",
        "feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence",
        "animate animateMotion animateTransform set mpath",
    )
    for name in group.split()
)
_ANIMATIONS = frozenset(("animate", "set", "animateMotion", "animateTransform"))
_PICTURES = frozenset(("image", "feImage"))  # may hold a photograph as a data: address
_LINK_SCHEMES = frozenset(("http", "https", "mailto"))
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
_PHOTO = re.compile(r"data:image/(png|jpeg|jpg|gif|webp);base64,(.*)", re.IGNORECASE | re.S)


def clean_svg(data: bytes) -> bytes:
    """The SVG's bytes, safe; ImageProblem for a file that is not well-formed SVG (a
    browser could show part of it, scripts included)."""
    if len(data) > MAX_BYTES:
        raise ImageProblem(f"is larger than {MAX_BYTES // 1_000_000} MB, too large for an SVG")
    try:
        root = ET.fromstring(data)  # comments, processing instructions, DOCTYPE: dropped
    except ET.ParseError as exc:
        raise ImageProblem(f"is not well-formed SVG ({exc})") from None
    namespace, name = _split(root.tag)
    if name != "svg" or namespace not in (SVG, ""):
        raise ImageProblem("is not an SVG drawing (its root is not <svg>)")
    out: list[str] = []
    try:
        _write(root, namespace, out, top=True)
    except RecursionError:  # a drawing is not thousands of groups deep; a hostile file is
        raise ImageProblem("nests its elements too deeply to be an SVG drawing") from None
    return "".join(out).encode("utf-8")


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _write(element: ET.Element, namespace: str, out: list[str], top: bool = False) -> None:
    _, name = _split(element.tag)
    attributes = _attributes(element, name)
    if top and namespace:
        attributes = [("xmlns", SVG), ("xmlns:xlink", XLINK), *attributes]
    text = element.text or ""
    if name == "style":
        text = text if _safe_css(text) else ""
    inner = [escape(text)]
    for child in element:
        if _kept(child, namespace):
            _write(child, namespace, inner)
        inner.append(escape(child.tail or ""))  # the text after a left-out element stays
    opening = name + "".join(f' {key}="{_attribute(value)}"' for key, value in attributes)
    content = "".join(inner)
    out.append(f"<{opening}>{content}</{name}>" if content else f"<{opening}/>")


def _kept(element: ET.Element, namespace: str) -> bool:
    """An element of the drawing's own kind, that draws; an animation that would set an
    address or an event handler is left out."""
    if not isinstance(element.tag, str):
        return False
    found, name = _split(element.tag)
    if found != namespace or name not in _ELEMENTS:
        return False
    if name in _ANIMATIONS:
        target = element.get("attributeName", "").strip().lower()
        return not (target.endswith("href") or target.startswith("on") or target == "style")
    return True


def _attributes(element: ET.Element, name: str) -> list[tuple[str, str]]:
    kept = []
    for key, value in element.attrib.items():
        namespace, local = _split(key)
        if local == "href" and namespace in (XLINK, ""):
            address = _address(value, name)
            if address is not None:
                kept.append(("xlink:href" if namespace else "href", address))
        elif namespace == XML and local in ("space", "lang"):
            kept.append((f"xml:{local}", value))
        elif not namespace and not local.lower().startswith("on") and _safe_value(value):
            kept.append((local, value))
    return kept


def _address(value: str, element: str) -> str | None:
    """What an `href` may keep: a part of the file; a link's web page; a photograph's
    pixels, without metadata. Nothing that runs, and nothing fetched from elsewhere."""
    plain = re.sub(r"[\x00-\x20]", "", value)
    if plain.startswith("#"):
        return value
    if element in _PICTURES:
        return _photo(plain)
    scheme = _SCHEME.match(plain.lower())
    if element == "a" and (scheme is None or scheme.group(1) in _LINK_SCHEMES):
        return value
    return None


def _photo(address: str) -> str | None:
    """An embedded photograph's data: address, its metadata removed."""
    found = _PHOTO.fullmatch(address)
    if found is None:
        return None
    try:
        data = base64.b64decode(found.group(2), validate=True)
        kind = kind_of(data)
        if kind is None:
            return None
        clean = strip(data, kind)
    except (binascii.Error, ImageProblem):
        return None
    return f"data:image/{kind};base64,{base64.b64encode(clean).decode('ascii')}"


def _safe_value(value: str) -> bool:
    """A presentation value (`fill="url(#g)"`, `style`, `values`) that neither runs nor
    fetches anything."""
    plain = re.sub(r"[\x00-\x20]", "", value).lower()
    if any(word in plain for word in ("javascript:", "vbscript:", "data:", "expression(")):
        return False
    return "\\" not in value and all(u.strip().startswith("#") for u in _URL.findall(value))


def _safe_css(css: str) -> bool:
    """A style sheet that imports and fetches nothing: its `url()`s name the file's own
    parts. An escape could spell `url(` in a way this does not read: none is allowed."""
    return "@import" not in css.lower() and _safe_value(css)


def _attribute(value: str) -> str:
    return escape(value, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
