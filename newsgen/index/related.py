"""Related articles: for each article, the few others that share most of its tags and its
section, among those published near it in time. Computed once per build from an index of
tags, never by comparing every pair: each article looks at a fixed window of neighbours in
each of its tags and its section, so the work grows with the site, not with its square."""

from __future__ import annotations

import hashlib
import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Protocol

from newsgen.core.model import ArticleHead

RELATED_COUNT = 4
WINDOW = 20  # articles considered on each side of this one, per tag and in its section
TAG_WEIGHT, SECTION_WEIGHT = 2, 1


class Memo(Protocol):
    """Where the related articles of a site's shape are kept between builds (the cache)."""

    def get(self, key: str) -> object | None: ...

    def put_many(self, items: Iterable[tuple[str, object]]) -> None: ...


def find_related(
    articles: Sequence[ArticleHead], memo: Memo | None = None, count: int = RELATED_COUNT
) -> Mapping[str, tuple[ArticleHead, ...]]:
    """`articles` newest first; for each source, the related articles, best first: most
    shared tags and section, then nearest in time, then newest. They depend only on the
    site's shape (the order of the articles, their sections and tags): with `memo`, a build
    whose shape is the last one's (an edited body or headline) takes them from it."""
    key = _shape(articles, count) if memo is not None else ""
    known = memo.get(key) if memo is not None else None
    if isinstance(known, dict) and len(known) == len(articles):
        by_source = {a.source: a for a in articles}
        return MappingProxyType(
            {s: tuple(by_source[o] for o in others) for s, others in known.items()}
        )
    related = _find_related(articles, count)
    if memo is not None:
        memo.put_many([(key, {s: tuple(a.source for a in r) for s, r in related.items()})])
    return MappingProxyType(related)


def _shape(articles: Sequence[ArticleHead], count: int) -> str:
    """The memo (the cache) keys it by newsgen's code too."""
    settings = f"{count},{WINDOW},{TAG_WEIGHT},{SECTION_WEIGHT}"
    digest = hashlib.blake2b(settings.encode())
    shape = "".join(
        f"\n{a.source}\0{a.section}\0{','.join(t.slug for t in a.tags)}" for a in articles
    )
    digest.update(shape.encode())  # one update: the same digest as one per article
    return digest.hexdigest()


def _find_related(
    articles: Sequence[ArticleHead], count: int
) -> dict[str, tuple[ArticleHead, ...]]:
    by_tag: dict[str, list[int]] = defaultdict(list)  # ranks, ascending (newest first)
    by_section: dict[str, list[int]] = defaultdict(list)
    for number, article in enumerate(articles):
        for tag in article.tags:
            by_tag[tag.slug].append(number)
        if article.section:
            by_section[article.section].append(number)

    related: dict[str, tuple[ArticleHead, ...]] = {}
    for mine, article in enumerate(articles):
        scores: dict[int, int] = {}
        for tag in article.tags:
            for other in _near(by_tag[tag.slug], mine):
                scores[other] = scores.get(other, 0) + TAG_WEIGHT
        for other in _near(by_section.get(article.section, []), mine):
            scores[other] = scores.get(other, 0) + SECTION_WEIGHT
        scores.pop(mine, None)
        ranked = ((-score, abs(other - mine), other) for other, score in scores.items())
        related[article.source] = tuple(articles[o] for _, _, o in heapq.nsmallest(count, ranked))
    return related


def _near(ranks: list[int], mine: int) -> list[int]:
    at = bisect_left(ranks, mine)
    return ranks[max(0, at - WINDOW) : at + WINDOW + 1]
