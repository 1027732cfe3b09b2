"""Stage images: what is made of each photograph, and the names it is published under.

Pure names and numbers, no Pillow: templates and the parse stage read it at every build.
A source `world/quake.jpg` 4000 pixels wide is published, metadata stripped, as
`world/quake.jpg` (at most `LARGEST` wide) and as `world/quake.640w.webp` and the like, one
file per width and format; its share crop as `world/quake.1200x630.jpg`.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, replace

# The widths the theme's layouts ask for: a card's thumbnail on a phone (320), a phone's
# whole width at two or three pixels per point (640, 960, 1280), an article's photograph on
# a wide screen (1600).
WIDTHS = (320, 640, 960, 1280, 1600)
LARGEST = 2560  # the file at the original address: enough to enlarge, never a camera's 6000
SHARE = (1200, 630)  # what Facebook, LinkedIn and X show best
# What newsgen makes variants of.
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
# Every image the images stage publishes: photographs in their widths, the others at their
# own address, made safe (`clean.py`). Other files are copied as they are.
IMAGE_SUFFIXES = (*SUFFIXES, ".gif", ".svg", ".avif", ".tif", ".tiff", ".bmp")
# Quality of each format, tuned so that a photograph looks the same in all three.
QUALITY = {"avif": 50, "webp": 75, "jpeg": 80, "png": 0}
# libavif's effort, 0 to 10: 7 makes files a third smaller than 8 (and than WebP) in twice
# the time, which a photograph costs once: the cache keeps it.
AVIF_SPEED = 7
SUFFIX = {"avif": ".avif", "webp": ".webp", "jpeg": ".jpg", "png": ".png"}
MEDIA_TYPE = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}

# An author's photograph is shown 6rem wide (288 pixels on a phone of three pixels a
# point): it is made no wider than this, its own address included.
HEADSHOT = 480

# How wide the default theme shows a photograph in an article's body: its column of
# 42rem (the measure), else the screen less the page's margins.
BODY_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"

Focus = tuple[float, float]  # (x, y), each from 0 to 1: where the crop is centred


@dataclass(frozen=True)
class Recipe:
    """Everything that decides the files made of one source, beside its bytes."""

    widths: tuple[int, ...] = WIDTHS
    modern: tuple[str, ...] = ("avif", "webp")  # given as <source> elements, best first
    largest: int = LARGEST
    share: tuple[int, int] = SHARE
    quality: tuple[tuple[str, int], ...] = tuple(QUALITY.items())
    avif_speed: int = AVIF_SPEED

    def quality_of(self, kind: str) -> int:
        return dict(self.quality)[kind]


@functools.cache
def default_recipe() -> Recipe:
    """The recipe, with AVIF where this Pillow can write it (most wheels since 11.3)."""
    from PIL import features

    modern = ("avif", "webp") if features.check("avif") else ("webp",)
    return Recipe(modern=modern)


def headshot(recipe: Recipe) -> Recipe:
    """The recipe of a photograph only shown small (an author's): the widths below
    `HEADSHOT`, then `HEADSHOT`, which `widths_for` gives of a source that wide too."""
    widths = (*(w for w in recipe.widths if w < HEADSHOT), HEADSHOT)
    return replace(recipe, widths=widths, largest=HEADSHOT)


def is_resized(path: str) -> bool:
    """Whether a file beside the articles gets variants (its suffix says it is a photograph
    Pillow writes back)."""
    return path.lower().endswith(SUFFIXES)


def is_image(path: str) -> bool:
    """Whether a file is published by the images stage: made safe, if not also resized."""
    return path.lower().endswith(IMAGE_SUFFIXES)


def fallback(source_kind: str) -> str:
    """The format of the variants every browser reads: PNG for a PNG (it may be a chart,
    or transparent), else JPEG."""
    return "png" if source_kind == "png" else "jpeg"


def widths_for(width: int, recipe: Recipe) -> tuple[int, ...]:
    """The widths made of a source `width` pixels wide: never wider than the source."""
    smaller = tuple(w for w in recipe.widths if w < width)
    largest = min(width, recipe.widths[-1])
    return smaller if largest in smaller else (*smaller, largest)


def variant_path(src: str, width: int, kind: str) -> str:
    """`world/quake.jpg`, 640, "webp" -> `world/quake.640w.webp`."""
    stem = posixpath.splitext(src)[0]
    return f"{stem}.{width}w{SUFFIX[kind]}"


def share_path(src: str, recipe: Recipe, focus: Focus | None) -> str:
    """The share crop's name, which says its focus: two articles may crop one photograph
    differently."""
    stem = posixpath.splitext(src)[0]
    width, height = recipe.share
    mark = f"-{round(focus[0] * 100)}-{round(focus[1] * 100)}" if focus else ""
    return f"{stem}.{width}x{height}{mark}.jpg"


def share_size(width: int, height: int, recipe: Recipe) -> tuple[int, int]:
    """The share crop's size: the recipe's, or the largest of its shape the source holds."""
    target_w, target_h = recipe.share
    scale = min(1.0, width / target_w, height / target_h)
    return max(1, round(target_w * scale)), max(1, round(target_h * scale))


def srcset(src: str, width: int, kind: str, recipe: Recipe, url: Callable[[str], str]) -> str:
    """The `srcset` of one format: each width's file, by its address."""
    return ", ".join(f"{url(variant_path(src, w, kind))} {w}w" for w in widths_for(width, recipe))


def placeholder_class(src: str) -> str:
    """The class that gives an image its average colour until it loads (a strict content
    policy refuses style= attributes): named from its path, stable across builds."""
    import hashlib

    return "ph-" + hashlib.blake2b(src.encode("utf-8"), digest_size=5).hexdigest()
