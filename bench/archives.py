"""Real archives through newsgen: `python3 -m bench.archives ARCHIVE_DIR... [--keep DIR] [-v]`.

Each ARCHIVE_DIR holds `src/`, a checkout of a public site's repository, and `recipe.toml`,
which says what to take from it (kept outside this repository, like the archive):

    name = "18F blog"                   # how the report names the archive
    repo = "18F/18f.gsa.gov"            # repo, commit and idiom are only reported
    commit = "1ce82e502c0199e6d9ef139035fdac540f79446d"
    idiom = "Jekyll"
    title = "18F"                       # the site's config.toml: title, base_url, and more
    base_url = "https://18f.gsa.gov/"   # (optional) as the old site had it, e.g. its addresses
    config = '''
    [permalinks]
    article = "{year}/{month}/{day}/{slug}/"
    '''
    [content]                           # folder or file in src/ = path under content/
    "_posts" = "_posts"                 # ("" is content/ itself)
    "assets" = "assets"
    [static]                            # the same under static/ (optional)

For each archive it makes a site in a temporary folder (or DIR/<archive folder> with
`--keep`), runs `newsgen check --format json` and `newsgen build` there, and reports: the
Markdown files, the files refused (with an error), errors and warnings grouped by their text
with what they quote left out, the build's exit code and pages, and the article pages whose
HTML still holds syntax the build did not understand. While the build fails, the files it
fails on are left out and the site built again, so that the rest can be read. newsgen is
the one that `python3 -m newsgen` imports: set PYTHONPATH to choose a checkout.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

USAGE = "Build real public archives with newsgen and report what it did not understand."
NOW = "2026-12-07T00:00:00Z"  # every run sees the same articles as published
MARKDOWN = (".md", ".markdown")
KEEP_MARK = ".bench-archives"  # marks a kept site, which a later run may replace
EXAMPLES = 3

# Hidden from the scan: code (where template syntax is the subject), scripts, styles, comments.
HIDDEN = re.compile(r"<(script|style|pre|code|textarea)\b[^>]*>.*?</\1>|<!--.*?-->", re.S | re.I)
P_TAG = re.compile(r"<p\s+([^>]*)>")
ATTR_NAME = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
P_ATTRS = {"class", "id", "style", "lang", "dir", "title", "role", "align", "hidden", "tabindex"}
# What a page must not show: each kind is a pattern found in the page's HTML outside code.
PATTERNS = {
    "Liquid {% %}": re.compile(r"\{%"),
    "shortcode {{< {{%": re.compile(r"\{\{[<%]"),
    "template {{ }}": re.compile(r"\{\{(?![<%])"),
    "code fence ``` ~~~": re.compile(r"```|~~~"),
    "Markdown link [..](..)": re.compile(r"\]\((?:https?://|/|\.\.?/|#)[^)\s]*\)"),
    "time with fraction of seconds": re.compile(r"<time datetime=\"[^\"]*:\d\d\.\d+"),
    "hole left by a dropped tag (<>, empty href or src)": re.compile(r'>&lt;&gt;<|(?:href|src)=""'),
    "empty <figcaption>": re.compile(r"<figcaption[^>]*>\s*</figcaption>"),
}
TAG = re.compile(r"\b(Liquid|Hugo) (\{\{.*?\}\}|\{%.*?%\}|[^,\s]+)")
NONE = re.compile(r">\s*None\s*<|=\"None\"")  # outside the body, where None is a word
ODD_P, H1 = "<p> with odd attribute", "several <h1>"
ROUNDS = 10  # builds without the files the last one failed on, at most
FAILED = re.compile(r"^(content/[^:]+):(?:\d+:)? (?!warning:)", re.M)


@dataclass
class Report:
    name: str
    recipe: dict[str, object]
    posts: int = 0
    refused: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # message kind: its first problem
    build_exit: int = 0
    left_out: int = 0  # files left out to build the rest: the refused, and what linked to them
    final_exit: int = 0
    tags: Counter[str] = field(default_factory=Counter)  # template tags left out, by name
    quoted: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    pages: int = 0
    article_pages: int = 0
    not_understood: Counter[str] = field(default_factory=Counter)  # kind: pages
    snippets: dict[str, list[str]] = field(default_factory=dict)  # kind: page and snippet
    seconds: float = 0.0

    @property
    def pages_not_understood(self) -> int:
        return len({s.split(": ")[0] for found in self.snippets.values() for s in found})


def kind_of(message: str) -> str:
    """A message with what it names taken out (quoted parts, paths, template tags), so that
    messages of one kind group."""
    message = re.sub(r"'[^']*'", "'…'", message)
    message = re.sub(r'"[^"]*"', '"…"', message)
    message = re.sub(r"(?<!\w)(?:/|content/)[^\s,:]*", "…", message)
    message = TAG.sub(lambda m: f"{m.group(1)} …", message)
    return re.sub(r"(…|Liquid …|Hugo …)(?:, \1)+", r"\1", message)


def tag_names(message: str) -> list[str]:
    """The template tags a warning names, `{{ page.image }}` as `Liquid {{ page }}`."""
    if not message.startswith("template tags left out"):
        return []
    return [f"{m.group(1)} {re.sub(r'[.[].*}}', ' }}', m.group(2))}" for m in TAG.finditer(message)]


def newsgen(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newsgen", *args, "--now", NOW]
    return subprocess.run(command, cwd=site, capture_output=True, text=True, check=False)


def make_site(archive: Path, recipe: dict[str, object], site: Path) -> None:
    site.mkdir(parents=True)
    (site / KEEP_MARK).touch()
    title, base_url = json.dumps(recipe["title"]), json.dumps(recipe["base_url"])
    extra = recipe.get("config", "")
    (site / "config.toml").write_text(f"title = {title}\nbase_url = {base_url}\n{extra}")
    for table, folder in (("content", "content"), ("static", "static")):
        copies = recipe.get(table, {})
        assert isinstance(copies, dict), f"{archive}/recipe.toml: [{table}] must be a table"
        for source, target in copies.items():
            origin, copy = archive / "src" / source, site / folder / target
            copy.parent.mkdir(parents=True, exist_ok=True)
            if origin.is_file():
                shutil.copy2(origin, copy)
            else:
                shutil.copytree(origin, copy, dirs_exist_ok=True)
    (site / "content").mkdir(exist_ok=True)


def read_check(report: Report, site: Path) -> set[str]:
    """Count the check's problems by kind; return the files refused."""
    done = newsgen(site, "check", "--format", "json")
    (site / "check.json").write_text(done.stdout)
    try:
        problems = json.loads(done.stdout)["problems"]
    except (ValueError, KeyError):
        crash = f"check crashed: {done.stderr.strip().splitlines()[-1:]}"
        problems = [{"path": "", "line": None, "severity": "error", "message": crash}]
    refused = set()
    for problem in problems:
        kind = kind_of(problem["message"])
        error = problem["severity"] == "error"
        (report.errors if error else report.warnings)[kind] += 1
        where = f"{problem['path']}:{problem['line']}" if problem["line"] else problem["path"]
        report.examples.setdefault(kind, f"{where}: {problem['message']}")
        report.tags.update(tag_names(problem["message"]))
        if first := re.search(r"'([^']*)'", problem["message"]):  # what the kind most often names
            report.quoted[kind][first.group(1)[:60]] += 1
        if error and problem["path"].startswith("content/"):
            refused.add(problem["path"])
    report.refused = len(refused)
    return refused


def build(report: Report, site: Path, refused: set[str]) -> None:
    """Build; while it fails, leave out the files it (or the check) names, to see the pages."""
    done = newsgen(site, "build")
    report.build_exit = done.returncode
    for _ in range(ROUNDS):
        if done.returncode == 0 or not refused:
            break
        for path in refused:
            (site / path).unlink(missing_ok=True)
        report.left_out += len(refused)
        done = newsgen(site, "build")
        refused = {m.group(1) for m in FAILED.finditer(done.stderr)} - {"content/"}
    (site / "build.log").write_text(done.stdout + done.stderr)
    report.final_exit = done.returncode
    built = re.search(r"built (\d+) pages", done.stdout)
    report.pages = int(built.group(1)) if built else 0


def snippet(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 40) : end + 40].split())


def scan(report: Report, output: Path) -> None:
    """Find article pages whose HTML outside code still holds syntax not understood."""
    for page in sorted(output.rglob("*.html")):
        html = page.read_text(encoding="utf-8", errors="replace")
        if 'class="article-page"' not in html:
            continue
        report.article_pages += 1
        shown = HIDDEN.sub(" ", html)
        name = str(page.relative_to(output))
        found: dict[str, str] = {}
        for kind, pattern in PATTERNS.items():
            if match := pattern.search(shown):
                found[kind] = snippet(shown, match.start(), match.end())
        for match in P_TAG.finditer(shown):
            names = {m.group(1).lower() for m in ATTR_NAME.finditer(match.group(1))}
            if any(n not in P_ATTRS and not n.startswith(("data-", "aria-")) for n in names):
                found.setdefault(ODD_P, snippet(shown, match.start(), match.end()))
        body = shown.find('class="article-body"'), shown.find('class="article-footer"')
        if match := NONE.search(shown[: body[0]] + shown[body[1] :] if -1 not in body else shown):
            found["None"] = match.group(0)
        if len(h1s := list(re.finditer(r"<h1[\s>]", shown))) > 1:
            found[H1] = snippet(shown, h1s[1].start(), h1s[1].end() + 40)
        for kind, text in found.items():
            report.not_understood[kind] += 1
            report.snippets.setdefault(kind, []).append(f"{name}: {text}")


def run(archive: Path, keep: Path | None) -> Report:
    recipe = tomllib.loads((archive / "recipe.toml").read_text())
    report = Report(str(recipe.get("name", archive.name)), recipe)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="newsgen-archive-") as scratch:
        site = (keep or Path(scratch)) / archive.name
        if keep and site.exists():
            if not (site / KEEP_MARK).exists():
                raise SystemExit(f"{site} exists and is not a site this script made")
            shutil.rmtree(site)
        make_site(archive, recipe, site)
        report.posts = sum(p.suffix in MARKDOWN for p in (site / "content").rglob("*"))
        refused = read_check(report, site)
        build(report, site, refused)
        scan(report, site / "output")
    report.seconds = time.monotonic() - started
    return report


def top(counts: Counter[str], n: int) -> str:
    return "; ".join(f"{count} x {kind}" for kind, count in counts.most_common(n)) or "none"


def built(r: Report) -> str:
    again = f"; exit {r.final_exit} without {r.left_out} files" if r.left_out else ""
    return f"exit {r.build_exit}{again}"


def show(r: Report, verbose: bool) -> None:
    commit = str(r.recipe.get("commit", ""))[:7]
    print(
        f"\n{r.name} ({r.recipe.get('repo', '')}@{commit}, {r.recipe.get('idiom', '')}), "
        f"{r.seconds:.0f} s: {r.posts} posts, {r.refused} refused, "
        f"{r.errors.total()} errors, {r.warnings.total()} warnings; build "
        f"{built(r)}, {r.pages} pages, "
        f"{r.pages_not_understood} of {r.article_pages} article pages not understood"
    )
    print(f"  errors: {top(r.errors, 99 if verbose else 5)}")
    print(f"  warnings: {top(r.warnings, 99 if verbose else 5)}")
    print(f"  not understood (pages): {top(r.not_understood, 99)}")
    if verbose:
        print(f"  template tags left out of pages: {top(r.tags, 15)}")
        for kind, count in (r.errors + r.warnings).most_common():
            print(f"  {count} x {kind}\n    e.g. {r.examples[kind]}")
            if len(r.quoted[kind]) > 1:
                print(f"    most often: {top(r.quoted[kind], 6)}")
        for kind, found in r.snippets.items():
            print(f"  {kind}:")
            for line in found[:EXAMPLES]:
                print(f"    {line}")


def table(reports: list[Report]) -> None:
    """The figures as a Markdown table, and the most frequent problems across archives."""
    print(
        "\n| archive | idiom | posts | refused | errors | warnings | template tags left out |"
        " build | pages | article pages not understood |\n|---|---|--:|--:|--:|--:|--:|---|--:|---|"
    )
    for r in reports:
        kinds = ", ".join(f"{k} {n}" for k, n in r.not_understood.most_common())
        print(
            f"| {r.name} | {r.recipe.get('idiom', '')} | {r.posts} | {r.refused} | "
            f"{r.errors.total()} | {r.warnings.total()} | {r.tags.total()} | {built(r)} | "
            f"{r.pages} | {r.pages_not_understood} of {r.article_pages}: {kinds or 'none'} |"
        )
    everything: Counter[str] = Counter()
    example: dict[str, str] = {}
    for r in reports:
        everything.update(r.errors + r.warnings)
        for kind in r.errors + r.warnings:
            example.setdefault(kind, r.examples[kind])
    print("\nMost frequent problems across the archives:")
    for kind, count in everything.most_common(10):
        print(f"  {count} x {kind}\n    e.g. {example[kind]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.archives", description=USAGE)
    parser.add_argument("archives", nargs="+", type=Path, metavar="ARCHIVE_DIR")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep each site in DIR/<name>")
    parser.add_argument("--verbose", "-v", action="store_true", help="every kind, with examples")
    args = parser.parse_args(argv)
    where = "import newsgen, pathlib; print(pathlib.Path(newsgen.__file__).parent.parent)"
    with tempfile.TemporaryDirectory() as elsewhere:  # as the runs import it: not from here
        found = subprocess.run([sys.executable, "-c", where], cwd=elsewhere, check=False,
                               capture_output=True, text=True)  # fmt: skip
    print(f"newsgen from {found.stdout.strip() or found.stderr.strip()}, now {NOW}")
    reports = []
    for archive in args.archives:
        reports.append(run(archive, args.keep))
        show(reports[-1], args.verbose)
    table(reports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
