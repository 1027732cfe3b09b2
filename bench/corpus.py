"""A deterministic corpus of news articles for benchmarks: `python -m bench.corpus N DIR`.

N articles of 500-1200 words with headings, lists, quotes, links, images and tables, in
Unicode; 12 top-level sections with about 40 nested categories, about 300 tags, 50 authors,
dates spread over five years. The same N always gives the same files.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

TOP = ["world", "politics", "business", "technology", "science", "health", "sport",
       "culture", "opinion", "climate", "education", "travel"]  # fmt: skip
SUB = ["asia", "europe", "africa", "americas", "middle-east", "markets", "economy", "energy",
       "football", "tennis", "books", "film", "music", "ai", "security", "space"]  # fmt: skip
WORDS = [
    "government",
    "council",
    "minister",
    "report",
    "city",
    "river",
    "market",
    "energy",
    "school",
    "hospital",
    "court",
    "election",
    "budget",
    "rain",
    "storm",
    "port",
    "bridge",
    "railway",
    "vote",
    "trade",
    "price",
    "union",
    "strike",
    "police",
    "village",
    "farmers",
    "water",
    "harvest",
    "museum",
    "festival",
    "league",
    "final",
    "coach",
    "player",
    "season",
    "research",
    "data",
    "survey",
    "study",
    "climate",
    "emissions",
    "solar",
    "wind",
    "coal",
    "ministry",
    "agency",
    "office",
    "résumé",
    "café",
    "naïve",
    "Zürich",
    "São",
    "Paulo",
    "Kraków",
    "Reykjavík",
    "東京",
    "서울",
    "Москва",
    "القاهرة",
]
PNG = bytes.fromhex(  # one transparent pixel, a whole PNG: newsgen decodes every image
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def sections(rng: random.Random) -> list[str]:
    found = list(TOP)
    for top in TOP:  # about 40 nested categories under the 12 sections
        for sub in rng.sample(SUB, 3):
            found.append(f"{top}/{sub}")
            if rng.random() < 0.15:
                found.append(f"{top}/{sub}/analysis")
    return found


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, n: int, sources: list[str], words: int) -> str:
    parts: list[str] = []
    written = 0
    while written < words:
        kind = rng.random()
        if kind < 0.08:
            parts.append(f"## {sentence(rng, 5)[:-1]}")
        elif kind < 0.14:
            parts.append("\n".join(f"- {sentence(rng, 8)}" for _ in range(4)))
            written += 32
        elif kind < 0.18:
            parts.append(f"> {sentence(rng, 20)}")
            written += 20
        elif kind < 0.20:
            parts.append(
                "| Year | Value | Change |\n|---|---|---|\n"
                + "\n".join(
                    f"| {2020 + i} | {rng.randint(1, 999)} | {rng.randint(-9, 9)}% |"
                    for i in range(4)
                )
            )
            written += 12
        elif kind < 0.22:
            parts.append(f"![{sentence(rng, 4)[:-1]}](img-{n}.png)")
        else:
            paragraph = " ".join(sentence(rng, rng.randint(8, 22)) for _ in range(3))
            if sources and rng.random() < 0.2:
                paragraph += f" See [an earlier report](/{rng.choice(sources)})."
            parts.append(paragraph)
            written += len(paragraph.split())
    return "\n\n".join(parts)


def generate(count: int, folder: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    all_sections = sections(rng)
    tags = [f"{rng.choice(WORDS)} {i}" for i in range(300)]
    authors = [f"Reporter {chr(65 + i % 26)}{i}" for i in range(50)]
    start = datetime(2021, 11, 1, tzinfo=UTC)
    sources: list[str] = []
    for n in range(count):
        section = rng.choice(all_sections)
        date = start + timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60))
        source = f"{section}/story-{n}.md"
        path = folder / "content" / source
        path.parent.mkdir(parents=True, exist_ok=True)
        front = [
            "---",
            f'title: "{sentence(rng, rng.randint(6, 12))[:-1]}"',
            f"date: {date.isoformat()}",
            f"authors: [{', '.join(rng.sample(authors, rng.choice([1, 1, 2])))}]",
            f"tags: [{', '.join(rng.sample(tags, rng.randint(2, 5)))}]",
            f'summary: "{sentence(rng, 25)}"',
            f'location: "{rng.choice(WORDS).upper()}"',
        ]
        if n % 3 == 0:
            (path.parent / f"img-{n}.png").write_bytes(PNG)
            front.append(f'image: {{src: img-{n}.png, alt: "{sentence(rng, 6)[:-1]}"}}')
        text = body(rng, n, sources[-50:], rng.randint(500, 1200))
        if f"img-{n}.png" in text and n % 3:
            (path.parent / f"img-{n}.png").write_bytes(PNG)
        path.write_text("\n".join([*front, "---", "", text, ""]), encoding="utf-8")
        sources.append(source)
    config = ['title = "Benchmark Times"', 'base_url = "https://bench.example.org/"',
              'timezone = "UTC"']  # fmt: skip
    (folder / "config.toml").write_text("\n".join(config) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    generate(args.count, args.folder)


if __name__ == "__main__":
    main()
