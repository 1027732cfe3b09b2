"""Stage `plan`, for hosts that read a `_headers` file (Netlify, Cloudflare Pages): the HTTP
headers every file of the site is sent with, a Content-Security-Policy first.

Takes the `Config` and every output already planned; gives the headers as data (the preview
server sends the same ones) and the file's bytes, unless the site has a `_headers` of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsgen.core.config import Config

HEADERS_FILE = "_headers"

# The same for every site: what a browser may guess, tell other sites, and let a page use.
USUAL_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)


def security_headers(config: Config) -> list[tuple[str, str]]:
    """(name, value) of every header the site's files are sent with, in order; none when
    `[headers] enabled` is false."""
    if not config.headers.enabled:
        return []
    policy = config.headers.content_security_policy
    csp = [("Content-Security-Policy", policy)] if policy else []
    return [*csp, *USUAL_HEADERS]


def plan_headers_file(config: Config, planned: Iterable[str]) -> dict[str, bytes]:
    """`_headers` and its bytes; nothing when the headers are off, or when a file of the site
    is published at that path (a `static/_headers` replaces the generated one).
    `planned`: the output files of the site's pages and copies."""
    headers = security_headers(config)
    if not headers or HEADERS_FILE in set(planned):
        return {}
    return {HEADERS_FILE: render_headers_file(headers, config.base_path)}


def render_headers_file(headers: Iterable[tuple[str, str]], base_path: str) -> bytes:
    """Netlify's format, which Cloudflare Pages reads too: a path pattern, then its headers
    indented below it. Every file under `base_path` gets them, as `_redirects` names the
    site's paths from the server's root."""
    lines = [f"{base_path}*", *(f"  {name}: {value}" for name, value in headers)]
    return "".join(f"{line}\n" for line in lines).encode()
