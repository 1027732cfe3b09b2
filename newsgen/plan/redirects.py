"""Stage `plan`, for moved articles: an article's old addresses (`aliases`) to redirects.

Takes the published entries, their URLs and every output already planned; gives a page at
each old path that sends the reader on (meta refresh plus canonical), and a `_redirects` file
for hosts that read one (Netlify, Cloudflare Pages). The pages are rendered here, to bytes,
since they need no template.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from urllib.parse import unquote, urlsplit

from newsgen.core.config import Config
from newsgen.core.errors import Diagnostic
from newsgen.core.model import EntryHead, Page
from newsgen.core.routes import Links, UnsafePathError, check_site_path, url_for

REDIRECTS_FILE = "_redirects"
REDIRECT = "@redirect"


def old_path(alias: str) -> str:
    """The site path an old address is served from: `/2019/04/slug` is `2019/04/slug/`,
    `/old/story.html` stays a file. Raises UnsafePathError for one outside the site."""
    path = unquote(urlsplit(alias.strip()).path).lstrip("/")
    if path and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"  # as Hugo does: an address without an extension is a folder
    return check_site_path(path)


def is_on_host(alias: str, host: str) -> bool:
    """Whether an old address is one of this site's: a site path, or an address on `host`
    (with or without `www.`). Any address is, on a site whose host is not known."""
    other = urlsplit(alias.strip()).hostname
    return not other or not host or other.removeprefix("www.") == host.removeprefix("www.")


def plan_redirects(
    config: Config,
    entries: Iterable[EntryHead],
    urls: Mapping[str, str],
    planned: Iterable[str],
    warnings: list[Diagnostic],
) -> list[Page]:
    """A redirect page per old address, and the `_redirects` file when there is any.
    `planned`: the output files of the site's pages and copies."""
    entries = [e for e in entries if e.aliases and e.source in urls]
    if not entries:
        return []
    taken = set(planned)
    links = Links(config.origin, config.base_path)
    host = urlsplit(config.origin).hostname or ""
    pages: list[Page] = []
    rules: list[str] = []
    for entry in entries:
        if entry.source not in urls:
            continue
        target = urls[entry.source]
        line = entry.key_lines.get("aliases")
        for alias in entry.aliases:

            def note(message: str) -> None:
                warnings.append(Diagnostic(entry.source, line, message, "warning"))  # noqa: B023

            if not is_on_host(alias, host):
                continue  # another site's address (a link post's, a syndicated story's)
            if urlsplit(alias).query:
                note(f"old address '{alias}' has a query string: a static site cannot redirect it")
                continue
            try:
                path = old_path(alias)
            except UnsafePathError:
                note(f"old address '{alias}' would leave the output folder: no redirect")
                continue
            if path == target or not path:
                continue
            page = Page(path, REDIRECT, {"to": links.absolute(target), "lang": config.language},
                        f"content/{entry.source}", indexable=False)  # fmt: skip
            if page.output in taken:
                note(f"old address '{alias}' is a page of this site already: no redirect")
                continue
            taken.add(page.output)
            pages.append(page)
            rules.append(f"{url_for(config.base_path, path)} {links.path(target)} 301")
    if rules and REDIRECTS_FILE not in taken:
        pages.append(Page(REDIRECTS_FILE, REDIRECT, {"rules": tuple(rules)}, "redirects"))
    return pages


def render_redirects(pages: Iterable[Page]) -> dict[str, bytes]:
    """Output path -> bytes of every page `plan_redirects` made."""
    return {page.output: _render(page.context) for page in pages}


def _render(context: Mapping[str, object]) -> bytes:
    rules = context.get("rules")
    if isinstance(rules, tuple):
        return "".join(f"{rule}\n" for rule in rules).encode()
    to = escape(str(context["to"]))
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(str(context["lang"]))}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>Moved</title>\n<link rel="canonical" href="{to}">\n'
        f'<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={to}">\n'
        f'</head>\n<body>\n<p>This article has moved to <a href="{to}">{to}</a>.</p>\n</body>\n'
        "</html>\n"
    ).encode()
