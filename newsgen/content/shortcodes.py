"""Stage `parse`, with `idioms.py`: Hugo shortcodes' arguments, and what a figure, an
embed or a highlighted block becomes as Markdown (or, for a figure, HTML)."""

from __future__ import annotations

import re
from html import escape

_PARAMETER = re.compile(r"""(?:(\w+)\s*=\s*)?(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
EMBEDS = {
    "youtube": ("https://www.youtube.com/watch?v={}", "Watch the video on YouTube"),
    "vimeo": ("https://vimeo.com/{}", "Watch the video on Vimeo"),
    "instagram": ("https://www.instagram.com/p/{}/", "See the post on Instagram"),
}


def figure_caption(arguments: dict[str, str]) -> str:
    """A Hugo figure's words under the image: its title (when alt is given apart), caption
    and credit."""
    title = arguments.get("title", "") if arguments.get("alt") else ""
    parts = (title, arguments.get("caption", ""), arguments.get("attr", ""))
    return " ".join(part for part in parts if part)


def figure_html(url: str, alt: str, caption: str) -> str:
    shown = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f'\n\n<figure><img src="{escape(url)}" alt="{escape(alt)}">{shown}</figure>\n\n'


def figure_markdown(src: str, alt: str, caption: str) -> str:
    """A figure in Markdown alone (a site without raw HTML): the image, its words under it."""
    shown = f"\n\n*{markdown_text(caption)}*" if caption else ""
    return f"\n\n![{markdown_text(alt)}]({src}){shown}\n\n"


def page_name(path: str) -> str:
    """What Hugo calls a page by alone: its file's name, or a bundle's folder name."""
    parts = path.rstrip("/").rsplit(".", 1)[0].split("/")
    if parts[-1] in ("index", "_index") and len(parts) > 1:
        return parts[-2]
    return parts[-1]


def shortcode_arguments(text: str) -> dict[str, str]:
    """A shortcode's arguments: named ones by name, the others by position ("0", "1")."""
    found: dict[str, str] = {}
    position = 0
    for match in _PARAMETER.finditer(text):
        value = next((g for g in match.groups()[1:] if g is not None), "")
        if match.group(1):
            found[match.group(1).lower()] = value
        else:
            found[str(position)] = value
            position += 1
    return found


def fence(language: str, code: str) -> str:
    code = code.strip("\n").rstrip(" \t")
    ticks = "`" * max(3, max((len(r) for r in re.findall(r"`+", code)), default=0) + 1)
    return f"\n{ticks}{language}\n{code}\n{ticks}\n"


def markdown_text(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def _link_paragraph(url: str, text: str) -> str:
    return f"\n\n[{markdown_text(text)}]({url})\n\n"


def embed(name: str, arguments: dict[str, str]) -> str:
    address, text = EMBEDS[name]
    media = arguments.get("id") or arguments.get("0", "")
    return _link_paragraph(address.format(media), arguments.get("title") or text)


def gist(arguments: dict[str, str]) -> str:
    user, gist = arguments.get("0", ""), arguments.get("1", "")
    return _link_paragraph(f"https://gist.github.com/{user}/{gist}", "See the code on GitHub")


def tweet(arguments: dict[str, str]) -> str:
    user, post = arguments.get("user", "i"), arguments.get("id") or arguments.get("0", "")
    return _link_paragraph(f"https://x.com/{user}/status/{post}", "See the post on X")
