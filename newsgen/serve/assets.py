"""What `newsgen serve` adds to the HTML it serves, and the two files that addition loads.

Sites may run under a strict Content-Security-Policy (no inline scripts, no `style=`
attributes), and the preview must run under the same one: so the addition is a `<script>`
with a `src` that reads its event stream's address from a `data-` attribute, and, after a
failed build, a `<link>` to the overlay's style sheet and the overlay's plain markup.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

EVENTS_PATH = "/__newsgen/events"
RELOAD_PATH = "/__newsgen/reload.js"
OVERLAY_PATH = "/__newsgen/overlay.css"

RELOAD_JS = b"""\
// newsgen serve: reload this page when the site has been rebuilt.
(function () {
  var script = document.currentScript;
  var events = new EventSource(script.getAttribute("data-events"));
  events.addEventListener("reload", function () { location.reload(); });
})();
"""

# The theme's own rules must not restyle the overlay: the ID selectors outweigh them.
OVERLAY_CSS = b"""\
#newsgen-errors {
  position: fixed; inset: 0 0 auto 0; z-index: 2147483647;
  max-height: 70vh; overflow: auto; margin: 0; padding: 1rem 1.25rem;
  background: #2b0000; color: #fff; font: 14px/1.5 ui-monospace, monospace; text-align: left;
  box-shadow: 0 4px 12px rgba(0, 0, 0, .5);
}
#newsgen-errors strong { color: inherit; font: inherit; font-weight: bold; }
#newsgen-errors pre, #newsgen-warnings pre {
  white-space: pre-wrap; margin: .5rem 0 0; padding: 0; border: 0;
  background: none; color: inherit; font: inherit;
}
#newsgen-warnings {
  position: fixed; inset: auto 0 0 auto; z-index: 2147483646;
  max-width: min(48rem, 100vw); max-height: 50vh; overflow: auto; box-sizing: border-box;
  margin: 0; padding: .5rem 1rem; border-radius: 6px 0 0 0;
  background: #3d3000; color: #fff; font: 14px/1.5 ui-monospace, monospace; text-align: left;
  box-shadow: 0 -2px 8px rgba(0, 0, 0, .4);
}
#newsgen-warnings summary { cursor: pointer; color: inherit; font: inherit; }
"""

# What the preview serves under /__newsgen/ besides the event stream.
ASSETS = {
    RELOAD_PATH: (RELOAD_JS, "text/javascript; charset=utf-8"),
    OVERLAY_PATH: (OVERLAY_CSS, "text/css; charset=utf-8"),
}


# Past this many, a line says how many more there are and where to see them all.
SHOWN_WARNINGS = 50


def page_additions(
    version: int, errors: tuple[str, ...], page: str, warnings: tuple[str, ...] = ()
) -> bytes:
    """The markup added before `</body>`: the reload script for the reader of `page` (an
    output path) who sees `version`; the overlay listing `errors` over the page, if any;
    else the `warnings`, folded in a corner, where they hide nothing until opened."""
    events = escape(f"{EVENTS_PATH}?since={version}&page={quote(page)}")
    script = f'<script src="{RELOAD_PATH}" data-events="{events}"></script>'
    style = f'<link rel="stylesheet" href="{OVERLAY_PATH}">'
    if errors:
        lines = "\n".join(escape(e) for e in errors)
        overlay = (
            '<div id="newsgen-errors" role="alert"><strong>newsgen: the build failed. This is '
            f"the last good version of the page.</strong><pre>{lines}</pre></div>"
        )
        return (style + overlay + script).encode("utf-8")
    if warnings:
        count = f"{len(warnings)} warning{'s' * (len(warnings) != 1)}"
        lines = "\n".join(escape(w) for w in warnings[:SHOWN_WARNINGS])
        if len(warnings) > SHOWN_WARNINGS:
            lines += f"\n… and {len(warnings) - SHOWN_WARNINGS} more: newsgen check lists them all"
        folded = (
            f'<details id="newsgen-warnings"><summary>newsgen: {count}</summary>'
            f"<pre>{lines}</pre></details>"
        )
        return (style + folded + script).encode("utf-8")
    return script.encode("utf-8")


def add_to_page(body: bytes, additions: bytes) -> bytes:
    at = body.rfind(b"</body>")
    return body[:at] + additions + body[at:] if at >= 0 else body + additions
