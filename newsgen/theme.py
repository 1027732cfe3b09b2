"""The Jinja2 environment: the site's templates first, then the built-in theme, with the
filters and helpers templates use. Autoescaping is on; undefined variables are errors.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

import jinja2

from newsgen.config import Config
from newsgen.model import Page, Section
from newsgen.routes import Links, UrlScheme

THEME_STATIC = "static"


def builtin_theme() -> Path:
    """The default theme: inside an installed package, or the checkout's templates/."""
    packaged = Path(__file__).parent / "theme"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "templates"


def theme_folders(config: Config) -> tuple[Path, ...]:
    """Where templates are looked for, first match wins."""
    folders = [config.templates_path] if config.templates_path.is_dir() else []
    builtin = builtin_theme()
    if not any(f.resolve() == builtin.resolve() for f in folders):
        folders.append(builtin)
    return tuple(folders)


def theme_static_files(folders: tuple[Path, ...]) -> Iterator[tuple[str, Path]]:
    """(relative path under static/, file) for every theme static file, overrides first."""
    seen: set[str] = set()
    for folder in folders:
        root = folder / THEME_STATIC
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            relative = path.relative_to(root).as_posix()
            if path.is_file() and relative not in seen:
                seen.add(relative)
                yield relative, path


@dataclass(frozen=True)
class SiteSummary:
    """What every page may show of the site as a whole."""

    title: str
    description: str
    language: str
    base_url: str
    publisher: str
    nav: tuple[Section, ...]
    sections: Mapping[str, Section]
    indexes: tuple[tuple[str, str], ...]  # (title, site path) of the listings that exist
    feeds: bool  # whether feeds are written (they need a base_url with a host)


class Dates:
    """Date filters: machine-readable in the article's own offset, shown in the site's zone."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone

    def iso(self, moment: datetime) -> str:
        return moment.isoformat()

    def show(self, moment: datetime, style: str = "long") -> str:
        local = moment.astimezone(self.zone)
        day = f"{local.day} {calendar.month_name[local.month]} {local.year}"
        if style == "date":
            return day
        if style == "short":
            return f"{local.day} {calendar.month_abbr[local.month]} {local.year}"
        return f"{day}, {local:%H:%M} {local.tzname()}"


def month_name(month: int) -> str:
    return calendar.month_name[month]


def make_environment(config: Config, summary: SiteSummary, paths: UrlScheme) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in theme_folders(config)]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    dates = Dates(config.tz)
    links = Links(config.origin, config.base_path)
    env.filters["isodate"] = dates.iso
    env.filters["date"] = dates.show
    env.filters["month_name"] = month_name
    env.globals["url"] = links.path
    env.globals["absolute_url"] = links.absolute
    env.globals["paths"] = paths
    env.globals["site"] = summary
    return env


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    template = env.get_template(page.template)
    return template.render({**page.context, "page_path": page.path}).encode("utf-8")
