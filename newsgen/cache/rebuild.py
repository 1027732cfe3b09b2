"""Which pages a build renders: the rebuild's whole logic, in one object.

A build whose site has the shape (`site_shape`) that the last build of the same output
folder left plans only the pages that show an article whose contents changed, and keeps
the other files as they are. Either way, a planned page whose fingerprint is what the page
memory holds, and whose file is still there, is kept rather than rendered again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import datetime
from functools import partial

from newsgen.cache.page_memory import PageMemory
from newsgen.cache.site_shape import Shape, changed_articles, shape_digest
from newsgen.cache.store import PageFingerprints
from newsgen.core.model import ArticleHead, EntryHead, Page, StaticFile
from newsgen.formats.sitemaps import recent_news
from newsgen.output.staging import Staging
from newsgen.render.pages import KnownPages


def site_shape(
    setting: str, articles: Sequence[ArticleHead], heads: Mapping[str, str],
    statics: Iterable[StaticFile], aliased: Iterable[EntryHead], now: datetime,
    newest: datetime | None,
) -> str:  # fmt: skip
    """The digest of all the plan reads besides the articles beyond their heads."""
    recent = [a.source for a in recent_news(articles, now)]
    return shape_digest(setting, articles, heads, (
        sorted(s.output for s in statics), [(e.source, e.aliases) for e in aliased], recent,
        newest or now,  # dates the feeds (an empty site's, by the build's moment)
    ))  # fmt: skip


class _KnownPages:
    """What the page memory holds of each page, beside what the page is made from now."""

    def __init__(
        self,
        setting: str,
        known: Mapping[str, tuple[ArticleHead, str]],
        remembered: Mapping[str, str],
    ) -> None:
        self.fingerprints = PageFingerprints(setting, known)
        self.remembered_fingerprints = remembered

    def fingerprint(self, page: Page) -> str | None:
        return self.fingerprints.of(page.template, page.path, page.context)

    def remembered(self, output: str) -> str | None:
        return self.remembered_fingerprints.get(output)


class PagesToRender:
    """For one build: which pages to plan (`touched`), which planned pages' fingerprints
    the last build left (`remembered`), and, once the site is written, what to remember."""

    def __init__(
        self, memory: PageMemory | None, folder: str, shape: str,
        articles: Sequence[ArticleHead], digests: Mapping[str, str],
    ) -> None:  # fmt: skip
        """`memory`: None without the cache (every page is planned and rendered).
        `folder`: the output folder's name now (`folder_identity.folder_name`)."""
        self.memory = memory
        self.folder = folder
        self.shape = shape
        self.last = memory.shape() if memory is not None and memory.written(folder) else None
        # The sources of the changed articles, when only their pages are planned; else None.
        self.touched = changed_articles(self.last, shape, articles, digests)
        self.articles = articles
        self.remembered: dict[str, str] | None = None

    @property
    def only_touched(self) -> bool:
        """Whether only the pages that show a changed article are planned."""
        return self.last is not None and self.touched is not None

    def recall(self, planned: Iterable[str]) -> None:
        """Read what the last build left of the planned pages and copies: only their rows
        when few pages are planned (a tenth of a rebuild's time), else every row."""
        if self.memory is not None:
            self.remembered = (
                self.memory.known(planned) if self.only_touched else self.memory.load(self.folder)
            )

    def known(self, setting: str, digests: Mapping[str, str]) -> Callable[[], KnownPages] | None:
        """For the render stage: what each process asks of a page before rendering it.
        None without the cache: every page is rendered. `setting`: what every page depends
        on besides its context; `digests`: the articles' (`MadeArticles.digests`)."""
        remembered = self.remembered
        if remembered is None:
            return None
        known = {a.source: (a, digests[a.source]) for a in self.articles if a.source in digests}
        return partial(_KnownPages, setting, known, remembered)

    def every_page(self, pages: Sequence[Page]) -> list[str]:
        """Every page's output file: those planned, or all the last build's pages when
        only some are planned (the same shape has the same pages)."""
        if self.only_touched and self.last is not None:
            return [*self.last.pages]
        return [page.output for page in pages]

    def lost_unplanned(self, stage: Staging, pages: Sequence[Page]) -> bool:
        """Whether a page that was not planned lost its file (someone removed it). Then
        every page is to be planned and rendered, as in a build of a new shape."""
        if not self.only_touched or self.last is None:
            return False
        planned = {page.output for page in pages}
        if all(stage.keep(page) for page in self.last.pages if page not in planned):
            return False
        self.touched = None
        self.remembered = self.memory.load(self.folder) if self.memory is not None else None
        return True

    def save(
        self, fingerprints: dict[str, str], folder: str, digests: Mapping[str, str],
        planned: Collection[str], every_page: Sequence[str],
    ) -> None:  # fmt: skip
        """Remember the site just written to `folder` (named after the swap): each page's
        fingerprint and the shape. `digests`: each published article's, by source."""
        if self.memory is None:
            return
        kept = planned if self.only_touched else every_page
        shape = None
        if all(page in fingerprints for page in kept):  # else plan every page next time
            shape = Shape(self.shape, dict(digests), tuple(every_page))
        if self.only_touched:  # the pages not planned keep their rows
            self.memory.update(fingerprints, self.remembered or {}, folder, shape)
        else:
            self.memory.save(fingerprints, folder, shape)
