"""Stage images: what the published articles do with the images beside them.

Which photographs a page shows in several widths (an article's own image, an image in a
body), the share crops each needs, and which articles use each image, so that a
problem with an image is reported where it is used.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsgen.core.errors import line_of
from newsgen.core.model import ArticleHead
from newsgen.images.recipe import Focus


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
