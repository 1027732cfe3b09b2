"""Slugs and site paths hold for any text an author may type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgen.core.routes import UnsafePathError, check_site_path, expand
from newsgen.core.slugs import is_valid_slug, slugify


@given(st.text())
def test_any_text_gives_a_valid_slug_or_none(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or is_valid_slug(slug)
    assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert slugify(slug) == slug


@given(st.text())
def test_a_path_from_slugs_never_leaves_the_output(text: str) -> None:
    slug = slugify(text) or "x"
    path = expand("{section}/{slug}/", section=f"{slug}/{slug}", slug=slug)
    assert check_site_path(path) == path
    assert not path.startswith("/")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Floods force 40,000 from their homes", "floods-force-40-000-from-their-homes"),
        ("Café Société: Straße in Łódź", "cafe-societe-strasse-in-lodz"),
        ("서울 첫눈, 예년보다 2주 빨라", "서울-첫눈-예년보다-2주-빨라"),
        ("Путин и Зеленский", "путин-и-зеленский"),
        ("  --Already_a slug--  ", "already-a-slug"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows", "c-windows"),
        ("İstanbul'da yağmur", "istanbul-da-yagmur"),
        ("🙂 !!!", ""),
    ],
)
def test_slugs_people_expect(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize(
    "path", ["../x/", "a/../../x/", "/etc/", "C:/x/", "a\\b/", "a//b/", "a/./b/"]
)
def test_unsafe_site_paths_are_refused(path: str) -> None:
    with pytest.raises(UnsafePathError):
        check_site_path(path)
