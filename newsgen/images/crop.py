"""Stage images: where a crop of a given shape falls in a photograph, around its focus."""

from __future__ import annotations

from newsgen.images.recipe import Focus

CENTRE: Focus = (0.5, 0.5)


def crop_box(
    width: int, height: int, shape: tuple[int, int], focus: Focus | None
) -> tuple[int, int, int, int]:
    """The largest box of `shape`'s proportions inside a `width` x `height` image, centred
    on `focus` (x and y from 0 to 1; the centre without one) as nearly as the edges
    allow: (left, top, right, bottom)."""
    x, y = focus or CENTRE
    ratio = shape[0] / shape[1]
    crop_w = min(width, round(height * ratio))
    crop_h = min(height, round(crop_w / ratio))
    left = min(max(0, round(x * width - crop_w / 2)), width - crop_w)
    top = min(max(0, round(y * height - crop_h / 2)), height - crop_h)
    return left, top, left + crop_w, top + crop_h
