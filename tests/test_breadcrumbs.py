"""Every listing says where it stands: Home, Topics, Seoul; Home, Archive, 2026, May."""

from __future__ import annotations

import re
from pathlib import Path

from sitekit import build_sample, element


def _crumbs(html: str) -> list[str]:
    nav = element(html, '<nav class="breadcrumbs"')
    return [
        re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", nav, re.S)
    ]


def test_every_listing_has_breadcrumbs_from_home(tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_sample(output)
    month = next(p for p in sorted((output / "archive").glob("*/*")) if p.is_dir())
    year = month.parent
    tag = next(p for p in sorted((output / "tags").iterdir()) if p.is_dir())
    author = next(p for p in sorted((output / "authors").iterdir()) if p.is_dir())
    pages = {
        "tags": ["Home", "Topics"],
        f"tags/{tag.name}": ["Home", "Topics", None],
        "authors": ["Home", "Authors"],
        f"authors/{author.name}": ["Home", "Authors", None],
        "archive": ["Home", "Archive"],
        f"archive/{year.name}": ["Home", "Archive", year.name],
        f"archive/{year.name}/{month.name}": ["Home", "Archive", year.name, None],
    }
    for path, expected in pages.items():
        crumbs = _crumbs((output / path / "index.html").read_text(encoding="utf-8"))
        assert len(crumbs) == len(expected), (path, crumbs)
        assert [
            c if e is not None else None for c, e in zip(crumbs, expected, strict=True)
        ] == expected, path
