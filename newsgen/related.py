"""Related articles: for each article, the few others that share most of its tags and its
section, among those published near it in time. Computed once per build from an index of
tags, never by comparing every pair: each article looks at a fixed window of neighbours in
each of its tags and its section, so the work grows with the site, not with its square."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from newsgen.model import Article

RELATED_COUNT = 4
WINDOW = 20  # articles considered on each side of this one, per tag and in its section
TAG_WEIGHT, SECTION_WEIGHT = 2, 1


def find_related(
    articles: Sequence[Article], count: int = RELATED_COUNT
) -> Mapping[str, tuple[Article, ...]]:
    """`articles` newest first; for each source, the related articles, best first: most
    shared tags and section, then nearest in time, then newest."""
    by_tag: dict[str, list[int]] = defaultdict(list)  # ranks, ascending (newest first)
    by_section: dict[str, list[int]] = defaultdict(list)
    for number, article in enumerate(articles):
        for tag in article.tags:
            by_tag[tag.slug].append(number)
        if article.section:
            by_section[article.section].append(number)

    related: dict[str, tuple[Article, ...]] = {}
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
    return MappingProxyType(related)


def _near(ranks: list[int], mine: int) -> list[int]:
    at = bisect_left(ranks, mine)
    return ranks[max(0, at - WINDOW) : at + WINDOW + 1]
