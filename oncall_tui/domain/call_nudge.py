"""The call nudge: when writing is not converging, a call is due.

"If a back-and-forth isn't squashing the issue, get on a call. If a customer is complaining, get
on a call." A conversation is call-worthy when any of these holds (thresholds and phrases come
from `[call_nudge]` in the config):

- at least `min_round_trips` round trips (customer -> us -> customer) without resolution;
- open across `multi_day_business_days` business days with `multi_day_round_trips` of them;
- the customer's recent words after our answer, while they wait on us, signal frustration or
  urgency ("still", "again", "any update", "escalate", "urgent", "this is blocking", repeated
  "?", a message in capitals);
- the customer asks for a call ("can we jump on a call?").

Phrases match whole words, case-insensitively, outside code, links and mentions, so
"stillwater", "against" or "call the API" trigger nothing. A dismissed nudge stays dismissed for
that conversation until the customer asks for a call after the dismissal.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.model import Conversation, Party, ScheduledCall, SlackMessage, SlackUser
from oncall_tui.domain.parties import Workspace, party_of
from oncall_tui.domain.slack_text import first_line
from oncall_tui.domain.why import call_nudge_section

DEFAULT_FRUSTRATION_PHRASES = (
    "still",
    "again",
    "any update",
    "any news",
    "escalate",
    "urgent",
    "urgently",
    "asap",
    "this is blocking",
    "blocking us",
    "unacceptable",
    "frustrating",
)
DEFAULT_CALL_PHRASES = (
    "jump on a call",
    "hop on a call",
    "get on a call",
    "have a call",
    "quick call",
    "schedule a call",
    "set up a call",
    "book a call",
    "call us",
    "call me",
    "give us a call",
    "give me a call",
    "a zoom",
    "a huddle",
    "screen share",
    "screenshare",
    "talk live",
    "talk on the phone",
)
# Only the customer's latest words say how they feel now.
RECENT_CUSTOMER_MESSAGES = 3
_UTC = ZoneInfo("UTC")
TITLE_IN_LINE = 40  # characters of a conversation's title in a wrap-up line

# What is not the customer's own prose: code, Slack's <links|labels> and <@mentions>, :emoji:.
_NOT_PROSE = re.compile(r"```.*?```|`[^`\n]*`|<[^<>\n]*>|:[a-z0-9_+\-]+:", re.DOTALL)
_REPEATED_QUESTION = re.compile(r"\?[\s!]*\?")
_WORD = re.compile(r"[^\W\d_]+")
# Simple inflections of the phrase's last word: "updates", "escalated", "escalating" stay in;
# other words that merely start the same ("stillwater", "against") stay out.
_SUFFIX = r"(?:s|es|d|ed|ing)?"


@dataclass(frozen=True, slots=True)
class CallNudgeRule:
    min_round_trips: int = 4
    multi_day_round_trips: int = 3
    multi_day_business_days: int = 2
    frustration_phrases: tuple[str, ...] = DEFAULT_FRUSTRATION_PHRASES
    call_phrases: tuple[str, ...] = DEFAULT_CALL_PHRASES
    # A message of at least this many letters, every one a capital, is shouting.
    capitals_min_letters: int = 12


@dataclass(frozen=True, slots=True)
class CallNudge:
    """A call-worthy conversation and every reason found (for the row, the conversation and
    "why")."""

    conversation_key: str
    reasons: tuple[str, ...]
    customer_asked: bool = False


@functools.lru_cache(maxsize=512)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A configured phrase as a whole-word, case-insensitive pattern: any run of spaces between
    its words, a plain inflection allowed on the last one. Built once per phrase: the board
    judges every open conversation's recent messages against every phrase."""
    words = phrase.casefold().split()
    if not words:
        raise ValueError("a phrase needs at least one word")
    body = r"\s+".join(re.escape(word) for word in words)
    tail = _SUFFIX if words[-1][-1:].isalpha() else ""
    return re.compile(rf"(?<![\w'-]){body}{tail}(?![\w-])", re.IGNORECASE)


def prose(text: str) -> str:
    """The customer's own words: Slack's escapes undone, code, links, mentions and emoji out."""
    text = _NOT_PROSE.sub(" ", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def matched_phrases(text: str, phrases: Sequence[str]) -> tuple[str, ...]:
    words = prose(text)
    return tuple(phrase for phrase in phrases if phrase_pattern(phrase).search(words))


def is_shouting(text: str, min_letters: int) -> bool:
    """All capitals, long enough not to be an acronym ("API DOWN" is not shouting)."""
    words = _WORD.findall(prose(text))
    letters = "".join(words)
    cased = [character for character in letters if character.isupper() or character.islower()]
    return (
        len(cased) >= min_letters
        and len(words) >= 3
        and all(character.isupper() for character in cased)
    )


def round_trips(parties: Sequence[Party]) -> int:
    """Customer -> us -> customer turns: the number of our turns that the customer answered."""
    turns: list[Party] = []
    for party in parties:
        if party is Party.IGNORED:
            continue
        if not turns or turns[-1] is not party:
            turns.append(party)
    return sum(
        1
        for index in range(1, len(turns) - 1)
        if turns[index] is Party.US
        and turns[index - 1] is Party.CUSTOMER
        and turns[index + 1] is Party.CUSTOMER
    )


def business_days_spanned(
    start: float, now: float, hours: BusinessHours | None, tz: ZoneInfo
) -> int:
    """Business days (days with open hours; every day without hours) from start to now."""
    first = datetime.fromtimestamp(start, tz).date()
    last = datetime.fromtimestamp(max(start, now), tz).date()
    count = 0
    day = first
    while day <= last:
        if hours is None or hours.weekly[day.weekday()]:
            count += 1
        day += timedelta(days=1)
    return count


def call_worthy(
    conversation: Conversation,
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    rule: CallNudgeRule,
    now: float,
    *,
    hours: BusinessHours | None = None,
    tz: ZoneInfo | None = None,
    dismissed_at: float | None = None,
    call_proposed: bool = False,
) -> CallNudge | None:
    """Whether to propose a call in an open conversation, with every reason found; None when
    not, when a call was already proposed, or when the nudge was dismissed (unless the customer
    asked for a call after that)."""
    if not conversation.state.is_open or call_proposed:
        return None
    said = [(message, party_of(message, users, workspace)) for message in conversation.messages]
    customer = [message for message, party in said if party is Party.CUSTOMER]
    recent = customer[-RECENT_CUSTOMER_MESSAGES:]
    # The customer's mood after we have answered, while they wait on us: "still" in an opening
    # question ("are you still signing with the old secret?") or an alert bot's capitals say
    # nothing about the exchange; "thanks, but it still fails" after our fix does.
    first_ours = next((m.posted_at for m, party in said if party is Party.US), None)
    follow_ups = [m for m in customer if first_ours is not None and m.posted_at > first_ours]
    mood = follow_ups[-RECENT_CUSTOMER_MESSAGES:] if conversation.state.is_on_us else []
    trips = round_trips([party for _, party in said])
    reasons: list[str] = []
    asked = _asked_for_call(recent, rule, dismissed_at)
    if asked is not None:
        reasons.append(asked)
    if trips >= rule.min_round_trips:
        reasons.append(f"{trips} round trips and still not resolved")
    elif trips >= rule.multi_day_round_trips:
        days = business_days_spanned(conversation.started_at, now, hours, tz or _UTC)
        if days >= rule.multi_day_business_days:
            reasons.append(f"{trips} round trips across {days} business days")
    reasons.extend(_frustration(mood, rule))
    if not reasons or (dismissed_at is not None and asked is None):
        return None
    return CallNudge(conversation.key, tuple(reasons), customer_asked=asked is not None)


def _asked_for_call(
    recent: Sequence[SlackMessage], rule: CallNudgeRule, dismissed_at: float | None
) -> str | None:
    for message in reversed(recent):
        if dismissed_at is not None and message.posted_at <= dismissed_at:
            continue
        found = matched_phrases(message.text, rule.call_phrases)
        if found:
            return f"the customer asks for a call (“{found[0]}”)"
    return None


def _frustration(recent: Sequence[SlackMessage], rule: CallNudgeRule) -> list[str]:
    words: list[str] = []
    questions = shouting = False
    for message in recent:
        for phrase in matched_phrases(message.text, rule.frustration_phrases):
            if phrase not in words:
                words.append(phrase)
        questions = questions or bool(_REPEATED_QUESTION.search(prose(message.text)))
        shouting = shouting or is_shouting(message.text, rule.capitals_min_letters)
    reasons = []
    if words:
        quoted = ", ".join(f"“{word}”" for word in words)
        reasons.append(f"the customer's words sound frustrated or urgent: {quoted}")
    if questions:
        reasons.append("the customer repeats question marks (“??”)")
    if shouting:
        reasons.append("the customer writes in capitals")
    return reasons


def call_nudge_why_lines(nudge: CallNudge | None) -> tuple[str, ...]:
    """The lines of the "why?" screen's call section (domain/why.call_nudge_section)."""
    return call_nudge_section(nudge.reasons if nudge is not None else None).lines


def wrapup_call_lines(
    conversations: Sequence[Conversation],
    nudges: Mapping[str, CallNudge],
    call_proposed: Collection[str],
) -> tuple[str, ...]:
    """Wrap-up lines for call-worthy conversations with no call proposed (`nudges` by
    conversation key, as `call_worthy` gave them; `call_proposed` the keys with a proposal).
    A customer with two such conversations gets each one's title, to tell them apart."""
    listed = [
        conversation
        for conversation in conversations
        if conversation.key in nudges
        and conversation.key not in call_proposed
        and conversation.state.is_open
    ]
    twice = {c.customer for c in listed if sum(o.customer == c.customer for o in listed) > 1}
    lines = []
    for conversation in listed:
        who = conversation.customer
        if who in twice:
            who += f" ({first_line(conversation.title, TITLE_IN_LINE)})"
        lines.append(f"{who} — looks like a call: {nudges[conversation.key].reasons[0]}")
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class CallWeek:
    """The week report's calls: suggested by the nudge, proposed, booked, and held (assumed:
    booked and ended; the app cannot know of a no-show)."""

    suggested: int
    proposed: int
    booked: int
    held_assumed: int

    def line(self) -> str:
        return (
            f"Calls: {self.suggested} suggested, {self.proposed} proposed, {self.booked} booked, "
            f"{self.held_assumed} held (assumed: booked and over)"
        )


def call_week(
    suggested: Mapping[str, float],
    calls: Sequence[ScheduledCall],
    since: float,
    now: float,
) -> CallWeek:
    """Calls of the period from `since` to `now`: conversations first nudged in it; those with
    slots proposed in it (a proposal's slots lie ahead of it, so slots starting in the period or
    after count); calls confirmed starting in it; and those among them already over."""
    proposed = {call.conversation_key for call in calls if call.starts_at >= since}
    booked = [call for call in calls if call.confirmed and since <= call.starts_at <= now]
    return CallWeek(
        suggested=sum(1 for at in suggested.values() if since <= at <= now),
        proposed=len(proposed),
        booked=len(booked),
        held_assumed=sum(1 for call in booked if call.ends_at <= now),
    )


def call_cell(nudge: CallNudge | None, *, emoji: bool = True) -> str:
    """The board's mark for a call-worthy row: `📞?`, or `call?` without emoji; "" when not."""
    if nudge is None:
        return ""
    return "📞?" if emoji else "call?"
