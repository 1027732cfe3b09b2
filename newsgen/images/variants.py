"""Stage images: the files published for one source image, by site path, and the name of
each in the folder it is made into. Pure names, no Pillow."""

from __future__ import annotations

import os
from dataclasses import dataclass

from newsgen.images.probe import Facts
from newsgen.images.recipe import (
    SUFFIX,
    Focus,
    Recipe,
    fallback,
    share_path,
    variant_path,
    widths_for,
)

MANIFEST = "manifest.json"  # written last into a source's folder: its facts and colour
CLEANED = "clean"  # a file published at its own address, not resized, only made safe


@dataclass(frozen=True)
class Sized:
    name: str  # in the source's folder: "640w.webp", or "original.jpg"
    width: int  # the width to make, at most the source's
    kind: str  # "avif", "webp", "jpeg", "png"


def sized_files(facts: Facts, recipe: Recipe, shown: bool = True) -> list[Sized]:
    """What is made of a photograph: its own format at its own size (at most the recipe's
    largest), and, where a page shows it (`shown`: a `<picture>` names them all), each
    width in each modern format and the fallback. An animation is only made safe."""
    if facts.animated:
        return []
    own = facts.kind if facts.kind in SUFFIX else fallback(facts.kind)
    made = [Sized(f"original{SUFFIX[own]}", min(facts.width, recipe.largest), own)]
    if not shown:  # linked to, or used by no page: only the file at its own address
        return made
    for width in widths_for(facts.width, recipe):
        for kind in (*recipe.modern, fallback(facts.kind)):
            made.append(Sized(f"{width}w{SUFFIX[kind]}", width, kind))
    return made


def published(
    src: str, facts: Facts | None, recipe: Recipe, folder: str, shown: bool = True
) -> list[tuple[str, str]]:
    """(site path, file) of every file made of `src` into `folder`: the original address
    first, then the variants. `facts` None: a file only made safe (`clean.py`)."""
    if facts is None:
        return [(src, os.path.join(folder, CLEANED))]
    found = []
    for sized in sized_files(facts, recipe, shown):
        is_own = sized.name.startswith("original")
        path = src if is_own else variant_path(src, sized.width, sized.kind)
        found.append((path, os.path.join(folder, sized.name)))
    return found


@dataclass(frozen=True)
class ShareCrop:
    path: str  # site path: "world/quake.1200x630-40-30.jpg"
    focus: Focus | None
    file: str  # where it is made


def share_crop(src: str, recipe: Recipe, focus: Focus | None, file: str) -> ShareCrop:
    return ShareCrop(share_path(src, recipe, focus), focus, file)
