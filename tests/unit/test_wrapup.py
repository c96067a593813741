"""The end-of-day wrap-up, as the engineer reads it at 17:30 on a Tuesday in Berlin."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from zoneinfo import ZoneInfo

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import (
    ActionRecord,
    Conversation,
    ConversationMarks,
    ScheduledCall,
)
from oncall_tui.domain.sla import SlaPolicy, SlaTargets
from oncall_tui.domain.wrapup import (
    WrapUp,
    WrapUpGroup,
    WrapUpItem,
    build_wrapup,
    day_bounds,
    end_of_day_text,
    numbers_line,
)
from tests.unit.support_week import BERLIN, USERS, WORKSPACE, at, thread

MON, TUE, WED = date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18)
CLOCK = FrozenClock(at(TUE, 17, 30))
POLICY = SlaPolicy(SlaTargets(15, 120), {}, None, BERLIN)

# Each conversation is named after where it should land.
NOT_HEARD = thread(  # we answered yesterday; the customer came back this morning
    "acme",
    ("customer", at(MON, 10), "Exports fail"),
    ("U_ANA", at(MON, 10, 5), "Looking into it"),
    ("customer", at(TUE, 9), "Still failing <!channel> &amp; nobody answers"),
)
NEVER_HEARD = thread("initech", ("customer", at(TUE, 17, 25), "Quick question about SSO"))
PROMISED = thread(  # answered late (20 min), promised an update by 18:00 today
    "acme",
    ("customer", at(TUE, 11), "Dashboard is slow"),
    ("U_ANA", at(TUE, 11, 20), "On it, next update by 18:00"),
    marks=ConversationMarks(promised_update_by=at(TUE, 18)),
)
THEIR_TURN = thread(  # answered in 10 min
    "globex",
    ("customer", at(TUE, 13), "How do I rotate keys?"),
    ("U_BEN", at(TUE, 13, 10), "Here is the guide"),
)
PROMISE_KEPT_LATE = thread(  # promised 12:00 today, posted at 12:30
    "acme",
    ("customer", at(MON, 15), "Webhook retries?"),
    ("U_ANA", at(MON, 15, 5), "Checking, update by tomorrow 12:00"),
    ("U_ANA", at(TUE, 12, 30), "Fixed in staging"),
    marks=ConversationMarks(promised_update_by=at(TUE, 12)),
)
CALL_TOMORROW = thread(  # answered in 30 min; asked again; a call is booked tomorrow
    "globex",
    ("customer", at(TUE, 14), "Migration plan?"),
    ("U_ANA", at(TUE, 14, 30), "Let's talk tomorrow"),
    ("customer", at(TUE, 15), "And the rollback?"),
)
STILL_ON_US = thread(  # answered in 5 min, asked again 10 min ago
    "initech",
    ("customer", at(TUE, 16), "Rate limits?"),
    ("U_ANA", at(TUE, 16, 5), "100/min"),
    ("customer", at(TUE, 17, 20), "Per token?"),
)
RESOLVED_TODAY = thread(  # answered in 40 min, resolved at 09:00
    "acme",
    ("customer", at(TUE, 8), "Login broken"),
    ("U_ANA", at(TUE, 8, 40), "Fixed"),
    marks=ConversationMarks(resolved_at=at(TUE, 9)),
)
RESOLVED_LAST_WEEK = thread(
    "globex",
    ("customer", at(date(2026, 11, 13), 10), "Invoice?"),
    ("U_BEN", at(date(2026, 11, 13), 10, 5), "Sent"),
    marks=ConversationMarks(resolved_at=at(date(2026, 11, 13), 11)),
)
ALL = (
    NOT_HEARD,
    NEVER_HEARD,
    PROMISED,
    THEIR_TURN,
    PROMISE_KEPT_LATE,
    CALL_TOMORROW,
    STILL_ON_US,
    RESOLVED_TODAY,
    RESOLVED_LAST_WEEK,
)
CALLS = (
    ScheduledCall("call1", CALL_TOMORROW.key, "Globex", at(WED, 10), at(WED, 10, 30), None, True),
    # A proposal nobody confirmed is not a call.
    ScheduledCall("call2", STILL_ON_US.key, "Initech", at(WED, 11), at(WED, 11, 30)),
)
ACTIONS = (
    ActionRecord(at(TUE, 9, 30), "U_ANA", "claim", NOT_HEARD.key),
    ActionRecord(at(TUE, 9), "U_ANA", "resolve", RESOLVED_TODAY.key),
    ActionRecord(at(date(2026, 11, 13), 11), "U_BEN", "resolve", RESOLVED_LAST_WEEK.key),
)


def wrapup(
    *conversations: Conversation,
    now: float | None = None,
    tz: ZoneInfo = BERLIN,
    calls: tuple[ScheduledCall, ...] = CALLS,
) -> WrapUp:
    return build_wrapup(
        conversations or ALL,
        calls,
        ACTIONS,
        USERS,
        WORKSPACE,
        POLICY,
        CLOCK.now() if now is None else now,
        tz,
    )


def keys(items: Iterable[WrapUpItem]) -> list[str]:
    return [item.conversation.key for item in items]


def test_every_open_conversation_lands_in_exactly_one_group_in_the_listed_order() -> None:
    result = wrapup()
    placed = {group: keys(result.group(group)) for group in WrapUpGroup}
    assert placed == {
        # The breached one first: most urgent first within a group.
        WrapUpGroup.NOT_HEARD_TODAY: [NOT_HEARD.key, NEVER_HEARD.key],
        # Updated today, but the customer wrote again since: still waiting on us.
        WrapUpGroup.WAITING_ON_US: [CALL_TOMORROW.key, STILL_ON_US.key],
        WrapUpGroup.PROMISE_DUE: [PROMISED.key],
        # Neither owes us: the longest since our last update first (12:30 before 13:10).
        WrapUpGroup.WAITING_ON_CUSTOMER: [PROMISE_KEPT_LATE.key, THEIR_TURN.key],
        WrapUpGroup.CALLS_TOMORROW: [],
        WrapUpGroup.STILL_ON_US: [],
        WrapUpGroup.RESOLVED_TODAY: [RESOLVED_TODAY.key],
    }
    all_keys = keys(result.items)
    assert len(all_keys) == len(set(all_keys)) == len(ALL) - 1
    assert RESOLVED_LAST_WEEK.key not in all_keys
    assert [item.group for item in result.items] == sorted(
        (item.group for item in result.items), key=list(WrapUpGroup).index
    )


def test_reasons_say_why_in_the_engineers_words() -> None:
    reasons = {item.conversation.key: item.reason for item in wrapup().items}
    assert reasons[NOT_HEARD.key] == "waiting on us 8h 30m · last update Mon 10:05"
    assert reasons[NEVER_HEARD.key] == "waiting on us 5m · no update from us yet"
    assert reasons[PROMISED.key] == (
        "on us · last update 11:20 · promised update by 18:00 (in 30m)"
    )
    assert reasons[CALL_TOMORROW.key] == (
        "waiting on us 2h 30m · last update 14:30 · call tomorrow 10:00–10:30"
    )
    assert reasons[RESOLVED_TODAY.key] == "resolved at 09:00"
    older = thread(
        "acme",
        ("customer", at(date(2026, 11, 9), 9), "Hi"),
        ("U_ANA", at(date(2026, 11, 9), 9, 5), "Hello"),
    )
    (item,) = wrapup(older).items
    assert item.reason == "their turn · last update Mon 9 Nov 09:05"


def test_the_days_numbers_are_counted_from_what_happened_today() -> None:
    numbers = wrapup().numbers
    # Touched: our posts today in PROMISED, THEIR_TURN, PROMISE_KEPT_LATE, CALL_TOMORROW,
    # STILL_ON_US, RESOLVED_TODAY (6) + the claim on NOT_HEARD = 7.
    assert numbers.touched == 7
    # One post each in those six conversations.
    assert numbers.replies_sent == 6
    # Replies that ended a wait today: 20, 10, 30, 5 and 40 minutes (the 12:30 post answered
    # no question). Sorted 5, 10, 20, 30, 40: median 20 min, longest 40 min.
    assert numbers.median_reply_seconds == 20 * 60
    assert numbers.longest_reply_seconds == 40 * 60
    # Breached at some moment today, first reply target 15 min: NOT_HEARD (waiting 8.5 h),
    # PROMISED (answered after 20 min), CALL_TOMORROW (answered after 30 min),
    # RESOLVED_TODAY (40 min), PROMISE_KEPT_LATE (12:00 promise kept at 12:30) = 5.
    assert numbers.breaches == 5
    assert numbers_line(numbers) == (
        "7 conversations touched · 6 replies · reply median 20m, longest 40m · 5 SLA breaches"
    )


def test_it_says_plainly_whether_anyone_is_left_without_an_update() -> None:
    assert not wrapup().everyone_heard_from_us
    assert wrapup().status_line == (
        "4 customers are waiting on us (2 with no update from us today)."
    )
    everyone = wrapup(THEIR_TURN, PROMISED, RESOLVED_TODAY)
    assert everyone.everyone_heard_from_us
    assert everyone.status_line == "Everyone has heard from us today."


def test_a_quiet_day_has_no_reply_times_rather_than_zero() -> None:
    numbers = wrapup(NOT_HEARD, now=at(TUE, 9, 10)).numbers
    assert (numbers.replies_sent, numbers.median_reply_seconds) == (0, None)
    assert numbers.longest_reply_seconds is None
    assert "reply median" not in numbers_line(numbers)


def test_every_booked_call_tomorrow_is_listed_whatever_the_group() -> None:
    booked = ScheduledCall("call3", NOT_HEARD.key, "Acme", at(WED, 9), at(WED, 9, 30), None, True)
    result = wrapup(calls=(*CALLS, booked))
    assert [call.id for call in result.calls_tomorrow] == ["call3", "call1"]
    (item,) = [i for i in result.items if i.conversation.key == NOT_HEARD.key]
    assert item.group is WrapUpGroup.NOT_HEARD_TODAY
    assert item.reason.endswith("call tomorrow 09:00–09:30")


def test_the_end_of_day_update_promises_the_next_one() -> None:
    text = end_of_day_text(NOT_HEARD, "Wed 10:00 CET")
    assert text == "Wrapping up for today: we're still on this. Next update by Wed 10:00 CET."
    custom = end_of_day_text(NOT_HEARD, "Wed 10:00", "Bye {customer}, back {next_update}")
    assert custom == "Bye Acme, back Wed 10:00"


# --- today and tomorrow at midnight and across clock changes ----------------------------------


def test_an_update_at_midnight_is_today_and_a_second_before_is_yesterday() -> None:
    def group_of(last_update: float) -> WrapUpGroup:
        conversation = thread(
            "acme",
            ("customer", last_update - 60, "Anything?"),
            ("U_ANA", last_update, "Here"),
            ("customer", at(TUE, 9), "And now?"),
        )
        (item,) = wrapup(conversation).items
        return item.group

    midnight = at(TUE, 0)
    assert group_of(midnight) is WrapUpGroup.WAITING_ON_US
    assert group_of(midnight - 1) is WrapUpGroup.NOT_HEARD_TODAY


def test_the_day_the_clocks_go_back_is_25_hours_long() -> None:
    sunday = date(2026, 10, 25)
    bounds = day_bounds(at(sunday, 23, 30), BERLIN)
    assert bounds.today_start == at(sunday, 0)
    assert bounds.tomorrow_start - bounds.today_start == 25 * 3600
    # Late on the Saturday before, a call at 23:30 on Sunday is still tomorrow (a fixed
    # 24 hours would stop at 23:00 on Sunday), and 00:10 on Monday is not.
    saturday = date(2026, 10, 24)
    late_sunday = at(sunday, 23, 30)
    monday = at(date(2026, 10, 26), 0, 10)
    calls = (
        ScheduledCall(
            "late", CALL_TOMORROW.key, "Globex", late_sunday, late_sunday + 1800, None, True
        ),
        ScheduledCall("monday", CALL_TOMORROW.key, "Globex", monday, monday + 1800, None, True),
    )
    result = wrapup(now=at(saturday, 18), calls=calls)
    assert [call.id for call in result.calls_tomorrow] == ["late"]


def test_the_day_the_clocks_go_forward_is_23_hours_long() -> None:
    bounds = day_bounds(at(date(2026, 3, 29), 12), BERLIN)
    assert bounds.tomorrow_start - bounds.today_start == 23 * 3600


def test_a_midnight_that_does_not_exist_starts_the_day_at_the_first_moment_that_does() -> None:
    santiago = ZoneInfo("America/Santiago")
    # On 6 Sep 2026 Chile's clocks jump from 00:00 straight to 01:00.
    day = date(2026, 9, 6)
    bounds = day_bounds(at(day, 12, tz=santiago), santiago)
    assert bounds.today_start == at(day, 1, tz=santiago)
    assert bounds.today_start == at(date(2026, 9, 5), 23, tz=santiago) + 3600
    assert bounds.tomorrow_start - bounds.today_start == 23 * 3600


def test_today_follows_the_engineers_zone_not_utc() -> None:
    # 00:30 on Wednesday in Berlin is still Tuesday in UTC; in Berlin, Tuesday's updates are
    # yesterday's.
    (item,) = wrapup(STILL_ON_US, now=at(WED, 0, 30)).items
    assert item.group is WrapUpGroup.NOT_HEARD_TODAY
    (item,) = wrapup(STILL_ON_US, now=at(WED, 0, 30), tz=ZoneInfo("UTC")).items
    assert item.group is WrapUpGroup.WAITING_ON_US
