"""A contributor who tries to run script in readers' browsers through an article's body.

Hostile addresses are written every way a browser still reads as `javascript:` (entities,
mixed case, tabs and newlines, `&colon;`), put in every place a body can carry one, built
into a real site with raw HTML allowed and not, and the pages are read back with an HTML
parser, as a browser reads them.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitekit import article, build_site, read, write_site

from newsgen.core.errors import BuildError

TRUSTED = 'title = "T"\nbase_url = "https://news.example.com/"\n'
UNTRUSTED = TRUSTED + "[markdown]\nraw_html = false\n"

# Attributes that hold text for people, never an address a browser follows.
TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "content", "placeholder"}
BROWSER_IGNORES = re.compile(r"[\t\n\r]")
EDGES = "".join(chr(c) for c in range(0x21))
ADDRESS_START = re.compile(r"(?:^|[\s,;=])\s*((?:javascript|vbscript|data):.*)", re.S)


class ScriptAddresses(HTMLParser):
    """Every attribute of a page whose value a browser would follow into a script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        refresh = tag == "meta" and ("http-equiv", "refresh") in attrs
        for name, value in attrs:
            if value is None or (name in TEXT_ATTRIBUTES and not refresh):
                continue
            folded = BROWSER_IGNORES.sub("", value).strip(EDGES).lower()
            for start in ADDRESS_START.finditer(folded):
                address = start.group(1)
                image = tag in ("img", "source") and address.startswith("data:image/")
                if not image:
                    self.found.append(f"<{tag} {name}={value!r}>")


def script_addresses(html: str) -> list[str]:
    parser = ScriptAddresses()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_checker_finds_what_a_browser_would_run() -> None:
    assert script_addresses('<a href="&#106;avascript:alert(1)">x</a>')
    assert script_addresses('<a href="java&Tab;script&colon;alert(1)">x</a>')
    assert script_addresses('<a href="  VBScript:x">x</a><iframe src="data:text/html,x">')
    assert script_addresses('<meta http-equiv="refresh" content="0;url=javascript:x">')
    assert not script_addresses('<img src="data:image/png;base64,AA" alt="javascript: a guide">')
    assert not script_addresses('<a href="/javascript-tips/">x</a>')


def _letter(c: str) -> st.SearchStrategy[str]:
    """One character of a scheme, as a browser still reads it."""
    return st.sampled_from(
        [c.lower(), c.upper(), f"&#{ord(c)};", f"&#x{ord(c):X};", f"&#000{ord(c)};", f"&#{ord(c)}"]
    )


def _gap() -> st.SearchStrategy[str]:
    return st.sampled_from(["", "", "", "\t", "&Tab;", "&NewLine;", "&#9;", "&#x0A;"])


@st.composite
def hostile_address(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["javascript", "vbscript", "data"]))
    written = "".join(draw(_letter(c)) + draw(_gap()) for c in scheme)
    colon = draw(st.sampled_from([":", "&colon;", "&#58;", "&#x3a;", "&#x3A"]))
    lead = draw(st.sampled_from(["", " ", "&#32;", "&#x01;"]))
    payload = (
        "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" if scheme == "data" else "alert(1)"
    )
    return lead + written + colon + payload


# Every place a body can carry an address: Markdown's own, and raw HTML's.
CARRIERS = [
    "[link]({})",
    "[link](<{}>)",
    "[link][ref]\n\n[ref]: {}",
    "![picture]({})",
    "<{}>",
    '<a href="{}">raw link</a>',
    "<a href='{}'>single quotes</a>",
    "<a href={}>unquoted</a>",
    '<img src="{}" alt="raw picture">',
    '<iframe src="{}" title="frame"></iframe>',
    '<form action="{}"><button formaction="{}">Send</button></form>',
    '<object data="{}"></object>',
    '<svg><a xlink:href="{}"><text>svg</text></a></svg>',
    '<meta http-equiv="refresh" content="0;url={}">',
    '<img srcset="/a.png 1x, {} 2x" alt="set">',
    '[styled](/fine/){: formaction="{}" }',
    '[styled](/fine/){{: formaction="{}" }}',
    '<div data-x="1" poster="{}">block</div>',
]


@st.composite
def hostile_body(draw: st.DrawFn) -> str:
    carriers = draw(st.lists(st.sampled_from(CARRIERS), min_size=1, max_size=5))
    return "\n\n".join(c.replace("{}", draw(hostile_address())) for c in carriers)


@pytest.mark.parametrize("config", [TRUSTED, UNTRUSTED], ids=["raw-html", "no-raw-html"])
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bodies=st.lists(hostile_body(), min_size=1, max_size=4))
def test_no_script_address_reaches_a_page(tmp_path: Path, config: str, bodies: list[str]) -> None:
    files = {f"content/a{n}.md": article(f"A{n}", body=body) for n, body in enumerate(bodies)}
    shutil.rmtree(tmp_path / "site", ignore_errors=True)  # the last example's
    site = write_site(tmp_path / "site", files, config=config)
    try:
        build_site(site)
    except BuildError as exc:
        # An address a browser reads as a relative path names an image file that is not
        # there: the build refuses, and no page is written at all.
        errors = [d.message for d in exc.diagnostics if d.severity == "error"]
        assert errors and all(re.fullmatch(r"image file '.*' not found", e, re.S)
                              for e in errors), errors  # fmt: skip
        assert not (site / "output").exists()
        return
    for n in range(len(bodies)):
        assert script_addresses(read(site / "output", f"a{n}/")) == [], bodies[n]
    assert script_addresses(read(site / "output", "")) == []


def test_the_reported_attacks_are_harmless_and_the_text_stays(tmp_path: Path) -> None:
    body = (
        "[one](&#106;avascript:alert(1)) and [two](&#x6A;avascript&colon;alert(1)) and "
        '<a href="javascript:alert(3)">three</a> and [fine](https://example.org/)'
    )
    for config in (TRUSTED, UNTRUSTED):
        site = write_site(
            tmp_path / str(len(config)), {"content/a.md": article("A", body=body)}, config=config
        )
        build_site(site)
        html = read(site / "output", "a/")
        assert script_addresses(html) == []
        assert '<a href="https://example.org/">fine</a>' in html
        assert "one</a> and" in html and "two</a> and" in html


def test_trusted_raw_html_keeps_everything_but_script_addresses(tmp_path: Path) -> None:
    body = '<figure class="embed"><iframe src="https://video.example.org/e/1" title="Clip" allowfullscreen></iframe></figure>\n\n<a href="javascript:x()" class="keep">kept text</a>'
    site = write_site(tmp_path, {"content/a.md": article("A", body=body)}, config=TRUSTED)
    build_site(site)
    html = read(site / "output", "a/")
    assert (
        '<iframe src="https://video.example.org/e/1" title="Clip" allowfullscreen></iframe>' in html
    )
    assert '<a class="keep">kept text</a>' in html


def test_contributions_keep_only_what_markdown_makes(tmp_path: Path) -> None:
    body = (
        'Text with *emphasis*, a [link](https://example.org/ "Title") and a note[^1].\n\n'
        '<iframe src="https://video.example.org/e/1"></iframe>\n\n'
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
        "    code <b>here</b>\n\n"
        "[^1]: The note.\n"
    )
    site = write_site(tmp_path, {"content/a.md": article("A", body=body)}, config=UNTRUSTED)
    build_site(site)
    html = read(site / "output", "a/")
    assert "<iframe" not in html
    assert '<a href="https://example.org/" title="Title">link</a>' in html
    assert '<th class="align-left">a</th>' in html and '<td class="align-right">2</td>' in html
    assert "<code>code &lt;b&gt;here&lt;/b&gt;" in html
    assert 'class="footnote-ref"' in html and "<em>emphasis</em>" in html


@pytest.mark.parametrize(
    "src", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:x"]
)
def test_a_featured_image_must_be_a_file_or_a_web_address(tmp_path: Path, src: str) -> None:
    text = article("A", image=f"{{src: '{src}', alt: Picture}}")
    site = write_site(tmp_path, {"content/a.md": text})
    with pytest.raises(BuildError) as raised:
        build_site(site)
    assert [str(d) for d in raised.value.diagnostics] == [
        f"content/a.md:4: image '{src}' must be a file under content/ or an http(s) address"
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "java\\tscript:x"])
def test_an_author_page_links_only_to_the_web(tmp_path: Path, url: str) -> None:
    config = TRUSTED + f'[authors.kim]\nname = "Kim"\nurl = "{url}"\n'
    site = write_site(tmp_path, {"content/a.md": article("A", authors="[kim]")}, config=config)
    with pytest.raises(BuildError) as raised:
        build_site(site)
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{site / 'config.toml'}:5: author 'kim': url must be an http(s) address"
    ]
