"""What a process that builds one site again and again (`newsgen serve`) keeps between
builds: the templates, loaded and compiled (Jinja2 reloads a template whose file changed;
a template added or removed, an override of the built-in theme, starts afresh); and what
the last good build knew, for the first look at the next edit."""

from __future__ import annotations

from pathlib import Path

import jinja2

from newsgen.config import Config
from newsgen.first_look import LastBuild
from newsgen.theme import theme_environment, theme_folders


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
