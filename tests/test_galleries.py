"""Galleries: a series of photographs with their captions and credits, written in Markdown
between `::: gallery` and `:::`, published as a figure holding a list of figures, each
photograph in its widths and formats like any other in a body."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitekit import article, build_site, errors_of, jpeg, read, write_site

GALLERY_SIZES = 'sizes="(min-width: 44rem) 20.5rem, calc(85vw - 1.7rem)"'
BODY_SIZES = 'sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)"'
RAW_HTML_OFF = """\
title = "Test Times"
base_url = "https://news.example.com/"

[markdown]
raw_html = false
"""

FLOOD = """\
The river rose two metres overnight.

::: gallery The night the river rose
![A bus stands in brown water up to its windows](bus.jpg "Photo: Ana Costa / Meridian")
Passengers waited on the roof of this bus for three hours.

![Volunteers pass sandbags from hand to hand](sandbags.jpg "Photo: Ana Costa")
Volunteers filled *4,000* sandbags overnight.

![A flooded street seen from above](street.jpg)
:::

The water fell by noon.
"""


def _site(tmp_path: Path, body: str, config: str | None = None, **photos: bytes) -> Path:
    files: dict[str, str | bytes] = {"content/world/flood.md": article("Flood", body=body)}
    for name, data in (photos or _photos()).items():
        files[f"content/world/{name}"] = data
    if config is None:
        return write_site(tmp_path, files)
    return write_site(tmp_path, files, config)


def _photos() -> dict[str, bytes]:
    return {
        "bus.jpg": jpeg(1200, 800),
        "sandbags.jpg": jpeg(600, 900),
        "street.jpg": jpeg(1000, 750),
    }


def _body(tmp_path: Path) -> str:
    page = read(tmp_path / "output", "world/flood/")
    start = page.index('<div class="article-body')
    return page[start : page.index("</article>", start)]


def _galleries(body: str) -> list[str]:
    return re.findall(r'<figure class="gallery">.*?</ul>\s*</figure>', body, re.S)


def _items(gallery: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", gallery, re.S)


def test_a_gallery_is_a_figure_of_photographs_with_their_captions_and_credits(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path, FLOOD)
    result = build_site(site)
    body = _body(site)
    [gallery] = _galleries(body)
    # The gallery's own caption, then a list that says how many photographs there are,
    # which a keyboard can focus and scroll.
    assert re.match(
        r'<figure class="gallery">\s*'
        r'<figcaption class="gallery-caption">The night the river rose</figcaption>\s*'
        r'<ul class="gallery-photos" tabindex="0">',
        gallery,
    )
    bus, sandbags, street = _items(gallery)
    assert re.fullmatch(
        r"<figure><picture>(<source [^>]*>){1,2}<img [^>]*></picture><figcaption>"
        r'<span class="caption">Passengers waited on the roof of this bus for three hours\.</span> '
        r'<span class="credit">Photo: Ana Costa / Meridian</span></figcaption></figure>',
        bus,
    ), bus
    assert '<span class="caption">Volunteers filled <em>4,000</em> sandbags overnight.</span>' in (
        sandbags
    )
    assert '<span class="credit">Photo: Ana Costa</span>' in sandbags
    # A photograph with neither caption nor credit has no <figcaption> at all.
    assert "<figcaption" not in street
    # Each photograph as every photograph in a body is: its widths in every format, its
    # size, its placeholder colour, lazily; its sizes those of the gallery's layout.
    for item, name, width, height in (
        (bus, "bus", 1200, 800),
        (sandbags, "sandbags", 600, 900),
        (street, "street", 1000, 750),
    ):
        img = re.search(r"<img [^>]*>", item)
        assert img is not None
        tag = img.group(0)
        assert f'src="/world/{name}.jpg"' in tag
        assert f'width="{width}"' in tag and f'height="{height}"' in tag
        assert f"/world/{name}.320w.jpg 320w" in tag and f"/world/{name}.{width}w.jpg" in tag
        assert f"/world/{name}.320w.webp 320w" in item
        assert 'loading="lazy"' in tag and re.search(r'class="ph-[0-9a-f]{10}"', tag)
        assert item.count(GALLERY_SIZES) == item.count("srcset=")
        assert " title=" not in tag  # the credit is shown, not hidden in a tooltip
    # Nothing of the syntax is left, and the text around the gallery is as it was.
    assert ":::" not in body and "None" not in body
    assert "<p>The river rose two metres overnight.</p>" in body
    assert "<p>The water fell by noon.</p>" in body
    assert not result.warnings
    # A reader who cannot see the page hears the photographs' descriptions.
    assert 'alt="A bus stands in brown water up to its windows"' in gallery


def test_a_gallery_of_one_photograph_takes_the_column(tmp_path: Path) -> None:
    body = "::: gallery\n![A bus in the water](bus.jpg)\nThe bus at dawn.\n:::\n"
    site = _site(tmp_path, body)
    build_site(site)
    [gallery] = _galleries(_body(site))
    assert "gallery-caption" not in gallery  # no caption given: no empty <figcaption>
    [item] = _items(gallery)
    assert BODY_SIZES in item and GALLERY_SIZES not in item
    assert '<figcaption><span class="caption">The bus at dawn.</span></figcaption>' in item


def test_galleries_stand_in_list_items_and_quotes(tmp_path: Path) -> None:
    body = """\
    Before.

    1. First step.

       ::: gallery In a loose item
       ![A bus in the water](bus.jpg "Photo: A")
       :::

    2. Second step.

    - ::: gallery
      ![Sandbags](sandbags.jpg)
      Caption in a tight item.
      :::
    - Next item.

    > The mayor said:
    >
    > ::: gallery
    > ![A street](street.jpg "Photo: C")
    > ![A bus](bus.jpg)
    > :::
    >
    > Quoted after.

    After.
    """
    site = _site(tmp_path, body)
    build_site(site)
    out = _body(site)
    loose, tight, quoted = _galleries(out)
    assert "In a loose item" in loose and len(_items(loose)) == 1
    assert "Caption in a tight item." in tight
    assert len(_items(quoted)) == 2 and GALLERY_SIZES in quoted
    # Each stands where it was written, and the list and quote go on around it.
    ordered = re.search(
        r"<ol>\s*<li>\s*<p>First step\.</p>\s*<figure class=\"gallery\">.*?</figure>\s*</li>"
        r"\s*<li>\s*<p>Second step\.</p>\s*</li>\s*</ol>",
        out,
        re.S,
    )
    assert ordered is not None, out
    assert re.search(
        r"<li>\s*<figure class=\"gallery\">.*?</figure>\s*</li>\s*<li>Next item\.", out, re.S
    )
    assert re.search(
        r"<blockquote>\s*<p>The mayor said:</p>\s*<figure class=\"gallery\">.*?</figure>\s*"
        r"<p>Quoted after\.</p>\s*</blockquote>",
        out,
        re.S,
    )
    assert ":::" not in out and "<p>After.</p>" in out


def test_a_photograph_without_alt_text_is_warned_of_as_any_other(tmp_path: Path) -> None:
    body = 'Text.\n\n::: gallery\n![A bus](bus.jpg)\n\n![](sandbags.jpg "Photo: B")\n:::\n'
    site = _site(tmp_path, body)
    result = build_site(site)
    assert [str(w) for w in result.warnings] == [
        "content/world/flood.md:11: warning: image 'sandbags.jpg' has no alt text: "
        "describe it for readers who cannot see it"
    ]
    assert '<span class="credit">Photo: B</span>' in _body(site)


def test_a_missing_photograph_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = _site(tmp_path, FLOOD.replace("sandbags.jpg", "sandbag.jpg"))
    (site / "output").mkdir()
    (site / "output/index.html").write_text("the last good site")
    errors = errors_of(site)
    assert "content/world/flood.md:12: image file 'world/sandbag.jpg' not found" in errors
    assert (site / "output/index.html").read_text() == "the last good site"


@pytest.mark.parametrize(
    ("body", "line"),
    [
        # Never closed: the rest of the body is not swallowed into it.
        ("Text.\n\n::: gallery\n![A bus](bus.jpg)\n\nMore text.", 8),
        # The second of two alike, which is the one not closed.
        ("::: gallery\n![A bus](bus.jpg)\n:::\n\n::: gallery\n![A street](street.jpg)", 10),
        # Not at the start of a paragraph.
        ("Some text\n::: gallery\n![A bus](bus.jpg)\n:::", 7),
        # No photograph in it.
        ("Text.\n\n::: gallery Nothing\nJust words.\n:::", 8),
        # A block other than a paragraph inside it.
        ("::: gallery\n![A bus](bus.jpg)\n\n- a list\n\n:::", 6),
    ],
    ids=["unclosed", "second-unclosed", "mid-paragraph", "no-photo", "list-inside"],
)
def test_a_gallery_that_cannot_be_made_is_an_error_at_its_line(
    tmp_path: Path, body: str, line: int
) -> None:
    errors = errors_of(_site(tmp_path, body))
    assert [e for e in errors if "gallery" in e] == [
        f"content/world/flood.md:{line}: gallery shown as text: it starts after a blank line, "
        "holds at least one image, and ends at a line of ':::' in the same list item or "
        "quote, with only paragraphs between"
    ]


def test_galleries_in_live_updates_are_made_and_checked_at_their_lines(tmp_path: Path) -> None:
    gallery = "::: gallery\n![A bus in the water](bus.jpg)\n:::"
    body = f"Intro.\n\n## 10:00 First\n\n{gallery}\n\n## 11:00 Second\n\n{gallery}\n\nMore."
    files = {
        "content/world/flood.md": article("Flood", live="true", body=body),
        "content/world/bus.jpg": jpeg(800, 600),
    }
    site = write_site(tmp_path, files)
    build_site(site)
    page = read(site / "output", "world/flood/")
    updates = re.findall(r'<article class="live-update.*?</article>', page, re.S)
    assert len(updates) == 2 and all(len(_galleries(u)) == 1 for u in updates)
    # The first update's gallery, written before the other, is the one not closed; the
    # page shows the newest update first.
    unclosed = body.replace(":::\n\n## 11:00", "\n\n## 11:00")
    write_site(site, {"content/world/flood.md": article("Flood", live="true", body=unclosed)})
    errors = errors_of(site)
    assert [e.split(": gallery")[0] for e in errors] == ["content/world/flood.md:11"]


def test_the_syntax_in_code_is_shown_as_code(tmp_path: Path) -> None:
    body = "Write:\n\n```markdown\n::: gallery\n![Alt](photo.jpg)\n:::\n```\n\nAnd `::: gallery`."
    site = _site(tmp_path, body)
    build_site(site)
    out = _body(site)
    assert not _galleries(out) and out.count("::: gallery") == 2


HOSTILE = """\
::: gallery <script>alert(1)</script> Night
![A bus](bus.jpg "Photo: <script>alert(2)</script> \\" onload=\\"alert(3)")
Caption <img src=x onerror=alert(4)> [more](javascript:alert(5)) [also](JaVa&#115;cript:alert(6))

![A street](javascript:alert(7) "Photo: B")
:::
"""


@pytest.mark.parametrize("config", [None, RAW_HTML_OFF], ids=["raw-html", "no-raw-html"])
def test_hostile_captions_and_credits_are_made_harmless(tmp_path: Path, config: str | None) -> None:
    site = _site(tmp_path, HOSTILE, config)
    build_site(site)
    [gallery] = _galleries(_body(site))
    # No script address anywhere, in a caption's link or as a photograph.
    assert "javascript" not in gallery.lower() and "cript:" not in gallery
    assert "<a>more</a> <a>also</a>" in gallery
    assert '<img alt="A street" decoding="async" loading="lazy">' in gallery
    # The credit is text, whatever it holds: no element, no attribute.
    credit = re.search(r'<span class="credit">(Photo: [^<]*)</span>', gallery)
    assert credit is not None and credit.group(1).startswith("Photo: &lt;script&gt;alert(2)")
    if config is None:
        return  # HTML written in a trusted body is kept, as everywhere in it
    # From outside the newsroom: tags are dropped, their text kept, and the photographs are
    # still in their widths and formats.
    assert "<script" not in gallery and "onerror" not in gallery
    assert '<figcaption class="gallery-caption">alert(1) Night</figcaption>' in gallery
    assert "/world/bus.320w.webp 320w" in gallery and GALLERY_SIZES in gallery
    assert '<ul class="gallery-photos" tabindex="0">' in gallery
