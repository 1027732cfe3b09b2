"""Stage images: a file published at its own address as it is, but for its metadata.

What is not made into several widths: a GIF, an animation (GIF, PNG, WebP), an SVG, a TIFF,
BMP or AVIF beside the articles, and every image in the site's `static/` (its own
assets, which templates name as they are). Each is read whole first, every frame decoded,
so that a file damaged inside is refused rather than published. Then JPEG, PNG, GIF and
WebP lose their metadata without being encoded again (`strip.py`: frames and timing stay
exactly); an SVG is made safe (`svg.py`); the other formats are encoded again with
Pillow, frame by frame, with nothing but their pixels and colour profile.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from newsgen.images.probe import ORIENTATION, ImageProblem, open_image
from newsgen.images.strip import kind_of, strip
from newsgen.images.svg import clean_svg

if TYPE_CHECKING:
    from PIL.Image import Image

# The formats encoded again, and how: losslessly where the format can be.
_ENCODED: dict[str, dict[str, object]] = {
    "TIFF": {"compression": "tiff_lzw"},
    "BMP": {},
    "AVIF": {"quality": 90},
}


def clean(path: str) -> bytes:
    """The bytes to publish for the image file at `path`; ImageProblem for one damaged,
    or in a format whose metadata newsgen cannot remove."""
    with open(path, "rb") as file:
        data = file.read()
    if path.lower().endswith(".svg"):
        return clean_svg(data)
    with open_image(path) as image:
        _check_frames(image)
        kind = kind_of(data)
        if kind is not None:
            return strip(data, kind, _orientation(image) if kind == "jpeg" else 1)
        options = _ENCODED.get(image.format or "")
        if options is None:
            raise ImageProblem(
                f"is a {image.format} image, whose metadata newsgen cannot remove: "
                "publish it as JPEG, PNG, WebP or GIF"
            )
        return _encoded(image, image.format or "", options)


def _check_frames(image: Image) -> None:
    """Every frame decoded: a file whose data is damaged fails here."""
    from PIL import ImageSequence

    try:
        for frame in ImageSequence.Iterator(image):
            frame.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageProblem(f"is damaged: {exc}") from None


def _orientation(image: Image) -> int:
    try:
        return int(image.getexif().get(ORIENTATION, 1))
    except Exception:  # damaged EXIF: shown as stored
        return 1


def _encoded(image: Image, format_name: str, options: dict[str, object]) -> bytes:
    """Each frame as a plain image (a TIFF's tags do not follow it), with its timing."""
    from PIL import ImageSequence

    frames = []
    for frame in ImageSequence.Iterator(image):
        copy = frame.copy()
        copy.info = {"duration": frame.info["duration"]} if "duration" in frame.info else {}
        frames.append(copy)
    buffer = io.BytesIO()
    extra: dict[str, object] = dict(options)
    profile = image.info.get("icc_profile")
    if profile:
        extra["icc_profile"] = profile
    if len(frames) > 1:
        extra.update(save_all=True, append_images=frames[1:])
        durations = [f.info.get("duration") for f in frames]
        if all(durations):
            extra["duration"] = durations
    frames[0].save(buffer, format_name, **extra)
    return buffer.getvalue()
