"""The cache around the images stage (`images/derive.py`): the files made of each image
beside the articles are kept in `.newsgen/cache/images/`, named by a key of the source's
bytes and the recipe (widths, formats, quality; and the focus of a share crop), so that
a build whose images did not change decodes none. A file's digest is known from its stat
while it is unchanged (`file_digests.py`). Without the cache, every image is made into a
scratch folder that lives as long as the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from newsgen.cache.file_digests import FileDigests
from newsgen.cache.files import CACHE_FOLDER, connect, database
from newsgen.cache.keys import cache_key
from newsgen.content.reader import file_digest
from newsgen.core.config import Config
from newsgen.core.errors import Diagnostic
from newsgen.core.file_stats import Stats
from newsgen.core.model import StaticFile
from newsgen.images.derive import Failed, Job, derive_all, write_whole
from newsgen.images.placeholders import STYLE_SHEET, placeholder_css
from newsgen.images.probe import Facts
from newsgen.images.recipe import Focus, Recipe, default_recipe, is_resized
from newsgen.images.variants import MANIFEST, ShareCrop, published, share_crop, sized_files

FOLDER = "images"  # under the cache folder
UNUSED_DAYS = 30  # a made file no build used for this long, and not this one, is removed


@dataclass(frozen=True)
class PublishedImages:
    files: list[StaticFile]  # every file published for the images, and the style sheet
    sources: frozenset[str]  # the files beside the articles these stand for
    problems: list[Diagnostic]  # errors and warnings


@dataclass(frozen=True)
class _Source:
    src: str  # content path
    folder: str  # where its sizes are made
    shares: tuple[ShareCrop, ...]


def publish_images(
    config: Config, assets: Sequence[str], shares: Mapping[str, Iterable[Focus | None]],
    stats: Stats, workers: int, folder: Path | None, make: bool = True,
) -> PublishedImages:  # fmt: skip
    """The files to publish for every image beside the articles, made where they are not
    yet. `shares`: the focuses of the share crops each image needs. `folder`: a scratch
    folder, without the cache. `make`: false to name the files without making any (a
    check); an image not made before is then published as it is."""
    sources = [a for a in assets if is_resized(a)]
    base = folder if folder is not None else config.root / CACHE_FOLDER / FOLDER
    if not sources:  # the style sheet pages link, empty
        return PublishedImages([_style_sheet(base, {})], frozenset(), [])
    import PIL

    recipe = default_recipe()
    salt = f"{PIL.__version__}/{recipe!r}"
    digests = _digests(config, sources, stats, folder is None)
    planned = [_planned(base, salt, recipe, src, digest, shares.get(src, ()))
               for src, digest in zip(sources, digests, strict=True)]  # fmt: skip
    manifests = {s.src: _manifest(s.folder, recipe) for s in planned}
    content = str(config.content_path)
    jobs: dict[str, Job] = {}
    for s in planned:
        sizes = s.folder if manifests[s.src] is None else None
        missing = tuple(c for c in s.shares if not os.path.exists(c.file))
        if make and (sizes is not None or missing):
            path = os.path.join(content, s.src)
            jobs[s.src] = Job(path, recipe, sizes, missing)
    failed = derive_all(list(jobs.values()), workers)
    problems = [_problem(config, src, f) for src, f in zip(jobs, failed, strict=True) if f]
    for src, job in jobs.items():
        if job.folder is not None:
            manifests[src] = _manifest(job.folder, recipe)
    files, colours = _files(config, planned, manifests, recipe)
    sheet = _style_sheet(base, colours)
    files.append(sheet)
    if jobs and folder is None:  # something changed: what no longer serves may go
        prune_unused(base, {s.folder for s in planned} | {c.file for s in planned for c in s.shares}
               | {sheet.origin})  # fmt: skip
    return PublishedImages(files, frozenset(sources), problems)


def _style_sheet(base: Path, colours: Mapping[str, str]) -> StaticFile:
    """The placeholder colours' style sheet, named by its bytes in the folder: a rebuild
    that changes no colour keeps the file, and its copy in the output."""
    css = placeholder_css(colours)
    sheet = base / "css" / f"{hashlib.blake2b(css, digest_size=10).hexdigest()}.css"
    if not sheet.exists():
        sheet.parent.mkdir(parents=True, exist_ok=True)
        write_whole(str(sheet), css)
    return StaticFile(STYLE_SHEET, str(sheet), "the images' placeholder colours")


def _problem(config: Config, src: str, failed: Failed) -> Diagnostic:
    """A file that is no image at all is published as it is, with a warning (about the
    content file, as the build shows them; an article that shows it is an error already, at
    its line); a photograph damaged inside, which pages would show in sizes never made, is
    an error."""
    if failed.unreadable:
        return Diagnostic(src, None, f"{failed.message}: published as it is", "warning")
    return Diagnostic(config.content_file(src), None, failed.message)


def _planned(
    base: Path, salt: str, recipe: Recipe, src: str, digest: str, focuses: Iterable[Focus | None]
) -> _Source:
    key = cache_key("image sizes", salt, digest)
    shares = []
    for focus in sorted(set(focuses), key=lambda f: f or (-1.0, -1.0)):
        share = cache_key("image share", salt, digest, repr(focus))
        shares.append(share_crop(src, recipe, focus, str(base / share[:2] / f"{share}.jpg")))
    return _Source(src, str(base / key[:2] / key), tuple(shares))


def _digests(config: Config, sources: list[str], stats: Stats, cached: bool) -> list[str]:
    """Each source's digest: known from its stat where the cache digested it before."""
    content = str(config.content_path)
    if not cached:
        return [file_digest(content, src) for src in sources]
    path = database(config.root, "images")
    with closing(connect(path)) as connection:
        files = FileDigests(connection, content, stats)
        read_after = time.time_ns()
        known = files.digests(sources)
        found = []
        for src, digest in zip(sources, known, strict=True):
            if digest is None:
                digest = file_digest(content, src)
                files.remember(src, digest, read_after)
            found.append(digest)
        files.save()
        connection.commit()
    return found


def _manifest(folder: str, recipe: Recipe) -> tuple[Facts, str] | None:
    """A source's facts and colour, when its folder holds every file made of it."""
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as file:
            held = json.load(file)
        facts = Facts(int(held["width"]), int(held["height"]), str(held["kind"]),
                      bool(held["animated"]))  # fmt: skip
        colour = str(held["colour"])
        names = set(os.listdir(folder))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if any(s.name not in names for s in sized_files(facts, recipe)):
        return None
    return facts, colour


def _files(
    config: Config,
    planned: list[_Source],
    manifests: Mapping[str, tuple[Facts, str] | None],
    recipe: Recipe,
) -> tuple[list[StaticFile], dict[str, str]]:
    """The static files of every source, and the colour of each."""
    content = str(config.content_path)
    files: list[StaticFile] = []
    colours: dict[str, str] = {}
    for source in planned:
        src = source.src
        held = manifests.get(src)
        made_from = f"an image made of {config.content_file(src)}"
        if held is None or held[0].animated:
            # Not made (a check, or a failed job), or animated: published as it is.
            files.append(StaticFile(src, os.path.join(content, src), config.content_file(src)))
        else:
            facts, colours[src] = held
            files += [StaticFile(path, file, made_from)
                      for path, file in published(src, facts, recipe, source.folder)]  # fmt: skip
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
