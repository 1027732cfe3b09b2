"""Content written for Jekyll, Hugo and Pelican builds as it is, with a note per file only
where something cannot be carried over."""

from __future__ import annotations

from pathlib import Path

from sitekit import build_site, jpeg, run_newsgen, write_site

JEKYLL = {
    # No title, no date: both from the file name, as Jekyll does. CRLF and a BOM.
    "content/_posts/2019-04-01-first-snow-in-seoul.md": (
        "\ufeff---\r\nlayout: post\r\ncategories: world asia\r\ntags: snow Seoul seoul\r\n"
        "author: Min-ji Park\r\nexcerpt: Flakes at last.\r\npermalink: /2019/first-snow.html\r\n"
        "---\r\nIt snowed.\r\n"
    ),
    "content/news/_posts/2019-04-02-ferries.markdown": (
        "---\ntitle: Ferries stop\ndate: 2019-04-02 9:30:00 +0100\ntags: [ferries, null]\n"
        "redirect_from:\n  - /old/ferries/\n  - /?p=12\nlayout: gallery\n---\n"
        "{% include figure.html src='x.jpg' %}\n\n```\n{{ not.reported }}\n```\n"
        "See {{ site.baseurl }} too.\n"
    ),
    "content/_drafts/unfinished.md": "---\ntitle: Unfinished\ndate: 2019-04-03\n---\nDraft.\n",
    "content/_posts/notes.html": "<p>not Markdown: copied as it is</p>\n",
}

HUGO = {
    "content/posts/_index.md": "---\ntitle: Posts\n---\n",
    "content/posts/harbour/index.md": (
        '+++\ntitle = "Harbour reopens"\ndate = 2019-04-05\nlastmod = 2019-04-06T10:00:00Z\n'
        'draft = false\ndescription = "Ships again."\ncategories = ["Business"]\n'
        'tags = ["Shipping", "shipping"]\nimages = ["crane.jpg", "other.jpg"]\n'
        'aliases = ["/2019/harbour/"]\nweight = 3\n+++\n\n'
        '{{< figure src="crane.jpg" >}}\nText {{% note %}}x{{% /note %}}.\n'
    ),
    "content/posts/harbour/crane.jpg": jpeg(),
    "content/storm.md": (
        "---\ntitle: Storm\npublishDate: 2019-04-07T08:00:00+02:00\ndraft: true\n"
        "categories: [Weather]\n---\nWind.\n"
    ),
}

PELICAN = {
    "content/pelican.md": (
        "Title: Budget passes\nDate: 2019-04-08 10:20\nModified: 2019-04-09 11:00\n"
        "Category: Politics\nTags: budget, Parliament\nAuthors: Daniel Okafor\n"
        "Summary: A close vote.\nStatus: published\n\nThe budget passed.\n"
    ),
}


def notes_of(result: object) -> list[str]:
    return [str(w) for w in result.warnings]  # type: ignore[attr-defined]


def test_jekyll_site_builds(tmp_path: Path) -> None:
    result = build_site(write_site(tmp_path, JEKYLL))
    out = result.output
    first = (out / "world/first-snow-in-seoul/index.html").read_text("utf-8")
    assert "First Snow In Seoul" in first and "2019-04-01" in first
    assert "Flakes at last." in first
    assert (out / "tags/asia/index.html").is_file()  # the other categories are tags
    assert (out / "tags/snow/index.html").is_file() and (out / "tags/seoul/index.html").is_file()
    assert "url=https://news.example.com/world/first-snow-in-seoul/" in (
        out / "2019/first-snow.html"
    ).read_text("utf-8")
    assert (out / "news/ferries/index.html").is_file()  # _posts is not a section
    assert (out / "old/ferries/index.html").is_file()
    ferries = (out / "news/ferries/index.html").read_text("utf-8")
    assert "{% include" not in ferries and "site.baseurl" not in ferries  # none published
    assert "{{ not.reported }}\n</code></pre>" in ferries  # code as written
    assert not (out / "unfinished").exists() and not (out / "drafts").exists()
    assert (out / "_posts/notes.html").read_text("utf-8").startswith("<p>not Markdown")
    notes = notes_of(result)
    shown = "content/news/_posts/2019-04-02-ferries.markdown"
    assert (
        f"{shown}:10: warning: template tags left out of the page (newsgen does not run"
        " templates in articles): Liquid include" in notes
    )
    assert (
        f"{shown}:5: warning: old address '/?p=12' has a query string: a static site "
        "cannot redirect it" in notes
    )
    assert not any("layout" in n for n in notes)  # a theme's layout means nothing here
    assert not any("first-snow" in n for n in notes)  # everything there carried over
    assert not any("not.reported" in n for n in notes)


def test_jekyll_drafts_are_drafts(tmp_path: Path) -> None:
    result = build_site(write_site(tmp_path, JEKYLL), drafts=True)
    assert (result.output / "unfinished/index.html").is_file()


def test_hugo_site_builds(tmp_path: Path) -> None:
    result = build_site(write_site(tmp_path, HUGO), drafts=True)
    out = result.output
    # A post in Hugo's bucket of posts is filed by its first category.
    harbour = (out / "business/harbour/index.html").read_text("utf-8")
    assert "Ships again." in harbour and "2019-04-06" in harbour
    assert 'src="/posts/harbour/crane.jpg"' in harbour
    assert '<figure><img src="/posts/harbour/crane.jpg" alt=""></figure>' in harbour
    assert "{{" not in harbour and "Text x." in harbour  # the unknown pair's text stays
    assert (out / "tags/shipping/index.html").is_file() and (
        out / "tags/business/index.html"
    ).is_file()
    assert (out / "2019/harbour/index.html").is_file()
    assert (out / "weather/storm/index.html").is_file()  # category files a top-level article
    assert not (out / "posts/_index.md").exists() and not (out / "_index/index.html").exists()
    notes = notes_of(result)
    assert (
        "content/posts/harbour/index.md:9: warning: only the first of 'images' is the article's image"
        in notes
    )
    assert (
        "content/posts/harbour/index.md:15: warning: template tags left out of the page"
        " (newsgen does not run templates in articles): Hugo note" in notes
    )
    assert not any("weight" in n for n in notes)


def test_pelican_metadata(tmp_path: Path) -> None:
    result = build_site(write_site(tmp_path, PELICAN))
    # Pelican names an article by its title, not its file.
    page = (result.output / "politics/budget-passes/index.html").read_text("utf-8")
    assert "Budget passes" in page and "A close vote." in page and "Daniel Okafor" in page
    assert (result.output / "tags/parliament/index.html").is_file()
    assert notes_of(result) == []


def test_check_reports_template_tags_without_failing(tmp_path: Path) -> None:
    write_site(tmp_path, HUGO)
    done = run_newsgen("check", "--now", "2026-11-29T12:00:00Z", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Hugo note" in done.stdout


def test_yaml_and_toml_dates_and_odd_tags(tmp_path: Path) -> None:
    files = {
        "content/a.md": '+++\ntitle = "A"\ndate = 2019-04-01\ntags = ["NEWS", "news", 2019]\n+++\nA.\n',
        "content/b.md": "---\ntitle: B\ndate: 2019-04-01 10:00:00 +09:00\ntags: NEWS, News\n---\nB.\n",
    }
    result = build_site(write_site(tmp_path, files))
    assert (result.output / "tags/news/index.html").is_file()
    assert (result.output / "tags/2019/index.html").is_file()
    assert notes_of(result) == []
