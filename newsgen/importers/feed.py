"""An RSS 2.0 or Atom feed to articles: the way in for a site that has nothing else to give.

Each entry becomes an article at the top of content/ (feeds carry no sections), its
categories as tags. The entry's link is the publisher's address, not an old address of this
site, so it is not redirected; links between the imported entries lead to their new files.
"""

from __future__ import annotations

import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsgen.core.errors import Diagnostic
from newsgen.core.slugs import slugify
from newsgen.importers import Imported, ImportFailure, Report, write
from newsgen.importers.html import clean_text, is_placeholder, to_markdown
from newsgen.importers.xmltree import Tree, child, children, parse_xml, text

FETCH_SECONDS = 30


def read_feed(source: str) -> bytes:
    """A local file, or an http(s) address fetched once."""
    if urlsplit(source).scheme in ("http", "https"):
        with urllib.request.urlopen(source, timeout=FETCH_SECONDS) as response:
            data: bytes = response.read()
            return data
    return Path(source).read_bytes()


def import_feed(source: str, into: Path) -> Report:
    tree = parse_xml(read_feed(source), source)
    report = Report()
    root = tree.root
    if root.tag == "rss" and (channel := child(root, "channel")) is not None:
        items, atom = children(channel, "item"), False
    elif root.tag == "atom:feed":
        items, atom = children(root, "atom:entry"), True
    else:
        raise ImportFailure(Diagnostic(source, 1, "not an RSS 2.0 or Atom feed"))
    articles = [a for item in items if (a := _article(tree, item, atom, source, report))]
    return write(articles, into, source, report)


def _article(
    tree: Tree, item: ET.Element, atom: bool, source: str, report: Report
) -> Imported | None:
    def note(message: str) -> None:
        report.notes.append(Diagnostic(source, tree.line(item), message, "warning"))

    p = "atom:" if atom else ""
    title = clean_text(text(item, f"{p}title"))
    link = _link(item) if atom else text(item, "link")
    written = text(item, "atom:published") or text(item, "atom:updated") if atom else (
        text(item, "pubDate") or text(item, "dc:date"))  # fmt: skip
    date = _moment(written)
    if not date:
        note(f"'{title or link}' has no date it can read ('{written}') and is skipped")
        return None
    stem = unquote(urlsplit(link).path.rstrip("/").rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    slug = slugify(stem) or slugify(title) or f"entry-{date[:10]}"
    if not title:
        title = slug.replace("-", " ").capitalize()
        note(f"an entry has no title: titled '{title}' from its address")
    if atom:
        html = text(item, "atom:content") or text(item, "atom:summary")
        summary = text(item, "atom:summary") if child(item, "atom:content") is not None else ""
        authors = [text(a, "atom:name") for a in children(item, "atom:author")]
        tags = [c.get("label") or c.get("term") or "" for c in children(item, "atom:category")]
    else:
        html = text(item, "content:encoded") or text(item, "description")
        summary = text(item, "description") if text(item, "content:encoded") else ""
        authors = [text(item, "dc:creator") or text(item, "author")]
        tags = [c.text or "" for c in children(item, "category")]
    image = _image(item)
    converted = to_markdown(html, image.get("src", ""))
    for message in converted.notes:
        note(f"'{title}': {message}")
    updated = _moment(text(item, "atom:updated")) if atom else ""
    # The entry's link is the publisher's address, not an old address of this site: no alias.
    return Imported(
        folder="", slug=slug, title=title, date=date, line=tree.line(item),
        body=converted.markdown or "(This article had no text.)",
        updated=updated if updated > date else "",
        authors=tuple(a for a in (clean_text(a) for a in authors) if a),
        tags=tuple(dict.fromkeys(t for t in (clean_text(t) for t in tags) if t)),
        summary=clean_text(summary), image={**converted.featured, **image} if image else {},
        addresses=(link,) if link else (),
    )  # fmt: skip


def _link(entry: ET.Element) -> str:
    links = children(entry, "atom:link")
    found = next((a for a in links if a.get("rel", "alternate") == "alternate"), None)
    return (found.get("href") or "") if found is not None else ""


def _moment(value: str) -> str:
    """RFC 822 (RSS) or ISO 8601 (Atom) to ISO 8601, offset kept."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return ""


def _image(item: ET.Element) -> dict[str, str]:
    """The first image of `media:content`, `media:thumbnail` or an image enclosure (also in
    a `media:group`), its alt text from its `media:description` or the group's."""
    groups = [item, *children(item, "media:group")]
    for group in groups:
        for element in group:
            if _is_image(element) and (src := element.get("url") or ""):
                alt = _description(element) or _description(group)
                return {k: v for k, v in {"src": src, "alt": alt}.items()
                        if v and not is_placeholder(v)}  # fmt: skip
    return {}


def _is_image(element: ET.Element) -> bool:
    if element.tag == "media:thumbnail":
        return True
    kind = element.get("type") or ("image/" if element.get("medium", "image") == "image" else "")
    return element.tag in ("media:content", "enclosure") and kind.startswith("image/")


def _description(element: ET.Element) -> str:
    for name in ("media:description", "media:text"):
        if (found := child(element, name)) is not None and (said := clean_text(found.text)):
            return said
    return ""
