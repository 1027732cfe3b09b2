"""Hostile content, interrupted and concurrent builds, reproducibility, arbitrary input."""

from __future__ import annotations

import fcntl
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitekit import (
    NOW,
    article,
    build_site,
    copy_sample,
    read,
    run_newsgen,
    tree,
    write_site,
)

from newsgen.core.errors import BuildError


def test_raw_html_can_be_switched_off(tmp_path: Path) -> None:
    body = 'Hi <b onclick="steal()">there</b>.\n\n<script>alert(1)</script>\n\nText {: onclick="x()" }\n'
    config = 'title = "T"\n[markdown]\nraw_html = false\n'
    site = write_site(tmp_path, {"content/a.md": article("A", body=body)}, config=config)
    build_site(site)
    html = read(site / "output", "a/")
    assert "<b onclick" not in html and "<script>alert(1)" not in html
    assert ' onclick="' not in html  # no attribute list either
    assert "Hi there." in html


def test_script_links_never_reach_a_page(tmp_path: Path) -> None:
    body = "[click](javascript:alert(1)) and [also](  JaVaScRiPt:alert(2)) and [fine](https://example.org/)"
    site = write_site(tmp_path, {"content/a.md": article("A", body=body)})
    build_site(site)
    html = read(site / "output", "a/")
    assert "javascript:" not in html.lower()
    assert '<a href="https://example.org/">fine</a>' in html


def test_hostile_names_are_escaped_in_html(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/a.md": article(
                '"><img src=x onerror=alert(1)>',
                authors='["<script>x</script>"]',
                summary="'\"</p><script>alert(1)</script>'",
            )
        },
    )
    build_site(site)
    html = read(site / "output", "a/")
    assert "<img src=x" not in html and "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_a_second_build_at_the_same_time_is_refused(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A")})
    build_site(site)
    before = tree(site / "output")
    with open(site / ".output.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.truncate(0)
        lock.write("4242")
        lock.flush()
        result = run_newsgen("build", "--now", NOW.isoformat(), cwd=site)
    assert result.returncode == 1
    assert "another newsgen build (process 4242) is writing" in result.stderr
    assert tree(site / "output") == before


def test_a_build_killed_while_writing_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    files = {
        f"content/world/story-{n}.md": article(f"Story {n}", body="Words. " * 300)
        for n in range(400)
    }
    site = write_site(tmp_path, files)
    build_site(site)
    before = tree(site / "output")
    # Every page changes, so the next build really writes every file.
    write_site(
        site, {"config.toml": 'title = "Renamed"\nbase_url = "https://x.example/"\n'}, config=None
    )
    build_site(site, output=tmp_path / "expected")
    after = tree(tmp_path / "expected")
    killed_while_writing = 0
    for delay in (0.0, 0.02, 0.05, 0.1):
        process = subprocess.Popen(
            [sys.executable, "-m", "newsgen", "build", "--now", NOW.isoformat()], cwd=site,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        stage = tmp_path / f".output.staging-{process.pid}"
        deadline = time.monotonic() + 30
        while not stage.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)  # wait until it is writing, then kill it part-way through
        if process.poll() is not None:  # a build that won the last race has nothing to do
            assert tree(site / "output") == after
            break
        assert stage.exists(), "the build never started writing"
        time.sleep(delay)
        killed_while_writing += process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
        # The old site whole, or (when the build won the race) the new one whole: never a mix.
        assert tree(site / "output") in (before, after), f"killed {delay} s into writing"
    assert killed_while_writing >= 1
    result = run_newsgen("build", "--now", NOW.isoformat(), cwd=site)
    assert result.returncode == 0, result.stderr
    assert tree(site / "output") == after
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name or ".old-" in p.name] == []


def test_builds_are_byte_identical_whatever_the_zone_locale_and_hash_seed(tmp_path: Path) -> None:
    outputs = []
    sample = copy_sample(tmp_path / "sample")
    for number, env in enumerate([
        {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "1"},
        {"TZ": "Asia/Seoul", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "2"},
    ]):  # fmt: skip
        output = tmp_path / f"out{number}"
        result = run_newsgen("build", "--output", str(output), "--now", NOW.isoformat(),
                             "--quiet", cwd=sample, env=env)  # fmt: skip
        assert result.returncode == 0, result.stderr
        outputs.append(tree(output))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 200


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
    st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()),
)  # fmt: skip
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)  # fmt: skip
_keys = st.sampled_from(["title", "date", "updated", "authors", "tags", "section", "summary",
                         "image", "location", "slug", "draft", "featured", "live", "corrections", "x"])  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(front=st.dictionaries(_keys, _values, max_size=8), body=st.text(max_size=300))
def test_any_front_matter_and_body_builds_or_fails_cleanly(
    tmp_path: Path, front: dict[str, object], body: str
) -> None:
    site = tmp_path / f"site-{abs(hash((repr(front), body)))}"
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    write_site(site, {"content/world/a.md": text, "content/world/b.md": article("B")})
    try:
        build_site(site)
    except BuildError as exc:
        assert exc.diagnostics
        assert all(
            d.path.startswith("content/world/") for d in exc.diagnostics if d.severity == "error"
        )
    else:
        assert (site / "output/world/b/index.html").exists()


@pytest.mark.parametrize("text", ["---\n---\n", "---\ntitle: T\ndate: 2026-01-01\n---\n\n  \n"])
def test_only_front_matter_is_an_error(tmp_path: Path, text: str) -> None:
    site = write_site(tmp_path, {"content/a.md": text})
    with pytest.raises(BuildError):
        build_site(site)
    assert not (site / "output").exists()
