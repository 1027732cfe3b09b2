"""Save-to-reload latency of `newsgen serve`: `python -m bench.serve_latency [--articles N]`.

Starts the real server on a copy of the sample site (or on the benchmark corpus of N
articles), holds the page's reload stream open as a browser does, edits one article's body
and measures the time from the end of the write to the "reload" event, then fetches the
page and checks that the edit is on it. Prints each save and the median.
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import generate
from bench.run import SCRATCH

REPO = Path(__file__).resolve().parent.parent


def _copy_sample(site: Path) -> Path:
    shutil.rmtree(site, ignore_errors=True)
    for folder in ("content", "static"):
        shutil.copytree(REPO / folder, site / folder)
    shutil.copy(REPO / "config.toml", site / "config.toml")
    return next(site.glob("content/world/**/*.md"))


def _start(site: Path) -> tuple[subprocess.Popen[str], str, int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "serve", "--port", "0"],
        cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    while True:
        line = process.stdout.readline()
        if not line:
            raise SystemExit("serve stopped before serving")
        if match := re.match(r"serving http://([\d.]+):(\d+)(\S*) ", line):
            return process, match.group(1), int(match.group(2))


def _wait_for_reload(host: str, port: int, version: int, save: Path, text: str) -> float:
    """Open the stream as the page does, save, and return seconds until the reload."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", f"/__newsgen/events?since={version}")
    response = connection.getresponse()
    time.sleep(0.3)  # the stream is open and waiting, as in a browser
    save.write_text(text, encoding="utf-8")
    saved = time.perf_counter()
    while True:
        line = response.fp.readline()
        if line.startswith(b"event: reload"):
            connection.close()
            return time.perf_counter() - saved
        if not line:
            raise SystemExit("the event stream closed without a reload")


def _version(host: str, port: int) -> int:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", "/")
    page = connection.getresponse().read().decode()
    connection.close()
    match = re.search(r"events\?since=(\d+)", page)
    assert match, "no reload script on the page"
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=0, help="corpus size; 0: the sample")
    parser.add_argument("--saves", type=int, default=7)
    args = parser.parse_args()
    if args.articles:
        site = SCRATCH / f"newsgen-bench-{args.articles}"
        if not (site / "config.toml").exists():
            generate(args.articles, site)
        story = next((site / "content").rglob("story-7.md"))
    else:
        site = SCRATCH / "newsgen-serve-sample"
        story = _copy_sample(site)
    process, host, port = _start(site)
    original = story.read_text(encoding="utf-8")
    times = []
    try:
        for n in range(args.saves):
            edited = original.replace("\n\n", f"\n\nA sentence added on save {n}.\n\n", 1)
            seconds = _wait_for_reload(host, port, _version(host, port), story, edited)
            times.append(seconds)
            print(f"save {n + 1}: reload after {seconds * 1000:.0f} ms", flush=True)
    finally:
        story.write_text(original, encoding="utf-8")
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    print(f"median save-to-reload: {statistics.median(times) * 1000:.0f} ms ({site.name})")


if __name__ == "__main__":
    main()
