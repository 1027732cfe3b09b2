"""Stage images: what a page says of a photograph published in several widths and formats:
a `<picture>`'s sources, the fallback's `srcset`, its placeholder class. Read by the body's
link rewriter and by the templates alike, so that both name the same files."""

from __future__ import annotations

from collections.abc import Callable

from newsgen.core.model import Image
from newsgen.images.recipe import (
    MEDIA_TYPE,
    default_recipe,
    fallback,
    placeholder_class,
    share_path,
    share_size,
    srcset,
)
from newsgen.markdown.convert import Picture


def picture(src: str, width: int, height: int, url: Callable[[str], str], sizes: str) -> Picture:
    """`src`: the site path of a photograph `width` x `height` pixels as shown; `url`
    gives a site path's address; `sizes`: how wide the layout shows it."""
    recipe = default_recipe()
    kind = fallback("png" if src.lower().endswith(".png") else "jpeg")
    return Picture(
        src=url(src),
        width=width,
        height=height,
        srcset=srcset(src, width, kind, recipe, url),
        sources=tuple((MEDIA_TYPE[k], srcset(src, width, k, recipe, url)) for k in recipe.modern),
        sizes=sizes,
        css_class=placeholder_class(src),
    )


def shared(image: Image) -> tuple[str, int | None, int | None]:
    """What a share card shows of an article's image: the crop made for it (1200 x 630,
    around its focus), else the image itself; its site path or address, width and height."""
    if not (image.resized and image.width and image.height):
        return image.src, image.width, image.height
    recipe = default_recipe()
    width, height = share_size(image.width, image.height, recipe)
    return share_path(image.src, recipe, image.focus), width, height
