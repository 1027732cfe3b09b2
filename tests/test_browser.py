"""The built-in theme in a real browser: Debian's chromium, driven by Playwright.

The sample site, and a small site made to strain the theme (live coverage, corrections,
tables, code, long words, a dozen sections), are built once, served on 127.0.0.1 and opened
at phone and desktop widths, in light and dark. Every page must fit its width, log no
console error, load everything it asks for from its own host, move nothing as images
arrive, and pass axe-core with no serious or critical violation. Screenshots are kept in
test-artifacts/ for a person to look at.

`bash scripts/install-test-tools` installs chromium, the fonts and axe-core.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browserkit import INSTALL, launched_chromium
from sitekit import REPO, article, build_sample, build_site, write_site

AXE = REPO / ".test-tools/node_modules/axe-core/axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
DESKTOP, PHONE, SMALLEST = 1280, 390, 320

# The sample site's pages: the home page, a section, an article (with a featured image, tags,
# related articles and a next one; no article of the sample has both a previous and a next)
# and the 404 page, at both widths; at phone width also an article with a previous one, and
# one in Korean.
SAMPLE_PAGES = {
    "home": "",
    "home-2": "page/2/",
    "section": "world/",
    "article": "world/international/crisis/mozambique-floods-displace-thousands/",
    "404": "404.html",
}
PHONE_PAGES = {
    "article-prev": "world/asia/seoul-subway-signal-failure/",
    "article-korean": "world/asia/seoul-first-snow/",
}
STRAIN_PAGES = {"strain-home": "", "strain-article": "news/storm/"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): {INSTALL}", pytrace=False)
    with launched_chromium() as launched:
        yield launched


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    output = tmp_path_factory.mktemp("browser-sample") / "output"
    build_sample(output)
    yield from serve(output)


STRAIN_CONFIG = """\
title = "The Evening Chronicle of Remarkably Long Names"
description = "A site that strains the theme."
timezone = "Asia/Seoul"
base_url = "https://strain.example.org/"
per_page = 4
"""
STRAIN_BODY = """\
Officials said the storm's eye crossed the coast before dawn.

| District | Shelters | People | Notes |
|---|---|---|---|
| Haeundae-gu | 12 | 4,120 | Evacuated from seafront towers along the whole promenade |
| Suyeong-gu | 7 | 1,980 | Bridge closed |

> "We have never seen water this high," said a harbour master.

```python
def shelters(district: str) -> list[str]:
    return [name for name in DIRECTORY[district] if name.open and not name.full_and_closed_for_the_night]
```

The bulletin is at https://weather.example.org/bulletins/2026/11/20/typhoon-advisory-number-forty-two-final-update.html
and the word Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen is long too.[^1]

![A flooded street](street.jpg)

[^1]: A footnote.

## 13:05 Ferries suspended [key] [by Bo Kim]

- All ferries to Jeju are suspended.
- Trains run at reduced speed.

## 12:30 Schools closed in three districts [pinned]

Every school in Haeundae-gu, Suyeong-gu and Nam-gu is closed.
"""


@pytest.fixture(scope="module")
def strain_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live article with corrections, a table, code, long words and a body image, under
    twelve sections whose names must all show in the header at 320px."""
    image = (REPO / "content/sport/netball-final.jpg").read_bytes()
    sections = "".join(
        f'[sections.{name}]\ntitle = "{name.title()}"\norder = {i}\n'
        for i, name in enumerate(
            ["news", "world", "politics", "business", "markets", "technology", "science",
             "health", "sport", "culture", "opinion", "obituaries"], start=1,
        )
    )  # fmt: skip
    corrections = (
        "\n  - {date: '2026-11-21T09:00:00+09:00', text: 'An earlier version gave the wrong "
        "number of shelters.'}"
    )
    files: dict[str, str | bytes] = {
        "content/news/storm.md": article(
            "Typhoon makes landfall near Busan: live updates from the coast",
            date="2026-11-20T10:00:00+09:00",
            body=STRAIN_BODY,
            live="true",
            location="BUSAN, South Korea",
            tags="[typhoon, busan, weather]",
            authors="[Ann Lee, Bo Kim, José Núñez]",
            image="{src: storm.jpg, alt: 'Waves over a sea wall', caption: 'Waves on Friday.', credit: 'Photo: Bo Kim'}",
            corrections=corrections,
            featured="true",
        ),
        "content/news/storm.jpg": image,
        "content/news/street.jpg": image,
    }
    for name in ("politics", "business", "markets", "technology", "science", "health",
                 "sport", "culture", "opinion", "obituaries"):  # fmt: skip
        # Sections without an article are left out of the menu: one each.
        files[f"content/{name}/first.md"] = article(f"The first of {name}")
    for day in range(1, 10):
        files[f"content/world/story-{day}.md"] = article(
            f"Story number {day} with a headline that runs on", date=f"2026-11-{day:02d}T08:00:00+09:00",
            tags="[weather]", summary='"A standfirst of a sensible length for a card."',
        )  # fmt: skip
    site = write_site(tmp_path_factory.mktemp("browser-strain"), files, STRAIN_CONFIG + sections)
    result = build_site(site)
    yield from serve(result.output)


@dataclass
class Visit:
    """What one page did in the browser."""

    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [
            *(f"console error: {m}" for m in self.console_errors),
            *(f"failed request: {m}" for m in self.failed),
            *(f"request to another host: {m}" for m in self.foreign),
        ]


SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += 400) {
    window.scrollTo(0, y);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  window.scrollTo(0, 0);
  await Promise.all([...document.images].map((image) => image.decode().catch(() => null)));
}"""

LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 50);
})"""

# Images that start below the first screen must load lazily; every image the theme puts on
# the page (not the article's own Markdown) must say its size, so nothing moves.
IMAGES = """() => [...document.images].map((image) => ({
  src: image.getAttribute("src"),
  top: image.getBoundingClientRect().top + window.scrollY,
  lazy: image.loading === "lazy",
  sized: image.hasAttribute("width") && image.hasAttribute("height"),
  inBody: !!image.closest(".article-body"),
}))"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}"""


ContextFor = Callable[[int, str], Any]  # (width, colour scheme) -> a browser context


@pytest.fixture(scope="module")
def contexts(browser: Any) -> Iterator[ContextFor]:
    """One browser context per width and colour scheme, shared by the pages opened in it."""
    made: dict[tuple[int, str], Any] = {}

    def context(width: int, scheme: str) -> Any:
        if (width, scheme) not in made:
            viewport = {"width": width, "height": 900}
            made[(width, scheme)] = browser.new_context(viewport=viewport, color_scheme=scheme)
        return made[(width, scheme)]

    yield context
    for opened in made.values():
        opened.close()


def open_page(context: Any, url: str, name: str) -> list[str]:
    """Load `url` in `context`; return every problem found. `name` names the screenshot."""
    origin = url.split("/", 3)[:3]
    visit = Visit()
    page = context.new_page()
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.console_errors.append(str(e)))
    page.on("requestfailed", lambda r: visit.failed.append(f"{r.url} ({r.failure})"))
    page.on(
        "response",
        lambda r: visit.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None,
    )
    page.on(
        "request",
        lambda r: visit.foreign.append(r.url) if r.url.split("/", 3)[:3] != origin else None,
    )
    try:
        page.goto(url, wait_until="load")
        images = page.evaluate(IMAGES)
        page.evaluate(SCROLL_THROUGH)  # loads the lazy images, and waits for every image
        problems = visit.problems()
        overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if overflow[0] > overflow[1]:
            problems.append(
                f"horizontal overflow: {overflow[0]}px wide in a {overflow[1]}px window"
            )
        shift = page.evaluate(LAYOUT_SHIFT)
        if shift > 0.01:
            problems.append(f"layout shift {shift:.3f} as the page loaded")
        for image in images:
            if image["top"] > 900 and not image["lazy"]:
                problems.append(f"image below the fold loads eagerly: {image['src']}")
            if not image["inBody"] and not image["sized"]:
                problems.append(f"image without width and height: {image['src']}")
        page.add_script_tag(path=str(AXE))
        problems += page.evaluate(AXE_RUN)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    finally:
        page.close()
    return problems


def _cases(pages: dict[str, str], widths: tuple[int, ...]) -> list[Any]:
    # Desktop in light, phones in dark: both palettes meet the contrast rules.
    return [
        pytest.param(
            name, path, width, "light" if width == DESKTOP else "dark", id=f"{name}-{width}"
        )
        for name, path in pages.items()
        for width in widths
    ]


@pytest.mark.parametrize(
    ("name", "path", "width", "scheme"),
    _cases(SAMPLE_PAGES, (DESKTOP, PHONE)) + _cases(PHONE_PAGES, (PHONE,)),
)
def test_sample_page_in_the_browser(
    contexts: ContextFor, sample_url: str, name: str, path: str, width: int, scheme: str
) -> None:
    problems = open_page(contexts(width, scheme), sample_url + path, f"{name}-{width}-{scheme}")
    assert not problems, f"/{path} at {width}px ({scheme}):\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("name", "path", "width", "scheme"), _cases(STRAIN_PAGES, (DESKTOP, SMALLEST))
)
def test_strained_page_in_the_browser(
    contexts: ContextFor, strain_url: str, name: str, path: str, width: int, scheme: str
) -> None:
    problems = open_page(contexts(width, scheme), strain_url + path, f"{name}-{width}-{scheme}")
    assert not problems, f"/{path} at {width}px ({scheme}):\n" + "\n".join(problems)


@pytest.mark.parametrize("site", ["sample", "strain"])
def test_every_section_link_shows_at_320px_without_a_script(
    browser: Any, sample_url: str, strain_url: str, site: str
) -> None:
    url = sample_url if site == "sample" else strain_url
    context = browser.new_context(
        viewport={"width": SMALLEST, "height": 640}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        links = page.locator(".sections-nav a")
        count = links.count()
        assert count >= (12 if site == "strain" else 6)
        for i in range(count):
            link = links.nth(i)
            box = link.bounding_box()
            assert link.is_visible() and box is not None, link.inner_text()
            assert box["x"] >= 0 and box["x"] + box["width"] <= SMALLEST, (link.inner_text(), box)
            assert box["height"] >= 24, ("touch target too small", link.inner_text(), box)
        header = page.locator(".masthead").bounding_box()
        assert header is not None and header["width"] <= SMALLEST
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"nav-{site}-{SMALLEST}-noscript.png"))
    finally:
        context.close()


def test_the_home_pages_after_the_first_are_laid_out_as_a_listing(
    contexts: ContextFor, sample_url: str
) -> None:
    """Past page 1 the home page is a list of articles: as wide as a section's, not spread
    over a wide window's whole width."""
    page = contexts(DESKTOP, "light").new_page()
    widths = {}
    try:
        for path in ("page/2/", "world/"):
            page.goto(sample_url + path, wait_until="load")
            box = page.locator(".listing .card").first.bounding_box()
            assert box is not None
            widths[path] = box["width"]
            assert page.locator(".breadcrumbs").is_visible()
    finally:
        page.close()
    assert widths["page/2/"] == widths["world/"] <= 54 * 16
