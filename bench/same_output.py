"""Whether this checkout builds the same bytes as another revision:
`python3 -m bench.same_output REV [--articles 1000]`.

Builds the sample site and a benchmark corpus with newsgen at REV (checked out into a
temporary worktree) and with this checkout, each cold and then again after one article's
body changed, and compares every file of the outputs. Prints the files that differ and
exits 1 when any does. For changes meant to keep the output as it was (a move, a
refactoring).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.corpus import generate
from bench.run import NOW, SCRATCH, edit

REPO = Path(__file__).resolve().parent.parent


def _build(code: Path, site: Path, output: Path, cache: Path) -> None:
    """A build of `site` by the newsgen in `code`, with its own cache folder."""
    shutil.copytree(site, cache, dirs_exist_ok=True, ignore=shutil.ignore_patterns("output"))
    command = [sys.executable, "-m", "newsgen", "build", "--now", NOW, "--output", str(output)]
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(command, cwd=cache, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the build with {code} failed:\n{done.stderr}")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _differences(before: Path, after: Path) -> list[str]:
    old, new = _files(before), _files(after)
    lines = [f"only before: {name}" for name in sorted(old.keys() - new.keys())]
    lines += [f"only after: {name}" for name in sorted(new.keys() - old.keys())]
    lines += [
        f"differs: {name}" for name in sorted(old.keys() & new.keys()) if old[name] != new[name]
    ]
    return lines


def _compare(site: Path, before_code: Path, scratch: Path, story: str | None) -> list[str]:
    """Cold builds by both, then (with `story`) a rebuild by both after one body edit."""
    found: list[str] = []
    for run in ("cold", "edit") if story else ("cold",):
        if run == "edit" and story:
            edit(next((site / "content").rglob(story)), "\n\n", "\n\nAn added sentence.\n\n")
        outputs = []
        for name, code in (("before", before_code), ("after", REPO)):
            output = scratch / f"{site.name}-{name}-output"
            _build(code, site, output, scratch / f"{site.name}-{name}-site")
            outputs.append(output)
        found += [f"{site.name} ({run}): {line}" for line in _differences(*outputs)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", help="the revision to compare with, e.g. HEAD~3")
    parser.add_argument("--articles", type=int, default=1000, help="the corpus's size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=SCRATCH) as temporary:
        scratch = Path(temporary)
        before = scratch / "before-code"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(before),
                        args.revision], check=True)  # fmt: skip
        try:
            sample = scratch / "sample"
            shutil.copytree(REPO / "content", sample / "content")
            shutil.copy(REPO / "config.toml", sample / "config.toml")
            if (REPO / "static").is_dir():
                shutil.copytree(REPO / "static", sample / "static")
            corpus = scratch / f"corpus-{args.articles}"
            generate(args.articles, corpus)
            found = _compare(sample, before, scratch, None)
            found += _compare(corpus, before, scratch, "story-7.md")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(before)],
                           check=False)  # fmt: skip
    print("\n".join(found) or f"the same bytes as {args.revision}: sample site and "
          f"{args.articles} articles, cold and after one edit")  # fmt: skip
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
