"""How long a body is, as its language is read: reading time and summary.

Most languages are measured in words between spaces. Chinese, Japanese and Korean are
measured in characters: Chinese and Japanese put no spaces between words, and a Korean
"word" between spaces is a phrase of several syllable blocks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import regex

from newsgen.core.languages import counted_by_characters, primary, spaces_between_words

# Reading speeds of adults, by what is counted.
# Words: 230 a minute, near the 238 Brysbaert found for silent reading of English non-fiction
# ("How many words do we read per minute?", Journal of Memory and Language 109, 2019).
WORDS_PER_MINUTE = 230
# Characters: IReST, the International Reading Speed Texts (Trauzettel-Klosinski and Dietz,
# Investigative Ophthalmology & Visual Science 53:5452, 2012, doi:10.1167/iovs.11-8284):
# Chinese 255 characters a minute, Japanese 357. Korean, not among IReST's languages, at
# IReST's mean over its 17 languages, 370 syllables a minute: a Hangul block is a syllable.
CHARACTERS_PER_MINUTE = {"zh": 255, "ja": 357, "ko": 370}
# A summary's length in characters: a card's few lines. A Chinese, Japanese or Korean
# character is as wide as about two Latin letters, and says as much.
SUMMARY_LENGTH = 300
SUMMARY_CHARACTERS = 150
# Punctuation left dangling at the end of a cut summary: commas, colons, dashes, opening
# brackets, in Latin and in full-width (CJK) forms.
_DANGLING = ",;:(-\u2014\u2013\u3001\u300c\u300e\uff08\uff0c\uff1a\uff1b\u3000 "


@dataclass(frozen=True)
class TextSize:
    """A text's length: its words between spaces, and its characters but spaces (as
    IReST counts a text's characters, its punctuation among them)."""

    words: int = 0
    characters: int = 0

    def __add__(self, other: TextSize) -> TextSize:
        return TextSize(self.words + other.words, self.characters + other.characters)


def measure(text: str) -> TextSize:
    words = text.split()
    return TextSize(len(words), sum(map(len, words)))


def reading_minutes(size: TextSize, language: str) -> int:
    """Whole minutes, at least one, to read a text of `size` in `language`."""
    if counted_by_characters(language):
        per_minute = CHARACTERS_PER_MINUTE[primary(language)]
        return max(1, math.ceil(size.characters / per_minute))
    return max(1, math.ceil(size.words / WORDS_PER_MINUTE))


def cut(text: str, language: str) -> str:
    """`text` cut to a summary's length, ending with "…" when it was cut: at the last space
    before the limit (a word is never cut), or in a language written without spaces
    (Chinese, Japanese), after the last character that fits; never inside a character a
    reader sees as one (a letter and its accents, an emoji, a Hangul syllable written as
    its letters)."""
    limit = SUMMARY_CHARACTERS if counted_by_characters(language) else SUMMARY_LENGTH
    if len(text) <= limit:
        return text
    graphemes = regex.findall(r"\X", text)
    if len(graphemes) <= limit:
        return text
    head = "".join(graphemes[:limit])
    if " " in head and spaces_between_words(language):
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(_DANGLING) + "…"
