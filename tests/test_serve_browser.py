"""The preview in a real browser: an author edits an article and the open page reloads.

The pages come with a strict Content-Security-Policy, as a site may be served with: the
reload script and the error overlay the preview adds must work under it, and break none of it.
"""

from __future__ import annotations

import time
from pathlib import Path

from browserkit import launched_chromium
from playwright.sync_api import Page, Route
from sitekit import article, png, write_site
from test_serve import CONFIG, serving

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
# Runs before anything on each page: keeps every violation of the policy the page reports.
RECORD_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def with_policy(route: Route) -> None:
    """The site's pages, sent with POLICY as their server would send it."""
    if route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch()
    route.fulfill(
        response=response, headers={**response.headers, "content-security-policy": POLICY}
    )


def violations(page: Page) -> list[str]:
    found: list[str] = page.evaluate("window.violations")
    return found


def test_the_open_page_reloads_with_the_new_text_and_shows_errors(tmp_path: Path) -> None:
    # Enough other articles that a rebuild takes longer than a page's reload.
    others = {
        f"content/sport/game-{n}.md": article(f"Game {n}", tags="[games]") for n in range(300)
    }
    site = write_site(tmp_path, {"content/world/quake.md": article("Quake", body="Before the edit."),
                                 **others}, config=CONFIG)  # fmt: skip
    with serving(site) as server, launched_chromium() as browser:
        page = browser.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        page.route(server.url + "**", with_policy)  # the pages; not the preview's own files
        page.goto(server.url + "world/quake/")
        assert "Before the edit." in page.content()
        page.evaluate("window.notReloaded = true")

        write_site(
            site, {"content/world/quake.md": article("Quake", body="After the edit.")}, config=None
        )
        # Functions, not expressions: Playwright would eval an expression, which POLICY refuses.
        page.wait_for_function(
            "() => document.body.innerText.includes('After the edit.')", timeout=15_000
        )
        assert page.evaluate("window.notReloaded === undefined")  # a real reload, by itself
        # The edited page was shown before the rebuild ended; the rebuild made the same page,
        # so the reader is not made to reload it a second time.
        page.evaluate("window.stayed = true")
        deadline = time.monotonic() + 15
        while server.builds() < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.builds() == 2
        page.wait_for_timeout(1000)
        assert page.evaluate("window.stayed === true")

        (site / "content/world/quake.md").write_text("---\ntitle: [broken\n---\nText\n")
        page.wait_for_selector("#newsgen-errors", timeout=15_000)
        assert "content/world/quake.md:2: invalid YAML front matter" in page.inner_text(
            "#newsgen-errors"
        )
        assert "After the edit." in page.content()  # the last good page stays under the error
        # Styled by the overlay's style sheet: no style attribute, which the policy refuses.
        overlay = page.eval_on_selector("#newsgen-errors", "e => getComputedStyle(e).position")
        assert overlay == "fixed"
        assert violations(page) == []

        write_site(site, {"content/world/quake.md": article("Quake", body="Fixed.")}, config=None)
        page.wait_for_function("() => document.body.innerText.includes('Fixed.')", timeout=15_000)
        assert page.query_selector("#newsgen-errors") is None
        assert violations(page) == []
        browser.close()


def test_warnings_sit_folded_in_a_corner_and_hide_nothing(tmp_path: Path) -> None:
    body = "The body.\n\n![](map.png)"
    site = write_site(tmp_path, {"content/world/quake.md": article("Quake", body=body),
                                 "content/world/map.png": png()}, config=CONFIG)  # fmt: skip
    with serving(site) as server, launched_chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.add_init_script(RECORD_VIOLATIONS)
        page.route(server.url + "**", with_policy)
        page.goto(server.url + "world/quake/")
        folded = page.locator("#newsgen-warnings")
        assert folded.inner_text() == "newsgen: 1 warning"  # closed: only its summary shows
        box = folded.bounding_box()
        assert box is not None and box["height"] < 60 and box["y"] + box["height"] == 844
        # The headline is the page's, not hidden under the warnings.
        assert page.evaluate(
            """() => { const h = document.querySelector("h1"); const r = h.getBoundingClientRect();
                       return h.contains(document.elementFromPoint(r.x + 5, r.y + 5)); }"""
        )
        folded.locator("summary").click()
        assert "image 'map.png' has no alt text" in folded.inner_text()
        page.screenshot(path=str(tmp_path / "warnings-phone.png"))
        assert violations(page) == []
        browser.close()
