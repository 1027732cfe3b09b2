"""Photographs as a newsroom publishes them: upright, without a camera's metadata, in the
widths and formats the layouts need, named stably, and made once."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, features
from sitekit import article, build_site, errors_of, json_ld, read, write_site

SERIAL = "SN-0042-SOURCE"
AVIF = features.check("avif")
MODERN = ("avif", "webp") if AVIF else ("webp",)


def camera_jpeg(width: int = 2400, height: int = 1600, orientation: int = 1) -> bytes:
    """A photograph as a camera writes it: EXIF with the camera, its serial number, the
    photographer, a GPS position and an orientation; XMP; a comment."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image.paste((200, 40, 40), (0, 0, width // 2, height // 2))  # a red top-left corner
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Newscam"
    exif[ExifTags.Base.Model] = "N1"
    exif[ExifTags.Base.Artist] = "Jo Photographer"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = SERIAL
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 33.0, 59.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (126.0, 58.0, 40.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + SERIAL.encode() + b"</x:xmpmeta>"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, xmp=xmp, comment=SERIAL, quality=90)
    data = buffer.getvalue()
    assert SERIAL.encode() in data and Image.open(io.BytesIO(data)).getexif().get_ifd(
        ExifTags.IFD.GPSInfo
    )
    return data


def png_with_alpha(width: int = 700, height: int = 500) -> bytes:
    image = Image.new("RGBA", (width, height), (20, 120, 200, 128))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _photo_site(tmp_path: Path, image: bytes, **fields: str) -> Path:
    featured = "{src: photo.jpg, alt: 'A harbour at dawn', credit: 'Photo: Jo'}"
    body = "Text.\n\n![The quay](quay.jpg)\n\nMore text."
    return write_site(
        tmp_path,
        {
            "content/world/a.md": article(
                "A", image=featured, body=body, featured="true", **fields
            ),
            "content/world/b.md": article(
                "B", date="2026-11-19T10:00:00+09:00", image="{src: photo.jpg, alt: 'A harbour'}"
            ),
            "content/world/photo.jpg": image,
            "content/world/quay.jpg": camera_jpeg(1000, 750),
        },
    )


def _images(output: Path) -> dict[str, Path]:
    return {
        p.relative_to(output).as_posix(): p
        for p in output.rglob("*")
        if p.suffix in (".jpg", ".png", ".webp", ".avif")
    }


def test_every_published_image_is_upright_and_carries_no_metadata(tmp_path: Path) -> None:
    """Turned as the camera said (orientation 6: a portrait taken sideways), and no file
    at any address tells where it was taken, with what camera, or by whom."""
    site = _photo_site(tmp_path, camera_jpeg(2400, 1600, orientation=6))
    build_site(site)
    out = site / "output"
    images = _images(out)
    widths = (320, 640, 960, 1280, 1600)
    expected = {"world/photo.jpg", "world/photo.1200x630.jpg"}
    expected |= {f"world/photo.{w}w.{k}" for w in widths for k in (*MODERN, "jpg")}
    expected |= {"world/quay.jpg"} | {
        f"world/quay.{w}w.{k}" for w in (320, 640, 960, 1000) for k in (*MODERN, "jpg")
    }
    assert set(images) == expected
    for name, path in images.items():
        data = path.read_bytes()
        assert SERIAL.encode() not in data and b"Newscam" not in data, name
        with Image.open(path) as image:
            assert not image.getexif(), name
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(
                image.info
            ), name
    with Image.open(out / "world/photo.jpg") as original:
        assert original.format == "JPEG" and original.size == (1600, 2400)  # upright
        # The red corner, top left as stored, is top right once turned (and not grey).
        assert original.getpixel((1500, 100))[1] < 100 < original.getpixel((100, 100))[1]
    for width in widths:
        for kind, format_name in (("webp", "WEBP"), ("jpg", "JPEG")):
            with Image.open(out / f"world/photo.{width}w.{kind}") as variant:
                assert variant.format == format_name
                assert variant.size == (width, round(width * 1.5))
    if AVIF:
        with Image.open(out / "world/photo.640w.avif") as variant:
            assert variant.format == "AVIF" and variant.size == (640, 960)


def test_no_image_is_made_wider_than_its_source(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("A", image="{src: small.png, alt: 'A chart'}"),
            "content/small.png": png_with_alpha(700, 500),
        },
    )
    build_site(site)
    out = site / "output"
    assert sorted(p for p in _images(out) if p.endswith(".png")) == [
        "small.320w.png",
        "small.640w.png",
        "small.700w.png",
        "small.png",
    ]
    with Image.open(out / "small.700w.webp") as webp:
        assert webp.size == (700, 500) and webp.mode == "RGBA"  # transparency kept
    with Image.open(out / "small.png") as png:
        assert png.format == "PNG" and png.size == (700, 500)


def test_pages_show_a_picture_of_every_width_with_its_size(tmp_path: Path) -> None:
    site = _photo_site(tmp_path, camera_jpeg(2400, 1600))
    build_site(site)
    out = site / "output"
    page = read(out, "world/a/")
    figure = re.search(r'<figure class="figure">\s*(<picture>.*?</picture>)', page, re.S)
    assert figure is not None
    picture = figure.group(1)
    types = re.findall(r'<source type="([^"]+)"', picture)
    assert types == [f"image/{k}" for k in MODERN]
    assert 'srcset="/world/photo.320w.webp 320w, /world/photo.640w.webp 640w, ' in picture
    assert "/world/photo.1600w.webp 1600w" in picture
    img = re.search(r"<img [^>]*>", picture)
    assert img is not None
    tag = img.group(0)
    assert 'src="/world/photo.jpg"' in tag and "/world/photo.960w.jpg 960w" in tag
    assert 'width="2400" height="1600"' in tag
    assert 'fetchpriority="high"' in tag and 'loading="eager"' in tag
    assert re.search(r'class="ph-[0-9a-f]{10}"', tag)
    # The photograph in the body: its own widths (never above its 1000 pixels), lazily.
    body = element_after(page, '<div class="article-body')
    [inline] = re.findall(r"<picture>.*?</picture>", body, re.S)
    assert "/world/quay.1000w.webp 1000w" in inline and "1280w" not in inline
    assert 'width="1000"' in inline and 'height="750"' in inline
    assert 'loading="lazy"' in inline and 'alt="The quay"' in inline
    assert 'sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)"' in inline
    # A card shows the photograph small, and lazily; the home page's lead eagerly.
    home = read(out, "")
    cards = re.findall(r'<div class="card-image">\s*<picture>.*?</picture>', home, re.S)
    assert cards and all('loading="lazy"' in c and "17rem" in c for c in cards)
    lead = re.search(r'<div class="lead-image">\s*<picture>.*?</picture>', home, re.S)
    assert lead is not None and 'fetchpriority="high"' in lead.group(0)
    # The placeholder colours: one rule per image, in a style sheet every page links.
    css = (out / "static/placeholders.css").read_text()
    name = re.search(r'class="(ph-[0-9a-f]+)"', tag)
    assert name is not None and re.search(
        rf"img\.{name.group(1)}{{background-color:#[0-9a-f]{{6}}}}", css
    )
    assert 'href="/static/placeholders.css"' in page
    assert " style=" not in page


def element_after(html: str, opening: str) -> str:
    start = html.index(opening)
    return html[start : html.index("</article>", start)]


def test_a_rebuild_with_unchanged_images_makes_none(tmp_path: Path) -> None:
    """An edit to an article's text decodes no image: the files made before are kept,
    in the cache and in the output; a changed photograph is made again."""
    site = _photo_site(tmp_path, camera_jpeg(1800, 1200))
    build_site(site)
    out = site / "output"
    made = {
        p: p.stat().st_mtime_ns
        for p in (site / ".newsgen").rglob("*")
        if p.is_file() and p.suffix in (".webp", ".jpg", ".avif")
    }
    published = {name: path.stat().st_mtime_ns for name, path in _images(out).items()}
    assert made and published
    write_site(
        site,
        {
            "content/world/b.md": article(
                "B",
                body="New words.",
                date="2026-11-19T10:00:00+09:00",
                image="{src: photo.jpg, alt: 'A harbour'}",
            )
        },
        config=None,
    )
    result = build_site(site)
    assert result.rendered > 0 and "New words." in read(out, "world/b/")
    assert {p: p.stat().st_mtime_ns for p in made} == made
    assert {n: p.stat().st_mtime_ns for n, p in _images(out).items()} == published
    assert dict(result.timings)["images"] < 0.5
    # A new photograph at the same address: made again, and the pages follow its size.
    write_site(site, {"content/world/photo.jpg": camera_jpeg(1000, 1000)}, config=None)
    build_site(site)
    with Image.open(out / "world/photo.jpg") as image:
        assert image.size == (1000, 1000)
    assert not (out / "world/photo.1600w.webp").exists()  # the stale widths are gone
    assert 'width="1000" height="1000"' in read(out, "world/a/")


def test_without_the_cache_images_are_made_all_the_same(tmp_path: Path) -> None:
    site = _photo_site(tmp_path, camera_jpeg(1000, 800))
    build_site(site, cache=False)
    images = _images(site / "output")
    assert "world/photo.640w.webp" in images
    assert all(SERIAL.encode() not in p.read_bytes() for p in images.values())
    assert not (site / ".newsgen").exists()


def test_a_damaged_photograph_is_an_error_at_its_article_and_line(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("A", image="{src: broken.jpg, alt: 'A pier'}"),
            "content/b.md": article("B", body="Text.\n\n![A quay](also-broken.png)"),
            "content/broken.jpg": b"\xff\xd8 not really a JPEG",
            "content/also-broken.png": b"\x89PNG but no more",
        },
    )
    errors = errors_of(site)
    assert any(
        re.fullmatch(r"content/a\.md:4: image 'broken\.jpg' cannot be read as an image.*", e)
        for e in errors
    ), errors
    assert any(
        re.fullmatch(r"content/b\.md:8: image 'also-broken\.png' cannot be read.*", e)
        for e in errors
    ), errors


def _declared_png(width: int, height: int) -> bytes:
    """A valid PNG's header that declares a huge size, over a few bytes of data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [12_000, 40_000])
def test_a_decompression_bomb_is_refused(tmp_path: Path, side: int) -> None:
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("A", image="{src: bomb.png, alt: 'A pier'}"),
            "content/bomb.png": _declared_png(side, side),
        },
    )
    [error] = errors_of(site)
    assert error.startswith("content/a.md:4: image 'bomb.png' refused: it declares")


def test_a_photograph_from_another_site_is_left_as_it_is_with_a_warning(tmp_path: Path) -> None:
    remote = "https://photos.example.org/pier.jpg"
    site = write_site(
        tmp_path,
        {
            "content/a.md": article(
                "A",
                image=f"{{src: '{remote}', alt: 'A pier'}}",
                body=f"Text.\n\n![A quay]({remote})",
            ),
        },
    )
    result = build_site(site)
    page = read(site / "output", "a/")
    assert f'<img src="{remote}"' in page and "<picture>" not in page
    warned = [str(w) for w in result.warnings if "another site" in w.message]
    assert len(warned) == 2 and warned[0].startswith("content/a.md:4: warning: image")


def _meta(html: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    assert found is not None, name
    return found.group(1)


def test_share_cards_show_a_1200_by_630_crop_around_the_focus(tmp_path: Path) -> None:
    """A portrait photograph, red at its top left: cropped around a focus near the top, the
    share card keeps the red; around the centre (an article with no focus), it does not."""
    focused = "{src: photo.jpg, alt: 'A harbour', credit: 'Photo: Jo', focus: '0.1, 0.1'}"
    site = write_site(
        tmp_path,
        {
            "content/world/a.md": article("A", image=focused),
            "content/world/b.md": article("B", image="{src: photo.jpg, alt: 'A harbour'}"),
            "content/world/photo.jpg": camera_jpeg(1600, 2400),
        },
    )
    build_site(site)
    out = site / "output"
    page = read(out, "world/a/")
    card = "https://news.example.com/world/photo.1200x630-10-10.jpg"
    assert _meta(page, "og:image") == card == _meta(page, "twitter:image")
    assert (_meta(page, "og:image:width"), _meta(page, "og:image:height")) == ("1200", "630")
    [image] = next(d for d in json_ld(page) if d.get("@type") == "NewsArticle")["image"]
    assert image == {
        "@type": "ImageObject",
        "url": card,
        "width": 1200,
        "height": 630,
        "creditText": "Photo: Jo",
        "copyrightNotice": "Photo: Jo",
    }
    centred = _meta(read(out, "world/b/"), "og:image")
    assert centred == "https://news.example.com/world/photo.1200x630.jpg"
    with Image.open(out / "world/photo.1200x630-10-10.jpg") as share:
        assert share.size == (1200, 630) and not share.getexif()
        assert share.getpixel((10, 620))[1] < 100  # red: the top of the photograph
    with Image.open(out / "world/photo.1200x630.jpg") as share:
        assert share.getpixel((10, 620))[1] > 100  # grey: its middle


def test_a_focus_must_be_two_numbers_from_0_to_1(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("A", image="{src: p.jpg, alt: 'A pier', focus: '1.5, 0'}"),
            "content/p.jpg": camera_jpeg(400, 300),
        },
    )
    [error] = errors_of(site)
    assert error == (
        "content/a.md:4: 'image.focus' must be two numbers from 0 to 1 (x, y), not '1.5, 0'"
    )
