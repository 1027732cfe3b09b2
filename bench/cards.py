"""What share cards add to a cold build: `python3 -m bench.cards [--articles 1000] [--rounds 3]`.

Builds the benchmark corpus (`bench/corpus.py`) cold, with `[share_card] enabled` false
and true in turn, each build in a fresh process: wall seconds, CPU seconds (the build and
its worker processes), the images stage, and the cards published with their bytes. Then
one card encoded in each format Pillow writes, the reason the cards are PNGs of a palette.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import generate
from bench.run import NOW, SCRATCH


def cold_build(site: Path, cards: bool) -> dict[str, float]:
    config = (site / "config.toml").read_text(encoding="utf-8").split("[share_card]")[0]
    config += f"[share_card]\nenabled = {'true' if cards else 'false'}\n"
    (site / "config.toml").write_text(config, encoding="utf-8")
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".newsgen", ignore_errors=True)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "newsgen", "build", "--now", NOW, "--verbose"]
    done = subprocess.run(command, cwd=site, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime
    found = re.search(r"images\s+([\d.]+) s", done.stdout + done.stderr)
    made = list((site / "output/share").glob("*.png"))
    return {
        "wall": wall,
        "cpu": cpu,
        "images": float(found.group(1)) if found else 0.0,
        "cards": len(made),
        "kb": sum(p.stat().st_size for p in made) / 1024 / max(1, len(made)),
    }


def formats() -> None:
    """One card's pixels encoded each way: bytes and milliseconds."""
    from PIL import Image

    from newsgen.images.card import CardStyle, share_card
    from newsgen.images.card_draw import draw

    style = CardStyle("The Meridian Post", "#f4f1ea", "#161616", "#b3001b", False)
    card = share_card("Floods force 40,000 from their homes in central Mozambique", "Crisis", style)
    assert card is not None
    made = draw(card)  # the font loaded
    started = time.perf_counter()
    for _ in range(20):
        draw(card)
    print(f"card drawn and encoded: {(time.perf_counter() - started) / 20 * 1000:.1f} ms")
    paletted = Image.open(io.BytesIO(made))
    paletted.load()
    full = paletted.convert("RGB")
    ways = {
        "PNG, palette, zlib 3 (newsgen)": (paletted, "PNG", {"compress_level": 3}),
        "PNG, palette, zlib 9": (paletted, "PNG", {"compress_level": 9}),
        "PNG, full colour, zlib 6": (full, "PNG", {"compress_level": 6}),
        "PNG, full colour, optimized": (full, "PNG", {"optimize": True}),
        "JPEG, quality 85": (full, "JPEG", {"quality": 85, "optimize": True}),
        "WebP, quality 80": (full, "WEBP", {"quality": 80, "method": 4}),
        "WebP, lossless": (full, "WEBP", {"lossless": True, "method": 2}),
    }
    for name, (image, kind, options) in ways.items():
        times, size = [], 0
        for _ in range(10):
            buffer = io.BytesIO()
            started = time.perf_counter()
            image.save(buffer, kind, **options)
            times.append(time.perf_counter() - started)
            size = len(buffer.getvalue())
        print(f"| {name} | {size / 1024:.0f} KB | {statistics.median(times) * 1000:.1f} ms |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    site = SCRATCH / f"newsgen-cards-{args.articles}"
    if not (site / "config.toml").exists():
        generate(args.articles, site)
    for _ in range(args.rounds):
        for cards in (False, True):
            found = cold_build(site, cards)
            shown = ", ".join(f"{k} {v:.2f}" for k, v in found.items())
            print(f"cards {'on ' if cards else 'off'}: {shown}, load {os.getloadavg()[0]:.1f}")
    formats()


if __name__ == "__main__":
    main()
