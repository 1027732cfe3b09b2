"""The fast inline stage must give Python-Markdown's own output, byte for byte."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sitekit import REPO

from bench.corpus import generate
from newsgen.markdown import inline_fast
from newsgen.markdown.convert import MarkdownRenderer

TRICKY = [
    "*em* **strong** ***both*** _u_ __uu__ snake_case_word 2*3*4 a * b",
    "`code *not em*` and ``double `tick` `` and \\*escaped\\* and \\`",
    "[link](https://example.com 'title') ![img](a.png) [ref][r] [r] ![ref][r]\n\n[r]: /x",
    "<https://example.com> <me@example.com> <b>raw</b> <!-- c --> &amp; &copy; & AT&T",
    "line with two spaces  \nnext line; footnote[^1]\n\n[^1]: The note, *em*.",
    "> quote with [a link](x.md) and `code`\n\n- item *one*\n- item [two](y)\n\n| a | b |\n|---|---|\n| *c* | `d` |",
    "Unicode: 서울 — «cité» “quotes” *한국어* [東京](tokyo.md)",
]


def _bodies(scratch: Path) -> list[str]:
    generate(40, scratch)
    corpus = [p.read_text(encoding="utf-8") for p in sorted(scratch.rglob("*.md"))]
    sample = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").rglob("*.md"))]
    docs = [p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md"))]
    return [*TRICKY, *sample, *docs, *corpus]


@pytest.mark.parametrize("raw_html", [True, False])
def test_fast_inline_stage_renders_what_python_markdown_renders(
    raw_html: bool, tmp_path: Path
) -> None:
    assert inline_fast.supported(), "this Python-Markdown lacks the replaced internals"
    fast = MarkdownRenderer(raw_html=raw_html)
    stock = MarkdownRenderer(raw_html=raw_html, fast_inline=False)
    assert type(fast._md.treeprocessors["inline"]) is inline_fast.FastInlineProcessor
    assert type(stock._md.treeprocessors["inline"]) is not inline_fast.FastInlineProcessor
    bodies = _bodies(tmp_path)
    assert len(bodies) > 60
    for body in bodies:
        assert fast.render(body) == stock.render(body), body[:80]


def test_the_toc_marker_is_looked_for_only_in_bodies_that_have_it(tmp_path: Path) -> None:
    skipping = MarkdownRenderer()
    looking = MarkdownRenderer()
    looking._toc = SimpleNamespace(marker="")  # its TOC stage keeps "[TOC]" for every body
    with_marker = "Intro\n\n[TOC]\n\n## One\n\nText.\n\n## Two\n\nMore."
    for body in [*_bodies(tmp_path), with_marker]:
        assert skipping.render(body) == looking.render(body), body[:80]
    assert '<div class="toc">' in skipping.render(with_marker).html
