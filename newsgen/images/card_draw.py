"""Stage images: draws share cards (`card.py`) with Pillow, on every core.

A card is 1200 x 630 pixels: a band of the accent colour at the top, the section in
capitals, the headline as large as it fits (smaller for a long one; past the smallest
size, cut after a whole word with an ellipsis), then a rule and the site's title. A card
without a headline shows the site's title in its place. The font is the one newsgen
ships (`fonts/`), so that a card looks the same on every machine.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsgen.core.workers import fork_map
from newsgen.images.card import FONT, SIZE, Card
from newsgen.images.derive import write_whole

if TYPE_CHECKING:
    from PIL.Image import Image
    from PIL.ImageDraw import ImageDraw
    from PIL.ImageFont import FreeTypeFont

FONT_FILE = Path(__file__).parent / "fonts" / FONT
PER_WORKER = 16  # a card is tens of milliseconds: worth a process for a few dozen
MARGIN = 80  # left and right, as on the theme's wide pages
BAND = 14  # the accent band's height
TOP = 64  # the space above the section, and below the text of a card without a site title
KICKER = 64  # the section's line
FOOTER = 130  # the site's title under its rule
HEADLINE_SIZES = range(84, 43, -4)  # pixels, largest first
LINE_HEIGHT = 1.18  # of the type's size
ELLIPSIS = "…"
INK = 127  # the text layer's value where a letter is drawn: the last of its palette steps
FULL = 255  # the accent layer's
_ACCENTED = [0] + [128 + v // 2 for v in range(1, 256)]  # accent coverage to palette steps


@dataclass(frozen=True)
class CardJob:
    card: Card
    file: str  # where it is made


def draw_all(jobs: Sequence[CardJob], workers: int) -> None:
    """Each card drawn into its file, `workers` at a time."""
    fork_map(_draw_share, jobs, workers, PER_WORKER)


def _draw_share(jobs: Sequence[CardJob]) -> list[None]:
    for job in jobs:
        Path(job.file).parent.mkdir(parents=True, exist_ok=True)
        write_whole(job.file, draw(job.card))
    return [None] * len(jobs)


def layout_salt() -> str:
    """What else decides a card's pixels: Pillow's version, its text layout (with or
    without Raqm, which kerns), and the font's bytes."""
    import PIL
    from PIL import features

    font = hashlib.blake2b(FONT_FILE.read_bytes(), digest_size=10).hexdigest()
    return f"{PIL.__version__}/{features.check('raqm')}/{font}"


def draw(card: Card) -> bytes:
    """The card, as a PNG of a palette: each pixel a step between the background and the
    text colour, or the background and the accent (the letters' smoothed edges). Drawn so,
    it is made and compressed in a third of the time a full-colour one takes, in half the
    bytes (`bench/README.md`)."""
    from PIL import Image, ImageChops

    ink, accent = _layers(card)
    # Palette indices: 0-127 from the background to the text colour (the text is drawn
    # at 127), 128-255 from the background to the accent.
    box = (0, 0, *accent.size)
    ink.paste(ImageChops.lighter(ink.crop(box), accent.point(_ACCENTED)), box)
    image = Image.frombytes("P", SIZE, ink.tobytes())
    style = card.style
    image.putpalette(_palette(style.background, style.text, style.accent))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=3)  # 9 makes it a tenth smaller, in 20 times the time
    return buffer.getvalue()


def _layers(card: Card) -> tuple[Image, Image]:
    """How much of each pixel the text covers, 0 to 127 (the headline, the rule, the
    site's title), and the accent, 0 to 255 (the band, the section: the card's top)."""
    from PIL import Image, ImageDraw

    width, height = SIZE
    inner = width - 2 * MARGIN
    ink, accent = Image.new("L", SIZE, 0), Image.new("L", (width, TOP + KICKER), 0)
    pen, marker = ImageDraw.Draw(ink), ImageDraw.Draw(accent)
    marker.rectangle((0, 0, width, BAND - 1), fill=FULL)
    top = TOP
    if card.section:
        font = _font(30)
        marker.text((MARGIN, top), _fitted(card.section.upper(), font, inner), FULL, font, "la")
        top += KICKER
    site = card.style.site
    if not card.headline:  # the site's title alone, in the middle
        _headline(pen, site, (MARGIN, height // 2 - 60, width - MARGIN, height - TOP), INK)
        return ink, accent
    bottom = height - (FOOTER if site else TOP)
    _headline(pen, card.headline, (MARGIN, top, width - MARGIN, bottom), INK)
    if site:
        pen.rectangle((MARGIN, bottom + 24, width - MARGIN, bottom + 26), fill=INK)
        font = _font(36)
        pen.text((MARGIN, bottom + 50), _fitted(site, font, inner), INK, font, "la")
    return ink, accent


@functools.cache
def _palette(background: str, text: str, accent: str) -> list[int]:
    """128 colours from the background to the text colour, then 128 to the accent, as
    red, green, blue in turn."""
    return [*_steps(_rgb(background), _rgb(text)), *_steps(_rgb(background), _rgb(accent))]


def _steps(start: tuple[int, int, int], end: tuple[int, int, int]) -> list[int]:
    return [round(start[c] + (end[c] - start[c]) * n / 127) for n in range(128) for c in range(3)]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _headline(pen: ImageDraw, text: str, box: tuple[int, int, int, int], colour: int) -> None:
    """`text` in the box, at the largest size whose lines all fit."""
    left, top, right, bottom = box
    words = text.split(" ")
    for size in HEADLINE_SIZES:
        font = _font(size)
        step = math.ceil(size * LINE_HEIGHT)
        most = max(1, (bottom - top) // step)
        lines = _wrapped(words, font, right - left, most)
        if lines is not None:
            break
    else:
        lines = _clipped(words, font, right - left, most)
    for n, line in enumerate(lines):
        pen.text((left, top + n * step), line, colour, font, "la")


def _wrapped(words: list[str], font: FreeTypeFont, width: int, most: int) -> list[str] | None:
    """The words in at most `most` lines no wider than `width`, as many on each as fit;
    None when they take more, or when one word alone is wider."""
    lines: list[str] = []
    for word in words:
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(joined) <= width:
            lines[-1] = joined
        elif len(lines) < most and font.getlength(word) <= width:
            lines.append(word)
        else:
            return None
    return lines


def _clipped(words: list[str], font: FreeTypeFont, width: int, most: int) -> list[str]:
    """The first `most` lines of the words, the last ending in an ellipsis after the last
    whole word that leaves it room; a word wider than a line ends the text, cut."""
    lines: list[str] = []
    for word in words:
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(joined) <= width:
            lines[-1] = joined
        elif len(lines) == most:
            break
        else:
            lines.append(word)
            if font.getlength(word) > width:
                break
    lines[-1] = _ellipsized(lines[-1], font, width)
    return lines


def _fitted(text: str, font: FreeTypeFont, width: int) -> str:
    """`text` whole where it fits on one line, else cut with an ellipsis."""
    return text if font.getlength(text) <= width else _ellipsized(text, font, width)


def _ellipsized(text: str, font: FreeTypeFont, width: int) -> str:
    """`text` with an ellipsis at its end, cut after the last whole word that leaves it
    room; inside the word only when the first is too wide alone."""
    words = text.split(" ")
    kept = _most(len(words), lambda n: font.getlength(" ".join(words[:n]) + ELLIPSIS) <= width)
    if kept:
        return " ".join(words[:kept]) + ELLIPSIS
    word = words[0]
    kept = _most(len(word), lambda n: font.getlength(word[:n] + ELLIPSIS) <= width)
    return word[:kept] + ELLIPSIS


def _most(count: int, fits: Callable[[int], bool]) -> int:
    """The largest n from 1 to `count` for which `fits(n)`, or 0; found in a few tries
    (a headline of one word 20,000 letters long is cut in fifteen), as `fits` holds up to
    some n and not after."""
    low, high = 0, count
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


@functools.cache
def _font(size: int) -> FreeTypeFont:
    from PIL import ImageFont, features

    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(FONT_FILE), size, layout_engine=engine)
