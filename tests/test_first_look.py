"""serve's first look: the page of an edited article, rendered from the last build before
the site is rebuilt, exactly as the rebuild will render it; or nothing when it cannot be."""

from __future__ import annotations

from pathlib import Path

from sitekit import DEFAULT_CONFIG, NOW, article, read, write_site

from newsgen.build import BuildOptions, build
from newsgen.core.config import load_config
from newsgen.render.session import LastBuild, Session
from newsgen.serve.first_look import first_look


def _built(site: Path) -> LastBuild:
    session = Session()
    build(load_config(site / "config.toml"), BuildOptions(now=NOW), session)
    assert session.last is not None
    return session.last


def test_the_page_of_an_edited_article_is_the_page_the_rebuild_makes(tmp_path: Path) -> None:
    files = {f"content/world/story-{n}.md": article(f"Story {n}", date=f"2026-11-1{n}T10:00:00Z",
                                                    tags="[quake]", body=f"Body {n}.")
             for n in range(4)}  # fmt: skip
    site = write_site(tmp_path, files)
    last = _built(site)
    story = site / "content/world/story-2.md"
    story.write_text(files["content/world/story-2.md"].replace("Body 2.", "New body."))
    found = first_look(last, story)
    assert found is not None
    output, data = found
    assert output == "world/story-2/index.html"
    assert "New body." not in read(site / "output", "world/story-2/")  # not written: shown
    _built(site)
    assert (site / "output" / output).read_bytes() == data


def test_no_first_look_where_the_rebuild_must_decide(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A"), "content/b.md": article("B")})
    last = _built(site)
    a = site / "content/a.md"
    new = site / "content/c.md"
    new.write_text(article("C"))
    assert first_look(last, new) is None  # not on the last site
    a.write_text(article("A", slug="moved"))
    assert first_look(last, a) is None  # its address changes: links to it change too
    a.write_text(article("A", draft="true"))
    assert first_look(last, a) is None  # leaves the site
    a.write_text("---\ntitle: [broken\n---\nText\n")
    assert first_look(last, a) is None  # the rebuild reports the error
    assert first_look(last, site / "config.toml") is None
    a.write_text(article("A", body="Fine again."))
    found = first_look(last, a)
    assert found is not None and b"Fine again." in found[1]


def test_an_article_written_to_a_named_file_is_looked_at_too(tmp_path: Path) -> None:
    config = DEFAULT_CONFIG + '[permalinks]\narticle = "{year}/{slug}.html"\n'
    site = write_site(tmp_path, {"content/a.md": article("A")}, config=config)
    last = _built(site)
    (site / "content/a.md").write_text(article("A", body="Edited."))
    found = first_look(last, site / "content/a.md")
    assert found is not None and found[0] == "2026/a.html" and b"Edited." in found[1]
