"""An article without a photograph is shared with a card: its headline drawn on the site's
colours, 1200 x 630, made once and named by what it shows. A headline the font cannot
draw is never drawn with boxes."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from PIL import Image
from sitekit import DEFAULT_CONFIG, article, build_site, jpeg, json_ld, read, write_site

from newsgen.core.errors import BuildError

ORIGIN = "https://news.example.com/"


def _meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return unescape(found.group(1)) if found else None


def _shared(html: str) -> dict[str, object]:
    """What a social network and a search engine read of a page's share image."""
    [news] = [d for d in json_ld(html) if d.get("@type") == "NewsArticle"]
    [image] = news["image"]  # type: ignore[misc]
    return {
        "og": _meta(html, "og:image"),
        "twitter": _meta(html, "twitter:image"),
        "json_ld": image,
        "size": (_meta(html, "og:image:width"), _meta(html, "og:image:height")),
        "alt": (_meta(html, "og:image:alt"), _meta(html, "twitter:image:alt")),
        "card": _meta(html, "twitter:card"),
    }


def _published(output: Path, address: object) -> Path:
    assert isinstance(address, str) and address.startswith(ORIGIN), address
    return output / address.removeprefix(ORIGIN)


def _cards(site: Path) -> dict[Path, int]:
    """The cards drawn into the cache, with the time each was written."""
    folder = site / ".newsgen/cache/cards"
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*.png")}


def test_an_article_without_a_photograph_is_shared_with_its_card(tmp_path: Path) -> None:
    headline = "Harbour cranes stand idle as the strike enters its second week"
    site = write_site(tmp_path, {"content/world/a.md": article(headline)})
    build_site(site)
    out = site / "output"
    shared = _shared(read(out, "world/a/"))
    card = shared["og"]
    assert isinstance(card, str) and re.fullmatch(rf"{ORIGIN}share/[0-9a-f]{{16}}\.png", card)
    assert shared == {
        "og": card,
        "twitter": card,
        "json_ld": {"@type": "ImageObject", "url": card, "width": 1200, "height": 630},
        "size": ("1200", "630"),
        "alt": (f"{headline} · World · Test Times",) * 2,
        "card": "summary_large_image",
    }
    with Image.open(_published(out, card)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
        image = image.convert("RGB")
        # The theme's colours: its accent band at the top, its warm paper below.
        assert image.getpixel((600, 5)) == (0xB3, 0x00, 0x1B)
        assert image.getpixel((1190, 620)) == (0xF4, 0xF1, 0xEA)
        # The headline is drawn: the text colour, in its place under the section.
        dark = [image.getpixel((x, y)) for x in range(80, 1120, 3) for y in range(140, 240, 3)]
        assert (0x16, 0x16, 0x16) in dark


def test_a_new_headline_makes_a_new_card_and_nothing_else_is_drawn_again(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/world/a.md": article("Ferries return to the northern islands"),
            "content/world/b.md": article("Bridge repairs close the coast road"),
        },
    )
    out = site / "output"
    build_site(site)
    first = {page: _shared(read(out, page))["og"] for page in ("world/a/", "world/b/")}
    drawn = _cards(site)
    assert len(drawn) == 2 and first["world/a/"] != first["world/b/"]

    # A body edited: its card is the one it had; no card is drawn.
    write_site(site, {"content/world/b.md": article("Bridge repairs close the coast road",
                                                    body="The road reopens in May.")},
               config=None)  # fmt: skip
    build_site(site)
    assert "reopens in May" in read(out, "world/b/")
    assert {page: _shared(read(out, page))["og"] for page in first} == first
    assert _cards(site) == drawn

    # A headline edited: a new card under a new name, the old one gone from the site.
    write_site(site, {"content/world/a.md": article("Ferries return to the islands")},
               config=None)  # fmt: skip
    result = build_site(site)
    now = {page: _shared(read(out, page))["og"] for page in first}
    assert now["world/b/"] == first["world/b/"] and now["world/a/"] != first["world/a/"]
    assert _published(out, now["world/a/"]).exists()
    assert not _published(out, first["world/a/"]).exists()
    assert {p: t for p, t in _cards(site).items() if p in drawn} == drawn
    assert len(_cards(site)) == 3
    # Only the pages that show the article were planned: its card is its page's alone.
    assert result.planned is not None and 0 < result.planned < result.pages


@pytest.mark.parametrize(
    "headlines",
    [
        ("서울에 첫눈, 예년보다 일주일 빨라", "부산항 물동량 사상 최대"),  # Korean
        ("東京で初雪を観測", "大阪の新しい橋が開通"),  # Japanese
        ("أمطار غزيرة تغمر المدينة", "افتتاح جسر جديد"),  # Arabic, right to left
        ("Seoul sees first snow 🌨", "Busan port: 서울 freight record"),  # a letter or two
    ],
)
def test_a_headline_the_font_cannot_draw_is_left_off_the_card(
    tmp_path: Path, headlines: tuple[str, str]
) -> None:
    """Never a row of boxes, nor Arabic letters unjoined and in the wrong order: the
    card shows the section and the site's title only, one card for both articles."""
    site = write_site(
        tmp_path,
        {
            "content/world/a.md": article(headlines[0]),
            "content/world/b.md": article(headlines[1]),
        },
    )
    build_site(site)
    out = site / "output"
    a, b = _shared(read(out, "world/a/")), _shared(read(out, "world/b/"))
    assert a == b
    assert a["alt"] == ("World · Test Times",) * 2 and a["size"] == ("1200", "630")
    with Image.open(_published(out, a["og"])) as image:
        assert image.size == (1200, 630)


def test_a_headline_the_font_cannot_draw_gives_way_to_the_sites_own_image(
    tmp_path: Path,
) -> None:
    config = DEFAULT_CONFIG + '[publisher]\nimage = "share.jpg"\n'
    files = {
        "content/world/a.md": article("서울에 첫눈"),
        "content/world/b.md": article("First snow in Seoul"),
        "static/share.jpg": jpeg(1200, 630),
    }
    site = write_site(tmp_path, files, config=config)
    build_site(site)
    out = site / "output"
    korean = _shared(read(out, "world/a/"))
    assert korean["og"] == korean["twitter"] == f"{ORIGIN}share.jpg"
    assert korean["json_ld"] == {"@type": "ImageObject", "url": f"{ORIGIN}share.jpg"}
    assert korean["size"] == (None, None) and korean["alt"] == (None, None)
    assert str(_shared(read(out, "world/b/"))["og"]).startswith(f"{ORIGIN}share/")
    assert len(list((out / "share").iterdir())) == 1


def test_no_card_for_an_article_with_its_own_photograph(tmp_path: Path) -> None:
    files = {
        "content/world/a.md": article("Cranes", image="{src: pier.jpg, alt: 'The pier at dawn'}"),
        "content/world/pier.jpg": jpeg(1600, 1000),
    }
    site = write_site(tmp_path, files)
    build_site(site)
    out = site / "output"
    shared = _shared(read(out, "world/a/"))
    assert shared["og"] == f"{ORIGIN}world/pier.1200x630.jpg"
    assert shared["alt"] == ("The pier at dawn",) * 2
    assert not (out / "share").exists() and not _cards(site)


def test_cards_can_be_turned_off_and_take_the_sites_colours(tmp_path: Path) -> None:
    off = DEFAULT_CONFIG + "[share_card]\nenabled = false\n"
    site = write_site(tmp_path / "off", {"content/a.md": article("Quiet day")}, config=off)
    build_site(site)
    html = read(site / "output", "a/")
    assert _meta(html, "og:image") is None and _meta(html, "twitter:card") == "summary"
    assert not (site / "output/share").exists()

    colours = DEFAULT_CONFIG + '[share_card]\nbackground = "#FFF"\naccent = "#0b4f8a"\n'
    site = write_site(tmp_path / "on", {"content/a.md": article("Quiet day")}, config=colours)
    build_site(site)
    card = _shared(read(site / "output", "a/"))["og"]
    with Image.open(_published(site / "output", card)) as image:
        image = image.convert("RGB")
        assert image.getpixel((600, 5)) == (0x0B, 0x4F, 0x8A)
        assert image.getpixel((1190, 620)) == (0xFF, 0xFF, 0xFF)


def test_a_bad_colour_is_an_error_naming_its_key_and_line(tmp_path: Path) -> None:
    config = (
        DEFAULT_CONFIG
        + """\
[share_card]
background = "red"
text = "#12345"
accent = 0xb3001b
enabeld = true
"""
    )
    site = write_site(tmp_path, {"content/a.md": article("A")}, config=config)
    (site / "output").mkdir()
    (site / "output/index.html").write_text("the site as it was", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        build_site(site)
    found = sorted(raised.value.diagnostics, key=lambda d: d.line or 0)
    assert [str(d).removeprefix(f"{site}/") for d in found] == [
        "config.toml:7: share_card.background must be a colour written #rrggbb or #rgb, not 'red'",
        "config.toml:8: share_card.text must be a colour written #rrggbb or #rgb, not '#12345'",
        "config.toml:9: 'share_card.accent' must be a string, not a whole number",
        "config.toml:10: unknown key 'share_card.enabeld' (did you mean 'enabled'?)",
    ]
    assert (site / "output/index.html").read_text(encoding="utf-8") == "the site as it was"


def test_a_hostile_or_endless_headline_makes_a_card_all_the_same(tmp_path: Path) -> None:
    """Markup in a headline is text in every tag; a headline far too long for the card is
    drawn smaller, then cut with an ellipsis, and the card keeps its size; one word of
    20,000 letters, or 20,000 words, take no longer than a headline."""
    hostile = '"><script>alert(1)</script> & more'
    endless = "Donaudampfschifffahrtsgesellschaftskapitän " + "and then more news " * 60
    files = {
        "content/a.md": article(hostile),
        "content/b.md": article(endless.strip()),
        "content/c.md": article("A" * 20_000),
        "content/d.md": article("news " * 20_000),
    }
    site = write_site(tmp_path, files)
    result = build_site(site, cache=False)
    assert dict(result.timings)["images"] < 30
    out = site / "output"
    html = read(out, "a/")
    assert "<script>alert" not in html
    alt, twitter_alt = _shared(html)["alt"]  # type: ignore[misc]
    assert alt == twitter_alt and alt.endswith("><script>alert(1)</script> & more · Test Times")
    for page in ("a/", "b/", "c/", "d/"):
        with Image.open(_published(out, _shared(read(out, page))["og"])) as image:
            assert image.size == (1200, 630)


def test_each_language_of_a_site_shares_its_articles_with_cards_in_its_words(
    tmp_path: Path,
) -> None:
    config = DEFAULT_CONFIG + (
        '[sections.world]\ntitle = "World"\n'
        '[languages.fr]\ntitle = "Le Quotidien"\n'
        '[languages.fr.sections.world]\ntitle = "Monde"\n'
    )
    files = {
        "content/world/markets.md": article("Markets stay calm"),
        "content/fr/world/marches.md": article("Les marchés restent calmes"),
    }
    site = write_site(tmp_path, files, config=config)
    build_site(site)
    out = site / "output"
    english = _shared(read(out, "world/markets/"))
    french = _shared(read(out, "fr/world/marches/"))
    assert english["alt"] == ("Markets stay calm · World · Test Times",) * 2
    assert french["alt"] == ("Les marchés restent calmes · Monde · Le Quotidien",) * 2
    for shared in (english, french):
        with Image.open(_published(out, shared["og"])) as image:
            assert image.size == (1200, 630)
