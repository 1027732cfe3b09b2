"""The cache around the share cards (`images/card.py`, `images/card_draw.py`): each card is
drawn once into `.newsgen/cache/cards/`, named by all it shows (headline, section, site
title, colours) and how it is drawn (the font, Pillow and its text layout), so that a
rebuild draws only the cards whose article's headline changed.

A rebuild knows an unchanged article by its head, which holds no headline: the headline
of each article without a photograph is kept here by the article's digest, so that naming
its card reads no article whole. Without the cache, cards are drawn into a scratch folder.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import closing
from pathlib import Path

from newsgen.cache.files import CACHE_FOLDER, connect, database
from newsgen.cache.images import prune_unused
from newsgen.cache.keys import cache_key
from newsgen.core.config import Config
from newsgen.core.model import Article, ArticleHead, StaticFile, Whole
from newsgen.images.card import Card, card_style, share_card
from newsgen.images.card_draw import CardJob, draw_all, layout_salt
from newsgen.index.site import Site

FOLDER = "cards"  # under the cache folder


def publish_cards(
    config: Config, site: Site, known: tuple[Whole, Mapping[str, str]], workers: int,
    folder: Path | None, make: bool,
) -> list[StaticFile]:  # fmt: skip
    """The card of every article without a photograph, drawn where it is not yet.
    `known`: how to make an article whole, and each article's digest. `folder`: a scratch
    folder, without the cache. `make`: false to name the cards and draw none (a check)."""
    if card_style(config) is None:
        return []
    plain = [a for a in site.articles if a.image is None]
    base = folder if folder is not None else config.root / CACHE_FOLDER / FOLDER
    found = _headlines(config, plain, *known, cached=folder is None)
    headlines = {article.source: headline for article, headline in zip(plain, found, strict=True)}
    cards: dict[str, tuple[Card, str]] = {}  # site path -> the card, the article it is for
    # Each language's pages name their articles' cards with its title and section words.
    for words, edition in _editions(config, site):
        style = card_style(words)
        for article in (a for a in edition.articles if a.image is None):
            section = edition.sections.get(article.section)
            card = share_card(headlines[article.source], section.title if section else "", style)
            if card is not None:
                cards.setdefault(card.path, (card, article.source))
    if not cards:
        return []
    salt = layout_salt()
    files = {path: base / _file_name(salt, path) for path in cards}
    missing = [CardJob(card, str(files[path])) for path, (card, _) in cards.items()
               if not files[path].exists()]  # fmt: skip
    if make and missing:
        draw_all(missing, workers)
        if folder is None:  # something changed: cards no longer shown may go
            prune_unused(base, {str(file) for file in files.values()})
    return [
        StaticFile(path, str(files[path]), f"the share card of {config.content_file(source)}")
        for path, (_, source) in cards.items()
    ]


def _editions(config: Config, site: Site) -> list[tuple[Config, Site]]:
    """The site as each of its languages plans it (`plan/pages.py`), or as it is."""
    if not site.languages:
        return [(config, site)]
    return [(config.in_language(code), own) for code, own in site.languages.items()]


def _file_name(salt: str, path: str) -> str:
    key = cache_key("share card", salt, path)
    return f"{key[:2]}/{key}.png"


def _headlines(
    config: Config, articles: Sequence[ArticleHead], whole: Whole, digests: Mapping[str, str],
    cached: bool,
) -> list[str]:  # fmt: skip
    """Each article's headline: an article built by this build has it; one taken from the
    cache by its head has it kept here by its digest (else it is read whole, once)."""
    if not cached:
        return [whole(article).title for article in articles]
    keys = [digests.get(article.source, "") for article in articles]
    with closing(connect(database(config.root, "cards"))) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS headlines (digest TEXT PRIMARY KEY, headline TEXT)"
        )
        heads = [k for k, a in zip(keys, articles, strict=True) if k and not isinstance(a, Article)]
        kept = _kept(connection, heads)
        headlines = [kept[k] if k in kept else whole(a).title
                     for k, a in zip(keys, articles, strict=True)]  # fmt: skip
        if any(k and k not in kept for k in keys):  # the table: this build's headlines only
            rows = {k: h for k, h in zip(keys, headlines, strict=True) if k}
            connection.execute("DELETE FROM headlines")
            connection.executemany("INSERT INTO headlines VALUES (?, ?)", rows.items())
            connection.commit()
    return headlines


def _kept(connection: sqlite3.Connection, digests: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for at in range(0, len(digests), 500):  # at most 999 parameters in one query
        chunk = digests[at : at + 500]
        marks = ",".join("?" * len(chunk))
        query = f"SELECT digest, headline FROM headlines WHERE digest IN ({marks})"
        found.update(connection.execute(query, chunk).fetchall())
    return found
