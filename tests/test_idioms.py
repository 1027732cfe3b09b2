"""Jekyll's Liquid and Hugo's shortcodes in bodies, as archives have them: converted where
the build knows the answer, never published as template text, named once per file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitekit import article, build_site, jpeg, read, run_newsgen, write_site

from newsgen.core.errors import BuildError

SUB_PATH = """\
title = "Test Times"
timezone = "UTC"
base_url = "https://example.org/news/"
"""

JEKYLL_BODY = """\
As [we reported]({% post_url 2019-04-01-first-snow %}) and
[later]({{ site.baseurl }}{% post_url 2019/2019-04-03-thaw %}), see
[the map]({% link _posts/map.pdf %}) and [the archive]({{ site.baseurl }}/archive/).
The logo is at {{ "/logo.png" | absolute_url }}.

{% highlight python linenos %}
# not a heading
print("{{ not.liquid }}")
{% endhighlight %}

{% raw %}Write {{ page.title }} in a template.{% endraw %}

{% include newsletter.html %}{% comment %}an editor's note{% endcomment %}

Closing line {{ page.author }}.
"""


def jekyll_site(tmp_path: Path) -> Path:
    return write_site(tmp_path, {
        "content/_posts/2019-04-01-first-snow.md": article("First snow", date="2019-04-01"),
        "content/_posts/2019/2019-04-03-thaw.md": article("Thaw", date="2019-04-03"),
        "content/_posts/map.pdf": b"%PDF",
        "content/_posts/2019-04-05-roundup.md": article("Roundup", date="2019-04-05",
                                                        body=JEKYLL_BODY),
    }, config=SUB_PATH)  # fmt: skip


def test_jekyll_links_code_and_raw_text_become_what_they_meant(tmp_path: Path) -> None:
    result = build_site(jekyll_site(tmp_path))
    page = read(result.output, "roundup/")
    assert '<a href="/news/first-snow/">we reported</a>' in page
    assert re.search(r'<a href="/news/[\w/]*thaw/">later</a>', page)
    assert '<a href="/news/_posts/map.pdf">the map</a>' in page
    assert '<a href="/news/archive/">the archive</a>' in page
    assert "The logo is at https://example.org/news/logo.png." in page
    # The highlighted block is one code block: its comment is no heading, its braces code.
    assert '<div class="highlight"><pre>' in page and "# not a heading" in page
    assert page.count("<h1") == 1
    assert "not.liquid" in page
    assert "Write {{ page.title }} in a template." in page  # raw text, shown as written
    assert "{%" not in page and "page.author" not in page and "an editor" not in page
    assert "<p>Closing line .</p>" in page
    assert [str(w) for w in result.warnings] == [
        "content/_posts/2019-04-05-roundup.md:18: warning: template tags left out of the page"
        " (newsgen does not run templates in articles): Liquid include, Liquid {{ page }}"
    ]


def test_a_post_url_to_no_post_is_an_error_at_its_line(tmp_path: Path) -> None:
    body = "One.\n\nSee [this]({% post_url 2019-01-01-gone %})."
    site = write_site(tmp_path, {"content/_posts/2019-04-05-a.md": article("A", body=body)})
    with pytest.raises(BuildError) as caught:
        build_site(site)
    assert [str(d) for d in caught.value.diagnostics] == [
        "content/_posts/2019-04-05-a.md:8: {% post_url 2019-01-01-gone %}: no such post"
    ]


HUGO_BODY = """\
Read [the first]({{< ref "first.md" >}}), [the bundle]({{< relref "/posts/harbour" >}})
and [its notes]({{< ref "harbour#notes" >}}).

{{< figure src="crane.jpg" alt="A crane lifts a container" caption="Cranes at work." attr="Photo: Ana Lee" >}}

{{< youtube id="w7Ft2ymGmfc" title="The harbour at night" >}}

{{< vimeo 55073825 >}}

{{< gist spf13 7896402 >}}

{{< highlight go "linenos=table" >}}
// not a heading either
fmt.Println("hi")
{{< /highlight >}}

{{< notice warning
   title="Careful" >}}
Roads are closed.
{{< /notice >}}

To show a shortcode, Hugo writes `{{</* figure src="x" */>}}`.
"""


def hugo_site(tmp_path: Path, config: str = SUB_PATH) -> Path:
    return write_site(tmp_path, {
        "content/posts/first.md": article("First"),
        "content/posts/harbour/index.md": article("Harbour", body="## Notes\n\nCalm."),
        "content/posts/storm/index.md": article("Storm", body=HUGO_BODY),
        "content/posts/storm/crane.jpg": jpeg(),
    }, config=config)  # fmt: skip


def test_hugo_refs_figures_embeds_and_code_become_newsgen_output(tmp_path: Path) -> None:
    result = build_site(hugo_site(tmp_path))
    page = read(result.output, "posts/storm/")
    assert '<a href="/news/posts/first/">the first</a>' in page
    assert '<a href="/news/posts/harbour/">the bundle</a>' in page
    assert '<a href="/news/posts/harbour/#notes">its notes</a>' in page
    assert (
        '<figure><img src="/news/posts/storm/crane.jpg" alt="A crane lifts a container">'
        "<figcaption>Cranes at work. Photo: Ana Lee</figcaption></figure>" in page
    )
    assert '<a href="https://www.youtube.com/watch?v=w7Ft2ymGmfc">The harbour at night</a>' in page
    assert '<a href="https://vimeo.com/55073825">Watch the video on Vimeo</a>' in page
    assert '<a href="https://gist.github.com/spf13/7896402">See the code on GitHub</a>' in page
    assert "// not a heading either" in page and page.count("<h1") == 1
    assert "<p>Roads are closed.</p>" in page and "Careful" not in page
    assert '<code>{{&lt; figure src="x" &gt;}}</code>' in page
    assert "{{&lt; youtube" not in page and "/*" not in page
    assert [str(w) for w in result.warnings] == [
        "content/posts/storm/index.md:22: warning: template tags left out of the page"
        " (newsgen does not run templates in articles): Hugo notice"
    ]


def test_a_figure_on_a_site_without_raw_html_is_an_image_and_its_caption(tmp_path: Path) -> None:
    site = hugo_site(tmp_path, config=SUB_PATH + "[markdown]\nraw_html = false\n")
    page = read(build_site(site).output, "posts/storm/")
    assert 'alt="A crane lifts a container"' in page and 'src="/news/posts/storm/crane.jpg"' in page
    assert "<p><em>Cranes at work. Photo: Ana Lee</em></p>" in page


def test_check_lists_a_missing_ref_with_the_rest(tmp_path: Path) -> None:
    body = 'See [gone]({{< ref "nowhere.md" >}}).\n\n{{< tweet user="x" id="1" >}}'
    site = write_site(tmp_path, {"content/posts/a.md": article("A", body=body)})
    result = run_newsgen("check", cwd=site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/posts/a.md:6: ref 'nowhere.md': no such article or section",
        "1 error, 0 warnings",
    ]


def test_hostile_bodies_full_of_unclosed_tags_build_quickly_and_show_none(tmp_path: Path) -> None:
    # Each opening tag once searched the rest of the body for its end: hours for these.
    bodies = {
        "highlight": "{% highlight x %}\n" * 20000,
        "raw": "{% raw %} a " * 20000,
        "hugo": "{{< highlight go >}} x\n" * 20000,
        "escape": "{{</* x " * 20000,
        "ticks": "`{{ x }} " * 20000,
    }
    files = {f"content/{name}.md": article(name, body=body) for name, body in bodies.items()}
    site = write_site(tmp_path, files)
    result = run_newsgen("build", cwd=site)  # stopped after 120 s
    assert result.returncode == 0, result.stderr[-2000:]
    for name in ("highlight", "raw", "hugo"):  # unclosed blocks: their tags are left out
        page = read(site / "output", f"{name}/")
        assert "{%" not in page and "{{&lt;" not in page


def test_what_a_left_out_tag_held_leaves_no_empty_link_behind(tmp_path: Path) -> None:
    body = """\
        {% assign release = site.data.releases | first %}

        * <{{ release.url }}>
        * [Download it]({{ release.url }}) now.
        * ![The logo]({{ site.data.logo }})

        {{< legacy-img src="/img/crane.jpg" alt="A crane at dusk" caption="The port." >}}
        """
    site = write_site(tmp_path, {"content/world/a.md": article("A", body=body)})
    page = read(build_site(site).output, "world/a/")
    assert "&lt;&gt;" not in page and 'href=""' not in page and 'src=""' not in page
    assert "<li>Download it now.</li>" in page
    assert (
        '<figure><img src="/img/crane.jpg" alt="A crane at dusk"><figcaption>The port.'
        "</figcaption></figure>" in page
    )


def test_refs_to_sections_drafts_and_broken_articles(tmp_path: Path) -> None:
    body = (
        'See [Asia]({{< ref "/world/asia" >}}), [the plan]({{< ref "plan.md" >}}),'
        " [the old post]({% post_url 2019-04-01-plan %}) and [the broken one](broken.md)."
    )
    site = write_site(tmp_path, {
        "content/world/asia/a.md": article("A", body=body),
        "content/world/asia/plan.md": article("Plan", draft="true"),
        "content/world/_posts/2019-04-01-plan.md": article("Old plan", draft="true"),
        "content/world/asia/broken.md": article("Broken", date="2026-02-30"),
    })  # fmt: skip
    result = run_newsgen("check", "--verbose", cwd=site)
    assert result.stdout.splitlines() == [
        "content/world/asia/a.md:6: warning: link to '/world/asia/plan.md': the article is a draft",
        "content/world/asia/a.md:6: warning: link to '/world/_posts/2019-04-01-plan.md': the"
        " article is a draft",
        "content/world/asia/a.md:6: warning: link to 'broken.md': the article is not built, for"
        " errors of its own",
        "content/world/asia/broken.md:3: 'date': '2026-02-30' is not a valid date (day is out"
        " of range for month); write it as ISO 8601, e.g. 2026-03-01 or"
        " 2026-03-01T14:05:00+09:00",
        "1 error, 3 warnings",
    ]
    write_site(site, {"content/world/asia/broken.md": article("Mended")}, config=None)
    page = read(build_site(site).output, "world/asia/a/")
    assert '<a href="/world/asia/">Asia</a>' in page
    assert '<a href="/world/asia/broken/">the broken one</a>' in page


def test_pages_and_images_the_old_site_kept_elsewhere_are_warnings_not_errors(
    tmp_path: Path,
) -> None:
    body = (
        'Join [the community]({{< ref "/communities" >}}).\n\n'
        '{{< legacy-img src="2014/08/hands.jpg" alt="Hands" >}}'
    )
    site = write_site(tmp_path, {"content/news/a.md": article("A", body=body)})
    result = build_site(site)
    page = read(result.output, "news/a/")
    assert '<a href="/communities/">the community</a>' in page
    assert "hands.jpg" not in page and "legacy-img" not in page
    assert [str(w) for w in result.warnings] == [
        "content/news/a.md:6: warning: ref '/communities': no article or section of this"
        " site; linked to /communities/",
        "content/news/a.md:8: warning: template tags left out of the page (newsgen does not"
        " run templates in articles): Hugo legacy-img",
    ]
