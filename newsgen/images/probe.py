"""Stage images: what a photograph's header says, read without decoding its pixels.

Its size as a reader sees it (turned as its EXIF orientation says), its format, and
whether it is animated. A file Pillow cannot read, or one that declares more pixels than
`MAX_PIXELS` (a decompression bomb: a few bytes that unpack into gigabytes), is refused.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_PIXELS = 120_000_000  # the largest camera sensors make about 100 megapixels
ORIENTATION = 0x0112  # EXIF tag
TURNED = {5, 6, 7, 8}  # orientations that swap width and height
KINDS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "AVIF": "avif", "GIF": "gif"}


class ImageProblem(Exception):
    """An image newsgen cannot publish; the message says why, for a reader of the log."""


class Unreadable(ImageProblem):
    """A file that is no image Pillow knows, or that says too little to be one."""


@dataclass(frozen=True)
class Facts:
    width: int  # as shown: after the EXIF orientation is applied
    height: int
    kind: str  # "jpeg", "png", "webp", "avif", "gif", or Pillow's name in lower case
    animated: bool = False


def open_image(path: str) -> Image:
    """The image, opened (its header read); ImageProblem for a file that is no image or
    declares too many pixels."""
    from PIL import Image as Pillow
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # newsgen says no itself, with its own limit
            warnings.simplefilter("ignore", Pillow.DecompressionBombWarning)
            image = Pillow.open(path)
    except Pillow.DecompressionBombError as exc:
        raise ImageProblem(f"refused: {_pixels(exc)}") from None
    except UnidentifiedImageError:
        raise Unreadable("cannot be read as an image (damaged, or not an image)") from None
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc}") from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise ImageProblem(
            f"refused: it declares {width}x{height} pixels, more than the limit of "
            f"{MAX_PIXELS // 1_000_000} megapixels (a decompression bomb, or a scan to "
            "make smaller first)"
        )
    return image


def _pixels(exc: Exception) -> str:
    return f"it declares more pixels than can be opened safely ({exc})"


def probe(path: str) -> Facts:
    """The facts of an image file, from its header."""
    with open_image(path) as image:
        return facts_of(image)


def facts_of(image: Image) -> Facts:
    """The facts of an opened image, before any resizing (`draft`) changes its size."""
    width, height = image.size
    try:
        orientation = image.getexif().get(ORIENTATION, 1)
    except Exception:  # damaged EXIF: shown as it is stored
        orientation = 1
    if orientation in TURNED:
        width, height = height, width
    kind = KINDS.get(image.format or "", (image.format or "").lower())
    animated = bool(getattr(image, "is_animated", False))
    return Facts(width, height, kind, animated)
