"""Python-Markdown's inline stage, without trying patterns that cannot match.

Python-Markdown tries each of its ~15 inline patterns on every run of text, in Python, even
when the text holds none of the characters the pattern starts with: that was a third of
the time spent on a news body. Each built-in pattern needs one of a few literal characters
(a link needs "[", emphasis "*" or "_"), so a text without them is passed by at the cost of
a substring test. Patterns this table does not know (other extensions') are always tried,
and the output is the same byte for byte (tests compare it with the stock processor).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element

from markdown import util
from markdown.treeprocessors import InlineProcessor

# Registry name -> characters (or, as a tuple, strings) of which the pattern's every match
# contains at least one.
TRIGGERS: dict[str, str | tuple[str, ...]] = {
    "backtick": "`",
    "escape": "\\",
    "footnote": "[",
    "reference": "[",
    "link": "[",
    "image_link": "[",
    "image_reference": "[",
    "short_reference": "[",
    "short_image_ref": "[",
    "autolink": "<",
    "automail": "<",
    "linebreak": "\n",
    "html": "<",
    "newsgen_drop_html": "<",
    "entity": "&",
    "em_strong": "*_",
    "em_strong2": "_",
    "not_strong": "*_",
    "strong_em": "*",
    "em_strong_": "_",
    "newsgen_backslash_break": "\\",
    "newsgen_bare_link": ("://", "www.", "@"),
    "newsgen_strikethrough": "~",
}

_Test = Callable[[str], bool] | None


def _test_for(chars: str | tuple[str, ...] | None) -> _Test:
    if chars is None:
        return None
    if len(chars) == 1:
        only = chars[0]
        return lambda text: only in text
    return lambda text: any(c in text for c in chars)


class FastInlineProcessor(InlineProcessor):
    """Registered in place of Python-Markdown's "inline" tree processor."""

    _patterns: list[tuple[Any, _Test]]

    def run(self, tree: Element[str], ancestors: list[str] | None = None) -> Element[str]:
        # The registry sorts itself on every lookup by index: take its order once per body.
        registry: Any = self.inlinePatterns  # names in order are private: _priority, sorted
        registry._sort()
        self._patterns = [
            (registry[item.name], _test_for(TRIGGERS.get(item.name))) for item in registry._priority
        ]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        patterns = self._patterns
        start = 0
        while patternIndex < len(patterns):
            pattern, can_match = patterns[patternIndex]
            if can_match is not None and not can_match(data):
                patternIndex += 1
                start = 0
                continue
            data, matched, start = self._InlineProcessor__applyPattern(  # type: ignore[attr-defined]
                pattern, data, patternIndex, start
            )
            if not matched:
                patternIndex += 1
        return data


def supported() -> bool:
    """Whether this Python-Markdown has the internals the fast processor replaces."""
    return hasattr(InlineProcessor, "_InlineProcessor__handleInline") and hasattr(
        InlineProcessor, "_InlineProcessor__applyPattern"
    )
