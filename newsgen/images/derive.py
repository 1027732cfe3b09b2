"""Stage images: makes the files published for each source image, on every core.

Each source is decoded once (a JPEG at the smallest scale its largest output needs),
turned as its EXIF orientation says, brought to sRGB, and written again with no metadata
at all: no EXIF (GPS position, camera serial number, maker notes, thumbnail), no XMP, no
IPTC, no colour profile. What the build asks for is made: the sizes of a source into its
folder (with a manifest written last, so that an interrupted job is done again), and its
share crops. A file that is not resized (a GIF, an animation, an SVG, the site's own
images) is made safe as it is instead (`clean.py`). Takes jobs, gives for each the problem
that stopped it, if any.
"""

from __future__ import annotations

import io
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgen.core.workers import fork_map
from newsgen.images.clean import clean
from newsgen.images.crop import crop_box
from newsgen.images.probe import Facts, ImageProblem, Unreadable, facts_of, open_image
from newsgen.images.recipe import Recipe, is_resized, share_size
from newsgen.images.variants import CLEANED, MANIFEST, ShareCrop, sized_files

if TYPE_CHECKING:
    from PIL.Image import Image

PER_WORKER = 2  # a photograph is seconds of work: worth a process for two of them


@dataclass(frozen=True)
class Job:
    source: str  # the file's path
    recipe: Recipe
    folder: str | None  # where to make its sizes; None: they are made already
    shares: tuple[ShareCrop, ...] = ()
    shown: bool = True  # a page shows it in several widths: make them all
    as_it_is: bool = False  # the site's own file (static/): made safe, never encoded again


@dataclass(frozen=True)
class Failed:
    message: str
    unreadable: bool  # no image at all (its header unreadable), not one damaged inside


def derive_all(jobs: Sequence[Job], workers: int) -> list[Failed | None]:
    """Each job done, `workers` at a time: for each, None, or what stopped it."""
    return fork_map(_derive_share, jobs, workers, PER_WORKER)


def _derive_share(jobs: Sequence[Job]) -> list[Failed | None]:
    done: list[Failed | None] = []
    for job in jobs:
        try:
            derive(job)
            done.append(None)
        except ImageProblem as exc:
            done.append(Failed(str(exc), isinstance(exc, Unreadable)))
    return done


def derive(job: Job) -> None:
    """One source's files, as the job asks."""
    if job.folder is not None and _made_safe_as_it_is(job):
        data = clean(job.source)
        os.makedirs(job.folder, exist_ok=True)
        write_whole(os.path.join(job.folder, CLEANED), data)
        write_whole(os.path.join(job.folder, MANIFEST), json.dumps({"cleaned": True}).encode())
        return
    with open_image(job.source) as opened:
        facts, image = _decoded(opened, job.recipe)
    if job.folder is not None:
        os.makedirs(job.folder, exist_ok=True)
        colour = _average_colour(image)
        # Each width resized once, from the next larger one (a 4000-pixel photograph
        # resized sixteen times was four fifths of its time).
        made = sized_files(facts, job.recipe, job.shown)
        step = image
        for width in sorted({sized.width for sized in made}, reverse=True):
            step = _resized(step, width)
            for sized in (s for s in made if s.width == width):
                _write(step, sized.kind, job.recipe, os.path.join(job.folder, sized.name))
        manifest = {"width": facts.width, "height": facts.height, "kind": facts.kind,
                    "animated": facts.animated, "colour": colour}  # fmt: skip
        write_whole(os.path.join(job.folder, MANIFEST), json.dumps(manifest).encode())
    for share in job.shares:
        box = crop_box(image.width, image.height, job.recipe.share, share.focus)
        cropped = image.crop(box)
        size = share_size(cropped.width, cropped.height, job.recipe)
        os.makedirs(os.path.dirname(share.file), exist_ok=True)
        _write(cropped.resize(size, _lanczos(), reducing_gap=3.0), "jpeg", job.recipe, share.file)


def _made_safe_as_it_is(job: Job) -> bool:
    """Not made into widths: the site's own files, files that are no photograph, and
    animations (whose frames and timing must stay as they are)."""
    if job.as_it_is or not is_resized(job.source):
        return True
    with open_image(job.source) as image:
        return bool(getattr(image, "is_animated", False))


def _decoded(image: Image, recipe: Recipe) -> tuple[Facts, Image]:
    """An opened image's facts, and its pixels: upright, in sRGB, with nothing else; a
    JPEG's at the smallest scale that still gives the largest file made."""
    from PIL import ImageOps

    try:
        if image.format == "JPEG":
            facts = facts_of(image)  # from its header, before `draft` makes it smaller
            scale = min(1.0, recipe.largest / facts.width)
            image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
            image.load()
        else:
            # Decoded first: looking for a PNG's EXIF decodes it, and a failure there would
            # pass for damaged EXIF.
            image.load()
            facts = facts_of(image)
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"cannot be read: {exc}") from None
    upright = ImageOps.exif_transpose(image) or image
    pixels = _in_srgb(upright)
    pixels.info = {}  # EXIF, XMP, ICC, comments: none is written back
    return facts, pixels


def _in_srgb(image: Image) -> Image:
    """Colours converted to sRGB where the file carries another profile (a camera's Adobe
    RGB): the profile is then dropped with the rest."""
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if alpha else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        from PIL import ImageCms

        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=mode
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a damaged profile: the pixels as they are
    return image.convert(mode) if image.mode != mode else image.copy()


def _lanczos() -> int:
    from PIL import Image as Pillow

    return int(Pillow.Resampling.LANCZOS)


def _resized(image: Image, width: int) -> Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), _lanczos(), reducing_gap=3.0)


def _average_colour(image: Image) -> str:
    """The image's average colour, as CSS writes it: what a reader sees before it loads."""
    from PIL import Image as Pillow

    pixel = image.convert("RGB").resize((1, 1), Pillow.Resampling.BOX).getpixel((0, 0))
    assert isinstance(pixel, tuple)
    return "#{:02x}{:02x}{:02x}".format(*pixel[:3])


def _write(image: Image, kind: str, recipe: Recipe, target: str) -> None:
    """`image` encoded as `kind`, with no metadata, into `target`."""
    quality = recipe.quality_of(kind)
    buffer = io.BytesIO()
    if kind == "jpeg":
        image = image.convert("RGB") if image.mode != "RGB" else image
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    elif kind == "webp":
        image.save(buffer, "WEBP", quality=quality, method=4)
    elif kind == "avif":
        image.save(buffer, "AVIF", quality=quality, speed=recipe.avif_speed)
    else:
        image.save(buffer, "PNG", optimize=True)
    write_whole(target, buffer.getvalue())


def write_whole(target: str, data: bytes) -> None:
    """`data` into `target` under a temporary name, then renamed: a reader of the cache
    finds the file whole or not at all."""
    temporary = f"{target}.{os.getpid()}.part"
    with open(temporary, "wb") as file:
        file.write(data)
    os.replace(temporary, target)
