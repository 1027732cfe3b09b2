"""Live coverage: one Markdown file of timestamped updates, built into a live blog."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from sitekit import (
    DEFAULT_CONFIG,
    article,
    broken_links,
    build_sample,
    build_site,
    element,
    json_ld,
    read,
    run_newsgen,
    write_site,
)

from newsgen.core.errors import BuildError

STORM = "world/europe/storm-elin-live/"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("live") / "output"
    build_sample(output)
    return output


def test_updates_across_midnight_and_a_time_zone_change_get_their_times(sample: Path) -> None:
    [blog, _] = json_ld(read(sample, STORM))
    assert blog["@type"] == "LiveBlogPosting"
    assert blog["coverageStartTime"] == "2026-11-28T18:00:00+00:00"
    assert blog["coverageEndTime"] == "2026-11-30T12:00:00+01:00"
    assert blog["dateModified"] == "2026-11-29T11:40:00+01:00"  # the newest update
    times = [u["datePublished"] for u in blog["liveBlogUpdate"]]  # type: ignore[union-attr,index]
    assert times == [
        "2026-11-29T11:40:00+01:00",  # written with its date and the new zone
        "2026-11-29T10:15:00+01:00",  # a bare time: the day and zone of the update above
        "2026-11-29T09:02:00+01:00",
        "2026-11-29T07:30:00+00:00",  # back in London's zone, written out
        "2026-11-29T05:10:00+00:00",
        "2026-11-29T01:45:00+00:00",  # after midnight
        "2026-11-28T23:50:00+00:00",  # the day before, written out
        "2026-11-28T21:30:00+00:00",
        "2026-11-28T19:05:00+00:00",
    ]
    first = blog["liveBlogUpdate"][0]  # type: ignore[index]
    assert first["@type"] == "BlogPosting"
    assert first["headline"] == "Danish rail operator suspends ferries to the islands"
    assert (
        first["url"]
        == "https://meridian.example.org/world/europe/storm-elin-live/#update-202611291040"
    )
    assert first["author"] == {"@type": "Person", "name": "Henrik Solberg"}
    assert first["articleBody"].startswith("All ferry crossings from Esbjerg")


def test_the_page_shows_pinned_first_then_newest_with_key_events_and_anchors(sample: Path) -> None:
    html = read(sample, STORM)
    ids = re.findall(r'<article class="live-update[^"]*" id="(update-\d+)"', html)
    assert ids[0] == "update-202611290802"  # pinned: schools closed
    assert ids[1:4] == ["update-202611291040", "update-202611290915", "update-202611290730"]
    assert len(ids) == 9
    box = element(html, '<nav class="key-events"')
    assert re.findall(r'href="#(update-\d+)"', box) == [
        "update-202611291040",
        "update-202611290510",
        "update-202611282350",
    ]
    assert '<p class="live-badge">Live</p>' in html
    assert 'Updated <time datetime="2026-11-29T11:40:00+01:00">' in html
    assert "Storm Elin, the strongest storm" in html  # the introduction
    assert "## " not in html
    assert broken_links(sample) == []


def test_live_coverage_is_listed_and_linked_from_every_page_while_live(sample: Path) -> None:
    listing = read(sample, "live/")
    assert 'href="/world/europe/storm-elin-live/"' in listing
    for page in ("", "world/", "sport/netball-southern-cross-final/"):
        assert '<li class="nav-live"><a href="/live/"' in read(sample, page)
    assert '<span class="live-badge">Live</span>' in read(sample, "world/europe/")


def test_each_update_is_an_entry_of_the_articles_own_feed(sample: Path) -> None:
    own = feedparser.parse((sample / STORM / "atom.xml").read_bytes())
    assert own.bozo == 0 and len(own.entries) == 9
    assert own.entries[0].link.endswith("#update-202611291040")
    assert own.entries[0].id.endswith("storm-elin-live#update-202611291040")
    site = feedparser.parse((sample / "atom.xml").read_bytes())
    [storm] = [e for e in site.entries if "Storm Elin" in e.title]
    assert storm.updated == "2026-11-29T11:40:00+01:00"  # moves with the newest update
    assert feedparser.parse((sample / STORM / "feed.xml").read_bytes()).bozo == 0


def test_ended_coverage_is_shown_as_ended(tmp_path: Path) -> None:
    body = "Intro.\n\n## 10:00 First\n\nText.\n\n## 11:00 Second [key]\n\nMore."
    site = write_site(tmp_path, {"content/world/vote.md": article(
        "Vote count", date="2026-11-01T09:00:00+09:00", live="true",
        live_until="2026-11-01T23:00:00+09:00", body=body)})  # fmt: skip
    build_site(site)
    out = site / "output"
    html = read(out, "world/vote/")
    assert "Live coverage has ended" in html and 'class="live-badge"' not in html
    assert not (out / "live").exists()
    assert "nav-live" not in read(out, "")
    [blog, _] = json_ld(html)
    assert blog["coverageEndTime"] == "2026-11-01T23:00:00+09:00"
    assert [u["datePublished"] for u in blog["liveBlogUpdate"]] == [  # type: ignore[union-attr]
        "2026-11-01T11:00:00+09:00",
        "2026-11-01T10:00:00+09:00",  # bare times: the article's day and zone
    ]


def test_headings_that_are_not_times_and_fenced_code_stay_text(tmp_path: Path) -> None:
    body = "## 3 things to know\n\nIntro.\n\n```\n## 12:00 not an update\n```\n\n## 12:30 Real update\n\nText."
    site = write_site(tmp_path, {"content/a.md": article("A", live="true", body=body)})
    build_site(site)
    html = read(site / "output", "a/")
    assert "3 things to know</h2>" in html and "## 12:00 not an update" in html
    assert len(re.findall(r"<article class=\"live-update", html)) == 1


@pytest.mark.parametrize(
    ("heading", "message"),
    [
        ("## 25:61 Bad", "content/a.md:9: impossible update time in '## 25:61 Bad': hour must be in 0..23"),
        ("## 2026-13-01 10:00 Bad", "content/a.md:9: impossible update time in '## 2026-13-01 10:00 Bad': month must be in 1..12"),
        ("## 12:3 Bad", "content/a.md:9: cannot read the update time in '## 12:3 Bad'"),
        ("## 2026-11-19 23:00 Before", "content/a.md:9: update at 2026-11-19T23:00:00+09:00 is before the coverage starts (2026-11-20T10:00:00+09:00)"),
        ("## 09:59 Before", "content/a.md:9: update at 2026-11-20T09:59:00+09:00 is before the coverage starts"),
    ],
)  # fmt: skip
def test_a_malformed_update_heading_names_its_line(
    tmp_path: Path, heading: str, message: str
) -> None:
    body = f"Intro.\n\n{heading}\n\nText."
    site = write_site(tmp_path, {"content/a.md": article("A", live="true", body=body)})
    with pytest.raises(BuildError) as caught:
        build_site(site)
    [error] = [str(d) for d in caught.value.diagnostics]
    assert error.startswith(message), error


def test_live_until_before_the_date_is_an_error(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {"content/a.md": article("A", live="true", live_until="2026-01-01")}
    )
    with pytest.raises(
        BuildError, match=re.escape("content/a.md:5: 'live_until' is earlier than 'date'")
    ):
        build_site(site)


def test_the_live_page_links_its_own_feed_and_counts_every_word(sample: Path) -> None:
    html = read(sample, STORM)
    assert (
        'type="application/atom+xml" title="Storm Elin: live updates as the storm crosses the North Sea (Atom)" href="/world/europe/storm-elin-live/atom.xml"'
        in html
    )
    minutes = int(re.search(r"(\d+) min read", html).group(1))  # type: ignore[union-attr]
    assert minutes >= 2  # the updates count, not only the introduction


LIVE_BODY = "## 10:00\n\nPolls open."


def test_a_live_section_cannot_take_the_live_pages_address_even_while_nothing_is_live(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"content/live/music.md": article("Gig tonight")})
    with pytest.raises(BuildError) as caught:
        build_site(site)
    assert [str(d) for d in caught.value.diagnostics] == [
        "section live: writes to /live/index.html, the address of the live coverage page: give"
        " it another, or move the live coverage page with permalinks.live in config.toml"
    ]
    # Once coverage goes live, the same error, not another.
    write_site(site, {"content/vote.md": article("Vote", live="true", body=LIVE_BODY)}, None)
    with pytest.raises(BuildError) as again:
        build_site(site)
    assert [str(d) for d in again.value.diagnostics] == [str(caught.value.diagnostics[0])]


def test_the_live_page_goes_where_config_says(tmp_path: Path) -> None:
    config = DEFAULT_CONFIG + '[permalinks]\nlive = "now/"\ncorrections = "about/corrections/"\n'
    site = write_site(tmp_path, {
        "content/live/music.md": article("Gig tonight"),
        "content/vote.md": article("Vote", live="true", body=LIVE_BODY,
                                   corrections='[{date: 2026-11-21, text: "A name was wrong."}]'),
    }, config=config)  # fmt: skip
    build_site(site)
    output = site / "output"
    assert "Gig tonight" in read(output, "live/")  # the section
    assert 'href="/vote/"' in read(output, "now/")  # the coverage going on
    assert '<li class="nav-live"><a href="/now/"' in read(output, "")
    assert "A name was wrong." in read(output, "about/corrections/")
    assert 'href="/about/corrections/"' in read(output, "")
    assert broken_links(output) == []


def test_a_live_page_address_outside_the_site_is_refused(tmp_path: Path) -> None:
    config = DEFAULT_CONFIG + '[permalinks]\nlive = "../live/"\n'
    site = write_site(tmp_path, {"content/a.md": article("A")}, config=config)
    result = run_newsgen("build", cwd=site)
    assert result.returncode == 1
    assert "config.toml:7: permalinks.live leads outside the output" in result.stderr
