"""Spotting a customer's closing "thanks!" so it does not start a new wait.

Deliberately conservative: a message is a pleasantry only when every word in it is thanks,
approval or filler around them. "thanks, but it still fails on prod" is a new problem, and so is
anything with a question mark or more than a handful of words. Mistaking a question for a thank
you would hide a waiting customer; the reverse only shows a timer someone can dismiss.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

# Phrases that on their own close a conversation politely.
DEFAULT_PLEASANTRIES: tuple[str, ...] = (
    "thanks",
    "thank you",
    "thank u",
    "thx",
    "thnx",
    "thanx",
    "ty",
    "tysm",
    "tyvm",
    "ta",
    "cheers",
    "many thanks",
    "much appreciated",
    "appreciated",
    "appreciate it",
    "great",
    "perfect",
    "ok",
    "okay",
    "k",
    "kk",
    "awesome",
    "amazing",
    "brilliant",
    "excellent",
    "fantastic",
    "wonderful",
    "nice",
    "cool",
    "sounds good",
    "got it",
    "all good",
    "noted",
    "👍",
    "🙏",
    "🙌",
    "👌",
    "❤",
    "💯",
    "🎉",
    "🙂",
    "😊",
    "✅",
    ":+1:",
    ":thumbsup:",
    ":pray:",
    ":raised_hands:",
    ":ok_hand:",
    ":heart:",
    ":tada:",
    ":100:",
    ":white_check_mark:",
    ":heavy_check_mark:",
)

# Words that may surround a pleasantry without making the message say anything new.
_FILLER: frozenset[str] = frozenset(
    {
        "a",
        "again",
        "all",
        "for",
        "guys",
        "folks",
        "team",
        "everyone",
        "help",
        "the",
        "that",
        "this",
        "it",
        "lot",
        "so",
        "very",
        "much",
        "now",
        "works",
        "worked",
        "you",
        "u",
        "y'all",
        "yall",
        "really",
        "super",
        "oh",
        "ah",
        "haha",
    }
)

MAX_WORDS = 6
# Emoji do not count as words, but a wall of them is not a quiet "thanks" either.
MAX_TOKENS = 12

# Emoji shortcodes, words (with apostrophes), or any other single visible symbol (an emoji).
_TOKEN = re.compile(r":[a-z0-9_+\-']+:|[\w']+|[^\w\s]", re.UNICODE)
# Punctuation that decorates a thank-you without changing it ("thanks!!", "great.").
_DECORATION = frozenset('.,!;:~-…*_()"')
# Skin tones, variation selectors and joiners only modify the emoji before them.
_EMOJI_MODIFIERS = re.compile("[\U0001f3fb-\U0001f3ff\ufe0e\ufe0f\u200d]")
_SKIN_TONE_CODE = re.compile(r"^:skin-tone-\d:$")


def _tokens(text: str) -> list[str]:
    cleaned = _EMOJI_MODIFIERS.sub("", text.casefold())
    return [
        token
        for token in _TOKEN.findall(cleaned)
        if token not in _DECORATION and not _SKIN_TONE_CODE.match(token)
    ]


def _phrases(extra: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return _phrases_of(tuple(extra))


@functools.lru_cache(maxsize=8)
def _phrases_of(extra: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    # Called for every customer message: tokenised once per set of extra phrases.
    phrases = {tuple(_tokens(phrase)) for phrase in (*DEFAULT_PLEASANTRIES, *extra)}
    phrases.discard(())
    # Longest first, so "thank you" is matched before "thank" could be.
    return tuple(sorted(phrases, key=len, reverse=True))


def is_pleasantry(text: str, extra: Iterable[str] = ()) -> bool:
    """Whether `text` only thanks or approves (so nobody owes anyone a reply).

    `extra` adds phrases a team uses ("merci", "danke schön").
    """
    if "?" in text:
        return False
    tokens = _tokens(text)
    words = [token for token in tokens if token[0].isalnum()]
    if not tokens or len(words) > MAX_WORDS or len(tokens) > MAX_TOKENS:
        return False
    phrases = _phrases(extra)
    found_pleasantry = False
    position = 0
    while position < len(tokens):
        for phrase in phrases:
            if tuple(tokens[position : position + len(phrase)]) == phrase:
                position += len(phrase)
                found_pleasantry = True
                break
        else:
            if tokens[position] not in _FILLER:
                return False
            position += 1
    return found_pleasantry
