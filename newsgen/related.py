"""Related articles: for each article, the few others that share most of its tags and its
section. Computed once per build from an index of tags, never by comparing every pair."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from newsgen.model import Article

RELATED_COUNT = 4
CANDIDATES_PER_TAG = 200  # newest articles considered per tag: bounds the work on big tags
TAG_WEIGHT, SECTION_WEIGHT = 2, 1


def find_related(
    articles: Sequence[Article], count: int = RELATED_COUNT
) -> Mapping[str, tuple[Article, ...]]:
    """`articles` newest first; for each source, the related articles, best first."""
    rank = {a.source: i for i, a in enumerate(articles)}
    by_tag: dict[str, list[Article]] = defaultdict(list)
    by_section: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for tag in article.tags:
            if len(by_tag[tag.slug]) < CANDIDATES_PER_TAG:
                by_tag[tag.slug].append(article)
        if article.section and len(by_section[article.section]) < CANDIDATES_PER_TAG:
            by_section[article.section].append(article)

    related: dict[str, tuple[Article, ...]] = {}
    for article in articles:
        scores: Counter[str] = Counter()
        for tag in article.tags:
            for other in by_tag[tag.slug]:
                scores[other.source] += TAG_WEIGHT
        for other in by_section.get(article.section, ()):
            scores[other.source] += SECTION_WEIGHT
        scores.pop(article.source, None)
        best = sorted(scores, key=lambda source: (-scores[source], rank[source]))[:count]
        related[article.source] = tuple(articles[rank[source]] for source in best)
    return MappingProxyType(related)
