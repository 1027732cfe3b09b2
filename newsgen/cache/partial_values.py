"""Articles and entries read in part from the cache: the fields reading, indexing and
planning use are set, the rest (bodies, captions, summaries) are loaded on first use.

A rebuild after one edit at 10,000 articles renders a few dozen pages; the others' articles
are only sorted, counted and named by digest. Unpickling each whole took most of the time
such a rebuild spent reading. A partial value is of a subclass of the whole type, and
pickles to the whole value's bytes; it does not pretend to be the whole type. Fingerprints
name articles by the digests their rows carry, not by pickling them again.
"""

from __future__ import annotations

import copyreg
from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

from newsgen.core.errors import CacheLost
from newsgen.core.model import Article, Entry

T = TypeVar("T", Article, Entry)

# What a rebuild reads of every article and entry before it renders (site.py, related.py,
# plan.py, discovery.py, theme.site_summary, built_articles.holds; of an entry, what
# decides whether it is published, its schedule and its aliases; its front matter's lines
# are read only for a message). Reading any other field loads the whole value: correct,
# only slower.
ARTICLE_HEAD = (
    "source", "url", "date", "updated", "authors", "section", "tags", "image", "featured",
    "draft", "coverage", "live", "live_until", "corrections", "updates",
)  # fmt: skip
ENTRY_HEAD = ("source", "date", "section", "draft", "live", "live_until", "aliases", "digest")


class _Partial:
    """Mixed into a dataclass: its fields not yet set come from `_load` on first use."""

    _whole_type: type

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not set: the rest of the fields, or a real miss.
        if name.startswith("__"):  # asked of any object (markupsafe's __html__): never a field
            raise AttributeError(name)
        held = self.__dict__
        load: Callable[[], object] | None = held.get("_load")
        if load is None:
            raise AttributeError(name)
        whole = load()
        if not isinstance(whole, self._whole_type):  # asked again next time: never undefined
            raise CacheLost(f"the cache no longer holds all of content/{held.get('source')}")
        del held["_load"]
        for field in fields(self._whole_type):
            held.setdefault(field.name, getattr(whole, field.name))
        return getattr(self, name)

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        state = {f.name: getattr(self, f.name) for f in fields(self._whole_type)}
        return copyreg.__newobj__, (self._whole_type,), state  # type: ignore[attr-defined]


class PartialArticle(_Partial, Article):
    _whole_type = Article


class PartialEntry(_Partial, Entry):
    _whole_type = Entry


def partial_value(kind: type[T], head: tuple[Any, ...], load: Callable[[], object]) -> T:
    """A `kind` (Article or Entry) with the fields of its head (`ARTICLE_HEAD`,
    `ENTRY_HEAD`) set, in that order, and the rest from `load()` when first used."""
    made: Any = object.__new__(PartialArticle if kind is Article else PartialEntry)
    held = made.__dict__
    held.update(zip(ARTICLE_HEAD if kind is Article else ENTRY_HEAD, head, strict=True))
    held["_load"] = load
    return made  # type: ignore[no-any-return]


def head_of(value: Article | Entry) -> tuple[Any, ...]:
    names = ARTICLE_HEAD if isinstance(value, Article) else ENTRY_HEAD
    return tuple(getattr(value, name) for name in names)
