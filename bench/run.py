"""The benchmark: `python -m bench.run [--sizes 1000 10000] [--huge] [--pelican]`.

For each corpus size it prints: a cold build (no output, no cache), a rebuild with nothing
changed, a rebuild after one article's body is edited, a rebuild after one headline
changes, the peak memory of a cold build (its largest process, and the build with its
workers together, which counts the pages they share twice), and pages per second.
Corpora and outputs go to a tmpfs folder (/dev/shm) to keep disk noise out; each build
runs in a fresh process.
`--pelican` builds the same articles with Pelican 4 (pip install pelican) for comparison.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import generate

NOW = "2026-11-29T12:00:00Z"
SCRATCH = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path("/tmp")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # the largest single process (the build, or one of its workers)
    tree_mb: float  # the build and its workers together, sampled: shared pages count twice
    output: str


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and its children, from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def _sample(pid: int, peak: list[int], done: threading.Event) -> None:
    while not done.wait(0.05):
        peak[0] = max(peak[0], _tree_rss(pid))


def _environment() -> dict[str, str]:
    """Builds run as on an installed system, where Python keeps its compiled modules: a
    machine that sets PYTHONDONTWRITEBYTECODE would add recompiling newsgen (or Pelican)
    and their libraries, about 0.15 s, to every build."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], cwd: Path) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=_environment())  # fmt: skip
    peak, done = [0], threading.Event()
    sampler = threading.Thread(target=_sample, args=(process.pid, peak, done), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    out = (process.stdout.read() if process.stdout else b"").decode()
    err = (process.stderr.read() if process.stderr else b"").decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err}")
    return Run(seconds, usage.ru_maxrss / 1024, peak[0] / 2**20, out)


def newsgen(site: Path) -> Run:
    return run([sys.executable, "-m", "newsgen", "build", "--now", NOW], site)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def measure(count: int, repeat: int) -> dict[str, float]:
    site = SCRATCH / f"newsgen-bench-{count}"
    if not (site / "config.toml").exists():
        generate(count, site)
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".newsgen", ignore_errors=True)
    cold = newsgen(site)
    pages = int(re.search(r"built (\d+) pages", cold.output).group(1))  # type: ignore[union-attr]
    unchanged = statistics.median(newsgen(site).seconds for _ in range(repeat))
    story = next((site / "content").rglob("story-7.md"))
    body_runs, headline_runs = [], []
    for n in range(repeat):
        edit(story, "\n\n", f"\n\nAn added sentence {n}.\n\n")
        body_runs.append(newsgen(site).seconds)
        edit(story, 'title: "', f'title: "Edit {n} ')
        headline_runs.append(newsgen(site).seconds)
    return {
        "articles": count, "pages": pages, "cold": cold.seconds, "peak_mb": cold.peak_mb,
        "tree_mb": cold.tree_mb,
        "unchanged": unchanged, "body": statistics.median(body_runs),
        "headline": statistics.median(headline_runs), "pages_per_s": pages / cold.seconds,
    }  # fmt: skip


def pelican(count: int) -> float:
    """Pelican 4, default theme and settings, on the same articles in its own format."""
    source = SCRATCH / f"newsgen-bench-{count}"
    site = SCRATCH / f"pelican-bench-{count}"
    if not (site / "content").exists():
        for path in (source / "content").rglob("*.md"):
            front, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
            meta = dict(line.split(": ", 1) for line in front.splitlines()[1:] if ": " in line)
            target = site / "content" / path.relative_to(source / "content")
            target.parent.mkdir(parents=True, exist_ok=True)
            lines = [
                f"Title: {meta['title'].strip(chr(34))}",
                f"Date: {meta['date'][:16].replace('T', ' ')}",
                f"Category: {path.parent.name}",
                f"Tags: {meta['tags'].strip('[]')}",
                f"Authors: {meta['authors'].strip('[]')}",
                f"Summary: {meta['summary'].strip(chr(34))}",
            ]
            target.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
        (site / "pelicanconf.py").write_text('SITENAME = "Bench"\nSITEURL = ""\nTIMEZONE = "UTC"\n')
    shutil.rmtree(site / "output", ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "pelican",
        "content",
        "-o",
        "output",
        "-s",
        "pelicanconf.py",
        "-q",
    ]
    return run(command, site).seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--huge", action="store_true", help="also 100,000 articles")
    parser.add_argument("--pelican", action="store_true", help="also build with Pelican 4")
    parser.add_argument("--repeat", type=int, default=3, help="runs per rebuild (median)")
    args = parser.parse_args()
    sizes = [*args.sizes, *([100_000] if args.huge else [])]
    print(f"{'articles':>9} {'pages':>7} {'cold s':>8} {'unchanged':>10} {'body edit':>10} "
          f"{'headline':>9} {'peak MB':>8} {'all MB':>7} {'pages/s':>8} "
          f"{'pelican s':>10}")  # fmt: skip
    per_article: dict[int, float] = {}
    for count in sizes:
        row = measure(count, args.repeat)
        other = pelican(count) if args.pelican else None
        shown = f"{other:10.1f}" if other else f"{'-':>10}"
        print(f"{count:>9} {row['pages']:>7.0f} {row['cold']:>8.1f} {row['unchanged']:>10.2f} "
              f"{row['body']:>10.2f} {row['headline']:>9.2f} {row['peak_mb']:>8.0f} "
              f"{row['tree_mb']:>7.0f} "
              f"{row['pages_per_s']:>8.0f} {shown}", flush=True)  # fmt: skip
        cold = row["cold"]
        per_article[count] = cold / count
        ratios = [f"unchanged 1/{cold / row['unchanged']:.1f}",
                  f"body edit 1/{cold / row['body']:.1f}",
                  f"headline 1/{cold / row['headline']:.1f}"]  # fmt: skip
        if other:
            ratios.append(f"Pelican {other / cold:.2f}x newsgen's cold time")
        print(f"{'':>9} of cold: {', '.join(ratios)}", flush=True)
    if len(per_article) > 1:
        small, large = min(per_article), max(per_article)
        ratio = per_article[large] / per_article[small]
        print(f"cold time per article at {large} / at {small}: {ratio:.2f}")


if __name__ == "__main__":
    main()
