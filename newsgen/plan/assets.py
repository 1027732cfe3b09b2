"""The files a build copies as they are: theme static files, the site's static/ folder, and
images and other files beside the articles."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable

from newsgen.core.config import Config
from newsgen.core.model import StaticFile
from newsgen.core.theme_files import theme_folders, theme_static_files

LANGUAGES_CSS = "css/languages.css"  # the language switcher's style


def plan_static_files(
    config: Config, assets: Iterable[str], images: Iterable[StaticFile] = (),
    made: Collection[str] = (), made_static: Collection[str] = (),
) -> list[StaticFile]:  # fmt: skip
    """Theme static files under static/, the site's static/ at the root, content assets
    at their own paths beside the articles that use them; but for the files `made` (of
    content) and `made_static` (of the site's static/) into `images` (the images stage's
    files, made safe), which take their place."""
    statics = [
        StaticFile(f"static/{relative}", str(path), f"theme file {path}")
        for relative, path in theme_static_files(theme_folders(config))
        if config.languages or relative != LANGUAGES_CSS  # only a multilingual site needs it
    ]
    for relative in site_static_files(config):
        if relative not in made_static:
            path = str(config.static_path / relative)
            statics.append(StaticFile(relative, path, f"{config.static_dir}/{relative}"))
    content = str(config.content_path)  # strings, not Paths: thousands of images
    statics += [StaticFile(a, os.path.join(content, a), config.content_file(a))
                for a in assets if a not in made]  # fmt: skip
    statics += images
    return statics


def site_static_files(config: Config) -> list[str]:
    """The files of the site's static/ folder, by their paths in it."""
    if not config.static_path.is_dir():
        return []
    found = (p for p in config.static_path.rglob("*") if p.is_file())
    return sorted(p.relative_to(config.static_path).as_posix() for p in found)
