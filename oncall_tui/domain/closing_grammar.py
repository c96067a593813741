"""Matching a customer's words against the closing vocabulary (`closing_words.py`).

A message is split into known phrases, every word accounted for; the phrase families are matched
part by part, indexed by their first word, so a message of twenty words takes microseconds.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from oncall_tui.domain.closing_base import (
    APPROVING,
    DOING,
    HEALTHY,
    PERSON,
    SUBJECT,
    THING,
    TROUBLE,
)
from oncall_tui.domain.closing_slots import (
    SLOT_STOP,
    THING_ALSO,
    WORKAROUND,
    is_trouble,
    is_trouble_gone_for_good,
)
from oncall_tui.domain.closing_words import (
    ACCOUNT_TEMPLATES,
    BOUNDARY,
    CLOSING_PHRASES,
    CLOSING_TEMPLATES,
    CONFIRMING_PHRASES,
    CONFIRMING_TEMPLATES,
    FEW,
    FILLER_PHRASES,
    FILLER_TEMPLATES,
    FREE,
    FREE_WORDS,
    FREE_WORDS_STOP,
    NAME,
    PROBLEM_WORDS,
    REFERENCE,
    Template,
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'"})
# Skin tones, joiners and variation selectors only shape the emoji before them.
_EMOJI_SHAPING = re.compile("[\U0001f3fb-\U0001f3ff\u200d\ufe0e\ufe0f]|:skin-tone-\\d:")
TOKEN = re.compile(
    r":[a-z0-9_+\-']+:"  # a Slack emoji shortcode
    r"|[:;=]'?-?[()/\\|\[\]]|[:;=]-?[dp](?![a-z])"  # a text emoticon, happy or not
    r"|\+1\b"
    r"|[$€£¥]\s?\d(?:[\d,.]*\d)?|\d(?:[\d,.]*\d)?\s?[$€£¥]"  # an amount: €42.10, 42,10 €
    r"|#?(?:[^\W\d_]+[\-.]?)*\d(?:[\w\-.]*\w)?"  # a number or an id: 3.4.1, #4821, INC-2024-1
    r"|[^\W\d_]+(?:'[^\W\d_]+)*"  # a word, "it's" and "c'est" included
    r"|\S"
)
ANY_WORD = "\x00any"  # indexes the families that may open with a slot


def normalised(text: str) -> str:
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


def is_reference(token: str) -> bool:
    return any(character.isdigit() for character in token)


def _spellings(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A phrase with a number or id in it, and the same with a name there ("fixed in v3")."""
    if REFERENCE not in words:
        return (words,)
    return words, tuple(NAME if word == REFERENCE else word for word in words)


_PLACEHOLDER_WORDS = (REFERENCE, NAME, PERSON, HEALTHY, APPROVING)
_PLACEHOLDERS = "(" + "|".join(re.escape(p) for p in _PLACEHOLDER_WORDS) + ")"


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The words of a vocabulary phrase, REFERENCE standing for any number or id."""
    if phrase == BOUNDARY:
        return (BOUNDARY,)
    words: list[str] = []
    for piece in re.split(_PLACEHOLDERS, phrase):
        if piece in _PLACEHOLDER_WORDS:
            words.append(piece)
            continue
        words.extend(
            token
            for token in TOKEN.findall(normalised(piece))
            if token[0].isalpha() or token == "+1"
        )
    return tuple(words)


class Kind(Enum):
    CONFIRMING = "confirming"  # says it works: closes on its own, and vouches for an account
    CLOSING = "closing"  # closes on its own
    FILLER = "filler"  # may surround a closing
    TEAM = "team"  # a phrase from config: closes unless it holds a problem word
    ACCOUNT = "account"  # what the customer did or found ("we rotated the key"): needs a
    # confirmation in the same message to close


@dataclass(frozen=True)
class _Part:
    by_first_word: dict[str, tuple[tuple[str, ...], ...]]
    optional: bool
    free: int = 0  # up to this many words of the customer's own (at least one), within a clause
    slot: str = FREE  # which of the open slots of `closing_base.py` it is


@dataclass(frozen=True)
class _Family:
    parts: tuple[_Part, ...]
    kind: Kind

    def ends(self, words: tuple[str, ...], start: int) -> set[int]:
        """Where this family's phrases that start at `start` end."""
        positions = {start}
        for part in self.parts:
            reached = set(positions) if part.optional else set()
            for position in positions:
                if position == len(words):
                    continue
                if part.free:
                    reached.update(_free_run_ends(words, position, part))
                    continue
                for choice in part.by_first_word.get(words[position], ()):
                    if words[position : position + len(choice)] == choice:
                        reached.add(position + len(choice))
            positions = reached
            if not positions:
                break
        return positions - {start}


def _free_run_ends(words: tuple[str, ...], start: int, part: _Part) -> Iterable[int]:
    slot = part.slot
    for end in range(start, min(len(words), start + part.free)):
        word = words[end]
        if slot == TROUBLE:  # "timeouts", "a single error", "data loss", "failed jobs"
            if word in SLOT_STOP[TROUBLE] or not word[0].isalpha():
                return
            if is_trouble_gone_for_good(word):
                yield end + 1
            elif is_trouble(word):
                continue  # "retries", "alerts": may be wanted; only a word after them ends it
            elif word in FREE_WORDS_STOP:
                return
            elif (
                end > start
                and is_trouble_gone_for_good(words[end - 1])
                and not word.endswith(_PARTICIPLE)
            ):
                yield end + 1  # a thing the trouble befell: "zero failed jobs", not "... shown"
            continue
        if (
            (word in FREE_WORDS_STOP and not (slot == THING and word in THING_ALSO))
            or word in WORKAROUND
            or word == APPROVING
            or not (word[0].isalpha() or word in (REFERENCE, NAME))
        ):
            return
        if slot in SLOT_STOP and (word in SLOT_STOP[slot] or word == REFERENCE or is_trouble(word)):
            return  # a role slot holds no count, hedge or trouble ("the timeouts are back")
        if slot == DOING and end == start and not (word.endswith("ing") and len(word) > 4):
            return  # a step the customer took: "clearing the cache", "restarting it"
        yield end + 1


_PARTICIPLE = ("ed", "en", "wn")
_SLOT_WORDS = {FREE: FREE_WORDS, FEW: 2, SUBJECT: 3, THING: 4, DOING: 5, TROUBLE: 2}


def _compile(template: Template, kind: Kind) -> tuple[_Family, frozenset[str]]:
    parts: list[_Part] = []
    for options in template:
        slots = [option for option in options if option in _SLOT_WORDS]
        if slots:
            most = _SLOT_WORDS[slots[0]]
            parts.append(_Part({}, optional="" in options, free=most, slot=slots[0]))
            continue
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for option in options:
            for words in _spellings(phrase_words(option)):
                if words:
                    by_first.setdefault(words[0], []).append(words)
        parts.append(_Part({w: tuple(c) for w, c in by_first.items()}, "" in options))
    first_words: set[str] = set()
    for part in parts:
        first_words.update(part.by_first_word)
        if part.free:
            first_words.add(ANY_WORD)  # a slot may come first: tried at every word
        if not part.optional:
            break
    return _Family(tuple(parts), kind), frozenset(first_words)


@dataclass(frozen=True)
class Vocabulary:
    phrases: dict[tuple[str, ...], Kind]
    longest: int
    families: dict[str, tuple[_Family, ...]]
    known_words: frozenset[str]

    def split(self, words: tuple[str, ...], confirming: bool = False) -> bool | None:
        """None when the words cannot be split into known phrases, else whether they close:
        one phrase at least closes, and an account of the customer's comes with a confirmation.
        `confirming`: only a confirmation (or an approving emoji) closes, as next to output
        the customer pasted ("all green, thanks", "👍").
        """
        # Per position, the ways to get there: (closes, confirms, gives an account).
        reached: list[set[tuple[bool, bool, bool]]] = [set() for _ in range(len(words) + 1)]
        reached[0].add((False, False, False))
        for start in range(len(words)):
            if not reached[start]:
                continue
            matches: list[tuple[int, Kind]] = []
            for end in range(start + 1, min(len(words), start + self.longest) + 1):
                kind = self.phrases.get(words[start:end])
                if kind is not None:
                    matches.append((end, kind))
            for family in self.families.get(words[start], ()) + self.families.get(ANY_WORD, ()):
                matches.extend((end, family.kind) for end in family.ends(words, start))
            for end, kind in matches:
                if kind is Kind.TEAM and PROBLEM_WORDS.intersection(words[start:end]):
                    continue  # a team's phrase may not hide a problem word
                for closes, confirms, account in reached[start]:
                    reached[end].add(
                        (
                            closes or kind in (Kind.CLOSING, Kind.CONFIRMING, Kind.TEAM),
                            confirms or kind is Kind.CONFIRMING,
                            account or kind is Kind.ACCOUNT,
                        )
                    )
        if not reached[-1]:
            return None
        if confirming and APPROVING in words:
            confirming = False
        return any(
            (confirms if confirming else closes) and (confirms or not account)
            for closes, confirms, account in reached[-1]
        )


@functools.lru_cache(maxsize=1)
def _built_in() -> Vocabulary:
    phrases: dict[tuple[str, ...], Kind] = {}
    for kind, listed in (
        (Kind.FILLER, FILLER_PHRASES),
        (Kind.CLOSING, CLOSING_PHRASES),
        (Kind.CONFIRMING, CONFIRMING_PHRASES),
    ):
        for phrase in listed:
            phrases.update(dict.fromkeys(_spellings(phrase_words(phrase)), kind))
    phrases[(APPROVING,)] = Kind.CLOSING
    phrases[(HEALTHY,)] = Kind.CONFIRMING
    phrases[(BOUNDARY,)] = Kind.FILLER
    phrases.pop((), None)
    families: dict[str, list[_Family]] = {}
    known = {word for words in phrases for word in words} | PROBLEM_WORDS
    for templates, kind in (
        (CLOSING_TEMPLATES, Kind.CLOSING),
        (CONFIRMING_TEMPLATES, Kind.CONFIRMING),
        (FILLER_TEMPLATES, Kind.FILLER),
        (ACCOUNT_TEMPLATES, Kind.ACCOUNT),
    ):
        for template in templates:
            family, first_words = _compile(template, kind)
            for word in first_words:
                families.setdefault(word, []).append(family)
            for part in family.parts:
                known.update(w for choice in _choices(part) for w in choice)
    return Vocabulary(
        phrases,
        max(len(words) for words in phrases),
        {word: tuple(found) for word, found in families.items()},
        frozenset(known),
    )


def _choices(part: _Part) -> Iterable[tuple[str, ...]]:
    for choices in part.by_first_word.values():
        yield from choices


@functools.lru_cache(maxsize=8)
def vocabulary(extra: tuple[str, ...]) -> Vocabulary:
    built_in = _built_in()
    if not extra:
        return built_in
    phrases = dict(built_in.phrases)
    for phrase in extra:
        words = phrase_words(phrase)
        if words and phrases.get(words) not in (Kind.CLOSING, Kind.CONFIRMING):
            phrases[words] = Kind.TEAM
    return Vocabulary(
        phrases,
        max(len(words) for words in phrases),
        built_in.families,
        built_in.known_words | {word for words in phrases for word in words},
    )


# Real words that look like a closing word with its apostrophe lost ("were" is not "we're").
_NOT_MISSING_AN_APOSTROPHE = frozenset({"were", "ill", "id", "wed", "shell", "hell", "well"})
# Real words one vowel short of a closing word: never read as a slip.
_REAL_WORDS = frozenset({"clan", "fund", "fond", "head", "hell", "bend", "hast", "fall", "gain"})


def corrected(word: str, known: frozenset[str]) -> str:
    """A typed word, or the known word it is a slip of: "thnaks", "sooo", "alll", "thats"."""
    if word in known or (not word.isalpha() and "'" not in word):
        return word
    candidates = [re.sub(r"(.)\1{2,}", r"\1\1", word), re.sub(r"(.)\1{2,}", r"\1", word)]
    # One doubled letter too many: "thankss", "fixxed".
    candidates += [word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]]
    if word.endswith("in") and word + "g" in known:
        return word + "g"  # "workin", "amazin"
    for candidate in candidates:
        if candidate in known:
            return candidate
    for candidate in dict.fromkeys(candidates):
        if len(candidate) >= 4:
            for i in range(len(candidate) - 1):
                swapped = candidate[:i] + candidate[i + 1] + candidate[i] + candidate[i + 2 :]
                if swapped in known:
                    return swapped
    if len(word) >= 4 and word in _vowel_slips(known):
        return _vowel_slips(known)[word]  # "thnks", "wrking", "fixd"
    if word not in _NOT_MISSING_AN_APOSTROPHE and "'" not in word and 2 <= len(word) <= 8:
        for i in range(1, len(word)):
            with_apostrophe = word[:i] + "'" + word[i:]
            if with_apostrophe in known:
                return with_apostrophe
    return word


@functools.lru_cache(maxsize=2)
def _vowel_slips(known: frozenset[str]) -> dict[str, str]:
    """Known words of five letters or more with one vowel left out, and the word meant."""
    slips: dict[str, str] = {}
    for word in known:
        if len(word) >= 5 and word.isalpha():
            for i, letter in enumerate(word):
                if letter in "aeiou":
                    slips.setdefault(word[:i] + word[i + 1 :], word)
    # A slip with two vowels left is often a real word ("quit" is not "quiet").
    return {
        slip: word
        for slip, word in slips.items()
        if slip not in known
        and slip not in _REAL_WORDS
        and sum(letter in "aeiouy" for letter in slip) <= (1 if len(slip) < 6 else 2)
    }
