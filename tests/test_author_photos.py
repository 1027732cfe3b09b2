"""Authors' photographs: processed as every photograph the site publishes (no metadata,
small widths, modern formats, a size and a placeholder), shown beside the author's name,
named in the structured data; a missing one is an error at its line in config.toml."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sitekit import DEFAULT_CONFIG, article, build_site, element, json_ld, read, write_site
from test_images import MODERN, SERIAL, camera_jpeg

from newsgen.core.errors import BuildError

AUTHOR = """
[authors.jane]
name = "Jane <b>Doe</b>"
bio = "Seoul correspondent."
"""
PHOTO_LINE = len((DEFAULT_CONFIG + AUTHOR).splitlines()) + 1


def _site(tmp_path: Path, photo: str | None = "authors/jane.jpg", **files: bytes) -> Path:
    config = DEFAULT_CONFIG + AUTHOR + (f'photo = "{photo}"\n' if photo else "")
    return write_site(
        tmp_path,
        {
            "content/world/a.md": article("A", author="jane"),
            "content/authors/jane.jpg": camera_jpeg(600, 800),
            **files,
        },
        config,
    )


def test_the_author_page_shows_the_photograph_in_small_widths_without_metadata(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path)
    build_site(site)
    out = site / "output"
    page = read(out, "authors/jane/")
    header = element(page, '<header class="listing-header has-photo"')
    photo = element(header, '<div class="author-photo"')
    for kind in MODERN:
        srcset = f"/authors/jane.320w.{kind} 320w, /authors/jane.480w.{kind} 480w"
        assert f'<source type="image/{kind}" srcset="{srcset}" sizes="6rem">' in photo
    img = re.search(r"<img [^>]*>", photo)
    assert img is not None
    tag = img.group(0)
    assert 'src="/authors/jane.jpg"' in tag
    assert 'srcset="/authors/jane.320w.jpg 320w, /authors/jane.480w.jpg 480w"' in tag
    # The head of the page: fetched first, not lazily.
    assert 'width="480" height="640"' in tag and 'loading="eager"' in tag
    # Its alt is the author's name, as text: the name's markup is not the page's.
    assert 'alt="Jane &lt;b&gt;Doe&lt;/b&gt;"' in tag and "<b>" not in page
    placeholder = re.search(r'class="(ph-[0-9a-f]+)"', tag)
    assert placeholder is not None
    assert f"img.{placeholder.group(1)}{{background-color:#" in read(out, "static/placeholders.css")
    # Only the small widths a headshot needs, the file at its own address too; none
    # carries a camera, serial number or position.
    published = sorted(p.name for p in (out / "authors").glob("jane.*"))
    assert published == sorted(
        ["jane.jpg", *(f"jane.{w}w.{k}" for w in (320, 480) for k in (*MODERN, "jpg"))]
    )
    with Image.open(out / "authors/jane.jpg") as own:
        assert own.size == (480, 640)
    for name in published:
        data = (out / "authors" / name).read_bytes()
        assert SERIAL.encode() not in data and b"Newscam" not in data, name
        with Image.open(out / "authors" / name) as image:
            assert not image.getexif(), name
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(image.info), name
    # Small in the authors' index, beside the name that says who it is.
    index = element(read(out, "authors/"), '<ul class="term-list"')
    assert 'sizes="2.5rem"' in index and 'alt=""' in index and 'width="480"' in index


def test_a_new_photograph_is_shown_at_its_own_size_on_the_next_build(tmp_path: Path) -> None:
    site = _site(tmp_path)
    build_site(site)
    (site / "content/authors/jane.jpg").write_bytes(camera_jpeg(400, 400))
    build_site(site)
    out = site / "output"
    photo = element(read(out, "authors/jane/"), '<div class="author-photo"')
    assert 'width="400" height="400"' in photo and "/authors/jane.400w.jpg 400w" in photo
    assert 'width="400"' in element(read(out, "authors/"), '<ul class="term-list"')
    assert not (out / "authors/jane.480w.jpg").exists()
    with Image.open(out / "authors/jane.320w.jpg") as image:
        assert image.size == (320, 320)


def test_a_photograph_an_article_shows_too_keeps_every_width(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"content/world/b.md": article(
        "B", image="{src: ../authors/jane.jpg, alt: 'Jane at work'}").encode()})  # fmt: skip
    build_site(site)
    out = site / "output"
    photo = element(read(out, "authors/jane/"), '<div class="author-photo"')
    assert 'width="600" height="800"' in photo and "/authors/jane.600w.jpg 600w" in photo
    assert (out / "authors/jane.600w.jpg").exists()


def test_structured_data_gives_the_author_photograph(tmp_path: Path) -> None:
    site = _site(tmp_path)
    build_site(site)
    out = site / "output"
    photo = {"@type": "ImageObject", "url": "https://news.example.com/authors/jane.jpg",
             "width": 480, "height": 640}  # fmt: skip
    profile = next(d for d in json_ld(read(out, "authors/jane/")) if d["@type"] == "ProfilePage")
    assert profile["mainEntity"] == {
        "@type": "Person",
        "name": "Jane <b>Doe</b>",
        "url": "https://news.example.com/authors/jane/",
        "image": photo,
        "description": "Seoul correspondent.",
    }
    news = next(d for d in json_ld(read(out, "world/a/")) if d["@type"] == "NewsArticle")
    assert news["author"] == [
        {"@type": "Person", "name": "Jane <b>Doe</b>",
         "url": "https://news.example.com/authors/jane/", "image": photo}
    ]  # fmt: skip


def test_an_author_without_a_photograph_gets_no_image(tmp_path: Path) -> None:
    site = _site(tmp_path, photo=None)
    build_site(site)
    out = site / "output"
    page = read(out, "authors/jane/")
    header = element(page, '<header class="listing-header"')
    assert "<img" not in header and "author-photo" not in page and "None" not in page
    assert "<img" not in element(read(out, "authors/"), '<ul class="term-list"')
    news = next(d for d in json_ld(read(out, "world/a/")) if d["@type"] == "NewsArticle")
    assert "image" not in news["author"][0]
    profile = next(d for d in json_ld(page) if d["@type"] == "ProfilePage")
    assert "image" not in profile["mainEntity"]


def test_a_missing_photograph_is_an_error_at_its_line_and_the_site_is_kept(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path)
    build_site(site)
    before = read(site / "output", "authors/jane/")
    (site / "content/authors/jane.jpg").unlink()
    with pytest.raises(BuildError) as raised:
        build_site(site)
    [problem] = raised.value.diagnostics
    assert (problem.path, problem.line) == ("config.toml", PHOTO_LINE)
    assert "photo 'authors/jane.jpg'" in problem.message
    assert "content/authors/jane.jpg" in problem.message
    assert read(site / "output", "authors/jane/") == before


@pytest.mark.parametrize(
    ("photo", "says"),
    [
        ("../../secret.jpg", "path under the content folder"),
        ("/etc/passwd", "path under the content folder"),
        ("javascript:alert(1)", "path under the content folder"),
        ("http://example.org/jane.jpg", "path under the content folder"),
        ("authors/jane.gif", "JPEG, PNG or WebP"),
    ],
)
def test_a_photo_that_is_no_photograph_of_the_site_is_refused(
    tmp_path: Path, photo: str, says: str
) -> None:
    site = _site(tmp_path, photo=photo, **{"content/authors/jane.gif": _gif()})
    with pytest.raises(BuildError) as raised:
        build_site(site)
    [problem] = raised.value.diagnostics
    assert problem.path.endswith("config.toml") and problem.line == PHOTO_LINE
    assert says in problem.message
    assert not (site / "output").exists()


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (40, 40)).save(buffer, "GIF")
    return buffer.getvalue()


def test_a_damaged_photograph_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"content/authors/jane.jpg": b"\xff\xd8\xff not a photograph"})
    with pytest.raises(BuildError) as raised:
        build_site(site)
    assert [(p.path, p.line) for p in raised.value.diagnostics] == [("config.toml", PHOTO_LINE)]


def test_a_photograph_on_another_site_is_shown_as_it_is_with_a_warning(tmp_path: Path) -> None:
    address = "https://people.example.org/jane.jpg"
    site = _site(tmp_path, photo=address)
    result = build_site(site)
    page = read(site / "output", "authors/jane/")
    img = element(page, '<div class="author-photo"')
    assert f'<img src="{address}"' in img and "<picture>" not in img and "srcset" not in img
    assert [(w.path, w.line) for w in result.warnings if address in w.message] == [
        ("config.toml", PHOTO_LINE)
    ]
