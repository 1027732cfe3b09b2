"""A WordPress export (WXR, from Tools > Export) to articles.

Each published post becomes an article filed in the section its first category makes (with
the category's parents: `world/asia`), other categories and the tags as tags, the featured
image with its alt text and caption, and its old address kept in `aliases` so that the build
redirects it. Drafts become drafts; pages are skipped unless asked for.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsgen.core.errors import Diagnostic
from newsgen.core.slugs import is_valid_slug, slugify
from newsgen.importers import Imported, ImportFailure, Report, pages_folder, write
from newsgen.importers.html import clean_text, is_placeholder, to_markdown
from newsgen.importers.xmltree import Tree, child, children, parse_xml, text

_DRAFTS = ("draft", "pending", "private")
_SKIPPED = ("trash", "auto-draft", "inherit")
_ZERO = "0000-00-00 00:00:00"


def import_wordpress(export: Path, into: Path, pages: bool = False) -> Report:
    shown = str(export)
    tree = parse_xml(export.read_bytes(), shown)
    channel = child(tree.root, "channel")
    if tree.root.tag != "rss" or channel is None or child(channel, "wp:wxr_version") is None:
        raise ImportFailure(Diagnostic(shown, 1, "not a WordPress export (WXR) file"))
    reader = _Export(tree, channel, shown)
    items = children(channel, "item")
    articles = [a for item in items if (a := reader.article(item, pages))]
    _count_comments(items, reader.report, shown)
    report = write(articles, into, shown, reader.report)
    if report.pages:
        where = pages_folder(into)
        count = len(report.pages)
        message = (
            f"{count} page{'s' * (count != 1)} written to {where}, outside the content folder: "
            "newsgen has no standing pages (see docs/import.md, Pages)"
        )
        report.notes.append(Diagnostic(shown, None, message, "warning"))
    return report


def _count_comments(items: list[ET.Element], report: Report, path: str) -> None:
    """A static site keeps no comments: say how many the export holds, so none go unnoticed."""
    counts = [len(children(item, "wp:comment")) for item in items]
    total = sum(counts)
    if total:
        posts = sum(1 for count in counts if count)
        message = (
            f"{total} comment{'s' * (total != 1)} on {posts} post{'s' * (posts != 1)} "
            "not imported: a static site keeps no comments"
        )
        report.notes.append(Diagnostic(path, None, message, "warning"))


class _Export:
    def __init__(self, tree: Tree, channel: ET.Element, path: str) -> None:
        self.tree = tree
        self.path = path
        self.report = Report()
        self.authors = {
            text(a, "wp:author_login"): clean_text(text(a, "wp:author_display_name"))
            for a in children(channel, "wp:author")
        }
        self.parents = {
            text(c, "wp:category_nicename"): text(c, "wp:category_parent")
            for c in children(channel, "wp:category")
        }
        items = children(channel, "item")
        self.attachments = {
            text(i, "wp:post_id"): i for i in items if text(i, "wp:post_type") == "attachment"
        }
        self.offsets = _known_offsets(items)

    def note(self, element: ET.Element, message: str) -> None:
        self.report.notes.append(Diagnostic(self.path, self.tree.line(element), message, "warning"))

    def article(self, item: ET.Element, pages: bool) -> Imported | None:
        kind, status = text(item, "wp:post_type"), text(item, "wp:status")
        title = clean_text(text(item, "title"))
        if kind not in ("post", "page") or status in _SKIPPED:
            return None
        if kind == "page" and not pages:
            self.note(item, f"page '{title}' is skipped (import pages with --pages)")
            return None
        name = slugify(unquote(text(item, "wp:post_name")))
        slug = name if is_valid_slug(name) else slugify(title) or f"post-{text(item, 'wp:post_id')}"
        if not title:
            title = slug.replace("-", " ").capitalize()
            self.note(item, f"post '{slug}' has no title: titled '{title}' from its slug")
        date = self._moment(item, "wp:post_date")
        if not date:
            self.note(item, f"'{title}' has no date and is skipped")
            return None
        if status == "private":
            self.note(item, f"'{title}' is private: imported as a draft")
        sections = self._categories(item, "category") if kind == "post" else []
        tags = [n for _, n in sections[1:]] + [n for _, n in self._categories(item, "post_tag")]
        updated = self._moment(item, "wp:post_modified")
        link = text(item, "link")
        image = self._image(item, title)
        body, image = self._body(item, title, image)
        if image and not image.get("alt"):
            self.note(item, f"'{title}': its featured image has no alt text")
        return Imported(
            folder=self._section(sections[0]) if sections else "",
            slug=slug,
            title=title,
            date=date,
            body=body,
            line=self.tree.line(item),
            updated=updated if updated > date else "",
            authors=tuple(a for a in [self._author(item)] if a),
            tags=tuple(dict.fromkeys(tags)),
            summary=clean_text(text(item, "excerpt:encoded")),
            image=image,
            draft=status in _DRAFTS,
            aliases=(link,) if link and not urlsplit(link).query else (),
            addresses=tuple(a for a in (link, text(item, "guid")) if a),
            page=kind == "page",
        )

    def _moment(self, item: ET.Element, name: str) -> str:
        """ISO 8601 with its offset. A draft's GMT time is often 0000-00-00: its offset is
        then the export's, from the post with both times nearest to it."""
        local, utc = _datetime(text(item, name)), _datetime(text(item, f"{name}_gmt"))
        if local is None:
            return ""
        if utc is not None:
            return _with_offset(local, round((local - utc).total_seconds() / 60))
        if not self.offsets:
            return local.isoformat()  # nothing to go by: the site's time zone applies
        nearest = min(self.offsets, key=lambda known: abs(known[0] - local))
        return _with_offset(local, nearest[1])

    def _body(
        self, item: ET.Element, title: str, image: dict[str, str]
    ) -> tuple[str, dict[str, str]]:
        """The body as Markdown, without the featured image, whose alt and caption it may give."""
        converted = to_markdown(text(item, "content:encoded"), image.get("src", ""))
        for message in converted.notes:
            self.note(item, f"'{title}': {message}")
        if not converted.markdown:
            self.note(item, f"'{title}' has no body: written with a placeholder paragraph")
        image = {**converted.featured, **image} if image else image
        return converted.markdown or "(This article had no text.)", image

    def _author(self, item: ET.Element) -> str:
        login = text(item, "dc:creator")
        return self.authors.get(login) or login

    def _categories(self, item: ET.Element, domain: str) -> list[tuple[str, str]]:
        """(nicename, name) of the item's categories or tags; 'Uncategorized' is none."""
        found = [
            (c.get("nicename", ""), clean_text(c.text))
            for c in children(item, "category")
            if c.get("domain") == domain
        ]
        return [(nice, name) for nice, name in found if name and nice != "uncategorized"]

    def _section(self, category: tuple[str, str]) -> str:
        """A category with its parents, as a section path: world/asia."""
        chain = [category[0] or slugify(category[1])]
        while (parent := self.parents.get(chain[0])) and parent not in chain:
            chain.insert(0, parent)
        return "/".join(part for part in (slugify(unquote(c)) for c in chain) if part)

    def _image(self, item: ET.Element, title: str) -> dict[str, str]:
        meta = {text(m, "wp:meta_key"): text(m, "wp:meta_value") for m in
                children(item, "wp:postmeta")}  # fmt: skip
        attachment = self.attachments.get(meta.get("_thumbnail_id", ""))
        if attachment is None:
            if meta.get("_thumbnail_id"):
                self.note(item, f"'{title}': its featured image is not in the export")
            return {}
        own = {text(m, "wp:meta_key"): text(m, "wp:meta_value") for m in
               children(attachment, "wp:postmeta")}  # fmt: skip
        image = {
            "src": text(attachment, "wp:attachment_url"),
            "alt": clean_text(own.get("_wp_attachment_image_alt")),
            "caption": clean_text(text(attachment, "excerpt:encoded")),
        }
        return {k: v for k, v in image.items() if v and not is_placeholder(v)}


def _datetime(value: str) -> datetime | None:
    if not value or value == _ZERO:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _known_offsets(items: list[ET.Element]) -> list[tuple[datetime, int]]:
    """(local time, offset in minutes) of every post whose export gives both its times."""
    known: list[tuple[datetime, int]] = []
    for item in items:
        local = _datetime(text(item, "wp:post_date"))
        utc = _datetime(text(item, "wp:post_date_gmt"))
        if local is not None and utc is not None:
            known.append((local, round((local - utc).total_seconds() / 60)))
    return known


def _with_offset(moment: datetime, minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"{moment.isoformat()}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
