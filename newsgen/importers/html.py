"""HTML as WordPress and feeds hold it, to clean Markdown.

WordPress stores posts half-formatted: paragraphs as blank lines (its `wpautop` adds the
`<p>` tags on display), `[caption]` and other shortcodes, block comments, and placeholders
such as `#image_title` in alt text. These are dealt with first; markdownify (over
BeautifulSoup) then writes the Markdown. Returns the notes on what could not be converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, Tag
from markdownify import MarkdownConverter

_PLACEHOLDER = re.compile(r"^(#\w+|image[_ -]?(title|caption|alt|description))$", re.IGNORECASE)
_BLOCK = re.compile(
    r"^<(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|iframe|script|style|form|"
    r"dl|address|section|article|aside|header|footer|nav)\b|^\[(caption|wp_caption|embed|gallery)\b",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"\[(?:wp_)?caption\b[^\]]*\](.*?)\[/(?:wp_)?caption\]", re.DOTALL)
_EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.DOTALL)
_SHORTCODES = (
    "gallery|audio|video|playlist|youtube|vimeo|tweet|instagram|soundcloud|contact-form|"
    "contact-form-7|gravityform|googlemaps|code|sourcecode|latex|embed|caption|wp_caption"
)
_SHORTCODE = re.compile(rf"\[/?({_SHORTCODES})\b[^\]]*\]")
_SIZED = re.compile(r"-(\d+x\d+|scaled)(?=\.\w+$)")
_DROPPED = ("script", "style", "noscript", "form", "object")


@dataclass
class Converted:
    markdown: str
    notes: list[str] = field(default_factory=list)
    featured: dict[str, str] = field(default_factory=dict)  # alt, caption of the dropped image


def is_placeholder(value: str | None) -> bool:
    """Empty, or a WordPress placeholder that must never reach a page (`#image_title`)."""
    text = " ".join((value or "").split())
    return not text or bool(_PLACEHOLDER.match(text))


def clean_text(value: str | None) -> str:
    """Plain text of a title, caption or excerpt, placeholders dropped."""
    text = " ".join(BeautifulSoup(value or "", "html.parser").get_text().split())
    return "" if is_placeholder(text) else text


def to_markdown(html: str, featured: str = "") -> Converted:
    """The body as Markdown; its first image left out when it is FEATURED (shown above it)."""
    notes: list[str] = []
    html = _CAPTION.sub(_figure, _autop(html))
    html = _EMBED.sub(lambda m: f'<p><a href="{m.group(1).strip()}">{m.group(1).strip()}</a></p>',
                      html)  # fmt: skip
    for name in sorted({m.group(1) for m in _SHORTCODE.finditer(html)}):
        notes.append(f"shortcode [{name}] cannot be converted and is left out")
    html = _SHORTCODE.sub("", html)
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for name in _DROPPED:
        for element in soup.find_all(name):
            notes.append(f"<{name}> cannot be converted and is left out")
            element.decompose()
    for frame in soup.find_all("iframe"):
        src = str(frame.get("src") or "")
        notes.append(f"embedded frame {src or '(no address)'} is kept as a link")
        link = soup.new_tag("a", href=src)
        link.string = src
        paragraph = soup.new_tag("p")
        paragraph.append(link)
        frame.replace_with(paragraph if src else "")
    dropped = _drop_featured(soup, featured)
    _clean_images(soup)
    markdown = MarkdownConverter(
        heading_style="ATX", bullets="-", newline_style="backslash"
    ).convert_soup(soup)
    lines = [line.rstrip() for line in markdown.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return Converted(text, sorted(set(notes)), dropped)


def same_image(one: str, other: str) -> bool:
    """One picture: WordPress's sized copies (`-300x200`, `-scaled`) and hosts aside."""
    first, second = urlsplit(one.strip()), urlsplit(other.strip())
    if first.netloc and second.netloc and first.netloc.lower() != second.netloc.lower():
        return False
    return bool(first.path) and _SIZED.sub("", first.path) == _SIZED.sub("", second.path)


def _drop_featured(soup: BeautifulSoup, featured: str) -> dict[str, str]:
    """Remove the body's first image when it is the featured one, with its figure and link;
    return its alt text and caption, which the featured image may lack."""
    first = soup.find("img")
    if not featured or not isinstance(first, Tag):
        return {}
    if not same_image(str(first.get("src") or ""), featured):
        return {}
    found = {"alt": clean_text(str(first.get("alt") or ""))}
    holder: Tag = first.find_parent("figure") or first.find_parent(class_="wp-caption") or first
    caption = holder.find("figcaption") or holder.find(class_="wp-caption-text")
    if isinstance(caption, Tag):
        found["caption"] = clean_text(caption.decode_contents())
    while (
        isinstance(holder.parent, Tag)
        and holder.parent.name in ("a", "p", "div")
        and not holder.parent.get_text(strip=True)
        and len(holder.parent.find_all("img")) == 1
    ):
        holder = holder.parent
    holder.decompose()
    return {key: value for key, value in found.items() if value}


def _figure(found: re.Match[str]) -> str:
    """`[caption]<img .../> Text[/caption]` to a figure; an empty caption to the image alone."""
    inner = BeautifulSoup(found.group(1), "html.parser")
    image = inner.find("a") or inner.find("img")
    media = str(image) if image else ""
    if image:
        image.extract()
    caption = clean_text(str(inner))
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{media}{figcaption}</figure>"


def _clean_images(soup: BeautifulSoup) -> None:
    for image in soup.find_all("img"):
        if not image.get("src"):
            image.decompose()
            continue
        if "title" in image.attrs and is_placeholder(str(image["title"])):
            del image["title"]
        if "alt" in image.attrs and is_placeholder(str(image["alt"])):
            image["alt"] = ""
    for caption in soup.find_all(["figcaption", "p"]):
        if caption.name == "p" and "wp-caption-text" not in caption.get_attribute_list("class"):
            continue
        text = clean_text(caption.decode_contents())
        if not text:
            caption.decompose()
        else:
            emphasis = soup.new_tag("em")
            emphasis.string = text
            paragraph = soup.new_tag("p")
            paragraph.append(emphasis)
            caption.replace_with(paragraph)
    for figure in soup.find_all("figure"):
        if isinstance(figure, Tag) and not figure.get_text(strip=True) and not figure.find("img"):
            figure.decompose()


def _autop(html: str) -> str:
    """WordPress's paragraphs are blank lines: give them <p>, when the post has none."""
    if re.search(r"<(p|br)[\s/>]", html, re.IGNORECASE):
        return html
    html = re.sub(r"<!--.*?-->", "", html.replace("\r\n", "\n"), flags=re.DOTALL)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", html) if b.strip()]
    return "\n".join(
        block if _BLOCK.match(block) else "<p>" + block.replace("\n", "<br>\n") + "</p>"
        for block in blocks
    )
