"""Markdown as authors write it after GitHub, Jekyll (kramdown) and Hugo (goldmark): each
construct in an article's body, built into a real site, and read back from the page a
reader gets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitekit import DEFAULT_CONFIG, article, build_site, png, read, write_site

BODIES = {
    "fences": """
        Steps:

        1. Install it:

           ```python
           # a comment, not a heading
           import newsgen
           ```

        2. Then quote the output:

           > ```text
           > # not a heading either
           > built 3 pages
           > ```

        - Jekyll's way, indented code under an item:

              first line of code
              second line of code

        Said the editor:

        > ```
        > a fence in a quote
        > ```
        """,
    "escapes": r"""
        Write \<details> to fold a section.

        He said \"no\" -- twice \-\- and \*not\* \_emphasised\_ \# \& \[x\]\(y\).

        All of them: \!\"\#\$\%\&\'\(\)\*\+\,\-\.\/\:\;\<\=\>\?\@\[\\\]\^\_\`\{\|\}\~ end.

        A backslash before a letter stays: \a.
        """,
    "headings": """
        # First part

        Text.

        ## A detail

        More text.

        # Second part {#second}

        The end.
        """,
    "subheadings": """
        ## Only level two

        Text.

        ### And three

        More.
        """,
    "gfm": """
        This was ~~wrong~~ right.

        - [ ] Call the council
        - [x] File the story
        - [X] Check the *quotes*

        See <https://example.com/a> or https://example.com/report. Or www.example.org, or
        write to desk@example.com.

        | Name | Votes |
        |:-----|------:|
        | Lee  | 1,204 |

        Braces that end a paragraph are text, not attributes.
        { endhighlight }

        So are these: {x}

        A paragraph with attributes.
        {: .lead #intro }
        """,
    "lists": """
        The reasons:
        - first
        - second
          - nested by two spaces

        1) one
        2) two

        - a loose item

        - another
        """,
    "links": """
        - A link in a list: [the other story](other.md).
          ![A chart](chart.png)

        > In a quote: [the other story](other.md "Other").

        | In a table |
        |------------|
        | [other](other.md) |

        [In a definition][ref] and [My Label][].

        [ref]: other.md
        [my  label]: other.md
        """,
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def find_all(self, tag: str) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    yield child
                yield from child.find_all(tag)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


VOID = frozenset({"br", "hr", "img", "input", "meta", "link"})


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_endtag(self, tag: str) -> None:
        while len(self.open) > 1 and self.open.pop().tag != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def body_of(page: str) -> Node:
    """The article's body, as a browser reads it."""
    fragment = page.split('<div class="article-body">', 1)[1]
    fragment = fragment.split('<footer class="article-footer">', 1)[0]
    builder = _Builder()
    builder.feed(fragment)
    return builder.root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("authors")
    files: dict[str, str | bytes] = {
        f"content/news/{name}.md": article(name.title(), body=body) for name, body in BODIES.items()
    }
    files["content/news/other.md"] = article("Other", body="Text.")
    files["content/news/chart.png"] = png()
    write_site(root, files)
    build_site(root)
    return root / "output"


def test_fenced_code_in_list_items_and_quotes_is_one_highlighted_block(site: Path) -> None:
    page = read(site, "news/fences/")
    body = body_of(page)
    first, second = next(body.find_all("ol")).find_all("li")
    (block,) = first.find_all("pre")
    assert "# a comment, not a heading" in block.text()
    assert "import newsgen" in block.text()
    assert '<span class="kn">import</span>' in page  # highlighted as Python
    (quoted,) = second.find_all("pre")
    assert "# not a heading either\nbuilt 3 pages" in quoted.text()
    assert [q.tag for q in second.children if isinstance(q, Node)][-1] == "blockquote"
    (quote,) = [q for q in body.children if isinstance(q, Node) and q.tag == "blockquote"]
    assert "a fence in a quote" in next(quote.find_all("pre")).text()
    assert not [h for tag in ("h1", "h2", "h3") for h in body.find_all(tag)]
    assert "```" not in body.text()


def test_code_indented_under_a_list_item_stays_code(site: Path) -> None:
    body = body_of(read(site, "news/fences/"))
    (item,) = next(body.find_all("ul")).find_all("li")
    (block,) = item.find_all("pre")
    assert block.text().strip() == "first line of code\nsecond line of code"


def test_backslash_escapes_show_the_character(site: Path) -> None:
    page = read(site, "news/escapes/")
    body = body_of(page)
    assert not list(body.find_all("details"))
    paragraphs = [p.text() for p in body.find_all("p")]
    assert paragraphs[0] == "Write <details> to fold a section."
    # An escaped quote or hyphen is as typed; the others get typography.
    assert paragraphs[1] == 'He said "no" \u2013 twice -- and *not* _emphasised_ # & [x](y).'
    assert paragraphs[2] == "All of them: !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ end."
    assert paragraphs[3] == "A backslash before a letter stays: \\a."
    assert not list(body.find_all("em"))


def test_a_body_never_has_a_second_h1(site: Path) -> None:
    page = read(site, "news/headings/")
    assert page.count("<h1") == 1  # the headline
    assert '<h2 id="first-part">First part</h2>' in page
    assert '<h3 id="a-detail">A detail</h3>' in page
    assert '<h2 id="second">Second part</h2>' in page


def test_bodies_that_start_at_level_two_keep_their_levels(site: Path) -> None:
    page = read(site, "news/subheadings/")
    assert '<h2 id="only-level-two">Only level two</h2>' in page
    assert '<h3 id="and-three">And three</h3>' in page


def test_strikethrough(site: Path) -> None:
    body = body_of(read(site, "news/gfm/"))
    assert [d.text() for d in body.find_all("del")] == ["wrong"]


def test_task_list_items_are_disabled_checkboxes_labelled_by_their_text(site: Path) -> None:
    body = body_of(read(site, "news/gfm/"))
    (tasks,) = [u for u in body.find_all("ul") if u.attrs.get("class") == "task-list"]
    items = list(tasks.find_all("li"))
    assert [i.attrs.get("class") for i in items] == ["task-list-item"] * 3
    boxes = [next(i.find_all("input")) for i in items]
    assert all(b.attrs["type"] == "checkbox" and "disabled" in b.attrs for b in boxes)
    assert ["checked" in b.attrs for b in boxes] == [False, True, True]
    labels = [next(i.find_all("label")).text().strip() for i in items]
    assert labels == ["Call the council", "File the story", "Check the quotes"]
    assert "[ ]" not in tasks.text() and "[x]" not in tasks.text()


def test_autolinks_and_bare_links(site: Path) -> None:
    body = body_of(read(site, "news/gfm/"))
    links = {a.text(): a.attrs["href"] for a in body.find_all("a")}
    assert links["https://example.com/a"] == "https://example.com/a"
    assert links["https://example.com/report"] == "https://example.com/report"  # no "."
    assert links["www.example.org"] == "http://www.example.org"
    assert links["desk@example.com"] == "mailto:desk@example.com"


def test_tables_still_work(site: Path) -> None:
    page = read(site, "news/gfm/")
    assert '<th class="align-left">Name</th>' in page
    assert '<td class="align-right">1,204</td>' in page


def test_only_real_attribute_lists_become_attributes(site: Path) -> None:
    page = read(site, "news/gfm/")
    body = body_of(page)
    paragraphs = list(body.find_all("p"))
    braces = [p for p in paragraphs if "{" in p.text()]
    assert [p.attrs for p in braces] == [{}, {}]
    assert [p.text().split("\n")[-1] for p in braces] == ["{ endhighlight }", "So are these: {x}"]
    assert "<p _" not in page
    (lead,) = [p for p in paragraphs if p.attrs.get("class") == "lead"]
    assert lead.attrs["id"] == "intro"


def test_lists_as_authors_write_them(site: Path) -> None:
    body = body_of(read(site, "news/lists/"))
    first = next(body.find_all("ul"))
    assert [li.text().split("\n")[0] for li in first.children if isinstance(li, Node)] == [
        "first",
        "second",
    ]
    assert next(first.find_all("ul")).text().strip() == "nested by two spaces"
    (numbered,) = body.find_all("ol")
    assert [li.text() for li in numbered.find_all("li")] == ["one", "two"]
    loose = list(body.find_all("ul"))[-1]
    assert [p.text() for p in loose.find_all("p")] == ["a loose item", "another"]
    assert body_of(read(site, "news/lists/")).children[1].tag == "p"  # type: ignore[union-attr]


def test_links_are_rewritten_in_lists_quotes_tables_and_definitions(site: Path) -> None:
    body = body_of(read(site, "news/links/"))
    hrefs = [a.attrs["href"] for a in body.find_all("a")]
    assert hrefs == ["/news/other/"] * 5
    (image,) = body.find_all("img")
    assert image.attrs["src"] == "/news/chart.png"
    assert next(body.find_all("blockquote")).text().strip() == "In a quote: the other story."


@pytest.mark.parametrize("raw_html", [True, False])
def test_sites_without_raw_html_get_the_same_constructs_safely(
    raw_html: bool, tmp_path: Path
) -> None:
    body = """
        - [x] Done, with `code`

          ```python
          # comment
          x = 1
          ```

        Text <script>alert(1)</script> \\<b>not bold\\</b> ~~gone~~

        <div onclick="alert(1)">

        A *block*.

        </div>
        """
    config = DEFAULT_CONFIG + ("" if raw_html else "[markdown]\nraw_html = false\n")
    site = write_site(tmp_path, {"content/a.md": article("A", body=body)}, config)
    build_site(site)
    page = read(site / "output", "a/")
    parsed = body_of(page)
    (item,) = parsed.find_all("li")
    assert "checked" in next(item.find_all("input")).attrs
    assert "# comment\nx = 1" in next(item.find_all("pre")).text()
    assert "<b>not bold</b>" in parsed.text()
    assert [d.text() for d in parsed.find_all("del")] == ["gone"]
    assert [e.text() for e in parsed.find_all("em")] == ["block"]
    if not raw_html:
        assert "<script" not in page.split('<div class="article-body">', 1)[1].split("</div>")[0]
        assert "onclick" not in page


def test_bodies_built_to_hurt_the_parser_still_build(tmp_path: Path) -> None:
    bodies = {
        "quotes": "> " * 2000 + "deep",
        "lists": "".join("  " * n + "- level\n" for n in range(300)),
        "links": "[a](" * 20000,
        "nested": "[" * 3000 + "a](b)" + "]" * 3000,
    }
    site = write_site(
        tmp_path, {f"content/{name}.md": article(name, body=b) for name, b in bodies.items()}
    )
    build_site(site)
    assert "deep" in body_of(read(site / "output", "quotes/")).text()
    assert body_of(read(site / "output", "links/")).text().count("[a](") == 20000
