"""Helpers for tests that build real sites: write files, build, read what a reader gets."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from newsgen.build import BuildOptions, BuildResult, build
from newsgen.core.config import load_config
from newsgen.core.errors import BuildError

REPO = Path(__file__).resolve().parent.parent
NOW = datetime.fromisoformat("2026-11-29T12:00:00+00:00")

DEFAULT_CONFIG = """\
title = "Test Times"
description = "A test newspaper."
timezone = "Asia/Seoul"
base_url = "https://news.example.com/"
per_page = 3
"""


def article(
    title: str | None = "A headline",
    date: str | None = "2026-11-20T10:00:00+09:00",
    body: str = "Body text.",
    **fields: str,
) -> str:
    """A Markdown file with YAML front matter; each extra field is a raw YAML value."""
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {json.dumps(title, ensure_ascii=False)}")
    if date is not None:
        lines.append(f"date: {date}")
    lines += [f"{key}: {value}" for key, value in fields.items()]
    lines += ["---", "", textwrap.dedent(body).strip(), ""]
    return "\n".join(lines)


def write_site(
    root: Path, files: Mapping[str, str | bytes], config: str | None = DEFAULT_CONFIG
) -> Path:
    """Write `files` (path relative to the site root -> text or bytes) and config.toml."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "config.toml").write_text(config, encoding="utf-8")
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def build_site(root: Path, now: datetime = NOW, **options: object) -> BuildResult:
    overrides = options.pop("overrides", None)
    config = load_config(root / "config.toml", overrides)  # type: ignore[arg-type]
    return build(config, BuildOptions(now=now, **options))  # type: ignore[arg-type]


def errors_of(site: Path) -> list[str]:
    """The errors a build of `site` stops at, as `path:line: message`."""
    with pytest.raises(BuildError) as caught:
        build_site(site)
    return [str(d) for d in caught.value.diagnostics if d.severity == "error"]


def png(width: int = 40, height: int = 30) -> bytes:
    """A real PNG file of that size: newsgen reads every image it publishes."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (90, 120, 150)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width: int = 40, height: int = 30) -> bytes:
    """A real JPEG file of that size."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (150, 120, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


def copy_sample(site: Path) -> Path:
    """A copy of the repository's sample site (config.toml, content/, static/) in `site`:
    built there, its cache is not written into the checkout."""
    for name in ("content", "static"):
        shutil.copytree(REPO / name, site / name, dirs_exist_ok=True)
    shutil.copy(REPO / "config.toml", site / "config.toml")
    return site


def build_sample(output: Path) -> BuildResult:
    """The repository's sample site, built into `output` from a copy beside it."""
    site = copy_sample(output.parent / f"{output.name}-site")
    return build(load_config(site / "config.toml"), BuildOptions(now=NOW, output=output))


def element(html: str, opening: str) -> str:
    """The first element whose opening tag begins with `opening` ('<nav class="x"'), up
    to the first closing tag of its name; the test fails when there is none."""
    name = opening[1:].split()[0]
    found = re.search(re.escape(opening) + rf".*?</{name}>", html, re.S)
    assert found is not None, f"no {opening} element"
    return found.group(0)


def run_newsgen(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command, as a user or CI would."""
    return subprocess.run(
        [sys.executable, "-m", "newsgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        # This checkout's newsgen, whatever an installed one is.
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        timeout=120,
    )


def json_ld(html: str) -> list[dict[str, object]]:
    """The JSON-LD blocks of a page, parsed as a search engine parses them."""
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(s) for s in scripts]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes, to compare whole builds."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def read(output: Path, site_path: str) -> str:
    """The HTML a reader gets at a site path ("world/" or "404.html")."""
    file = output / site_path
    if site_path == "" or site_path.endswith("/"):
        file = file / "index.html"
    return file.read_text(encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if value and name in ("href", "src"):
                self.links.append(value)


@dataclass(frozen=True)
class PageLinks:
    links: tuple[str, ...]
    ids: frozenset[str]


def page_links(html: str) -> PageLinks:
    parser = _Links()
    parser.feed(html)
    return PageLinks(tuple(parser.links), frozenset(parser.ids))


def broken_links(output: Path, base_path: str = "/") -> list[str]:
    """Every internal href and src of every HTML page that does not lead to a written file
    (or to an id on the page, for fragments). Relative links count as broken: a page must
    link the same way wherever it is served from."""
    broken: list[str] = []
    pages = sorted(output.rglob("*.html"))
    ids = {p: page_links(p.read_text(encoding="utf-8")) for p in pages}
    for page, found in ids.items():
        where = page.relative_to(output).as_posix()
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto") or link.startswith("//"):
                continue
            if not parts.path:
                if parts.fragment and unquote(parts.fragment) not in found.ids:
                    broken.append(f"{where}: #{parts.fragment} has no target")
                continue
            if not parts.path.startswith(base_path):
                broken.append(f"{where}: {link} is not under {base_path}")
                continue
            target = output / unquote(parts.path[len(base_path) :])
            if parts.path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{where}: {link} leads nowhere")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in ids[target].ids
            ):
                broken.append(f"{where}: {link} has no target")
    return broken
