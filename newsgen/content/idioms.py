"""Stage `parse`, with `articles.py`: other generators' template tags in a body, turned into
what they meant, before Markdown.

Archives from Jekyll and Hugo hold Liquid tags (`{% post_url %}`, `{{ site.baseurl }}`,
`{% highlight %}`) and Hugo shortcodes (`{{< ref >}}`, `{{< figure >}}`). Where the build
knows the answer it is written in: links become the content paths of their targets (which
the link rewriter then turns into URLs), code blocks become fenced code, figures and
embeds newsgen's own output. What cannot be converted (a tag that reads the old site's
data, a site's own shortcode) is left out of the page, never published as template text,
and named in one warning per file. Code (fenced blocks, code spans) is left as written,
but for `{% raw %}` markers and Hugo's `{{</* */>}}` escapes, which were never shown.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from newsgen.content.shortcodes import (
    EMBEDS,
    embed,
    fence,
    figure_caption,
    figure_html,
    figure_markdown,
    gist,
    page_name,
    shortcode_arguments,
    tweet,
)
from newsgen.content.targets import Targets
from newsgen.core.errors import Diagnostic, line_of
from newsgen.core.slugs import slugify

# Long enough for any real tag, short enough that a stray "{%" cannot swallow a body.
_SPAN = r"(?:(?!\{[{%]).){0,2000}?"
_LIQUID_TAG = re.compile(r"(?<!\{)\{%-?\s*(\w+)(" + _SPAN + r")-?%\}", re.S)
_LIQUID_OUTPUT = re.compile(r"\{\{-?(?![<%])(" + _SPAN + r")-?\}\}", re.S)
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(" + _SPAN + r")\s*[>%]\}\}", re.S)
_HUGO_ESCAPE = re.compile(r"\{\{([<%])/\*(" + _SPAN + r")\*/([>%])\}\}", re.S)
_RAW_MARK = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
# Blocks as (opening, closing): paired by `_pairs`, which reads a body once whatever it holds.
_RAW = (re.compile(r"\{%-?\s*raw\s*-?%\}"), re.compile(r"\{%-?\s*endraw\s*-?%\}"))
_COMMENT = (
    re.compile(r"\{%-?\s*comment\s*-?%\}"), re.compile(r"\{%-?\s*endcomment\s*-?%\}"),
)  # fmt: skip
_HIGHLIGHT = (
    re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)[^%]{0,200}%\}"),
    re.compile(r"\{%-?\s*endhighlight\s*-?%\}"),
)
_HUGO_HIGHLIGHT = (
    re.compile(r"\{\{[<%]\s*highlight\s+\"?([\w+#.-]+)\"?[^>%]{0,200}[>%]\}\}"),
    re.compile(r"\{\{[<%]\s*/highlight\s*[>%]\}\}"),
)
_BASEURL_BEFORE_LINK = re.compile(
    r"\{\{-?\s*site\.baseurl\s*-?\}\}(?=\s*\{%-?\s*(?:post_url|link)\b)"
)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)
# Within a paragraph: a lone backtick must not hide the rest of the body from conversion.
_CODE_SPAN = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n).){0,1000}?(?<!`)\1(?!`)", re.S)
_KEPT = re.compile("\ue000(\\d+)\ue001")
_DROPPED = "\ue002"  # where a tag was left out, until the gaps it leaves are closed
_GAPS = (  # a link or image whose address was a tag left out: its text alone, or nothing
    (re.compile(r"!\[[^\]\n]*\]\(\s*\ue002[^)\n]*\)"), ""),
    (re.compile(r"\[([^\]\n]*)\]\(\s*\ue002[^)\n]*\)"), r"\1"),
    (re.compile(r"<\ue002[^>\s]*>"), ""),
    (re.compile("\ue002"), ""),
)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)$", re.I)


@dataclass(frozen=True)
class IdiomSite:
    """What converting a body's tags needs to know of the site."""

    targets: Targets
    base_path: str  # "/news/"
    origin: str  # "https://example.org", or ""
    raw_html: bool


@dataclass
class Converted:
    """A body with its tags converted; the problems found; the content paths resolved."""

    text: str
    problems: list[Diagnostic] = field(default_factory=list)
    consulted: set[str] = field(default_factory=set)
    lines: dict[str, int] = field(default_factory=dict)  # link made -> its tag's line


def convert_idioms(source: str, body: str, body_line: int, site: IdiomSite) -> Converted:
    """`body` with the template tags of other generators converted (see the module)."""
    if "{%" not in body and "{{" not in body:  # nearly every article
        return Converted(body)
    work = _Conversion(source, body, body_line, site)
    pieces = [work.code(part) if fenced else work.text(part) for fenced, part in _fenced(body)]
    work.warn_of_left_out()
    return Converted("".join(pieces), work.problems, work.consulted, work.lines)


def _fenced(body: str) -> list[tuple[bool, str]]:
    """The body cut into (is fenced code, text) parts, fences with their code."""
    parts: list[tuple[bool, str]] = []
    at, opened = 0, ""
    start = 0
    for found in _FENCE.finditer(body):
        fence = found.group(1)
        if not opened:
            parts.append((False, body[at : found.start()]))
            opened, start = fence, found.start()
        elif fence[0] == opened[0] and len(fence) >= len(opened):
            end = body.find("\n", found.end())
            end = len(body) if end < 0 else end
            parts.append((True, body[start:end]))
            at, opened = end, ""
    parts.append((bool(opened), body[start if opened else at :]))
    return parts


class _Conversion:
    """One body's conversion: what it found, as it goes."""

    def __init__(self, source: str, body: str, body_line: int, site: IdiomSite) -> None:
        self.source, self.body, self.body_line, self.site = source, body, body_line, site
        self.problems: list[Diagnostic] = []
        self.consulted: set[str] = set()
        self.lines: dict[str, int] = {}
        self.left_out: dict[str, int | None] = {}  # "Liquid include" -> its first line
        self.kept: list[str] = []  # text set aside, not to be converted

    def code(self, text: str) -> str:
        """Fenced code: shown as written, but for what the old generator never showed."""
        return _HUGO_ESCAPE.sub(_unescaped, _RAW_MARK.sub("", text))

    def text(self, text: str) -> str:
        keep = self._keep
        text = _pairs(text, _RAW, lambda opening, inner: keep(inner))
        text = _HUGO_ESCAPE.sub(lambda m: keep(_unescaped(m)), text)
        text = _pairs(text, _COMMENT, lambda opening, inner: "")
        for block in (_HIGHLIGHT, _HUGO_HIGHLIGHT):
            text = _pairs(text, block, lambda opening, inner: keep(fence(opening[1], inner)))
        text = _CODE_SPAN.sub(lambda m: keep(m.group(0)), text)
        text = _BASEURL_BEFORE_LINK.sub("", text)
        text = _SHORTCODE.sub(self._shortcode, text)
        text = _LIQUID_TAG.sub(self._liquid_tag, text)
        text = _LIQUID_OUTPUT.sub(self._liquid_output, text)
        for gap, closed in _GAPS:
            text = gap.sub(closed, text) if _DROPPED in text else text
        while _KEPT.search(text):  # set aside within set aside: a code span in raw text
            text = _KEPT.sub(lambda m: self.kept[int(m.group(1))], text)
        return text

    def _keep(self, text: str) -> str:
        self.kept.append(text)
        return f"\ue000{len(self.kept) - 1}\ue001"

    def _line(self, tag: str) -> int | None:
        return line_of(self.body, tag, self.body_line)

    def _error(self, tag: str, message: str) -> str:
        self.problems.append(Diagnostic(self.source, self._line(tag), message))
        return ""

    def _leave_out(self, kind: str, tag: str) -> str:
        self.left_out.setdefault(kind, self._line(tag))
        return _DROPPED

    def warn_of_left_out(self) -> None:
        if not self.left_out:
            return
        names = ", ".join(self.left_out)
        line = min((n for n in self.left_out.values() if n is not None), default=None)
        message = (f"template tags left out of the page (newsgen does not run templates in"
                   f" articles): {names}")  # fmt: skip
        self.problems.append(Diagnostic(self.source, line, message, "warning"))

    def _liquid_tag(self, found: re.Match[str]) -> str:
        name, argument = found.group(1), found.group(2).strip()
        if name == "post_url":
            target = self.site.targets.posts.get(argument.strip("/").rsplit(".", 1)[0])
            if target is None:
                return self._error(found.group(0), f"{{% post_url {argument} %}}: no such post")
            return self._content_link(target, found.group(0))
        if name == "link":
            path = posixpath.normpath(argument.strip("'\"").lstrip("/"))
            if not self.site.targets.is_article(path) and path not in self.site.targets.assets:
                return self._error(found.group(0), f"{{% link {argument} %}}: no such file")
            return self._content_link(path, found.group(0))
        if name in ("highlight", "endhighlight", "raw", "endraw", "comment", "endcomment"):
            return ""  # one without its other half
        return self._leave_out(f"Liquid {name}", found.group(0))

    def _liquid_output(self, found: re.Match[str]) -> str:
        expression = found.group(1).strip()
        base = self.site.base_path.rstrip("/")
        if expression in ("site.baseurl", "site.base_url"):
            return base
        if expression == "site.url":
            return self.site.origin
        quoted = re.fullmatch(r"""(["'])(.*?)\1\s*\|\s*(relative_url|absolute_url)""", expression)
        if quoted:
            path = base + "/" + quoted.group(2).lstrip("/")
            return self.site.origin + path if quoted.group(3) == "absolute_url" else path
        variable = re.split(r"[.\[\s|]", expression, maxsplit=1)[0]
        return self._leave_out("Liquid {{ " + variable + " }}", found.group(0))

    def _shortcode(self, found: re.Match[str]) -> str:
        tag, closing, name = found.group(0), found.group(2), found.group(3)
        if closing:
            return ""  # the end of a pair: what it held stays
        arguments = shortcode_arguments(found.group(4))
        if name in ("ref", "relref"):
            return self._ref(tag, arguments)
        if name == "figure":
            return self._figure(tag, arguments)
        if name in EMBEDS:
            return embed(name, arguments)
        if name == "gist":
            return gist(arguments)
        if name in ("tweet", "x"):
            return tweet(arguments)
        if _IMAGE_FILE.search(arguments.get("src", "")) and self._found(arguments["src"]):
            return self._figure(tag, arguments)  # a site's own figure: its image and words
        return self._leave_out(f"Hugo {name}", tag)

    def _ref(self, tag: str, arguments: dict[str, str]) -> str:
        written = arguments.get("path") or arguments.get("0", "")
        path, _, fragment = written.partition("#")
        fragment = f"#{fragment}" if fragment else ""
        target = self._find_page(path) if path else self.source
        if target is not None:
            return self._content_link(target, tag) + fragment
        section = self.site.targets.sections.get("/".join(map(slugify, path.strip("/").split("/"))))
        if section is not None:
            return self.site.base_path + section + fragment
        if path.endswith((".md", ".markdown")):
            return self._error(tag, f"ref '{written}': no such article or section")
        # A page of the old site that did not move (an about page, a topic): its address
        # on this host is the best guess, said in a warning.
        address = self.site.base_path + path.strip("/") + "/"
        message = f"ref '{written}': no article or section of this site; linked to {address}"
        self.problems.append(Diagnostic(self.source, self._line(tag), message, "warning"))
        return address + fragment

    def _find_page(self, written: str) -> str | None:
        """A page as Hugo's `ref` finds it: from this page's folder or the content root,
        with or without its suffix, as a bundle's index; else by its name alone."""
        folder = posixpath.dirname(self.source)
        bases = [written.lstrip("/")] if written.startswith("/") else [
            posixpath.normpath(posixpath.join(folder, written)), posixpath.normpath(written),
        ]  # fmt: skip
        for base in bases:
            for candidate in (base, f"{base}.md", f"{base}.markdown", f"{base}/index.md",
                              f"{base}/_index.md"):  # fmt: skip
                if self.site.targets.is_article(candidate):
                    return candidate
        name = page_name(written)
        targets = self.site.targets
        named = [page for page in (*targets.pages, *targets.unpublished) if page_name(page) == name]
        return named[0] if len(named) == 1 else None

    def _content_link(self, path: str, tag: str) -> str:
        """A content path as a link the rewriter resolves to its page or file."""
        self.consulted.add(path)
        line = self._line(tag)
        if line is not None:
            self.lines.setdefault("/" + path, line)
        return "/" + path

    def _figure(self, tag: str, arguments: dict[str, str]) -> str:
        src = arguments.get("src", "")
        if not src:
            return self._leave_out("Hugo figure without src", tag)
        alt = arguments.get("alt") or arguments.get("title") or ""
        caption = figure_caption(arguments)
        if not self.site.raw_html:
            return figure_markdown(src, alt, caption)
        return figure_html(self._image_url(tag, src), alt, caption)

    def _image_url(self, tag: str, src: str) -> str:
        """The address of a figure's image: a file beside the article, or the site's own."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I):
            return src
        if src.startswith("/"):
            path = src.lstrip("/")
            return (
                self.site.base_path + path
                if path not in self.site.targets.assets
                else self._asset(path)
            )
        path = posixpath.normpath(posixpath.join(posixpath.dirname(self.source), src))
        if path not in self.site.targets.assets:
            self._error(tag, f"image file '{path}' not found")
        return self._asset(path)

    def _found(self, src: str) -> bool:
        """Whether a site's own shortcode's image can be shown: an address, or a file."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith("/"):
            return True
        path = posixpath.normpath(posixpath.join(posixpath.dirname(self.source), src))
        self.consulted.add(path)
        return path in self.site.targets.assets

    def _asset(self, path: str) -> str:
        self.consulted.add(path)
        return self.site.base_path + path


def _unescaped(found: re.Match[str]) -> str:
    """`{{</* figure */>}}`, Hugo's way to show a shortcode, as it was shown."""
    return "{{" + found.group(1) + found.group(2) + found.group(3) + "}}"


def _pairs(
    text: str, block: tuple[re.Pattern[str], re.Pattern[str]],
    make: Callable[[re.Match[str], str], str],
) -> str:  # fmt: skip
    """`text` with each opening tag of `block`, what follows it and the next closing tag
    replaced by what `make` makes of the opening and the text between; an opening with no
    closing after it is left for the tags' pass. In one reading, not one per opening."""
    opening, closing = block
    if not opening.search(text):
        return text
    ends = [(m.start(), m.end()) for m in closing.finditer(text)]
    starts = [start for start, _ in ends]
    pieces: list[str] = []
    at = 0
    for found in opening.finditer(text):
        if found.start() < at:
            continue  # inside a block already made
        n = bisect.bisect_left(starts, found.end())
        if n == len(ends):
            break
        inner = text[found.end() : ends[n][0]]
        pieces += [text[at : found.start()], make(found, inner)]
        at = ends[n][1]
    return "".join([*pieces, text[at:]])
