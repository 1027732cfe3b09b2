"""What newsgen knows of a language from its tag (`ko`, `pt-BR`, `zh-Hans`): its CLDR
locale, which way its script runs, and whether its text is counted in words or characters.

Every stage that formats or counts text in a language asks here; CLDR's data comes through
Babel, never from the machine's locale.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

# A tag CLDR does not know is shown as English is.
FALLBACK = "en"
# Written without spaces between words (Chinese, Japanese), or with words of a few syllable
# blocks each (Korean): a text's length is its characters, not its spaces.
_COUNTED_BY_CHARACTERS = frozenset({"zh", "ja", "ko"})
# Written without spaces between words: Chinese, Japanese, Thai, Lao, Khmer, Burmese.
_NO_SPACES = frozenset({"zh", "ja", "th", "lo", "km", "my"})


@cache
def locale_of(tag: str) -> Locale:
    """CLDR's locale for a language tag; the language alone when CLDR does not know the
    region (`fr-XX` is French), and English when it does not know the language."""
    cleaned = tag.strip().replace("_", "-")
    for candidate in (cleaned, cleaned.split("-")[0], FALLBACK):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    raise AssertionError("CLDR always knows English")


@cache
def open_graph_locale(tag: str) -> str:
    """How Open Graph names a language, with a territory (`en_GB`, `ja_JP`): the tag's own,
    else the one CLDR finds likeliest for the language (`ar` is `ar_EG`); "" for a language
    CLDR does not know."""
    locale = locale_of(tag)
    if locale.language != primary(tag):
        return ""
    territory = locale.territory
    if not territory:
        likely = str(get_global("likely_subtags").get(locale.language, ""))
        territory = likely.rsplit("_", 1)[-1] if likely.count("_") else ""
    return f"{locale.language}_{territory}" if territory else ""


def primary(tag: str) -> str:
    """The language of a tag without its script or region: `pt` of `pt-BR`."""
    return tag.strip().replace("_", "-").split("-")[0].lower()


def direction(tag: str) -> str:
    """ "rtl" for a language written right to left (Arabic, Hebrew, Persian, Urdu...), else
    "ltr", as CLDR's character order says."""
    return "rtl" if locale_of(tag).character_order == "right-to-left" else "ltr"


def counted_by_characters(tag: str) -> bool:
    """Whether a text in this language is measured in characters (Chinese, Japanese,
    Korean) rather than in words between spaces."""
    return primary(tag) in _COUNTED_BY_CHARACTERS


def spaces_between_words(tag: str) -> bool:
    """Whether the language puts spaces between its words, so a text can be cut at one."""
    return primary(tag) not in _NO_SPACES
