"""What a process that builds one site again and again (`newsgen serve`) keeps between
builds: the templates, loaded and compiled (Jinja2 reloads a template whose file changed;
a template added or removed, an override of the built-in theme, starts afresh); and what
the last good build knew, for the first look at the next edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2

from newsgen.content.targets import Targets
from newsgen.core.config import Config
from newsgen.core.model import Whole
from newsgen.core.routes import UrlScheme
from newsgen.core.theme_files import theme_folders
from newsgen.core.words import Catalogs
from newsgen.index.site import Site
from newsgen.render.theme import theme_environment


@dataclass(frozen=True)
class LastBuild:
    """What a build leaves for the first look at the next edit."""

    config: Config
    scheme: UrlScheme
    site: Site
    targets: Targets  # the addresses of every article, and the files beside them
    now: datetime
    drafts: bool
    future: bool
    env: jinja2.Environment  # bound to that build's site
    whole: Whole  # makes that site's articles whole
    catalogs: Catalogs  # the theme's words that build read


class Session:
    def __init__(self) -> None:
        self._key = ""
        self._environment: jinja2.Environment | None = None
        self.last: LastBuild | None = None

    def environment(self, config: Config, compiled: Path | None) -> jinja2.Environment:
        files = sorted(str(f) for folder in theme_folders(config) for f in folder.rglob("*"))
        key = repr((config, compiled, files))
        if self._environment is None or key != self._key:
            self._key, self._environment = key, theme_environment(config, compiled)
        return self._environment
