"""How much of CommonMark newsgen's Markdown follows: `python3 -m bench.commonmark`.

Runs the 652 examples of the CommonMark spec (0.31.2) through newsgen's renderer
(`MarkdownRenderer().render(text).html`), through Python-Markdown alone
(`markdown.markdown(text)`), and through Python-Markdown with the pymdown-extensions that
cover the same ground (`PYMDOWN`, when installed), and prints the share of examples each
renders as the spec says, by section and overall. `--show SECTION` prints newsgen's
failures in that section (or `all`).

The spec's examples come from markdown-it-py's source distribution, which carries them as
JSON: `pip download` fetches it into a folder outside the checkout (`--spec FILE` uses a
copy at hand instead). To measure another checkout, run this file from there with
`PYTHONPATH` set to that checkout.

Outputs are compared as HTML trees, not strings. Both the spec's HTML and the renderer's
are parsed with `html.parser` and normalized alike, so that only what a reader or a browser
would tell apart counts:

- entity and numeric references are read as the characters they stand for, so `&quot;`,
  `&#34;` and `"` are one (Python-Markdown writes characters where the spec writes entities);
- `<br>` and `<br />` are one element (void elements have no end tag);
- attributes are compared as a set (their order does not matter to a browser), and the
  addresses of `href` and `src` after percent-decoding: the spec percent-encodes `ö` and
  spaces, Python-Markdown writes them as they are, and a browser encodes them before it
  asks for the address;
- outside `<pre>`, a run of whitespace is one space, and whitespace next to the start or
  end of a block element (p, li, h1, blockquote, table cells...) is dropped: HTML renders
  it the same; inside `<pre>` every character counts.

newsgen's deliberate additions are not counted as differences:

- `loading` and `decoding` attributes on images (newsgen adds them to every image);
- `id` attributes on headings (the table of contents links to them);
- typographic punctuation (curly quotes, en and em dashes, ellipses) in text outside code
  is read back as the ASCII it was typed as (`markdown/typography.py`);
- code blocks highlighted at build time: Pygments' wrapper (`<div class="highlight">`), its
  `<span>` elements (the text inside them kept) and the `language-*` class the spec puts on
  `<code>` (the lexer chosen is the language) are dropped;
- a body's headings never give an `<h1>` (the page's headline is its `<h1>`): when the
  spec's HTML has an `<h1>`, its headings are taken one level down (`<h6>` stays) before
  newsgen's output is compared with it. Only for a renderer seen to shift headings (one
  that renders `# x` as `<h2>`): the references do not, nor did newsgen before 2026-12.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import markdown

# The third column: Python-Markdown with the pymdown-extensions that give what newsgen's own
# extensions give (fences anywhere, strikethrough, task lists, bare links). newsgen uses none
# of them (docs/markdown.md says why); the column shows what they alone would reach.
PYMDOWN = ["pymdownx.superfences", "pymdownx.tilde", "pymdownx.tasklist", "pymdownx.magiclink"]
PYMDOWN_CONFIG = {"pymdownx.tilde": {"subscript": False}}
SPEC_IN_SDIST = "tests/test_cmark_spec/commonmark.json"
AUTHORS_SECTIONS = [
    "Fenced code blocks",
    "Lists",
    "List items",
    "Backslash escapes",
    "Emphasis and strong emphasis",
    "Links",
]

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "col",
    "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
    "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu",
    "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr",
    "ul", "",
}  # fmt: skip
_TYPOGRAPHY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                             "\u2013": "--", "\u2014": "---", "\u2026": "..."})  # fmt: skip
_HEADING = re.compile(r"h[1-6]")


class Element:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Element | str] = []

    def key(self) -> object:
        children = tuple(c if isinstance(c, str) else c.key() for c in self.children)
        return (self.tag, tuple(sorted(self.attrs.items())), children)

    def __repr__(self) -> str:
        return repr(self.key())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in _VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.open[-1].children.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.open[-1].children.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.open[-1].children.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.open[-1].children.append(f"<![{data}]>")


def parse(fragment: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(fragment)
    builder.close()
    return builder.root


def _drop_additions(element: Element, in_code: bool = False) -> list[Element | str]:
    """newsgen's deliberate additions, taken out (see the module's docstring)."""
    attrs = element.attrs
    if element.tag == "img":
        attrs.pop("loading", None)
        attrs.pop("decoding", None)
    if _HEADING.fullmatch(element.tag):
        attrs.pop("id", None)
    for name in ("href", "src"):
        if name in attrs:
            attrs[name] = unquote(attrs[name])
    if element.tag == "code":
        classes = [c for c in attrs.get("class", "").split() if not c.startswith("language-")]
        attrs.pop("class", None)
        if classes:
            attrs["class"] = " ".join(classes)
    in_code = in_code or element.tag in ("pre", "code")
    children: list[Element | str] = []
    for child in element.children:
        if isinstance(child, str):
            children.append(child if in_code else child.translate(_TYPOGRAPHY))
        else:
            children += _drop_additions(child, in_code)
    element.children = children
    highlighted = element.tag == "div" and "highlight" in attrs.get("class", "").split()
    if (element.tag == "span" and in_code) or highlighted:
        return element.children  # Pygments' markup: its text stays
    return [element]


def _normalize_space(element: Element, in_pre: bool = False) -> None:
    in_pre = in_pre or element.tag == "pre"
    merged: list[Element | str] = []
    for child in element.children:
        if isinstance(child, str) and merged and isinstance(merged[-1], str):
            merged[-1] += child
        else:
            merged.append(child)
    if in_pre:
        element.children = [c for c in merged if c != ""]
        for child in element.children:
            if isinstance(child, Element):
                _normalize_space(child, True)
        return
    block_parent = element.tag in _BLOCK
    kept: list[Element | str] = []
    for index, child in enumerate(merged):
        if isinstance(child, Element):
            _normalize_space(child)
            kept.append(child)
            continue
        text = re.sub(r"\s+", " ", child)
        before = merged[index - 1] if index else None
        after = merged[index + 1] if index + 1 < len(merged) else None
        if (before is None and block_parent) or (
            isinstance(before, Element) and before.tag in _BLOCK
        ):
            text = text.lstrip()
        if (after is None and block_parent) or (isinstance(after, Element) and after.tag in _BLOCK):
            text = text.rstrip()
        if text:
            kept.append(text)
    element.children = kept


def _shift_headings(element: Element) -> None:
    for child in element.children:
        if isinstance(child, Element):
            if _HEADING.fullmatch(child.tag):
                child.tag = f"h{min(6, int(child.tag[1]) + 1)}"
            _shift_headings(child)


def _has_h1(element: Element) -> bool:
    return any(isinstance(c, Element) and (c.tag == "h1" or _has_h1(c)) for c in element.children)


def normalized(fragment: str, shift_headings: bool = False) -> Element:
    root = parse(fragment)
    (root,) = _drop_additions(root)  # type: ignore[misc]
    _normalize_space(root)
    if shift_headings and _has_h1(root):
        _shift_headings(root)
    return root


def same(expected: str, actual: str, shifts_headings: bool = False) -> bool:
    return normalized(expected, shifts_headings).key() == normalized(actual).key()


# -- the renderers ------------------------------------------------------------------------


def newsgen_renderer() -> Callable[[str], str]:
    from newsgen.markdown.convert import MarkdownRenderer

    renderer = MarkdownRenderer()
    return lambda text: renderer.render(text).html


def python_markdown(text: str) -> str:
    return markdown.markdown(text)


def pymdown_renderer() -> Callable[[str], str] | None:
    try:
        md = markdown.Markdown(extensions=PYMDOWN, extension_configs=PYMDOWN_CONFIG)
    except ImportError:
        return None

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


# -- the spec -----------------------------------------------------------------------------


def fetch_spec(folder: Path) -> Path:
    """markdown-it-py's source distribution, downloaded into `folder`; its spec file."""
    command = [sys.executable, "-m", "pip", "download", "markdown-it-py", "--no-binary",
               ":all:", "--no-deps", "--quiet", "-d", str(folder)]  # fmt: skip
    subprocess.run(command, check=True)
    (archive,) = folder.glob("markdown_it_py-*.tar.gz")
    import tarfile

    with tarfile.open(archive) as tar:
        (member,) = [m for m in tar.getmembers() if m.name.endswith(SPEC_IN_SDIST)]
        member.name = "commonmark.json"
        tar.extract(member, folder, filter="data")
    return folder / "commonmark.json"


def load_examples(spec: Path | None) -> list[dict[str, object]]:
    if spec is not None:
        return json.loads(spec.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    with tempfile.TemporaryDirectory(prefix="commonmark-spec-") as folder:
        return json.loads(fetch_spec(Path(folder)).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _safely(render: Callable[[str], str], text: str) -> str:
    try:
        return render(text)
    except Exception as error:  # a crash is a failure, not the end of the run
        return f"<crash>{type(error).__name__}: {error}</crash>"


def _passes(
    examples: list[dict[str, object]], render: Callable[[str], str], shift: bool
) -> list[bool]:
    return [same(str(e["html"]), _safely(render, str(e["markdown"])), shift) for e in examples]


def _show(
    examples: list[dict[str, object]], render: Callable[[str], str], section: str, shift: bool
) -> None:
    for example in examples:
        if section not in ("all", example["section"]):
            continue
        actual = _safely(render, str(example["markdown"]))
        if same(str(example["html"]), actual, shift):
            continue
        print(f"--- example {example['example']} ({example['section']})")
        print(f"markdown: {example['markdown']!r}")
        print(f"expected: {example['html']!r}")
        print(f"newsgen:  {actual!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spec", type=Path, help="the spec's JSON, instead of downloading it")
    parser.add_argument("--show", metavar="SECTION", help="print newsgen's failures")
    args = parser.parse_args()
    examples = load_examples(args.spec)
    newsgen = newsgen_renderer()
    shifts = "<h2" in newsgen("# x")
    if args.show:
        _show(examples, newsgen, args.show, shifts)
        return
    columns = {
        "newsgen": _passes(examples, newsgen, shifts),
        "Python-Markdown": _passes(examples, python_markdown, False),
    }
    pymdown = pymdown_renderer()
    if pymdown is None:
        print("(pip install pymdown-extensions for the third column)")
    else:
        columns["+ pymdown-extensions"] = _passes(examples, pymdown, False)
    sections = list(dict.fromkeys(str(e["section"]) for e in examples))
    totals = Counter(str(e["section"]) for e in examples)
    print(f"{'section':<45} {'examples':>8}" + "".join(f" {name:>21}" for name in columns))

    def row(name: str, picked: list[int]) -> str:
        cells = []
        for passed in columns.values():
            count = sum(passed[i] for i in picked)
            cells.append(f" {f'{count} ({100 * count / len(picked):.0f}%)':>21}")
        return f"{name:<45} {len(picked):>8}" + "".join(cells)

    for section in sorted(sections, key=lambda s: (s not in AUTHORS_SECTIONS, -totals[s])):
        picked = [i for i, e in enumerate(examples) if e["section"] == section]
        marker = "*" if section in AUTHORS_SECTIONS else " "
        print(row(f"{marker} {section}", picked))
    everything = list(range(len(examples)))
    print(row("  all", everything))
    print("* the sections authors hit most")


if __name__ == "__main__":
    main()
