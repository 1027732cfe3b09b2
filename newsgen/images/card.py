"""Stage images: the share card of an article without a photograph. What it shows (the
headline, the section and the site's title, on the site's colours), whether the font can
draw each, and the name it is published under. Pure names, no Pillow: the plan names an
article's card with it, and `card_draw.py` draws it.

A headline in a script the font lacks (Korean, Japanese, Arabic, an emoji) is never drawn
with boxes: the card leaves it out, or the site's own share image stands in.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from newsgen.core.config import Config
from newsgen.images.recipe import SHARE

DESIGN = 1  # bump when the drawing changes, so that cards get new names
FOLDER = "share"  # where cards are published: share/3f9a1c2b7d4e5f60.png
KIND = "png"  # flat colours and text: smaller than JPEG and without its blur
MEDIA_TYPE = "image/png"
SIZE = SHARE
FONT = "NotoSerif-Bold.subset.ttf"  # in images/fonts/, with its licence
# Every character the font draws (ranges, both ends in), read from its own table; marks
# and format characters left out, as headlines are drawn in composed form (NFC).
DRAWN = (
    (0x0020, 0x007E),
    (0x00A0, 0x00AC),
    (0x00AE, 0x017F),
    (0x018F, 0x018F),
    (0x0192, 0x0192),
    (0x01A0, 0x01A1),
    (0x01AF, 0x01B0),
    (0x01CD, 0x01DC),
    (0x0218, 0x021B),
    (0x0259, 0x0259),
    (0x02BC, 0x02BC),
    (0x02C6, 0x02C7),
    (0x02D8, 0x02DD),
    (0x0370, 0x0377),
    (0x037A, 0x037F),
    (0x0384, 0x038A),
    (0x038C, 0x038C),
    (0x038E, 0x03A1),
    (0x03A3, 0x03E1),
    (0x03F0, 0x0482),
    (0x048A, 0x04FF),
    (0x1E9E, 0x1E9E),
    (0x1EA0, 0x1EF9),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x2044, 0x2044),
    (0x20A0, 0x20BF),
    (0x2116, 0x2116),
    (0x2122, 0x2122),
)
_STARTS = [start for start, _ in DRAWN]


@dataclass(frozen=True)
class CardStyle:
    """What every card of a site shares."""

    site: str  # the site's title, as drawn; "" when the font cannot draw it
    background: str  # "#rrggbb"
    text: str
    accent: str
    site_image: bool  # the site has a share image, which stands in for a card without headline


@dataclass(frozen=True)
class Card:
    headline: str  # as drawn; "" when the font cannot draw it
    section: str  # the section's title, drawn in capitals; "" for none
    style: CardStyle

    @property
    def path(self) -> str:
        """The site path, named by all the card shows: a new headline is a new file,
        which social networks fetch again."""
        style = self.style
        colours = (style.background, style.text, style.accent)
        shown = (DESIGN, FONT, self.headline, self.section, style.site, colours)
        digest = hashlib.blake2b(repr(shown).encode("utf-8"), digest_size=8).hexdigest()
        return f"{FOLDER}/{digest}.{KIND}"

    @property
    def alt(self) -> str:
        """The card's text, for `og:image:alt`."""
        return " · ".join(part for part in (self.headline, self.section, self.style.site) if part)


def is_card(path: str) -> bool:
    """Whether a site path is a card's."""
    return re.fullmatch(rf"{FOLDER}/[0-9a-f]{{16}}\.{KIND}", path) is not None


def card_style(config: Config) -> CardStyle | None:
    """The site's cards, or None when they are turned off."""
    cards = config.share_card
    if not cards.enabled:
        return None
    site = tidy(config.title)
    site = site if drawable(site) else ""
    image = bool(config.publisher.image)
    return CardStyle(site, cards.background, cards.text, cards.accent, image)


def share_card(headline: str, section: str, style: CardStyle | None) -> Card | None:
    """The card of an article without a photograph: with its headline where the font
    draws it; without, when the site has no share image of its own to stand in; none when
    it would show nothing."""
    if style is None:
        return None
    headline, section = tidy(headline), tidy(section)
    if not drawable(section.upper()):
        section = ""
    if drawable(headline) and headline:
        return Card(headline, section, style)
    if style.site_image or not (section or style.site):
        return None
    return Card("", section, style)


def tidy(text: str) -> str:
    """`text` as a card draws it: composed (NFC), without invisible format characters (a
    soft hyphen, a zero-width space), its spaces single."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split())


def drawable(text: str) -> bool:
    """Whether the font has every character of `text`."""
    for char in text:
        point = ord(char)
        at = bisect.bisect_right(_STARTS, point) - 1
        if at < 0 or point > DRAWN[at][1]:
            return False
    return True
