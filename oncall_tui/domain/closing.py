"""Is a customer's message a closing ("Confirmed, thanks!", "👍 holding steady", "merci")?

A closing does not start a wait. The two mistakes do not cost the same: a new ask taken for a
closing hides a waiting customer, a closing taken for an ask only shows a timer someone can
dismiss. So the rule says "closing" only when it can account for every word:

- the customer's new words are short: quoted lines (`&gt; ...`) are our earlier words, not
  theirs, @mentions only address someone, ~struck-out~ words are taken back;
- nothing in them can be a question: no "?" in any script, and "is it fixed" has no phrase;
- nothing reports something: no code, links, channels, dates, sad or alarmed emoji, no number
  or id outside a phrase that settles it ("fixed in 3.4.1", "ticket #4821 can be closed");
- every word belongs to a closing phrase (thanks, approval, confirmation, sign-off, "it works
  now", "the issue is resolved", "haven't seen it since the deploy", "we'll report back") or to
  the filler around one ("for the quick fix", "on our side", "guys"), at least one of them a
  closing phrase or an approving emoji. Slips of the keyboard ("thnaks", "sooo") are forgiven.
  Words no list can hold stand in open slots with a role (`closing_families.py`): what a
  statement is about ("dashboards are loading again"), whom the thanks are for ("thanks
  Priya"), what they are for, the step that fixed it, the trouble that is gone; a slot refuses
  problem words, hedges, counts and trouble (`closing_slots.py`). Pasted output counts only
  when plainly healthy and the words around it confirm (`closing_text.py`).
- a bare "yes" or "no" under a quoted question of ours closes only when it answers it well:
  "no" to "is it still happening?", "yes" to "did that help?".

Problem words ("still", "again", "but", "not", "error", in the languages of `closing_words.py`)
appear only inside fixed phrases ("no worries", "thanks again"). Teams add phrases in config
(`[conversations] pleasantries`); they count like the built-in ones unless they hold a problem
word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from oncall_tui.domain.closing_base import APPROVING, HEALTHY, PERSON
from oncall_tui.domain.closing_counts import counted
from oncall_tui.domain.closing_emoji import (
    NEGATIVE_EMOJI,
    NEGATIVE_EMOJI_STEMS,
    NEGATIVE_EMOJI_WORDS,
    POSITIVE_EMOJI,
    POSITIVE_EMOJI_WORDS,
)
from oncall_tui.domain.closing_grammar import (
    TOKEN,
    corrected,
    is_reference,
    normalised,
    vocabulary,
)
from oncall_tui.domain.closing_text import (
    CHAT_SPELLINGS,
    QUOTED,
    healthy_output_dropped,
    loosened,
    people_marked,
    segmented,
    spans_read,
)
from oncall_tui.domain.closing_words import BOUNDARY, NAME, REFERENCE

MAX_WORDS = 32
# Emoji do not count as words, but a wall of them is not a quiet "thanks" either.
MAX_TOKENS = 44
# Longer than this, the raw text cannot be a short closing even with a quote of ours in front.
MAX_RAW_CHARACTERS = 4000
MAX_NEW_CHARACTERS = 400

_SLACK_TOKEN = re.compile(r"<([^<>\n]*)>")
_STRUCK_OUT = re.compile(r"(?<![\w~])~[^~\n]+~(?![\w~])")
# A quoted line that looks like a log or a stack trace is the customer's evidence, not our words.
_MACHINE_OUTPUT = re.compile(
    r"\b(?:ERROR|FATAL|CRITICAL|WARN|WARNING|Exception|Traceback|Caused by|panic:)|^\W*at [\w.$]+\("
)
_QUESTION = frozenset("?？¿؟⁇⁈⁉❓❔")
# Punctuation of paths, ids, code and addresses, unlike the rest which only shapes a sentence.
_CODE_PUNCTUATION = frozenset("#@%&/\\[]{}|")
# Questions that only admire and want no answer: "how do you guys always fix things this fast?",
# "how did we miss that?!", "what would we do without you?". Nothing else with a "?" closes.
_ADMIRING = re.compile(
    r"(?:how (?:do|did) you(?: guys| all| folks)? (?:always|even|do it|do that|manage|keep)"
    r"|how did (?:we|i) (?:miss|not see|not spot|overlook) (?:that|this|it)"
    r"|why didn't (?:we|i) think of (?:that|this)|who knew|what would (?:we|i) do without you"
    r"|how cool is that|isn't that (?:great|nice|cool)"
    r"|how are you(?: guys| all| folks)? (?:so|always so|this) (?:fast|quick|good|responsive))"
    r"(?: [a-z' ]{0,40})?\?+!*(?=\s|$)"
)
# The words an admiring question may hold; any other ("how do you always lose it?") keeps it one.
_ADMIRING_WORDS = frozenset(
    {
        "how", "why", "what", "didn't", "isn't", "do", "did", "you", "guys", "all", "folks",
        "always", "even", "it", "that", "this", "manage", "keep", "we", "i", "miss", "not",
        "see", "spot", "overlook", "think", "of", "who", "knew", "would", "without", "is",
        "cool", "great", "nice", "fix", "fixed", "things", "stuff", "so", "fast", "quickly",
        "quick", "find", "found", "figure", "figured", "out", "sort", "sorted", "such", "these",
        "those", "the", "everything", "just", "are", "good", "responsive",
    }
)  # fmt: skip


def _unless_troubled(found: re.Match[str]) -> str:
    """An admiring question goes; one with any other word in it stays, "?" and all."""
    words = set(re.findall(r"[a-z']+", found.group()))
    return " . " if words <= _ADMIRING_WORDS else found.group()


# A condition still to be met: "close it once the refund is done", "when it's deployed".
_PENDING = re.compile(
    r"\b(?:once|when|as soon as|after|until|till|if)\b[^.,;!\n]{0,40}?\b(?:is|are|gets|get|has"
    r" been|have been|'s)\s+(?:done|complete|completed|finished|fixed|deployed|resolved|live|"
    r"ready|processed|released|merged|shipped|in|out|through|sorted)\b"
    # ...or a meeting wanted: "our CFO is happy to talk tomorrow", "free to jump on a call".
    r"|\b(?:happy|glad|keen|able|like|love|want|wants|need|needs|available|free|ready|thrilled|"
    r"delighted|pleased|prefer) to (?:talk|speak|chat|meet|call|catch up|jump|hop|sync|discuss)\b"
    # ...or the trouble placed on our side: "the problem is not coming from our side".
    r"|\bnot (?:coming |caused |originating )?from (?:our|my|us|me)\b"
)
# A count or a measure ("3", "502s", "24h", "10am", "3.4.1", "€42"), unlike a name ("v3", "s3").
_MEASURE = re.compile(
    r"#.*|[$€£¥].*|.*[$€£¥]|[\d.,\-/]+(?:am|pm|h|hr|hrs|m|min|mins|s|sec|secs|ms|x|k|kb|mb|gb|tb|"
    r"d|w|st|nd|rd|th|%)?"
)
_SAD_EMOTICON = re.compile(r"[:;=]'?-?[(/\\|\[]")

_YES = frozenset(
    " ".join(word for word in (yes, it) if word)
    for yes in ("", "yes", "yep", "yup", "yeah", "yea", "ya", "y", "sure", "correct", "indeed",
                "absolutely", "definitely", "ja", "oui", "si", "sim")
    for it in ("", "it did", "it does", "it is", "it has", "they did", "we did", "it worked",
               "it works", "please", "please do", "go ahead")
    if yes or it
)  # fmt: skip
_NO = frozenset({"no", "nope", "nah", "nothing", "none", "nein", "non", "nee", "not anymore",
                 "not any more", "no more", "no longer", "it's not", "it isn't", "no thanks",
                 "no thank you", "nothing else"})  # fmt: skip
# Our question asks whether something bad goes on, or whether something more is needed...
_ASKS_ABOUT_TROUBLE = re.compile(
    r"\b(?:anything else|any other|anything more|any more|any further|something else|recur\w*|"
    r"come back|came back|any (?:errors?|issues?|problems?|questions?|trouble|failures?|alerts?)|"
    r"need anything|need any|need more|further questions)\b"
)
# "Still" and "again" ask about trouble only next to it: "is it still working?" does not.
_STILL_OR_AGAIN = re.compile(r"\b(?:still|again)\b")
_TROUBLE = re.compile(
    r"\b(?:happen\w*|see\w*|fail\w*|error\w*|broken|break\w*|occur\w*|issues?|problems?|"
    r"crash\w*|timeouts?|slow|stuck|block\w*|down|hit\w*|experienc\w*|affect\w*|present|there|"
    r"reproduc\w*|getting|get|spik\w*|lag\w*|drop\w*)\b"
)
# An offer of ours ("shall we...?", "do you want us to...?") answered "yes" leaves us work to
# do, unless what we offered is to close.
_OFFER = re.compile(
    r"\b(?:want us|should we|shall we|would you like|can we|could we|may we|do you want|"
    r"let us|we can|we could)\b"
)
_OFFER_TO_CLOSE = re.compile(r"\b(?:close|closing|mark\w* (?:it|this|the \w+) (?:as )?resolved)\b")
# ...or whether it went well.
_ASKS_ABOUT_SUCCESS = re.compile(
    r"\b(?:help|helped|work|works|worked|working|fix|fixed|resolve|resolved|solve|solved|close|"
    r"closed|good|ok|okay|sorted|better|set|normal|right|correct|showing|back|live|green|"
    r"stable|up|confirm|running|loading|syncing|arriving|flowing|received|healthy)\b"
)
_NEGATED_OR_MIXED = re.compile(
    r"\b(?:not|no|never|error|errors|issue|issues|problem|problems|fail\w*|broken|or)\b|n't\b"
)


@dataclass(frozen=True)
class _Reading:
    """The customer's new words, and which way our quoted question leans, if any."""

    words: tuple[str, ...]
    quoted_question: str | None  # "trouble", "success" or None
    shown: bool = False  # the customer pasted healthy output: only a confirmation closes


def _split_quote(text: str) -> tuple[str, str] | None:
    """(new words, quoted words); None for a pasted log."""
    kept: list[str] = []
    quoted: list[str] = []
    quoting = False
    for line in text.splitlines():
        start = line.lstrip()
        quoting = quoting or start.startswith(("&gt;&gt;&gt;", ">>>"))  # runs to the end
        if quoting or start.startswith(("&gt;", ">")):
            if _MACHINE_OUTPUT.search(line):
                return None
            quoted.append(start.lstrip("&gt;> "))
        else:
            kept.append(line)
    return "\n".join(kept), " ".join(quoted)


def _plain(text: str) -> str | None:
    """Mentions out, struck-out words out; None for links, channels and dates."""
    pieces: list[str] = []
    position = 0
    for token in _SLACK_TOKEN.finditer(text):
        target = token.group(1).split("|", 1)[0]
        if target.startswith("@") or (target.startswith("!") and "date" not in target):
            pieces.append(text[position : token.start()] + " ")  # someone addressed
        else:  # a link, a channel, a date: a thing named, which says nothing by itself
            pieces.append(text[position : token.start()] + " \x03 ")
        position = token.end()
    pieces.append(text[position:])
    plain = _STRUCK_OUT.sub(" ", "".join(pieces))
    plain = plain.replace("&lt;3", "❤").replace("&lt;", "<").replace("&gt;", ">")
    return plain.replace("&amp;", " and ")


@functools.lru_cache(maxsize=512)
def _is_decoration(token: str) -> bool:
    if len(token) != 1 or token in _CODE_PUNCTUATION:
        return False
    # Arrows only join: "ran the check → all green".
    return token in "*_~→⇒⟶➔➜➡>•" or unicodedata.category(token).startswith("P")


def _emoji_word(token: str) -> str | None:
    """APPROVING, "" for an emoji that says nothing either way, None for bad news."""
    if token.startswith(":") and token.endswith(":") and len(token) > 2:
        name = token[1:-1]
        parts = set(re.split(r"[_\-]", name)) | {name}
        if parts & NEGATIVE_EMOJI_WORDS or any(stem in name for stem in NEGATIVE_EMOJI_STEMS):
            return None
        return APPROVING if name in POSITIVE_EMOJI or parts & POSITIVE_EMOJI_WORDS else ""
    if _SAD_EMOTICON.fullmatch(token):
        return None
    if token[0] in ":;=":  # a happy emoticon
        return ""
    if token in NEGATIVE_EMOJI:
        return None
    if token in POSITIVE_EMOJI:
        return APPROVING
    return "" if unicodedata.category(token) == "So" else None


def _number_or_name(token: str) -> str:
    return REFERENCE if _MEASURE.fullmatch(token) else NAME


def _ends_clause(text: str, start: int, end: int) -> bool:
    """ "," "." ";" ":" "!" before a space, a dash between spaces: a clause ends there."""
    token = text[start:end]
    after = text[end : end + 1]
    if token in ",.;:!…":
        return not after or after.isspace()
    return token in "-–—" and text[start - 1 : start].isspace() and after.isspace()


def _question_lean(quoted: str) -> str | None:
    question = normalised(quoted)
    if not any(character in _QUESTION for character in question):
        return None
    negated = re.search(r"\bnot\b|n't\b", question)
    if not negated and (
        _ASKS_ABOUT_TROUBLE.search(question)
        or (_STILL_OR_AGAIN.search(question) and _TROUBLE.search(question))
    ):
        return "trouble"
    if _OFFER.search(question) and not _OFFER_TO_CLOSE.search(question):
        return None
    if _ASKS_ABOUT_SUCCESS.search(question) and not _NEGATED_OR_MIXED.search(question):
        return "success"
    return None


@functools.lru_cache(maxsize=8192)
def _reading(text: str) -> _Reading | None:
    if len(text) > MAX_RAW_CHARACTERS:
        return None
    shown = "```" in text
    if shown:
        # Code blocks, logs and stack traces are something to look at, unless the output is
        # plainly healthy ("HTTP/2 200", "0 errors") and the words around it confirm.
        text = healthy_output_dropped(text)
        if "```" in text:
            return None
    split = _split_quote(text)
    if split is None:
        return None
    new_text = _plain(split[0])
    if new_text is None or len(new_text) > MAX_NEW_CHARACTERS:
        return None
    # An inline `span` names a thing ("`retry_count` set to 5"); it says nothing by itself.
    new_text = QUOTED.sub(" \x03 ", spans_read(new_text))
    if "`" in new_text:
        return None
    known = vocabulary(()).known_words
    new_text = people_marked(new_text, known)
    folded = _ADMIRING.sub(_unless_troubled, normalised(new_text))
    if any(character in _QUESTION for character in folded) or _PENDING.search(folded):
        return None
    folded = counted(folded)
    words: list[str] = []
    tokens = 0
    lines = folded.replace("\n", " . ")  # a line break ends a clause too
    for found in TOKEN.finditer(lines):
        token = found.group()
        if _is_decoration(token):
            if _ends_clause(lines, found.start(), found.end()) and words[-1:] != [BOUNDARY]:
                words.append(BOUNDARY)
            continue
        tokens += 1
        if token == "+1":
            words.append(token)
        elif token == "\x03":
            words.append(NAME)
        elif token == "\x04":
            words.append(PERSON)
        elif token == "\x06":
            words.append(HEALTHY)
        elif token in CHAT_SPELLINGS:
            words.append(CHAT_SPELLINGS[token])
        elif is_reference(token) and not token.startswith(":"):
            words.append(_number_or_name(token))
        elif token[0].isalpha():
            word = corrected(token, known)
            words.extend(segmented(word, known) if word not in known else (word,))
        else:
            emoji = _emoji_word(token)
            if emoji is None:
                return None
            if emoji:
                words.append(emoji)
    plain_words = [word for word in words if word not in (APPROVING, BOUNDARY)]
    if not words or len(plain_words) > MAX_WORDS or tokens > MAX_TOKENS:
        return None
    reading = loosened(tuple(words), known)
    return _Reading(reading, _question_lean(split[1]) if split[1] else None, shown)


def _answer(words: tuple[str, ...], answers: frozenset[str]) -> int:
    """How many leading words make a bare yes or no."""
    for length in (3, 2, 1):
        if " ".join(words[:length]) in answers:
            return length
    return 0


_PLAIN_ANSWERS = frozenset({"yes", "yep", "yup", "yeah", "yea", "ya", "y", "ja", "oui", "si",
                            "sim", "no", "nope", "nah", "nein", "non", "nee"})  # fmt: skip


def _bare_answer(words: tuple[str, ...], answers: frozenset[str]) -> bool:
    """Whether the words open with a yes or no: a plain one, or one that is a clause alone
    ("it did."), not the start of a statement ("it is fixed now")."""
    length = _answer(words, answers)
    return bool(length) and (words[0] in _PLAIN_ANSWERS or words[length:][:1] in ((), (BOUNDARY,)))


def is_closing(text: str, extra: Iterable[str] = ()) -> bool:
    """Whether the customer's `text` (Slack markup) only thanks, approves, confirms or signs off.

    `extra` adds phrases a team uses ("merci vielmals", "cheers mate").
    """
    return _verdict(text, tuple(extra))


def clear_caches() -> None:
    """Forget every message read so far (for measuring a cold read)."""
    _verdict.cache_clear()
    _reading.cache_clear()


@functools.lru_cache(maxsize=8192)
def _verdict(text: str, extra: tuple[str, ...]) -> bool:
    # Runs for every customer message on every board build: each distinct text is judged once.
    reading = _reading(text)
    if reading is None:
        return False
    known = vocabulary(extra)
    lean = reading.quoted_question
    if lean is not None:
        # "yes" to "is it still failing?" or "no" to "did that help?" reports trouble.
        wrong = _YES if lean == "trouble" else _NO
        starts = [0] + [i + 1 for i, word in enumerate(reading.words) if word == BOUNDARY]
        if any(_bare_answer(reading.words[start:], wrong) for start in starts):
            return False
        rest = reading.words
        while answered := _answer(rest, _NO if lean == "trouble" else _YES):
            rest = rest[answered:]  # "nope, not anymore"
            while rest[:1] == (BOUNDARY,):
                rest = rest[1:]
        if rest != reading.words:
            return not rest or known.split(rest) is not None
    return known.split(reading.words, confirming=reading.shown) is True
