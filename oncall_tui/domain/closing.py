"""Is a customer's message a closing ("Confirmed, thanks!", "👍 holding steady", "merci")?

A closing does not start a wait. The two mistakes do not cost the same: a new ask taken for a
closing hides a waiting customer, a closing taken for an ask only shows a timer someone can
dismiss. So the rule is built to say "closing" only when it can account for every word:

- the customer's new words are short (quoted lines, `&gt; ...`, are our earlier words, not theirs;
  @mentions only address someone);
- nothing in them can be a question (a "?" in any script, "is it fixed" has no phrase to match);
- nothing reports something: no code, links, channels, dates, numbers or ids, no sad or alarmed
  emoji, no problem word ("still", "again", "but", "not", "error", "fails", in the languages of
  `closing_words.py`) outside a fixed phrase such as "no worries" or "thanks again";
- every word belongs to a closing phrase (thanks, approval, confirmation, sign-off, "it works
  now", "the issue is resolved") or to the filler around one ("for the quick fix", "on our side",
  "guys"), with at least one closing phrase or approving emoji.

Teams add phrases in config (`[conversations] pleasantries`); they count like the built-in ones
unless they hold a problem word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from oncall_tui.domain.closing_words import (
    CLOSING_PHRASES,
    FILLER_PHRASES,
    NEGATIVE_EMOJI,
    NEGATIVE_EMOJI_STEMS,
    NEGATIVE_EMOJI_WORDS,
    POSITIVE_EMOJI,
    PROBLEM_WORDS,
)

MAX_WORDS = 20
# Emoji do not count as words, but a wall of them is not a quiet "thanks" either.
MAX_TOKENS = 32
# Longer than this, the raw text cannot be a short closing even with a quote of ours in front.
MAX_RAW_CHARACTERS = 4000
MAX_NEW_CHARACTERS = 400

# An approving emoji stands in the word list as this word, which is a closing phrase of its own.
_APPROVING = "\x00approving"

_SLACK_TOKEN = re.compile(r"<([^<>\n]*)>")
# A quoted line that looks like a log or a stack trace is the customer's evidence, not our words.
_MACHINE_OUTPUT = re.compile(
    r"\b(?:ERROR|FATAL|CRITICAL|WARN|WARNING|Exception|Traceback|Caused by|panic:)|^\W*at [\w.$]+\("
)
_QUESTION = frozenset("?？¿؟⁇⁈⁉❓❔")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'"})
# Skin tones, joiners and variation selectors only shape the emoji before them.
_EMOJI_SHAPING = re.compile("[\U0001f3fb-\U0001f3ff\u200d\ufe0e\ufe0f]|:skin-tone-\\d:")
_TOKEN = re.compile(
    r":[a-z0-9_+\-']+:"  # a Slack emoji shortcode
    r"|[:;=]'?-?[()/\\|\[\]]|[:;=]-?[dp](?![a-z])"  # a text emoticon, happy or not
    r"|\+1\b"
    r"|[^\W\d_]+(?:'[^\W\d_]+)*"  # a word, "it's" and "c'est" included
    r"|\d+"
    r"|\S"
)
# Punctuation that shapes a sentence without saying anything ("thanks!!", "*great*", "ok…"),
# unlike the punctuation of paths, ids, code and addresses.
_CODE_PUNCTUATION = frozenset("#@%&/\\[]{}|")
_SAD_EMOTICON = re.compile(r"[:;=]'?-?[(/\\|\[]")


@dataclass(frozen=True)
class _Reading:
    """The customer's new words; None where the text reports or asks something."""

    words: tuple[str, ...]


def _normalised(text: str) -> str:
    """Case, accents, apostrophes and emoji shaping folded away: "Ça MARCHE’" -> "ca marche'"."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    folded = _EMOJI_SHAPING.sub("", folded)
    stripped = "".join(
        character
        for character in unicodedata.normalize("NFKD", folded)
        # Accents go, and the vowel signs of Indic scripts so words are not cut at them.
        if unicodedata.category(character) not in ("Mn", "Mc")
    )
    return unicodedata.normalize("NFC", stripped)


def _new_text(text: str) -> str | None:
    """What the customer wrote now: quoted lines and @mentions out; None for links and dates."""
    kept: list[str] = []
    quoting = False
    for line in text.splitlines():
        start = line.lstrip()
        quoting = quoting or start.startswith(("&gt;&gt;&gt;", ">>>"))  # runs to the end
        if not (quoting or start.startswith(("&gt;", ">"))):
            kept.append(line)
        elif _MACHINE_OUTPUT.search(line):
            return None  # a pasted log or stack trace, not our words
    pieces: list[str] = []
    position = 0
    joined = "\n".join(kept)
    for token in _SLACK_TOKEN.finditer(joined):
        target = token.group(1).split("|", 1)[0]
        if target.startswith("@") or (target.startswith("!") and not target[1:].startswith("date")):
            pieces.append(joined[position : token.start()] + " ")
            position = token.end()
        else:  # a link, a channel, a date: something to look at
            return None
    pieces.append(joined[position:])
    plain = "".join(pieces)
    plain = plain.replace("&lt;3", "❤").replace("&lt;", "<").replace("&gt;", ">")
    return plain.replace("&amp;", " and ")


@functools.lru_cache(maxsize=512)
def _is_decoration(token: str) -> bool:
    if len(token) != 1 or token in _CODE_PUNCTUATION:
        return False
    return token in "*_~" or unicodedata.category(token).startswith("P")


def _emoji_word(token: str) -> str | None:
    """_APPROVING, "" for an emoji that says nothing either way, None for bad news."""
    if token.startswith(":") and token.endswith(":") and len(token) > 2:
        name = token[1:-1]
        parts = set(re.split(r"[_\-]", name)) | {name}
        if parts & NEGATIVE_EMOJI_WORDS or any(stem in name for stem in NEGATIVE_EMOJI_STEMS):
            return None
        return _APPROVING if name in POSITIVE_EMOJI else ""
    if _SAD_EMOTICON.fullmatch(token):
        return None
    if token[0] in ":;=":  # a happy emoticon
        return ""
    if token in NEGATIVE_EMOJI:
        return None
    if token in POSITIVE_EMOJI:
        return _APPROVING
    return "" if unicodedata.category(token) == "So" else None


@functools.lru_cache(maxsize=8192)
def _reading(new_text: str) -> _Reading | None:
    # Runs for every customer message on every board build: each distinct text is read once.
    normalised = _normalised(new_text)
    if any(character in _QUESTION for character in normalised):
        return None
    words: list[str] = []
    tokens = 0
    for token in _TOKEN.findall(normalised):
        if _is_decoration(token):
            continue
        tokens += 1
        if token[0].isalpha() or token == "+1":
            words.append(token)
        elif token[0].isdigit():
            return None  # a number, a ticket, a version, a time: it reports something
        else:
            emoji = _emoji_word(token)
            if emoji is None:
                return None
            if emoji:
                words.append(emoji)
    plain_words = [word for word in words if word != _APPROVING]
    if not words or len(plain_words) > MAX_WORDS or tokens > MAX_TOKENS:
        return None
    return _Reading(tuple(words))


def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(
        token
        for token in _TOKEN.findall(_normalised(phrase))
        if token[0].isalpha() or token == "+1"
    )


_CLOSING, _FILLER, _TEAM_CLOSING = "closing", "filler", "team closing"


@functools.lru_cache(maxsize=1)
def _built_in() -> dict[tuple[str, ...], str]:
    vocabulary = {_phrase_words(phrase): _FILLER for phrase in FILLER_PHRASES}
    vocabulary.update({_phrase_words(phrase): _CLOSING for phrase in CLOSING_PHRASES})
    vocabulary[(_APPROVING,)] = _CLOSING
    vocabulary.pop((), None)
    return vocabulary


@functools.lru_cache(maxsize=8)
def _vocabulary(extra: tuple[str, ...]) -> tuple[dict[tuple[str, ...], str], int]:
    vocabulary = dict(_built_in())
    for phrase in extra:
        words = _phrase_words(phrase)
        if words and vocabulary.get(words) != _CLOSING:
            vocabulary[words] = _TEAM_CLOSING
    return vocabulary, max(len(words) for words in vocabulary)


def _accounted_for(words: tuple[str, ...], extra: tuple[str, ...]) -> bool:
    """Whether the words split into known phrases, one of them at least a closing."""
    vocabulary, longest = _vocabulary(extra)
    # best[i]: None when words[:i] cannot be split, else whether a closing was among them.
    best: list[bool | None] = [None] * (len(words) + 1)
    best[0] = False
    for start in range(len(words)):
        so_far = best[start]
        if so_far is None:
            continue
        for end in range(start + 1, min(len(words), start + longest) + 1):
            kind = vocabulary.get(words[start:end])
            if kind is None:
                continue
            if kind != _CLOSING and PROBLEM_WORDS.intersection(words[start:end]):
                continue  # only a built-in phrase may hold a problem word ("no worries")
            closes = so_far or kind != _FILLER
            if best[end] is None or (closes and not best[end]):
                best[end] = closes
    return best[-1] is True


def is_closing(text: str, extra: Iterable[str] = ()) -> bool:
    """Whether the customer's `text` (Slack markup) only thanks, approves, confirms or signs off.

    `extra` adds phrases a team uses ("merci vielmals", "cheers mate").
    """
    if len(text) > MAX_RAW_CHARACTERS or "`" in text:
        return False  # code, logs and stack traces are something to look at
    new_text = _new_text(text)
    if new_text is None or len(new_text) > MAX_NEW_CHARACTERS:
        return False
    reading = _reading(new_text)
    return reading is not None and _accounted_for(reading.words, tuple(extra))
