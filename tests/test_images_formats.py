"""Every image a site publishes, whatever its format, reaches readers without a camera's or
an editor's metadata and without anything that can run; feeds and pages name only files
the build made, with their true sizes."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import ExifTags, Image, ImageChops, PngImagePlugin, features
from sitekit import article, build_site, errors_of, run_newsgen, write_site
from test_images import SERIAL, camera_jpeg

ORIGIN = "https://news.example.com"


def _metadata_free(path: Path) -> list[str]:
    """What of a camera's or editor's metadata a published file still holds."""
    data = path.read_bytes()
    found = [w.decode() for w in (SERIAL.encode(), b"Newscam", b"xmpmeta", b"GPS") if w in data]
    if path.suffix == ".svg":
        return found + [w for w in ("<metadata", "<!--", "inkscape") if w in data.decode()]
    with Image.open(path) as image:
        exif = dict(image.getexif())
        if image.format == "TIFF":  # its EXIF is where a TIFF says how its pixels are laid out
            exif = {tag: value for tag, value in exif.items() if tag in WHO_WHERE}
        turned = exif == {ExifTags.Base.Orientation: 6}  # how it is turned may stay
        if exif and not turned:
            found.append(f"EXIF {exif}")
        keys = {"xmp", "XML:com.adobe.xmp", "comment", "Comment"} | (set() if turned else {"exif"})
        found += sorted(keys & set(image.info))
    return found


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Newscam"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = SERIAL
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 33.0, 59.0)
    return exif


# Tags that say who took a photograph, with what and where: camera, software, artist,
# copyright, the EXIF and GPS directories, XMP, IPTC, maker notes.
WHO_WHERE = {271, 272, 305, 306, 315, 33432, 34665, 34853, 700, 33723, 37500}
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + SERIAL.encode() + b"</x:xmpmeta>"
DURATIONS = [100, 250, 400]


def _frames(size: tuple[int, int] = (64, 48)) -> list[Image.Image]:
    return [Image.new("RGB", size, colour) for colour in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]


def animation(format_name: str) -> bytes:
    """Three frames with their own durations, and a camera's metadata written in."""
    frames = _frames()
    buffer = io.BytesIO()
    extra: dict[str, object] = {"comment": SERIAL} if format_name == "GIF" else {}
    if format_name == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", SERIAL)
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        extra = {"pnginfo": info}
    frames[0].save(buffer, format_name, save_all=True, append_images=frames[1:],
                   duration=DURATIONS, loop=0, exif=_exif(), xmp=XMP, **extra)  # fmt: skip
    data = buffer.getvalue()
    assert SERIAL.encode() in data or b"Newscam" in data
    return data


def still(format_name: str, **extra: object) -> bytes:
    image = Image.linear_gradient("L").resize((300, 200)).convert("RGB")
    buffer = io.BytesIO()
    if format_name == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", SERIAL)
        extra["pnginfo"] = info
    if format_name == "GIF":
        extra["comment"] = SERIAL
    image.save(buffer, format_name, exif=_exif(), **extra)
    return buffer.getvalue()


EDITED_SVG = f"""<?xml version="1.0"?>
<!-- drawn by {SERIAL} -->
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.3">
  <metadata><rdf>{SERIAL}</rdf></metadata>
  <rect width="120" height="40" fill="#123456"/><text x="4" y="30">Chart</text>
</svg>"""


def test_no_published_image_of_any_format_keeps_its_metadata(tmp_path: Path) -> None:
    """Animations keep every frame and its timing, and lose only their metadata; the
    site's own images in static/ keep their pixels exactly, and their orientation."""
    body = "Text.\n\n![Moving](moving.png)\n\n![Also moving](moving.webp)\n\n![Chart](chart.svg)"
    files: dict[str, str | bytes] = {
        "content/world/a.md": article("A", image="{src: moving.gif, alt: 'A loop'}", body=body),
        "content/world/moving.gif": animation("GIF"),
        "content/world/moving.png": animation("PNG"),
        "content/world/moving.webp": animation("WEBP"),
        "content/world/still.gif": still("GIF"),
        "content/world/scan.tiff": still("TIFF"),
        "content/world/chart.svg": EDITED_SVG,
        "content/world/unused.jpg": camera_jpeg(1200, 800),
        "static/img/team.jpg": camera_jpeg(600, 400, orientation=6),
        "static/img/banner.png": still("PNG"),
        "static/img/mark.webp": still("WEBP", xmp=XMP),
        "static/img/logo.svg": EDITED_SVG,
    }
    site = write_site(tmp_path, files)
    build_site(site)
    out = site / "output"
    published = [p for p in out.rglob("*") if p.suffix in IMAGES]
    assert {p.relative_to(out).as_posix() for p in published} >= {
        name.removeprefix("content/").removeprefix("static/") for name in files if "." in name
    } - {"world/a.md"}
    for path in published:
        assert _metadata_free(path) == [], path
    for name in ("moving.gif", "moving.png", "moving.webp"):
        source, made = Image.open(site / "content/world" / name), Image.open(out / "world" / name)
        with source, made:
            assert made.n_frames == len(DURATIONS) and made.info.get("loop") == 0, name
            for frame, duration in enumerate(DURATIONS):
                source.seek(frame)
                made.seek(frame)
                made.load()
                assert made.info["duration"] == duration, name
                assert _same_pixels(source, made), name
    with (
        Image.open(site / "static/img/team.jpg") as source,
        Image.open(out / "img/team.jpg") as made,
    ):
        assert made.getexif() == {ExifTags.Base.Orientation: 6}
        assert _same_pixels(source, made)
    page = (out / "world/a/index.html").read_text(encoding="utf-8")
    assert 'src="/world/moving.gif"' in page and 'src="/world/chart.svg"' in page
    # No placeholder colour for what is not a photograph in a <picture>, and none empty.
    css = (out / "static/placeholders.css").read_text()
    assert re.fullmatch(r"(img\.ph-[0-9a-f]{10}\{background-color:#[0-9a-f]{6}\}\n)*", css), css


def _same_pixels(one: Image.Image, other: Image.Image) -> bool:
    return ImageChops.difference(one.convert("RGBA"), other.convert("RGBA")).getbbox() is None


IMAGES = {".jpg", ".png", ".webp", ".avif", ".gif", ".svg", ".tiff"}

HOSTILE_SVG = """<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href="https://evil.example/run.xsl"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:h="http://www.w3.org/1999/xhtml" width="100" height="100" onload="pwn()">
  <script>pwn()</script>
  <h:script>pwn()</h:script>
  <foreignObject width="100" height="100"><h:iframe src="javascript:pwn()"/></foreignObject>
  <a xlink:href="javascript:pwn()"><text y="10">one</text></a>
  <a href=" jav&#x09;ascript:pwn()"><text y="20">two</text></a>
  <a href="https://example.org/"><rect id="r" width="10" height="10" fill="url(#g)"
     style="fill: url(https://evil.example/track.png)" onclick="pwn()"/></a>
  <set attributeName="href" to="javascript:pwn()"/>
  <animate attributeName="onmouseover" values="pwn()"/>
  <image href="https://evil.example/pixel.png" width="1" height="1"/>
  <use xlink:href="https://evil.example/sprite.svg#icon"/>
  <use href="#r" x="20"/>
  <style>@import url(https://evil.example/a.css); rect { fill: red }</style>
  <linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>
</svg>"""


def test_an_svg_can_neither_run_script_nor_fetch_anything(tmp_path: Path) -> None:
    """Opened at the site's address, an SVG is a document that could run script with the
    site's cookies: what is published keeps the drawing and nothing that runs or loads."""
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("A", body="![A chart](chart.svg)"),
            "content/chart.svg": HOSTILE_SVG,
            "static/logo.svg": HOSTILE_SVG,
        },
    )
    build_site(site)
    for path in (site / "output/chart.svg", site / "output/logo.svg"):
        text = path.read_text(encoding="utf-8")
        root = ET.fromstring(text)
        names = {element.tag.split("}")[-1] for element in root.iter()}
        assert not {"script", "foreignObject", "iframe", "set", "animate"} & names, path
        assert {"rect", "text", "use", "linearGradient", "a"} <= names, path
        for element in root.iter():
            for name, value in element.attrib.items():
                assert not name.split("}")[-1].lower().startswith("on"), (path, name)
                if name.endswith("href"):
                    assert value.startswith("#") or value == "https://example.org/", value
        assert "javascript" not in text and "evil.example" not in text and "pwn" not in text
        assert "<?xml-stylesheet" not in text and 'fill="url(#g)"' in text


SVG_OPEN = "<svg xmlns='http://www.w3.org/2000/svg'>"
BAD_SVGS = {
    "not well-formed": (SVG_OPEN + "<script>pwn()</svg>", "is not well-formed SVG"),
    "too deep": (SVG_OPEN + "<g>" * 50_000 + "</g>" * 50_000 + "</svg>", "nests its elements"),
}


@pytest.mark.parametrize("svg, message", BAD_SVGS.values(), ids=BAD_SVGS.keys())
def test_an_svg_that_cannot_be_made_safe_is_an_error_at_the_line_that_shows_it(
    tmp_path: Path, svg: str, message: str
) -> None:
    """A browser shows part of a broken SVG, scripts included: it is not published."""
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("A", body="Text.\n\n![A chart](chart.svg)"),
            "content/chart.svg": svg,
        },
    )
    [error] = errors_of(site)
    assert error.startswith(f"content/a.md:8: image 'chart.svg' {message}")


def test_a_photograph_damaged_inside_is_an_error_where_each_article_uses_it(
    tmp_path: Path,
) -> None:
    """Its header reads well (the parse stage takes its size from it); its data stops
    halfway. Each article that shows it is told, at the line that shows it; and a site
    whose build failed keeps its previous output."""
    whole = camera_jpeg(1200, 800)
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("A", image="{src: pier.jpg, alt: 'A pier'}"),
            "content/b.md": article("B", body="Text.\n\nMore.\n\n![A pier](pier.jpg)"),
            "content/pier.jpg": whole,
            "content/loop.gif": animation("GIF"),
            "content/c.md": article("C", body="![A loop](loop.gif)"),
        },
    )
    build_site(site)
    before = (site / "output/a/index.html").read_bytes()
    (site / "content/pier.jpg").write_bytes(whole[: len(whole) // 2])
    (site / "content/loop.gif").write_bytes(animation("GIF")[:-40])
    errors = errors_of(site)
    assert sorted(e.split(" image ")[0] for e in errors) == [
        "content/a.md:4:",
        "content/b.md:10:",
        "content/c.md:6:",
    ], errors
    assert all("damaged" in e or "truncated" in e for e in errors), errors
    assert (site / "output/a/index.html").read_bytes() == before


def test_widths_are_made_only_for_images_a_page_shows(tmp_path: Path) -> None:
    """A photograph linked to, or beside the articles but used by none, is published at
    its own address only (without its metadata); once a page shows it, its widths come."""
    site = write_site(
        tmp_path,
        {
            "content/a.md": article(
                "A",
                image="{src: shown.jpg, alt: 'A pier'}",
                body="[The full photograph](linked.jpg)",
            ),
            "content/shown.jpg": camera_jpeg(1000, 700),
            "content/linked.jpg": camera_jpeg(1000, 700),
            "content/spare.jpg": camera_jpeg(1000, 700),
        },
    )
    build_site(site)
    out = site / "output"
    made = sorted(p.name for p in out.glob("*.*") if p.suffix in IMAGES)
    assert "shown.640w.webp" in made and "shown.1200x630.jpg" in made
    assert [n for n in made if not n.startswith("shown")] == ["linked.jpg", "spare.jpg"]
    for name in ("linked.jpg", "spare.jpg"):
        assert _metadata_free(out / name) == []
    write_site(site, {"content/b.md": article("B", body="![The spare](spare.jpg)")}, config=None)
    build_site(site)
    assert (out / "spare.640w.webp").is_file() and not (out / "linked.640w.webp").exists()
    assert _named_files(out) == []


def _named_files(output: Path) -> list[str]:
    """Every file a page's `src` or `srcset` names that the output does not hold."""
    missing = []
    for page in output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for srcset in re.findall(r'srcset="([^"]*)"', html):
            for candidate in srcset.split(","):
                address = candidate.split()[0]
                if not (output / address.lstrip("/")).is_file():
                    missing.append(f"{page.relative_to(output)}: {address}")
    return missing


def _published(output: Path, address: str) -> Path:
    parts = urlsplit(address)
    assert f"{parts.scheme}://{parts.netloc}" == ORIGIN, address
    return output / parts.path.lstrip("/")


def test_a_feed_gives_the_length_of_the_file_it_points_to(tmp_path: Path) -> None:
    """The enclosure is the photograph as published (smaller, without its metadata), not
    as the camera wrote it: a reader that checks the length would refuse it."""
    site = write_site(
        tmp_path,
        {
            "content/world/a.md": article("A", image="{src: photo.jpg, alt: 'A harbour'}"),
            "content/world/photo.jpg": camera_jpeg(3000, 2000),
        },
    )
    build_site(site)
    out = site / "output"
    source = (site / "content/world/photo.jpg").stat().st_size
    rss = ET.parse(out / "feed.xml").getroot()
    [enclosure] = rss.iter("enclosure")
    file = _published(out, enclosure.attrib["url"])
    assert int(enclosure.attrib["length"]) == file.stat().st_size != source
    assert enclosure.attrib["type"] == "image/jpeg"
    atom = ET.parse(out / "atom.xml").getroot()
    [link] = [e for e in atom.iter("{http://www.w3.org/2005/Atom}link")
              if e.attrib.get("rel") == "enclosure"]  # fmt: skip
    assert int(link.attrib["length"]) == _published(out, link.attrib["href"]).stat().st_size


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow writes no AVIF")
def test_pages_follow_the_formats_the_installed_pillow_writes(tmp_path: Path) -> None:
    """Built once with a Pillow that writes AVIF, then, after an edit, with one that does
    not (as after moving the site to another machine): no page kept from the first build
    may point at AVIF files the second did not make."""
    site = write_site(
        tmp_path,
        {
            "content/world/a.md": article("A", image="{src: photo.jpg, alt: 'A harbour'}"),
            "content/world/photo.jpg": camera_jpeg(800, 600),
            "content/sport/b.md": article("B", date="2026-10-01T10:00:00+09:00"),
        },
    )
    out = site / "output"
    for words in ("Words again.", "Other words."):  # an edit that a's page does not show
        assert run_newsgen("build", cwd=site).returncode == 0
        edited = article("B", date="2026-10-01T10:00:00+09:00", body=words)
        (site / "content/sport/b.md").write_text(edited, encoding="utf-8")
    page = out / "world/a/index.html"
    assert "photo.640w.avif" in page.read_text(encoding="utf-8")
    hide = tmp_path / "no-avif"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text("import sys\nsys.modules['PIL._avif'] = None\n")
    from sitekit import REPO

    done = run_newsgen("build", cwd=site, env={"PYTHONPATH": f"{hide}:{REPO}"})
    assert done.returncode == 0, done.stderr
    assert not list(out.rglob("*.avif"))
    assert _named_files(out) == []
    assert "photo.640w.webp" in page.read_text(encoding="utf-8")
