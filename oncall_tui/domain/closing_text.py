"""Reading a customer's words before they meet the vocabulary (see `closing.py`): words in
quotes are named, not said; a capitalised unknown word inside a sentence is a person's name; a
run of Chinese, Japanese or Korean is split into the phrases it is made of."""

from __future__ import annotations

import functools
import re

from oncall_tui.domain.closing_base import APPROVING, BOUNDARY, PERSON, SUBJECT
from oncall_tui.domain.closing_grammar import corrected, normalised
from oncall_tui.domain.closing_slots import SLOT_STOP, is_trouble

# Chat spellings with a digit in them, which would otherwise read as a number or an id.
CHAT_SPELLINGS = {"gr8": "great", "m8": "mate", "l8r": "later", "2day": "today", "thx2u": "thx"}
# Words in quotes are named, not said: "we get 'thanks for your patience' emails".
QUOTED = re.compile(
    r"[\"“”„«»][^\"“”„«»\n]{1,80}[\"“”„«»]|(?<![\w'’])['‘][^'‘’\n]{1,60}['’](?![\w'’])"
)
_CAPITALISED = re.compile(r"(?<![\w'’])([^\W\d_])([^\W\d_]+)(?![\w'’])")
PERSON_MARK = "\x04"
# A signature: the last line holds only a name, under a line ending in "," or "-".
_SIGNATURE = re.compile(r"(?<=[,\-–—])[ \t]*\n[ \t]*(?:\x04[ \t]*){1,3}\s*$")


# Capitalised, yet no one's name.
_NOT_PEOPLE = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    }
)  # fmt: skip


def people_marked(text: str, known: frozenset[str]) -> str:
    """Capitalised words we do not know become a person's name, unless they start a sentence
    (after ".", "!", "?", ":" or at the start, "Blank." is only a word); a name alone on the
    last line under "Best," or "Thanks," is a signature and goes."""

    def mark(found: re.Match[str]) -> str:
        first, rest = found.group(1), found.group(2)
        word = normalised(found.group())
        before = text[: found.start()].rstrip()
        if (
            not first.isupper()
            or not rest.islower()
            or not before
            or before[-1] in ".!?…:"
            or word in known
            or word in _NOT_PEOPLE
            or corrected(word, known) in known
        ):
            return found.group()
        return f" {PERSON_MARK} "

    marked = _CAPITALISED.sub(mark, text)
    return _SIGNATURE.sub("", marked.rstrip())


# Little words of these scripts that only join or time a statement ("已经", "現在", "もう", "이제").
_CJK_JOINERS = frozenset(
    {
        "了", "啦", "的", "都", "也", "已经", "现在", "目前", "我们", "这边", "我这边", "全部",
        "一切", "今", "もう", "無事", "全て", "すべて", "です", "ました", "ね", "よ",
        "今は", "こちらでも", "こちらで", "이제", "다", "모두", "잘", "지금",
    }
)  # fmt: skip
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")


@functools.lru_cache(maxsize=4096)
def _cjk_words(known: frozenset[str]) -> frozenset[str]:
    return frozenset(word for word in known if _CJK.fullmatch(word)) | _CJK_JOINERS


def segmented(word: str, known: frozenset[str]) -> tuple[str, ...]:
    """A run of Chinese, Japanese or Korean split into known phrases and joiners, longest
    first ("已经解决了" -> "已经", "解决了"); anything else, or a run with a part we do not
    know ("还没解决"), stays one word and so unknown."""
    if not _CJK.fullmatch(word):
        return (word,)
    pieces = _cjk_words(known)
    longest = max(len(piece) for piece in pieces)
    # Shortest split, by position: the fewest pieces that cover the run exactly.
    best: list[tuple[str, ...] | None] = [()] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - longest), end):
            before = best[start]
            if before is not None and word[start:end] in pieces:
                candidate = (*before, word[start:end])
                if best[end] is None or len(candidate) < len(best[end] or ()):
                    best[end] = candidate
    found = best[-1]
    if found is None or all(piece in _CJK_JOINERS for piece in found):
        return (word,)
    return tuple(piece for piece in found if piece not in _CJK_JOINERS) or (word,)


_FENCED = re.compile(r"```(.*?)```", re.DOTALL)
# What a healthy run prints after the zeros are taken out ("0 errors", `"failed": 0`).
_ZERO_OF = (
    r"(?:errors?|failed|failures?|failing|problems?|issues?|warnings?|critical|alerts?|"
    r"vulnerabilit\w+|retries|pending|queued|backlog|lag|conflicts?|dropped|rejected|"
    r"timeouts?|crash\w*|restarts?)"
)
_ZEROED = re.compile(
    rf"(?<![\w.])0\s+{_ZERO_OF}\b(?:\s+found)?|[\"']?{_ZERO_OF}[\"']?\s*[:=]\s*0(?![\d.])"
    r"|\bno changes\b",
    re.IGNORECASE,
)
_UNHEALTHY = re.compile(
    r"\berr|fail|exception|traceback|panic|fatal|crash|denied|refused|invalid|time[ds]? ?out"
    r"|problem|issue|\bbug|broke"
    r"|warn|unauthori|forbidden|not found|cannot|can't|unable|missing|abort|killed|oom"
    r"|backoff|degraded|unhealthy|pending|retr|drift|conflict|reject|stuck|lag|behind|expired"
    r"|revoked|skipped|unknown|\b(?:down|no|not|none|still|again|bad|wrong|diff)\b"
    r"|\b[45]\d\d\b|(?<![\w.])-\d",
    re.IGNORECASE,
)
_MOST_OUTPUT_LINES = 12


def healthy_output_dropped(text: str) -> str:
    """The text without its fenced blocks of plainly healthy output; a block with anything
    that may be trouble stays, fences and all."""

    def drop(found: re.Match[str]) -> str:
        output = found.group(1)
        if output.count("\n") > _MOST_OUTPUT_LINES or _UNHEALTHY.search(_ZEROED.sub(" ", output)):
            return found.group()
        return "\n"

    return _FENCED.sub(drop, text)


_SUCCESS = re.compile(
    r"\b(?:ok|okay|pass|passed|passing|success|successful|succeeded|healthy|green|done"
    r"|complete|completed|up to date|no changes|200)\b",
    re.IGNORECASE,
)


def healthy_report(output: str) -> bool:
    """Whether a short piece of output reports success and nothing else: "0 problems found",
    "all checks passed", "HTTP 200 OK"; not "2 problems found" or "200 OK, 3 retries"."""
    zeroed = _ZEROED.sub(" ", output)
    if len(output) > 40 or _UNHEALTHY.search(zeroed):
        return False
    return zeroed != output or bool(_SUCCESS.search(output))


# After these, an unknown word that ends the clause is whom the thanks are for: "thanks marco".
_ADDRESSING = frozenset({"thanks", "thank", "ty", "thx", "cheers", "hi", "hey", "hello", "bye"})
# After these, an unknown word in -ly says how it works: "works flawlessly", "loads instantly".
_WORKING = frozenset(
    {
        "works", "working", "worked", "runs", "running", "ran", "loads", "loading", "loaded",
        "syncs", "syncing", "synced", "responds", "responding", "renders", "rendering",
        "deploys", "deployed", "builds", "passes", "passed", "fixed", "resolved",
    }
)  # fmt: skip
# -ly words that say when or how often, or are adjectives: "runs nightly" says nothing of health.
_NOT_MANNER = frozenset(
    {
        "nightly", "daily", "weekly", "monthly", "hourly", "yearly", "quarterly", "early",
        "likely", "unlikely", "costly", "ugly", "silly", "friendly", "lonely", "deadly",
        "elderly", "manually", "locally", "remotely", "internally", "externally", "globally",
        "regionally", "individually", "separately", "independently", "automatically",
    }
)  # fmt: skip
_ADVERB_TOKEN = "seamlessly"  # one of the known ways a thing works (closing_families._HOW)


def loosened(words: tuple[str, ...], known: frozenset[str]) -> tuple[str, ...]:
    """Two kinds of unknown word read in their place, the rest stays unknown: a name after
    thanks or a greeting, closing the clause ("thanks marco,"), and an adverb in -ly after a
    word that says it works ("works flawlessly"); never a hedge or trouble ("works
    sporadically", "thanks anyway", "fixed, reopening")."""
    loose = list(words)
    for i, word in enumerate(words):
        if i == 0 or word in known or not word.isalpha() or not word.isascii():
            continue
        if is_trouble(word) or word in SLOT_STOP[SUBJECT]:
            continue
        after = words[i + 1 : i + 2]
        if words[i - 1] in _ADDRESSING and after in ((), (BOUNDARY,), (APPROVING,)):
            loose[i] = PERSON
        elif (
            words[i - 1] in _WORKING
            and word.endswith("ly")
            and len(word) > 5
            and word not in _NOT_MANNER
        ):
            loose[i] = _ADVERB_TOKEN
    return tuple(loose)


def reported_trouble(output: str) -> bool:
    """Whether an inline `span` reports trouble ("2 problems found", "ERR_TIMEOUT") rather than
    names a thing ("retry_count", "acme-sdk==4.2.1")."""
    if not _UNHEALTHY.search(_ZEROED.sub(" ", output)):
        return False
    return " " in output.strip() or output.upper() == output


_INLINE_CODE = re.compile(r"`[^`\n]{1,60}`")
# "1. renewed", "2) all green", "- restarted": the marker of a list item says nothing.
_LIST_MARKER = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+", re.MULTILINE)


def _inline_code(found: re.Match[str]) -> str:
    """A `span` names a thing ("`retry_count` set to 5"), or is healthy output that confirms
    ("`0 problems found`", "`all checks passed`")."""
    output = found.group()[1:-1]
    if reported_trouble(output):
        return " ` "  # a stray backtick: the message is no closing
    return " \x06 " if healthy_report(output) else " \x03 "


def spans_read(text: str) -> str:
    """List markers out; each inline `span` a thing named, healthy output, or trouble."""
    return _INLINE_CODE.sub(_inline_code, _LIST_MARKER.sub(" ", text))
