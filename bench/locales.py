"""What CLDR's dates and counting in characters cost a build:
`python3 -m bench.locales [--articles 1000] [--rounds 5]`.

Builds the benchmark corpus (`bench/corpus.py`) cold, counts the dates its pages show and
the bodies it measures, then times, in alternating rounds on the build's own moments and
bodies: the dates as newsgen writes them now (Babel) against the table of month names it
had before (read from git, commit 29b9141), and a body measured in words and characters
against words alone. The difference, times what a build does, against the build's CPU.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.corpus import generate
from bench.run import NOW, SCRATCH

BEFORE = "29b9141"  # the last commit with the hand-made table of dates
REPO = Path(__file__).resolve().parent.parent


def cold_build(site: Path) -> float:
    """CPU seconds of a cold build, its workers included."""
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".newsgen", ignore_errors=True)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-m", "newsgen", "build", "--now", NOW]
    subprocess.run(command, cwd=site, capture_output=True, check=True)
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime


def table_dates(zone: tzinfo) -> Any:
    """The `Dates` of commit 29b9141: month names and patterns from a table in the code."""
    command = ["git", "show", f"{BEFORE}:newsgen/render/theme.py"]
    source = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True).stdout
    start = source.index("@dataclass(frozen=True)\nclass DateWords")
    end = source.index("@dataclass(frozen=True)\nclass ShareLink")
    code = "from dataclasses import dataclass\nfrom collections.abc import Mapping\n"
    code += "from datetime import datetime, tzinfo\n" + source[start:end]
    namespace: dict[str, Any] = {}
    exec(compile(code, "theme@29b9141", "exec"), namespace)
    return namespace["Dates"](zone, "en")


def show_all(dates: Any, moments: list[datetime]) -> list[str]:
    return [dates.show(m, "long", "en") for m in moments]


def per_call(calls: Callable[[], object], count: int) -> float:
    """Microseconds per item of one pass over `count` items."""
    started = time.perf_counter()
    calls()
    return (time.perf_counter() - started) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()

    from newsgen.markdown.convert import plain_text
    from newsgen.markdown.reading import measure
    from newsgen.render.dates import Dates

    site = SCRATCH / f"newsgen-locales-{options.articles}"
    if not (site / "config.toml").exists():
        generate(options.articles, site)
    cpu = cold_build(site)
    pages = [p.read_text(encoding="utf-8") for p in (site / "output").rglob("*.html")]
    shown = [m for page in pages for m in re.findall(r'<time[^>]*datetime="([^"]+)"', page)]
    moments = [datetime.fromisoformat(m) for m in shown if "T" in m]
    marker = '<div class="article-body"'
    bodies = [plain_text(page.split(marker, 1)[1]) for page in pages if marker in page]

    zone = ZoneInfo("UTC")
    old = table_dates(zone)
    timings: dict[str, list[float]] = {k: [] for k in ("cldr", "table", "both", "words")}
    for _ in range(options.rounds):  # before and after in turn
        timings["table"].append(per_call(lambda: [old.show(m) for m in moments], len(moments)))
        fresh = Dates(zone)  # as a build starts: no day written yet
        timings["cldr"].append(per_call(partial(show_all, fresh, moments), len(moments)))
        timings["words"].append(per_call(lambda: [len(b.split()) for b in bodies], len(bodies)))
        timings["both"].append(per_call(lambda: [measure(b) for b in bodies], len(bodies)))
    best = {k: statistics.median(v) for k, v in timings.items()}
    dates = len(moments) * (best["cldr"] - best["table"]) / 1e6
    added = dates + len(bodies) * (best["both"] - best["words"]) / 1e6
    print(f"cold build of {options.articles} articles: {cpu:.1f} CPU seconds")
    print(f"{len(moments)} dates shown with a time, {len(bodies)} bodies measured")
    print(f"a date: table {best['table']:.1f} µs, CLDR {best['cldr']:.1f} µs")
    print(f"a body: words {best['words']:.0f} µs, words and characters {best['both']:.0f} µs")
    print(f"added to the build: {added:.2f} s ({added / cpu:.1%} of its CPU)")


if __name__ == "__main__":
    main()
