"""Where a site's templates and theme files are: the site's `templates/` first, then the
built-in theme (inside an installed package, or the checkout's `templates/`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsgen.core.config import Config

THEME_STATIC = "static"
THEME_PREFIX = "theme"  # "theme/article.html" is the built-in article.html (unless a site
# has a templates/theme/ folder of its own, which is looked in first)


def builtin_theme() -> Path:
    """The default theme: inside an installed package, or the checkout's templates/."""
    package = Path(__file__).parents[1]
    packaged = package / "theme"
    if packaged.is_dir():
        return packaged
    return package.parent / "templates"


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
