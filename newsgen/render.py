"""Stage `render`: every planned page through its template, to bytes.

Template problems are reported as `template file:line: message`, each once, however many
pages use the template; a syntax error is found even in a template no page uses yet.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from newsgen.cache import PageFingerprints
from newsgen.discovery import SERIALIZERS
from newsgen.errors import BuildError, Diagnostic
from newsgen.model import Page
from newsgen.output import KEEP, Keep
from newsgen.theme import THEME_STATIC, render_page

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".json")


def check_templates(env: jinja2.Environment, root: Path) -> None:
    """Compile every template up front, so that all syntax errors are reported at once."""
    problems: list[Diagnostic] = []
    for name in env.list_templates(filter_func=_is_template):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_syntax_diagnostic(exc, name, root))
    if problems:
        raise BuildError(problems)


PROGRESS_EVERY = 250  # pages between two progress reports


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes | Keep]  # output path -> bytes, or KEEP the previous file
    fingerprints: dict[str, str]  # output path -> what it was rendered from
    skipped: int  # pages not rendered again


def render_pages(
    env: jinja2.Environment,
    pages: Sequence[Page],
    root: Path,
    progress: Callable[[int, int], None] | None = None,
    setting: str = "",
    remembered: Mapping[str, str] | None = None,
) -> Rendered:
    """`setting` fingerprints what every page depends on (templates, configuration, code);
    `remembered` holds the fingerprints of the previous output's files that still exist."""
    rendered: dict[str, bytes | Keep] = {}
    fingerprints: dict[str, str] = {}
    problems: dict[tuple[str, int | None, str], Diagnostic] = {}
    failed: set[str] = set()
    skipped = 0
    prints = PageFingerprints(setting)
    for number, page in enumerate(pages, start=1):
        if progress and number % PROGRESS_EVERY == 0:
            progress(number, len(pages))
        if page.template in failed:
            continue
        if remembered is not None:
            known = prints.of(page.template, page.path, page.context)
            if known is not None:
                fingerprints[page.output] = known
                if remembered.get(page.output) == known:
                    rendered[page.output] = KEEP
                    skipped += 1
                    continue
        try:
            serializer = SERIALIZERS.get(page.template)
            rendered[page.output] = (
                serializer(page.context) if serializer else render_page(env, page)
            )
        except jinja2.TemplateError as exc:
            failed.add(page.template)
            diagnostic = _render_diagnostic(exc, page, root)
            # An error in base.html shows up in every template that extends it: say it once.
            problems.setdefault((diagnostic.path, diagnostic.line, str(exc)), diagnostic)
    if problems:
        raise BuildError(problems.values())
    return Rendered(rendered, fingerprints, skipped)


def _is_template(name: str) -> bool:
    return name.endswith(TEMPLATE_SUFFIXES) and not name.startswith(THEME_STATIC + "/")


def _shown(filename: str, root: Path) -> str:
    """Template paths inside the site are shown from the site's folder."""
    path = Path(filename)
    return os.path.relpath(path, root) if path.is_relative_to(root) else filename


def _syntax_diagnostic(exc: jinja2.TemplateSyntaxError, name: str, root: Path) -> Diagnostic:
    return Diagnostic(_shown(exc.filename or name, root), exc.lineno, exc.message or "")


def _render_diagnostic(exc: jinja2.TemplateError, page: Page, root: Path) -> Diagnostic:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _syntax_diagnostic(exc, page.template, root)
    if isinstance(exc, jinja2.TemplateNotFound):
        return Diagnostic(page.template, None, f"template '{exc.name}' not found")
    # Jinja puts template files and lines into the traceback: report the innermost one.
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(TEMPLATE_SUFFIXES)
    ]
    message = f"{exc.message} (rendering /{page.output})"
    if not frames:
        return Diagnostic(page.template, None, message)
    return Diagnostic(_shown(frames[-1].filename, root), frames[-1].lineno, message)
