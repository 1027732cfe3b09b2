"""Stage `parse`, first step: front matter written for other generators, in our terms.

Takes the front matter of one file as split (`FrontMatter`) and gives it back with the keys
of Jekyll, Hugo, Zola and Pelican turned into ours (`excerpt`, `description` and `deck` to
`summary`, `lastmod` to `updated`, `categories` to section and tags, `topics` and other
taxonomies to tags, `images` to `image`, old URLs and Zola's `path` to `aliases`), and file
names (`_posts/2019-04-01-slug.md`) read for date, slug and title. A note is added only where
something cannot be carried over. Their template tags in bodies are the business of
`idioms.py`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from newsgen.content.front_matter import FrontMatter
from newsgen.core.dates import parse_datetime
from newsgen.core.errors import Diagnostic
from newsgen.core.slugs import decode_name, name_slug, slugify

JEKYLL_FOLDERS = ("_posts", "_drafts")
JEKYLL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
# Hugo's and WordPress exporters' folders of posts: a bucket, not a section, when a post
# names its own categories.
POST_BUCKETS = ("posts", "post", "blog")

# Other generators' keys that mean nothing for a static news site (presentation, comments,
# sharing, their own ids): kept in `extra`, no note.
_QUIET = (
    # Jekyll and its themes (Minima, Minimal Mistakes, jekyll-seo-tag)
    "layout comments share sharing social_share related toc toc_label toc_icon toc_sticky "
    "sitemap author_profile read_time reading_time header classes excerpt_separator sidebar "
    "search feature show_date show_comments show_reading_time pin render_with_liquid "
    "mathjax math katex mermaid disqus disqus_identifier disqus_url comments_locked "
    "tagline teaser hidden "
    # Hugo and its themes (PaperMod, Ananke)
    "weight type menu keywords linkTitle markup outputs resources cascade headless "
    "isCJKLanguage showToc TocOpen hidemeta hideSummary searchHidden "
    "ShowReadingTime ShowBreadCrumbs ShowPostNavLinks ShowWordCount UseHugoToc "
    "disableShare disableHLJS editPost expiryDate series subtitle build "
    # Pelican
    "template save_as translation "
    # Zola, and tables of a site's own values (kept in `extra`, key by key)
    "extra params in_search_index insert_anchor_links "
    # WordPress exporters (jekyll-import, exitwp, wordpress-to-hugo-exporter)
    "wordpress_id wp_id post_id guid meta parent_id password dsq_thread_id dsq_needs_sync "
    "original_post_id wordpress_url comment_status ping_status post_format format "
    # other generators' images, when they are no image here (a media library's name)
    "featured_image primary_image cover images "
    # a link post's address and where it came from (see `LINK_KEYS`)
    "source_url link_url external_link redirect_to source tumblr_url crossposts "
    # archives' own records: people beside the authors, issue numbers, labels, ids, the
    # tools that wrote the file (R Markdown, RStudio, knitr), social cards
    "translator editor interviewee number kicker topicid cms_date doi package_version github "
    "hero photogallery output editor_options rmd_hash social tweet twitterImg twitterAlt "
    "socialImg socialAlt"
)
# Other generators' keys for ours; used only when ours is not given. Ours are listed too,
# so that `Title` (Hugo reads keys in any case) is `title`.
_OURS = (
    "title date updated authors author section tags summary image location slug draft "
    "featured live live_until corrections aliases lang external_url translation_key"
)
_THEIRS = {
    "summary": "description excerpt deck dek",
    "lang": "language",
    "date": "pubDate publishDate publish_date published_at created created_at date_created "
    "date_published",
    "updated": "lastmod modified modified_date last_modified last_modified_at updated_at "
    "modified_at date_modified",
}
_OLD_URL_KEYS = frozenset(("aliases", "redirectfrom", "permalink", "url", "link", "path"))
# A link post's address, where its text is: our `external_url`, then others' (squashed).
LINK_KEYS = ("externalurl", "sourceurl", "linkurl", "externallink", "redirectto")
# Zola's `path`, from its date: `2014/12/12/1.0-Timeline`, `inside-rust/2025/10/22/x`.
_DATED_PATH = re.compile(r"^(?:.*/)?(\d{4})/(\d{1,2})/(\d{1,2})/(.+?)/*$")
# The end of a file's name: `.html`, `.php`; not `.0` (`1.88.0`) or `.0-Timeline`.
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")
_IMAGE_KEYS = ("images", "featured_image", "primary_image", "cover")
# Our image keys beside its words: where crops centre, and another site's image's size.
_IMAGE_FRAMING = ("focus", "width", "height")
# Jekyll themes' parts of the image, beside it: `image_alt: …`.
_IMAGE_PARTS = {
    **dict.fromkeys(("imagealt", "imageaccessibility", "imagedescription"), "alt"),
    **dict.fromkeys(("imagecaption", "imagefigcaption"), "caption"),
    "imagecredit": "credit",
}


def squash(key: str) -> str:
    """A key as keys are compared: `pubDate`, `pub-date`, `pub_date` and `PubDate` are one."""
    return key.lower().replace("-", "").replace("_", "")


QUIET_KEYS = frozenset(squash(key) for key in _QUIET.split())
OUR_KEYS = tuple(_OURS.split())
_RENAMED = {
    **{squash(key): key for key in OUR_KEYS},
    **{squash(theirs): ours for ours, keys in _THEIRS.items() for theirs in keys.split()},
}


def is_quiet(key: str) -> bool:
    """Whether `key` is another generator's key that means nothing here."""
    return squash(key) in QUIET_KEYS


def renamed(key: str) -> str | None:
    """Our key for `key`, when it is ours or another generator's name for one of ours."""
    return _RENAMED.get(squash(key))


def their_keys() -> tuple[str, ...]:
    """Other generators' keys that are known here, as they write them: their names for
    ours, and the keys kept quietly."""
    return (*(theirs for keys in _THEIRS.values() for theirs in keys.split()), *_QUIET.split())


def is_jekyll_post(path: str) -> bool:
    return any(part in JEKYLL_FOLDERS for part in PurePosixPath(path).parts[:-1])


def folder_parts(path: str) -> list[str]:
    """The folders that make an article's section, as their writer meant them (see
    `decode_name`): a page bundle's own folder and Jekyll's `_posts` and `_drafts` do not
    count."""
    pure = PurePosixPath(path)
    parent = pure.parent.parent if pure.stem.lower() == "index" else pure.parent
    return [decode_name(p) for p in parent.parts if p not in (".", *JEKYLL_FOLDERS)]


def _filing_folders(path: str) -> list[str]:
    """The folders that file an article even where it names its own categories: not those
    under Jekyll's `_posts` (years, authors' names), nor a Hugo bucket of posts at the top
    of content/ (`posts/`, `post/`, `blog/`) and what is under it."""
    parts = PurePosixPath(path).parts[:-1]
    jekyll = next((i for i, p in enumerate(parts) if p in JEKYLL_FOLDERS), None)
    if jekyll is not None:
        return [decode_name(p) for p in parts[:jekyll]]
    if parts and parts[0].lower() in POST_BUCKETS:
        return []
    return folder_parts(path)


def adapt(path: str, matter: FrontMatter, warnings: list[Diagnostic]) -> FrontMatter:
    """`matter` with other generators' keys and file names read as ours."""
    data: dict[str, Any] = dict(matter.data)
    lines: dict[str, int] = dict(matter.key_lines)
    jekyll = is_jekyll_post(path)

    def note(key: str, message: str) -> None:
        warnings.append(Diagnostic(path, lines.get(key, 1), message, "warning"))

    def move(key: str, ours: str) -> Any:
        value = data.pop(key)
        if ours not in data or data[ours] in (None, ""):
            data[ours] = value
            lines[ours] = lines.get(key, 1)
        return value

    for key in list(data):
        ours = renamed(key)
        if ours and key != ours:
            move(key, ours)
        elif squash(key) == "published" and isinstance(data[key], bool):
            if not data.pop(key):
                data.setdefault("draft", True)
        elif squash(key) == "published":
            move(key, "date")
    _status(data, note)
    _zola_path(data, lines)
    _old_urls(data, lines, note)
    _file_name(path, data, lines, jekyll, note)
    if matter.format == "metadata" and not data.get("slug"):
        data["slug"] = _pelican_slug(data.get("title"))
    _people(data)
    _taxonomies(data, lines)
    _categories(path, data, lines, jekyll)
    _image(data, lines, note)
    return replace(matter, data=data, key_lines=lines)


def _status(data: dict[str, Any], note: Any) -> None:
    """Pelican's `status`: draft, hidden or published."""
    status = data.get("status")
    if not isinstance(status, str):
        return
    data.pop("status")
    if status.lower() in ("draft", "hidden"):
        data.setdefault("draft", True)
    if status.lower() == "hidden":
        note("status", "'status: hidden' is read as a draft: newsgen has no hidden articles")


def _zola_path(data: dict[str, Any], lines: dict[str, int]) -> None:
    """Zola's `path`, the address the page had (made an old address by `_old_urls`): a
    dated one (`2014/12/12/1.0-Timeline`) gives a missing date, and its last part a
    missing slug, so that the article keeps its name."""
    value = data.get("path")
    if not isinstance(value, str) or not value.strip("/ "):
        return
    written = value.strip().strip("/")
    dated = _DATED_PATH.match(written)
    if dated and data.get("date") in (None, ""):
        year, month, day = (int(part) for part in dated.groups()[:3])
        data["date"] = f"{year:04}-{month:02}-{day:02}"
        lines["date"] = lines.get("path", 1)
    if not data.get("slug"):
        data["slug"] = name_slug(written.rsplit("/", 1)[-1])


def _old_urls(data: dict[str, Any], lines: dict[str, int], note: Any) -> None:
    """`aliases` (Hugo, Zola), `redirect_from` (Jekyll), `permalink`, `url`, `link` (a
    WordPress export's address of the post) and `path` (Zola): each old address gets a
    redirect to the article's URL."""
    found: list[str] = []
    for key in [k for k in data if squash(k) in _OLD_URL_KEYS]:
        value = data.pop(key)
        lines.setdefault("aliases", lines.get(key, 1))
        for item in value if isinstance(value, list) else [value]:
            text = _as_served(str(item or "").strip(), always=squash(key) == "path")
            if ":" in text.split("//", 1)[-1]:
                note(key, f"'{key}: {text}' holds placeholders, so no redirect is made from it")
            elif text and text not in found:
                found.append(text)
    if found:
        data["aliases"] = found


def _as_served(address: str, always: bool) -> str:
    """An old address as a folder where the old site served one: Zola's `path` always, and
    an address whose last part has a dot but no file's extension (`releases/1.88.0`), as
    Hugo and Zola serve both."""
    parts = urlsplit(address)
    last = parts.path.rsplit("/", 1)[-1]
    if not last or not (always or ("." in last and not _EXTENSION.search(last))):
        return address
    return urlunsplit(parts._replace(path=parts.path + "/"))


def _file_name(
    path: str, data: dict[str, Any], lines: dict[str, int], jekyll: bool, note: Any
) -> None:
    """`2019-04-01-slug.md` gives a missing date, and one that cannot be read (with a
    note); in Jekyll's `_posts` and `_drafts`, slug and title too (a draft's name need not
    start with a date)."""
    pure = PurePosixPath(path)
    stem = decode_name(pure.stem)
    named = JEKYLL_NAME.match(stem)
    draft = jekyll and "_drafts" in pure.parts[:-1]
    if draft:
        data.setdefault("draft", True)
    if named and data.get("date") in (None, ""):
        data["date"] = named.group(1)
    elif named and not _is_date(data.get("date")):
        written = data["date"]
        why = "newsgen cannot read it as a date"
        note("date", f"'date: {written}': {why}, so the file name's date, {named[1]}, is used")
        data["date"] = named.group(1)
    if not (jekyll and (named or draft)):
        return
    rest = named.group(2) if named else stem
    if not data.get("slug"):
        data["slug"] = name_slug(rest)
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        # As Jekyll does: "my-first-post" is titled "My First Post".
        data["title"] = " ".join(w[:1].upper() + w[1:] for w in re.split(r"[-_\s]+", rest) if w)


def _is_date(value: object) -> bool:
    try:
        parse_datetime(value, None)
    except ValueError:
        return False
    return True


def _pelican_slug(title: object) -> str:
    """The slug Pelican made from a title: what is not a letter, digit, space or hyphen is
    dropped (`Rust 0.7` is `rust-07`), then the rest made a slug."""
    return slugify(re.sub(r"[^\w\s-]", "", title)) if isinstance(title, str) else ""


def _split(value: Any, jekyll: bool) -> list[Any]:
    """Tags or categories as a list: Jekyll separates them by spaces, we by commas."""
    if isinstance(value, str):
        return value.split() if jekyll else value.split(",")
    if isinstance(value, list):
        return [item for item in value if item is not None]
    return [] if value is None else [value]


def _people(data: dict[str, Any]) -> None:
    """An author written as a table is its name: `{name: ..., twitter: ...}`, or as
    WordPress exporters write one, `{login: ..., display_name: ...}`."""
    for key in ("authors", "author"):
        value = data.get(key)
        items = value if isinstance(value, list) else [value]
        if items and all(isinstance(i, str) or _person(i) for i in items):
            names = [i if isinstance(i, str) else _person(i) for i in items]
            data[key] = [name for name in names if name]


def _person(table: object) -> str:
    if not isinstance(table, dict):
        return ""
    full = " ".join(str(table.get(k) or "") for k in ("first_name", "last_name")).strip()
    return str(table.get("name") or table.get("display_name") or full or table.get("login") or "")


def _taxonomies(data: dict[str, Any], lines: dict[str, int]) -> None:
    """Zola's `[taxonomies]` table: `tags`, `categories` and `authors` as those keys, any
    other taxonomy (`topics`) as tags."""
    table = data.get("taxonomies")
    if not isinstance(table, dict):
        return
    data.pop("taxonomies")
    for name, value in table.items():
        key = name if squash(name) in ("tags", "categories", "category", "authors") else "topics"
        if key == "topics" or key not in data:
            data[key] = [*_split(data.get(key), False), *_split(value, False)]
            lines.setdefault(key, lines.get("taxonomies", 1))


def _categories(path: str, data: dict[str, Any], lines: dict[str, int], jekyll: bool) -> None:
    """The first category files the article when nothing else does (folders under `_posts`
    and a Hugo bucket of posts do not); all become tags, and so do `topics` (a taxonomy
    of Hugo sites)."""
    if isinstance(data.get("tags"), str | list):
        data["tags"] = _split(data["tags"], jekyll)
    for key in [k for k in data if squash(k) == "topics"]:
        topics = _split(data.pop(key), False)
        data["tags"] = [*(data.get("tags") or []), *topics]
        lines.setdefault("tags", lines.get(key, 1))
    found: list[Any] = []
    for key in [k for k in data if squash(k) in ("categories", "category")]:
        found += _split(data.pop(key), jekyll)
        lines.setdefault("tags", lines.get(key, 1))
        if found and not data.get("section"):
            filing = _filing_folders(path)
            if filing != folder_parts(path):  # `news/_posts/2019/`: the post is in news
                section = "/".join(slugify(name) for name in filing) or slugify(str(found[0]))
            else:
                section = "" if filing else slugify(str(found[0]))
            if section:
                data["section"] = section
                lines["section"] = lines.get(key, 1)
    if found:
        tags = data.get("tags")
        data["tags"] = [
            *found,
            *(tags if isinstance(tags, list) else [] if tags is None else [tags]),
        ]


def _image(data: dict[str, Any], lines: dict[str, int], note: Any) -> None:
    """Hugo's `images` list, `featured_image`, `primary_image` and `cover`, and Jekyll SEO's
    `image.path`. A table with no address in it (`{uid: …}`), or a name that is no file's
    (`pra-guide-launch`), names an image in the old site's media library: no image here."""
    if not data.get("image"):
        for key in _IMAGE_KEYS:
            value = data.get(key)
            if isinstance(value, dict):
                src = (
                    value.get("src") or value.get("path") or value.get("url") or value.get("image")
                )
                value = {"src": src, "alt": value.get("alt"), "caption": value.get("caption")}
            if isinstance(value, list):
                if len(value) > 1:
                    note(key, f"only the first of '{key}' is the article's image")
                value = value[0] if value else None
            if _names_a_file(value):
                data.pop(key)
                data["image"] = value
                lines["image"] = lines.get(key, 1)
                break
    image = data.get("image")
    parts = {_IMAGE_PARTS[squash(k)]: k for k in data if squash(k) in _IMAGE_PARTS}
    if isinstance(image, str) and image and parts:
        image = {"src": image}
    if isinstance(image, dict):
        src = image.get("src") or image.get("path") or image.get("url")
        kept = {k: image[k] for k in ("alt", "caption", "credit") if image.get(k)}
        kept |= {k: image[k] for k in _IMAGE_FRAMING if k in image}  # ours, checked later
        for part, key in parts.items():
            if part not in kept and isinstance(data[key], str) and data[key].strip():
                kept[part] = data.pop(key)
        data["image"] = {"src": src, **kept}
        dropped = set(image) - {"src", "path", "url", "alt", "caption", "credit", *_IMAGE_FRAMING}
        if dropped:
            note("image", f"image keys {', '.join(sorted(dropped))} are not carried over")


def _names_a_file(value: object) -> bool:
    """Whether another generator's image value is an image's address: a table with one, or
    text with a folder, an extension or a scheme in it."""
    if isinstance(value, dict):
        value = value.get("src")
    return isinstance(value, str) and any(mark in value for mark in "/.:")
