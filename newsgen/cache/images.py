"""The cache around the images stage (`images/derive.py`): the files made of each image
beside the articles, and of each in the site's static/, are kept in
`.newsgen/cache/images/`, named by a key of the source's bytes and the recipe (widths,
formats, quality; and the focus of a share crop), so that a build whose images did not
change decodes none. A file's digest is known from its stat
while it is unchanged (`file_digests.py`). Without the cache, every image is made into a
scratch folder that lives as long as the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Mapping, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from newsgen.cache.file_digests import FileDigests
from newsgen.cache.files import CACHE_FOLDER, connect, database
from newsgen.cache.keys import cache_key
from newsgen.content.reader import file_digest
from newsgen.core.config import CONFIG_NAME, Config
from newsgen.core.errors import Diagnostic
from newsgen.core.file_stats import Stats
from newsgen.core.model import ArticleHead, Image, StaticFile
from newsgen.images.derive import Failed, Job, derive_all, write_whole
from newsgen.images.placeholders import STYLE_SHEET, placeholder_css
from newsgen.images.probe import Facts
from newsgen.images.recipe import HEADSHOT, Recipe, default_recipe, headshot, is_image
from newsgen.images.uses import ImageUses, author_photos, image_uses, line_using
from newsgen.images.variants import (
    CLEANED,
    MANIFEST,
    ShareCrop,
    published,
    share_crop,
    sized_files,
)
from newsgen.plan.assets import site_static_files

FOLDER = "images"  # under the cache folder
UNUSED_DAYS = 30  # a made file no build used for this long, and not this one, is removed


@dataclass(frozen=True)
class PublishedImages:
    files: list[StaticFile]  # every file published for the images, and the style sheet
    sources: frozenset[str]  # the files beside the articles these stand for
    static: frozenset[str]  # the files of the site's static/ these stand for (their paths)
    problems: list[Diagnostic]  # errors and warnings
    # Site path of each source -> the bytes of the file published at its address, which
    # feeds give as their enclosures' length.
    image_bytes: dict[str, int]
    # Each author's photograph by the author's key in config.toml: with its size where it
    # is published in several widths; an https address as it is.
    photos: dict[str, Image] = field(default_factory=dict)


@dataclass(frozen=True)
class _Source:
    src: str  # site path: a content path, or a path in static/
    file: str  # where it is read from
    shown: str  # the file as messages show it: content/world/x.jpg, static/logo.svg
    folder: str  # where what is made of it goes
    shares: tuple[ShareCrop, ...]
    resized: bool  # a page shows it in several widths: they are all made
    as_it_is: bool  # the site's own file (static/): made safe, never encoded again
    recipe: Recipe  # the default, or `headshot` for a photograph only an author's page shows


def publish_images(
    config: Config, assets: Sequence[str], articles: Sequence[ArticleHead], stats: Stats,
    workers: int, folder: Path | None, make: bool = True,
) -> PublishedImages:  # fmt: skip
    """The files to publish for every image beside the articles and in the site's static/,
    made where they are not yet. `articles`: the published articles, whose pages say which
    widths and share crops are needed. `folder`: a scratch folder, without the cache.
    `make`: false to name the files without making any (a check); an image not made before
    is then named as it is."""
    base = folder if folder is not None else config.root / CACHE_FOLDER / FOLDER
    listed = _listed(config, assets)
    photos, problems = author_photos(config, {src for src, _, _, as_it_is in listed
                                              if not as_it_is})  # fmt: skip
    if not listed:  # the style sheet pages link, empty
        sheet = _style_sheet(base, {})
        return PublishedImages([sheet], frozenset(), frozenset(), problems, {}, photos)
    import PIL

    recipe = default_recipe()
    uses = image_uses(articles)
    local = {p.src for p in photos.values() if not urlsplit(p.src).scheme}
    headshots = local - uses.shown  # shown small only: made in small widths
    uses.shown.update(local)
    digests = _digests(config, [file for _, file, _, _ in listed], stats, folder is None)
    planned = [_planned(base, PIL.__version__,
                        headshot(recipe) if item[0] in headshots else recipe, item, digest, uses)
               for item, digest in zip(listed, digests, strict=True)]  # fmt: skip
    manifests = {s.src: _manifest(s.folder, s.recipe, s.resized) for s in planned}
    jobs: dict[str, Job] = {}
    for s in planned:
        sizes = s.folder if manifests[s.src] is None else None
        missing = tuple(c for c in s.shares if not os.path.exists(c.file))
        if make and (sizes is not None or missing):
            jobs[s.src] = Job(s.file, s.recipe, sizes, missing, s.resized, s.as_it_is)
    failed = derive_all(list(jobs.values()), workers)
    by_src = {s.src: s for s in planned}
    problems += [p for src, f in zip(jobs, failed, strict=True) if f
                 for p in _problems(config, by_src[src], f, uses)]  # fmt: skip
    for s in planned:
        if s.src in jobs and jobs[s.src].folder is not None:
            manifests[s.src] = _manifest(s.folder, s.recipe, s.resized)
    files, colours = _files(planned, manifests, make)
    sheet = _style_sheet(base, colours)
    files.append(sheet)
    if jobs and folder is None:  # something changed: what no longer serves may go
        prune_unused(base, {s.folder for s in planned} | {c.file for s in planned for c in s.shares}
               | {sheet.origin})  # fmt: skip
    image_bytes = {f.path: os.stat(f.origin).st_size for f in files if f.path in manifests}
    sources = frozenset(s.src for s in planned if not s.as_it_is)
    static = frozenset(s.src for s in planned if s.as_it_is)
    photos = {key: _sized_photo(photo, manifests.get(photo.src), photo.src in headshots)
              for key, photo in photos.items()}  # fmt: skip
    return PublishedImages(files, sources, static, problems, image_bytes, photos)


def _sized_photo(photo: Image, held: tuple[Facts | None, str] | None, small: bool) -> Image:
    """An author's photograph with its size, where it was made in several widths; `small`:
    made no wider than `HEADSHOT`, which is then its width as pages show it."""
    facts = held[0] if held else None
    if facts is None or facts.animated:
        return photo
    width, height = facts.width, facts.height
    if small and width > HEADSHOT:
        width, height = HEADSHOT, max(1, round(height * HEADSHOT / width))
    return replace(photo, width=width, height=height, resized=True)


# (site path, file, the file as messages show it, whether it is the site's own in static/)
_Listed = tuple[str, str, str, bool]


def _listed(config: Config, assets: Sequence[str]) -> list[_Listed]:
    """Every image the stage publishes: those beside the articles, then the site's own."""
    content, static = str(config.content_path), str(config.static_path)
    listed = [(a, os.path.join(content, a), config.content_file(a), False)
              for a in assets if is_image(a)]  # fmt: skip
    listed += [(s, os.path.join(static, s), f"{config.static_dir}/{s}", True)
               for s in site_static_files(config) if is_image(s)]  # fmt: skip
    return listed


def _style_sheet(base: Path, colours: Mapping[str, str]) -> StaticFile:
    """The placeholder colours' style sheet, named by its bytes in the folder: a rebuild
    that changes no colour keeps the file, and its copy in the output."""
    css = placeholder_css(colours)
    sheet = base / "css" / f"{hashlib.blake2b(css, digest_size=10).hexdigest()}.css"
    if not sheet.exists():
        sheet.parent.mkdir(parents=True, exist_ok=True)
        write_whole(str(sheet), css)
    return StaticFile(STYLE_SHEET, str(sheet), "the images' placeholder colours")


def _problems(config: Config, source: _Source, failed: Failed, uses: ImageUses) -> list[Diagnostic]:
    """An image an article or an author's photo uses is an error at the line that uses it
    (config.toml's for a photo). Of the others, a
    file beside the articles that is no image at all is left out with a warning (about the
    content file, as the build shows them); one damaged inside, or a file of static/ that
    cannot be made safe, is an error at the file. Nothing is published as it is: its
    metadata would go with it."""
    users = uses.users.get(source.src, []) if not source.as_it_is else []
    message = f"image '{source.src}' {failed.message}"
    found = [Diagnostic(config.content_file(u), _line(config, u, source.src), message)
             for u in users]  # fmt: skip
    if not source.as_it_is:  # an author's photograph: at its line in config.toml
        found += [Diagnostic(CONFIG_NAME, a.photo.line, f"author '{key}': photo {message}")
                  for key, a in config.authors.items()
                  if a.photo is not None and a.photo.src == source.src]  # fmt: skip
    if found:
        return found
    if failed.unreadable and not source.as_it_is:
        return [Diagnostic(source.src, None, f"{failed.message}: not published", "warning")]
    return [Diagnostic(source.shown, None, failed.message)]


def _line(config: Config, article: str, src: str) -> int | None:
    try:
        text = (config.content_path / article).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return line_using(text, src)


def _planned(
    base: Path, pil: str, recipe: Recipe, listed: _Listed, digest: str,
    uses: ImageUses,
) -> _Source:  # fmt: skip
    src, file, shown, as_it_is = listed
    salt = f"{pil}/{recipe!r}"
    key = cache_key("image as it is" if as_it_is else "image sizes", salt, digest)
    shares = []
    focuses = () if as_it_is else uses.shares.get(src, ())
    for focus in sorted(set(focuses), key=lambda f: f or (-1.0, -1.0)):
        share = cache_key("image share", salt, digest, repr(focus))
        shares.append(share_crop(src, recipe, focus, str(base / share[:2] / f"{share}.jpg")))
    resized = not as_it_is and src in uses.shown
    return _Source(src, file, shown, str(base / key[:2] / key), tuple(shares), resized, as_it_is,
                   recipe)  # fmt: skip


def _digests(config: Config, files: list[str], stats: Stats, cached: bool) -> list[str]:
    """Each file's digest (`files`: absolute paths): known from its stat where the cache
    digested it before."""
    if not cached:
        return [file_digest("", file) for file in files]
    path = database(config.root, "images")
    with closing(connect(path)) as connection:
        digests = FileDigests(connection, "", stats)
        read_after = time.time_ns()
        known = digests.digests(files)
        found = []
        for file, digest in zip(files, known, strict=True):
            if digest is None:
                digest = file_digest("", file)
                digests.remember(file, digest, read_after)
            found.append(digest)
        digests.save()
        connection.commit()
    return found


def _manifest(folder: str, recipe: Recipe, resized: bool) -> tuple[Facts | None, str] | None:
    """A source's facts and colour (none for a file only made safe), when its folder holds
    every file to publish of it."""
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as file:
            held = json.load(file)
        names = set(os.listdir(folder))
        if held.get("cleaned"):
            return (None, "") if CLEANED in names else None
        facts = Facts(int(held["width"]), int(held["height"]), str(held["kind"]),
                      bool(held["animated"]))  # fmt: skip
        colour = str(held["colour"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if any(s.name not in names for s in sized_files(facts, recipe, resized)):
        return None
    return facts, colour


def _files(
    planned: list[_Source],
    manifests: Mapping[str, tuple[Facts | None, str] | None],
    make: bool,
) -> tuple[list[StaticFile], dict[str, str]]:
    """The static files of every source, and the colour of each shown in several widths.
    A source not made is left out (its problem says why), but for a check, which makes
    nothing and names the file as it is."""
    files: list[StaticFile] = []
    colours: dict[str, str] = {}
    for source in planned:
        src = source.src
        held = manifests.get(src)
        made_from = f"an image made of {source.shown}"
        if held is None:
            if not make:
                files.append(StaticFile(src, source.file, source.shown))
            continue
        facts, colour = held
        if source.resized and facts is not None:  # a photograph shown in a <picture>
            colours[src] = colour
        made = published(src, facts, source.recipe, source.folder, source.resized)
        files += [StaticFile(path, file, made_from) for path, file in made]
        files += [StaticFile(c.path, c.file, made_from) for c in source.shares
                  if os.path.exists(c.file)]  # fmt: skip
    return files, colours


def prune_unused(base: Path, used: set[str]) -> None:
    """Made files that this build did not use, made or last used a month ago: a build
    with other settings (drafts) may use them again. A used folder is marked used now."""
    limit = time.time() - UNUSED_DAYS * 86400
    for entry in base.glob("*/*"):
        if str(entry) in used:
            if entry.is_dir():
                with suppress(OSError):
                    os.utime(entry)  # its files' own times stay: their copies are kept
            continue
        with suppress(OSError):
            if entry.stat().st_mtime < limit:
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
