"""Stage `parse`: a body's blocks, read as CommonMark reads them, given to Python-Markdown.

`BlocksExtension` puts a preprocessor in front of Python-Markdown's block parser: the body's
lines are read by `blocks.py`, and written again in the form Python-Markdown reads the same
way (content of a list item four spaces in per level, a blank line between blocks, every
line of a quote marked, setext headings as `#` headings, text that Python-Markdown alone
would take for a block escaped). Fenced code, wherever it stands, is highlighted here and
kept aside as HTML, and so is an HTML block when raw HTML is allowed. What Python-Markdown
cannot be told in Markdown is told by marker paragraphs, which `structure.py` reads and
removes from the tree.
"""

from __future__ import annotations

import html
import re
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import get_attrs
from markdown.extensions.codehilite import CodeHilite
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.preprocessors import Preprocessor

from newsgen.markdown.blocks import Block, parse_blocks
from newsgen.markdown.inline_extras import unescape
from newsgen.markdown.structure import (
    APART,
    LOOSE,
    TIGHT,
    MarkerPostprocessor,
    StructureTreeprocessor,
)

_INDENT = "    "
# A paragraph line that Python-Markdown would read as a block of its own; CommonMark reads
# none of these inside a paragraph (blocks.py has already found those that start one).
_LOOKS_LIKE_BLOCK = re.compile(
    r"#|[*+-](?= |$)|\d+(?=\.(?: |$))|(?:(?:\* *){3,}|(?:- *){3,}|(?:_ *){3,}|=+ *)$"
)
_HARD_BREAK = re.compile(r" {2,}$")
# A link reference definition stands only at the start of a paragraph (one after another,
# a title perhaps on the next line); Python-Markdown reads one on any line.
_DEFINITION = re.compile(r"\[[^\]]*\]:")
_TITLE_LINE = re.compile(r"[\"'(]")


class _Writer:
    """Writes a block tree as Python-Markdown's lines."""

    def __init__(self, md: markdown.Markdown, settings: BlocksExtension) -> None:
        self.md = md
        self.highlight = settings.highlight
        self.raw_html = settings.raw_html
        self.html_blocks = settings.html_blocks
        self.out: list[str] = []

    def blocks(self, blocks: list[Block], prefix: str, previous: Block | None = None) -> None:
        out = self.out
        blank = prefix.rstrip()
        for block in blocks:
            if previous is not None:
                out.append(blank)
                if previous.kind in ("list", "quote") and block.kind != "list":
                    out += [prefix + APART, blank]  # else Python-Markdown would join them
            self.block(block, prefix)
            previous = block

    def block(self, block: Block, prefix: str) -> None:
        kind, out = block.kind, self.out
        if kind == "paragraph":
            out += [prefix + line for line in _paragraph(block.lines)]
        elif kind == "heading":
            out.append(prefix + _heading(block))
        elif kind == "break":
            out.append(prefix + "* * *")
        elif kind == "fence":
            out.append(prefix + self.fence(block))
        elif kind == "code":
            # A blank line as spaces: Python-Markdown keeps the block whole.
            out += [prefix + _INDENT + line for line in block.lines]
        elif kind == "html" and self.raw_html:
            raw = "\n".join(block.lines).rstrip("\n")
            self.html_blocks.add(raw)
            out.append(prefix + self.md.htmlStash.store(raw))
        elif kind == "html":  # tags are dropped, text kept
            out += [prefix + line for line in _paragraph(block.lines)]
        elif kind == "quote":
            if block.children:
                self.blocks(block.children, prefix + "> ")
            else:
                out.append(prefix + ">")
        elif kind == "list":
            out += [prefix + (TIGHT if block.tight else LOOSE), prefix.rstrip()]
            for index, item in enumerate(block.children):
                if index:
                    out.append(prefix.rstrip())
                self.item(item, prefix)

    def item(self, item: Block, prefix: str) -> None:
        marker = f"{item.number}." if item.delimiter else "-"
        children, inner = item.children, prefix + _INDENT
        if children and children[0].kind == "paragraph":
            first, *rest = _paragraph(children[0].lines)
            self.out.append(f"{prefix}{marker} {first}")
            # Not indented: Python-Markdown would keep the indentation in the text.
            self.out += [prefix + line for line in rest]
            self.blocks(children[1:], inner, children[0])
        else:
            self.out.append(f"{prefix}{marker} ")
            if children:
                self.out.append("")
                self.blocks(children, inner)

    def fence(self, block: Block) -> str:
        language, options = _info(block.info)
        code = "\n".join(block.lines) + "\n" if block.lines else ""
        settings: dict[str, Any] = {**self.highlight, **options}
        style = str(settings.pop("pygments_style", "default"))
        inner = code.strip("\n")
        if inner.strip():
            highlighted = CodeHilite(inner, lang=language or None, style=style, **settings)
            text = _keep_blank_lines(highlighted.hilite(shebang=False), code, inner)
        else:  # Pygments writes an empty block as one line
            text = _EMPTY_CODE.format(css=settings.get("css_class", ""), code=html.escape(code))
        return self.md.htmlStash.store(text)


_EMPTY_CODE = '<div class="{css}"><pre><span></span><code>{code}</code></pre></div>'


def _keep_blank_lines(highlighted: str, code: str, inner: str) -> str:
    """The blank lines at either end of a fence's code, which Pygments drops."""
    leading = len(code) - len(code.lstrip("\n"))
    trailing = len(code) - len(code.rstrip("\n")) - 1
    if leading:
        highlighted = highlighted.replace("<code>", "<code>" + "\n" * leading, 1)
    if trailing > 0:
        at = highlighted.rfind("</code>")
        highlighted = highlighted[:at] + "\n" * trailing + highlighted[at:]
    return highlighted


def _paragraph(lines: list[str]) -> list[str]:
    written: list[str] = []
    definitions = True
    for line in lines:
        text = line.lstrip(" ")
        found = _LOOKS_LIKE_BLOCK.match(text)
        if found:
            at = found.end() if text[0].isdigit() else 0
            text = f"{text[:at]}\\{text[at:]}"
        elif _DEFINITION.match(text):
            if not definitions:
                text = "\\" + text
        elif not (written and _TITLE_LINE.match(text)):
            definitions = False
        written.append(text)
    written = [_HARD_BREAK.sub("  ", line) for line in written]  # a break, and no spaces
    written[-1] = written[-1].rstrip()
    return written


def _heading(block: Block) -> str:
    text = " ".join(line.strip() for line in block.lines)
    # Python-Markdown drops a heading's closing #s (CommonMark has already), and reads a
    # backslash at the end as escaping the line's end.
    body = text.rstrip("#")
    odd = (len(body) - len(body.rstrip("\\"))) % 2  # the first # after is escaped
    if body != text:
        hashes = text[len(body) :]
        text = body + hashes[:odd] + "\\#" * (len(hashes) - odd)
    elif odd:
        text += "\\"
    return "#" * block.level + (" " + text if text else "")


def _info(info: str) -> tuple[str, dict[str, object]]:
    """A fence's language and highlighting options: CommonMark's first word of the info
    string, or the attribute list form (`{.python hl_lines="2 3"}`)."""
    info = unescape(info)
    options: dict[str, object] = {}
    language = ""
    braces = re.fullmatch(r"\.?([^\s{]*)\s*(?:\{(.*)\})?\s*", info)
    if braces is None:
        return info.split()[0] if info else "", options
    language = braces.group(1)
    for key, value in get_attrs(braces.group(2) or ""):
        if key == "." and not language:
            language = value
        elif key == "hl_lines":
            options["hl_lines"] = [int(n) for n in value.split() if n.isdigit()]
    return language, options


class BlocksPreprocessor(Preprocessor):
    def __init__(self, md: markdown.Markdown, settings: BlocksExtension) -> None:
        super().__init__(md)
        self.settings = settings

    def run(self, lines: list[str]) -> list[str]:
        self.settings.html_blocks.clear()
        writer = _Writer(self.md, self.settings)
        end = len(lines)
        while end and not lines[end - 1]:
            end -= 1  # Python-Markdown's own two, which an unclosed fence would keep
        writer.blocks(parse_blocks(lines[:end]).children, "")
        return writer.out


class _HtmlBlocks(RawHtmlPostprocessor):
    """Puts raw HTML back; an HTML block as CommonMark reads one stands alone, never in a
    paragraph, whatever its first tag."""

    def __init__(self, md: markdown.Markdown, blocks: set[str]) -> None:
        super().__init__(md)
        self.blocks = blocks

    def isblocklevel(self, html: str) -> bool:
        return html in self.blocks or super().isblocklevel(html)


class BlocksExtension(Extension):
    def __init__(self, highlight: dict[str, object], raw_html: bool) -> None:
        """`highlight`: CodeHilite's settings for fenced code. `raw_html`: HTML blocks are
        kept as written (else their tags are dropped, as inline HTML's are)."""
        super().__init__()
        self.highlight = highlight
        self.raw_html = raw_html
        self.html_blocks: set[str] = set()  # this body's, as kept aside

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After "normalize_whitespace" (30); HTML blocks are found here, as CommonMark
        # finds them, and Python-Markdown's own search for them is not needed.
        md.preprocessors.register(BlocksPreprocessor(md, self), "newsgen_blocks", 29)
        if "html_block" in md.preprocessors:
            md.preprocessors.deregister("html_block")
        md.postprocessors.register(_HtmlBlocks(md, self.html_blocks), "raw_html", 30)
        # Before the inline stage (20): the text is still Markdown.
        md.treeprocessors.register(StructureTreeprocessor(md), "newsgen_structure", 25)
        md.postprocessors.register(MarkerPostprocessor(md), "newsgen_markers", 5)
