"""The `_headers` file hosts like Netlify and Cloudflare Pages read, with a strict
Content-Security-Policy; `[headers]` in config.toml; and the built-in theme's pages, which
hold nothing that policy blocks."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from page_kinds import PAGE_KINDS, read_headers_file, write_page_kinds_site
from sitekit import DEFAULT_CONFIG, article, build_site, write_site

from newsgen.core.config import load_config
from newsgen.core.errors import BuildError
from newsgen.plan.headers import security_headers

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
USUAL = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]


def headers_of(output: Path) -> dict[str, list[tuple[str, str]]]:
    return read_headers_file((output / "_headers").read_text(encoding="utf-8"))


def small_site(tmp_path: Path, config: str = DEFAULT_CONFIG, **files: str) -> Path:
    return write_site(tmp_path, {"content/world/a.md": article("A"), **files}, config)


def test_the_build_writes_the_strict_policy_and_the_usual_headers(tmp_path: Path) -> None:
    site = write_page_kinds_site(tmp_path)
    result = build_site(site)
    assert headers_of(result.output) == {"/*": [("Content-Security-Policy", STRICT), *USUAL]}
    # The headers as data (for a server that sends them itself) are the file's.
    assert security_headers(load_config(site / "config.toml")) == headers_of(result.output)["/*"]


class _Executable(HTMLParser):
    """What a strict policy blocks: style attributes, event handlers, scripts and styles in
    the page, `javascript:` addresses, and scripts or styles from another host."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script" and values.get("type") != "application/ld+json":
            self.found.append(f"<script {values}>")
        stylesheet = tag == "link" and values.get("rel") == "stylesheet"
        if stylesheet and not (values.get("href") or "").startswith("/"):
            self.found.append(f"stylesheet from elsewhere: {values.get('href')}")


def test_no_page_of_the_theme_holds_what_the_policy_blocks(tmp_path: Path) -> None:
    output = build_site(write_page_kinds_site(tmp_path)).output
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > len(PAGE_KINDS)
    found = []
    for page in pages:
        parser = _Executable()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(output)}: {what}" for what in parser.found]
    assert found == []


def test_a_site_sets_its_own_policy_or_none(tmp_path: Path) -> None:
    player = "default-src 'self'; frame-src https://www.youtube-nocookie.com"
    own = small_site(
        tmp_path / "own", DEFAULT_CONFIG + f'[headers]\ncontent_security_policy = "{player}"\n'
    )
    assert headers_of(build_site(own).output) == {
        "/*": [("Content-Security-Policy", player), *USUAL]
    }
    none = small_site(
        tmp_path / "none", DEFAULT_CONFIG + '[headers]\ncontent_security_policy = ""\n'
    )
    assert headers_of(build_site(none).output) == {"/*": USUAL}
    off = small_site(tmp_path / "off", DEFAULT_CONFIG + "[headers]\nenabled = false\n")
    assert not (build_site(off).output / "_headers").exists()
    assert security_headers(load_config(off / "config.toml")) == []


def test_a_site_headers_file_replaces_the_generated_one_until_it_is_removed(
    tmp_path: Path,
) -> None:
    own = "/*\n  X-Frame-Options: DENY\n"
    site = small_site(tmp_path, **{"static/_headers": own})
    assert (build_site(site).output / "_headers").read_text() == own
    (site / "static/_headers").unlink()
    assert headers_of(build_site(site).output)["/*"][0] == ("Content-Security-Policy", STRICT)


def test_the_pattern_names_the_sub_path_and_needs_no_host(tmp_path: Path) -> None:
    hosted = small_site(tmp_path / "hosted", DEFAULT_CONFIG.replace(".com/", ".com/news/"))
    assert list(headers_of(build_site(hosted).output)) == ["/news/*"]
    path_only = small_site(tmp_path / "path", 'title = "T"\nbase_url = "/"\n')
    assert list(headers_of(build_site(path_only).output)) == ["/*"]


BAD_HEADERS = {
    "enable = false": "unknown key 'headers.enable' (did you mean 'enabled'?)",
    'enabled = "no"': "'headers.enabled' must be true or false, not a string",
    "content_security_policy = 1": (
        "'headers.content_security_policy' must be a string, not a whole number"
    ),
    # A line break would start a header of the author's choosing in `_headers`.
    "content_security_policy = \"default-src 'self'\\nX-Evil: 1\"": (
        "headers.content_security_policy must be one line of printable ASCII"
    ),
}


@pytest.mark.parametrize(("table", "message"), BAD_HEADERS.items())
def test_headers_keys_are_checked(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "config.toml").write_text(f"[headers]\n{table}\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path / "config.toml")
    shown = [str(d).removeprefix(f"{tmp_path}/") for d in caught.value.diagnostics]
    assert shown == [f"config.toml:2: {message}"]
