"""What a new user hits first: front matter YAML cannot read, and an image that is not there.
Each message names the file, the line and the column, and says how to fix the usual cause."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import article, errors_of, run_newsgen, write_site

DATE = "date: 2026-11-20T10:00:00+09:00\n"


def test_colon_in_an_unquoted_headline_says_to_quote_it(tmp_path: Path) -> None:
    text = f"---\n{DATE}title: Breaking: quake hits Seoul\n---\n\nBody.\n"
    site = write_site(tmp_path, {"content/world/x.md": text})
    result = run_newsgen("build", cwd=site)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/world/x.md:3: invalid YAML front matter at column 16: the title holds a colon"
        " and a space, which YAML reads as the start of a new key; put the title in quotes:"
        ' title: "Breaking: quake hits Seoul"'
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        # Blank lines after the fence count: python-frontmatter would drop them.
        (f"\n\ntitle: Breaking: quake hits Seoul\n{DATE}",
         "x.md:4: invalid YAML front matter at column 16: the title holds a colon and a space,"
         " which YAML reads as the start of a new key; put the title in quotes:"
         ' title: "Breaking: quake hits Seoul"'),
        (f"title: T\n{DATE}image:\n  src: a.png\n  caption: Seoul: at night\n",
         "x.md:6: invalid YAML front matter at column 17: the value of 'caption' holds a colon"
         " and a space, which YAML reads as the start of a new key; put the value in quotes:"
         ' caption: "Seoul: at night"'),
        (f"title: T\n{DATE}tags:\n\t- quake\n",
         "x.md:5: invalid YAML front matter at column 1: a tab indents this line;"
         " YAML indents with spaces only, so use spaces"),
        (f'title: "Quake hits Seoul\n{DATE}',
         'x.md:2: invalid YAML front matter at column 8: the quote " opened here is never'
         ' closed; end the value with "'),
        (f"title: T\ntags: [quake, seoul\n{DATE}",
         "x.md:3: invalid YAML front matter at column 7: the [ opened here is never closed;"
         " close it with ] on this line, or, if it is part of the text, put the value in quotes"),
        (f"title: [Update] Quake hits Seoul\n{DATE}",
         "x.md:2: invalid YAML front matter at column 8: YAML reads a value that starts with [ as"
         ' a list; put the title in quotes: title: "[Update] Quake hits Seoul"'),
        (f"title: Quake\n  hits: Seoul\n{DATE}",
         "x.md:3: invalid YAML front matter at column 3: this key is indented under a key that"
         " already has a value; start it in the same column as the keys above"),
    ],
)  # fmt: skip
def test_invalid_yaml_is_reported_where_it_starts_with_a_hint(
    tmp_path: Path, front: str, expected: str
) -> None:
    site = write_site(tmp_path, {"content/world/x.md": f"---\n{front}---\n\nBody.\n"})
    assert errors_of(site) == ["content/world/" + expected]


def test_missing_image_in_a_body_is_not_called_a_draft(tmp_path: Path) -> None:
    body = "![Map of the quake](gone.png)\n\nSee [the earlier story](nowhere.md)."
    site = write_site(tmp_path, {"content/world/a.md": article("A", body=body)})
    assert errors_of(site) == [
        "content/world/a.md:6: image file 'world/gone.png' not found",
        "content/world/a.md:8: link to 'nowhere.md': no such article",
    ]
