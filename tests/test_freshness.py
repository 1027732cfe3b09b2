"""A rebuild with nothing changed does no work, and is right to do none."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

from sitekit import NOW, article, build_site, read, run_newsgen, write_site


def _settle(site: Path) -> None:
    """Let file times age past the clock tick within which a change could not be seen."""
    time.sleep(0.15)


def _site(tmp_path: Path) -> Path:
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("Alpha", body="See [next](draft.md)."),
            "content/draft.md": article("Draft", draft="true"),
            "content/b.md": article("Beta", date="2026-11-29T23:00:00+09:00"),  # 14:00 UTC
            "content/c.md": article(
                "Gamma", date="2026-11-28T10:00:00+09:00", live="true",
                live_until="2026-11-29T22:00:00+09:00",
            ),
        },
    )  # fmt: skip
    _settle(site)
    return site


def test_nothing_changed_means_nothing_written(tmp_path: Path) -> None:
    site = _site(tmp_path)
    first = build_site(site)
    index = site / "output/index.html"
    before = (index.stat().st_ino, index.stat().st_mtime_ns, (site / "output").stat().st_ino)
    second = build_site(site)
    assert second.timings[0][0] == "inputs unchanged"
    assert second.rendered == 0 and second.written == 0
    assert (second.pages, second.files) == (first.pages, first.files)
    after = (index.stat().st_ino, index.stat().st_mtime_ns, (site / "output").stat().st_ino)
    assert after == before
    # What the last build warned of is said again: CI logs must not lose it.
    assert [str(w) for w in second.warnings] == [str(w) for w in first.warnings]
    assert any("'draft.md': the article is a draft" in str(w) for w in second.warnings)


def test_any_edit_template_or_option_brings_a_real_build(tmp_path: Path) -> None:
    site = _site(tmp_path)
    build_site(site)
    write_site(site, {"content/a.md": article("Alpha, edited")}, config=None)
    _settle(site)
    assert build_site(site).rendered > 0
    assert "Alpha, edited" in read(site / "output", "")
    write_site(site, {"templates/partials/footer.html": "<footer>Own footer</footer>"}, None)
    _settle(site)
    assert build_site(site).rendered > 0
    assert "Own footer" in read(site / "output", "")
    assert build_site(site, drafts=True).timings[0][0] != "inputs unchanged"


def test_an_output_replaced_or_removed_is_built_again(tmp_path: Path) -> None:
    site = _site(tmp_path)
    build_site(site)
    os.rename(site / "output", site / "elsewhere")
    (site / "output").mkdir()
    (site / "output/index.html").write_text("not ours", encoding="utf-8")
    build_site(site)
    assert "Alpha" in read(site / "output", "")
    (site / "output/a/index.html").unlink()
    build_site(site)
    assert "Alpha" in read(site / "output", "a/")


def test_the_clock_alone_changes_the_site_when_it_should(tmp_path: Path) -> None:
    site = _site(tmp_path)
    build_site(site)  # 12:00 UTC: Beta is scheduled for 14:00, Gamma is live until 13:00
    assert "Beta" not in read(site / "output", "")
    assert build_site(site, now=NOW + timedelta(minutes=30)).rendered == 0
    at_13 = build_site(site, now=NOW + timedelta(hours=1, minutes=30))
    assert at_13.rendered > 0  # the live coverage ended
    assert "Beta" not in read(site / "output", "")
    build_site(site, now=NOW + timedelta(hours=2, minutes=1))
    assert "Beta" in read(site / "output", "")
    build_site(site, now=NOW)  # and a build dated before the last one is a real build
    assert "Beta" not in read(site / "output", "")


def test_the_command_says_the_site_is_unchanged(tmp_path: Path) -> None:
    site = _site(tmp_path)
    run_newsgen("build", "--now", NOW.isoformat(), cwd=site)
    again = run_newsgen("build", "--now", NOW.isoformat(), "-v", cwd=site)
    assert again.returncode == 0
    assert "inputs unchanged" in again.stdout + again.stderr
    assert "'draft.md': the article is a draft" in again.stderr
