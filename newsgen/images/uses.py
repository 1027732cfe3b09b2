"""Stage images: what the published articles do with the images beside them.

Which photographs a page shows in several widths (an article's own image, an image in a
body, an author's photograph), the share crops each needs, and which articles use each
image, so that a problem with an image is reported where it is used.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsgen.core.config import CONFIG_NAME, Config
from newsgen.core.errors import Diagnostic, line_of
from newsgen.core.model import ArticleHead, Image
from newsgen.images.recipe import Focus, is_resized


@dataclass(frozen=True)
class ImageUses:
    shown: set[str] = field(default_factory=set)  # shown in several widths by some page
    shares: dict[str, set[Focus | None]] = field(default_factory=dict)  # focuses of crops
    users: dict[str, list[str]] = field(default_factory=dict)  # image -> articles' sources


def image_uses(articles: Iterable[ArticleHead]) -> ImageUses:
    uses = ImageUses()
    for article in articles:
        image = article.image
        if image is not None and not urlsplit(image.src).scheme:
            uses.users.setdefault(image.src, []).append(article.source)
            if image.resized:
                uses.shown.add(image.src)
                uses.shares.setdefault(image.src, set()).add(image.focus)
        for path in article.body_images:
            uses.shown.add(path)
            if article.source not in uses.users.get(path, ()):
                uses.users.setdefault(path, []).append(article.source)
    return uses


def line_using(text: str, src: str) -> int | None:
    """The first line of an article's file that names the image `src` (its file name: the
    article may name it relative to its own folder)."""
    return line_of(text, posixpath.basename(src))


def author_photos(config: Config, images: set[str]) -> tuple[dict[str, Image], list[Diagnostic]]:
    """Each author's `photo` (`images`: the site paths of the images under content/). One
    on another site is kept as it is, with a warning; one missing, or not a photograph
    newsgen publishes in several widths, is an error at its line in config.toml."""
    photos: dict[str, Image] = {}
    problems: list[Diagnostic] = []
    for key, author in config.authors.items():
        if author.photo is None:
            continue
        src, line = author.photo.src, author.photo.line
        where = f"author '{key}': photo '{src}'"
        if urlsplit(src).scheme:
            message = f"{where} is on another site: newsgen cannot size it or remove its metadata"
            problems.append(Diagnostic(CONFIG_NAME, line, message, "warning"))
        elif not is_resized(src):
            message = f"{where} must be a JPEG, PNG or WebP photograph"
            problems.append(Diagnostic(CONFIG_NAME, line, message))
            continue
        elif src not in images:
            shown = config.content_file(src)
            problems.append(Diagnostic(CONFIG_NAME, line, f"{where}: no such file {shown}"))
            continue
        photos[key] = Image(src, alt=author.name)
    return photos, problems
