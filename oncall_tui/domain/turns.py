"""Whose turn it is in one conversation, since when, and why (the rules and worked cases are in
TIMERS.md; the grouping of messages into conversations is in conversations.py).

- last_update_at: our last customer-facing message (edits keep their ts, so never move it).
  Inside a conversation our bots' messages count as ours, except the auto-responders named in
  `automated_bots`.
- customer_waiting_since: the first substantive customer message (not a closing "thanks!")
  after our last update and after the resolution. None when nothing is owed.
- A promise: our last update was the app's status update, or its text promises the next update
  by a time ("next update by 18:00", "I'll get back to you by EOD"). Then the turn stays with
  us (UPDATE_PROMISED) and the promise, not the reply SLA, is the deadline. Any other message of
  ours hands the turn to the customer.
- ✅ on the parent means resolved, whoever added it. When it was added is known only when the
  app saw it arrive (live, or between two syncs: then it lies between them). A substantive
  customer message after it was seen reopens; one that may have come before or after it (inside
  the interval, or after our last update on first sight) makes it "resolved?". A reopen by hand
  makes older ✅ inert: only a ✅ seen arriving after it resolves again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.local_time import clock, day_name, local_date
from oncall_tui.domain.model import (
    ConversationMarks,
    ConversationState,
    Party,
    SlackMessage,
    SlackUser,
    TrailStep,
)
from oncall_tui.domain.promise_text import stated_promise

CLAIM_REACTION = "eyes"
RESOLVE_REACTION = "white_check_mark"


@dataclass(frozen=True)
class Said:
    """A message with what it means for the conversation."""

    message: SlackMessage
    party: Party
    is_update: bool
    is_pleasantry: bool
    automated: bool = False  # a bot or app post of our own workspace
    why_ignored: str = ""  # for Party.IGNORED and non-updates of ours: why it moves no timer

    @property
    def owes_reply(self) -> bool:
        return self.party is Party.CUSTOMER and not self.is_pleasantry


@dataclass(frozen=True)
class Turn:
    state: ConversationState
    customer_waiting_since: float | None
    last_update_at: float | None
    ends_with_pleasantry: bool
    promised_update_by: float | None
    trail: tuple[TrailStep, ...]


@dataclass(frozen=True)
class Resolution:
    """A ✅ (or the app's resolve) and the interval in which it happened."""

    after: float  # it was added at or after this moment
    seen_at: float  # and at or before this one
    how: str  # for the trail


def _minute(at: float, tz: ZoneInfo) -> str:
    return f"{day_name(local_date(at, tz))} {clock(at, tz)}"


def _name(user_id: str, users: Mapping[str, SlackUser]) -> str:
    user = users.get(user_id)
    return user.name if user is not None else user_id


def resolution_of(
    root: SlackMessage | None,
    said: Sequence[Said],
    mark: ConversationMarks,
    users: Mapping[str, SlackUser],
    tz: ZoneInfo,
    trail: list[TrailStep],
) -> Resolution | None:
    """The resolution in force, if any, with the steps that explain it added to `trail`."""
    reactors = root.reacted(RESOLVE_REACTION) if root is not None else ()
    if reactors:
        names = ", ".join(_name(user_id, users) for user_id in reactors)
        trail.append(TrailStep("resolution", f"✅ on the parent by {names}", root_ts(root)))
    reopened = mark.reopened_at
    if mark.resolved_at is not None and (reopened is None or mark.resolved_at > reopened):
        seen = mark.resolution_seen_at or mark.resolved_at
        if seen > mark.resolved_at:
            how = (
                f"✅ appeared between {_minute(mark.resolved_at, tz)} and "
                f"{_minute(seen, tz)} (its exact time is unknown)"
            )
        else:
            how = f"resolved at {_minute(mark.resolved_at, tz)} (seen as it happened)"
        return Resolution(mark.resolved_at, seen, how)
    if reopened is not None:
        trail.append(
            TrailStep(
                "resolution",
                f"reopened at {_minute(reopened, tz)}: a ✅ already there then does not resolve "
                "it again; only a ✅ seen arriving later does",
            )
        )
        return None
    if not reactors:
        return None
    # Found on the parent with no record of when: it came after our last update (else after
    # the first message), at the latest now.
    updates = [item.message.posted_at for item in said if item.is_update]
    after = max(updates) if updates else min(item.message.posted_at for item in said)
    newest = max(item.message.posted_at for item in said)
    return Resolution(
        after,
        max(newest, after),
        "✅ found on first sight: added after our last update, exact time unknown",
    )


def root_ts(root: SlackMessage | None) -> str | None:
    return root.ts if root is not None else None


def _promise_of(
    said: Sequence[Said],
    mark: ConversationMarks,
    tz: ZoneInfo,
    hours: BusinessHours | None,
    trail: list[TrailStep],
) -> tuple[float | None, bool]:
    """The promised deadline in force, and whether it keeps the turn with us (our last update
    made it). A status update sent from the app is known by its ts; a promise recorded without
    one (older data) still counts down but keeps the turn only if our last message says so."""
    updates = [item for item in said if item.is_update]
    last = updates[-1] if updates else None
    recorded = mark.promised_update_by
    if recorded is not None and last is not None and last.message.ts == mark.promise_ts:
        trail.append(
            TrailStep(
                "promise",
                f"a status update sent from the app promised the next update by "
                f"{_minute(recorded, tz)}",
                mark.promise_ts,
            )
        )
        return recorded, True
    if recorded is not None and mark.promise_ts is not None:
        trail.append(
            TrailStep("promise", "an earlier status update's promise was superseded by a reply")
        )
        recorded = None
    stated = (
        stated_promise(last.message.text, last.message.posted_at, tz, hours)
        if last is not None
        else None
    )
    if stated is not None and last is not None:
        trail.append(
            TrailStep(
                "promise",
                f"our last message promises the next update ('{stated.phrase}'): "
                f"due {_minute(recorded or stated.at, tz)}",
                last.message.ts,
            )
        )
        return recorded or stated.at, True
    if recorded is not None:
        trail.append(TrailStep("promise", f"an update was promised by {_minute(recorded, tz)}"))
    return recorded, False


def turn_of(
    said: Sequence[Said],
    root: SlackMessage | None,
    mark: ConversationMarks,
    users: Mapping[str, SlackUser],
    tz: ZoneInfo,
    hours: BusinessHours | None,
    trail: list[TrailStep],
) -> Turn:
    updates = [item for item in said if item.is_update]
    last_update_at = updates[-1].message.posted_at if updates else None
    if updates:
        trail.append(
            TrailStep("update", "our last update (customer-facing message)", updates[-1].message.ts)
        )
    else:
        trail.append(TrailStep("update", "we have not said anything here yet"))
    resolution = resolution_of(root, said, mark, users, tz, trail)
    promised, keeps_turn = _promise_of(said, mark, tz, hours, trail)
    after_update = [
        item
        for item in said
        if item.party is Party.CUSTOMER
        and (last_update_at is None or item.message.posted_at > last_update_at)
    ]
    owed = [item for item in after_update if item.owes_reply]

    def done(state: ConversationState, waiting: float | None, why: str) -> Turn:
        trail.append(TrailStep("state", f"{state.value}: {why}"))
        return Turn(
            state, waiting, last_update_at, bool(after_update) and not owed, promised, tuple(trail)
        )

    def wait_from(item: Said, why: str) -> None:
        trail.append(TrailStep("wait", why, item.message.ts))

    if resolution is not None:
        trail.append(TrailStep("resolution", resolution.how))
        reopening = [item for item in owed if item.message.posted_at > resolution.seen_at]
        if reopening:
            wait_from(reopening[0], "the customer wrote after the resolution was seen: reopened")
            return done(
                ConversationState.WAITING_ON_US,
                reopening[0].message.posted_at,
                "a customer message after the resolution reopens it",
            )
        unsure = [item for item in owed if item.message.posted_at > resolution.after]
        if unsure:
            wait_from(
                unsure[0], "this customer message may have come after the ✅: confirm or reopen"
            )
            return done(
                ConversationState.RESOLVED_UNSURE,
                None,
                "✅ on the parent, but the customer may have asked something after it",
            )
        return done(ConversationState.RESOLVED, None, "nothing the customer said is newer")
    if owed:
        wait_from(owed[0], "the first customer message we have not answered starts the wait")
        return done(
            ConversationState.WAITING_ON_US,
            owed[0].message.posted_at,
            "the customer's message is newer than our last update",
        )
    if promised is not None and keeps_turn:
        return done(
            ConversationState.UPDATE_PROMISED,
            None,
            "our last message promised the next update: the turn stays with us",
        )
    if after_update:
        why = "the customer's last words were a closing acknowledgement"
    elif updates:
        why = "we answered last and promised nothing: the turn is the customer's"
    else:
        why = "one of us asked the customer; nobody answered yet"
    return done(ConversationState.WAITING_ON_CUSTOMER, None, why)
