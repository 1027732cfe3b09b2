"""Slugs and site paths hold for any text an author may type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgen.core.routes import UnsafePathError, check_site_path, expand
from newsgen.core.slugs import is_valid_slug, name_slug, names_a_path, slugify


@given(st.text())
def test_any_text_gives_a_valid_slug_or_none(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or is_valid_slug(slug)
    assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert slugify(slug) == slug


@given(st.text())
def test_any_name_gives_a_valid_slug_or_none(text: str) -> None:
    slug = name_slug(text)
    assert slug == "" or is_valid_slug(slug)
    assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert not slug.startswith(".") and not slug.endswith(".")
    assert name_slug(slug) == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        # Archives' addresses keep a dot between two letters or digits.
        ("v22.23.2", "v22.23.2"),
        ("1.0-Timeline", "1.0-timeline"),
        ("devguide-1.0.0", "devguide-1.0.0"),
        ("node.js-is-10", "node.js-is-10"),
        ("서울.첫눈", "서울.첫눈"),
        # Any other dot becomes a hyphen.
        ("end.", "end"),
        (".hidden", "hidden"),
        ("a..b", "a-b"),
        ("Hello. World", "hello-world"),
        ("a.-b", "a-b"),
        ("v1.2_final", "v1.2-final"),
        ("%76%31%2e%32", "v1.2"),
    ],
)
def test_names_keep_their_dots_between_letters_and_digits(name: str, slug: str) -> None:
    assert name_slug(name) == slug


def test_a_title_tag_or_folder_slug_has_no_dot() -> None:
    assert slugify("Node.js 22.1 released") == "node-js-22-1-released"
    assert slugify("U.S. news") == "u-s-news"


@pytest.mark.parametrize("written", ["..", "...", "a..b", "../x", "a/b", "a\\b", "%2e%2e"])
def test_a_written_slug_with_two_dots_or_a_separator_names_a_path(written: str) -> None:
    assert names_a_path(written)


@pytest.mark.parametrize("slug", ["a.b", "v22.23.2", "a-b", "서울"])
def test_dots_between_letters_are_valid(slug: str) -> None:
    assert is_valid_slug(slug)


@pytest.mark.parametrize("slug", [".a", "a.", "a..b", "a.-b", "a-.b", "a--b", "-a", ""])
def test_loose_dots_and_hyphens_are_not(slug: str) -> None:
    assert not is_valid_slug(slug)


@given(st.text())
def test_a_path_from_slugs_never_leaves_the_output(text: str) -> None:
    slug = name_slug(text) or "x"
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
