"""The day's flows at any hour: the wrap-up verdict, the end-of-day offer, the snooze choices
and the undo countdown, at 09:00, 17:59, 18:01, 23:30 and on a Saturday, for an engineer in
Berlin and one in Los Angeles (Mon-Fri 09:00-18:00 in their own zone). Every moment comes from
a FrozenClock; nothing reads the machine's clock, zone or locale."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.local_time import wall_clock
from oncall_tui.domain.model import OutboxItem, OutboxKind, OutboxState
from oncall_tui.domain.outbox_view import outbox_line
from oncall_tui.domain.promises import end_of_working_day_passed, next_business_morning
from oncall_tui.domain.sla import SlaPolicy, SlaTargets
from oncall_tui.domain.snooze import snooze_choices
from oncall_tui.domain.wrapup import WrapUpGroup, build_wrapup
from tests.figures import report_figures
from tests.unit.support_week import USERS, WORKSPACE, thread

HOURS = BusinessHours.parse("Mon-Fri 09:00-18:00")
ZONES = (ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles"))
TUESDAY, SATURDAY = date(2026, 11, 17), date(2026, 11, 21)
# (name, day, minute of the day, whether the working day is over)
POSITIONS = (
    ("09:00", TUESDAY, 9 * 60, False),
    ("17:59", TUESDAY, 17 * 60 + 59, False),
    ("18:01", TUESDAY, 18 * 60 + 1, True),
    ("23:30", TUESDAY, 23 * 60 + 30, True),
    ("Saturday 11:00", SATURDAY, 11 * 60, False),
)
CASES = [
    pytest.param(zone, day, minute, over, id=f"{zone.key}-{name}")
    for zone in ZONES
    for name, day, minute, over in POSITIONS
]
MINUTE = 60.0
_checked: list[str] = []


def clock_at(day: date, minute: int, zone: ZoneInfo) -> FrozenClock:
    return FrozenClock(wall_clock(day, minute, zone))


@pytest.mark.parametrize(("zone", "day", "minute", "over"), CASES)
def test_the_wrap_up_verdict_does_not_depend_on_the_hour(
    zone: ZoneInfo, day: date, minute: int, over: bool
) -> None:
    now = clock_at(day, minute, zone).now()
    policy = SlaPolicy(SlaTargets(15, 120), {}, HOURS, zone)
    asked_again = thread(  # we answered 50 min ago; they wrote again 20 min ago
        "acme",
        ("customer", now - 60 * MINUTE, "Exports fail"),
        ("U_ANA", now - 50 * MINUTE, "Looking into it"),
        ("customer", now - 20 * MINUTE, "Any news?"),
    )
    their_turn = thread(  # answered three days ago, their turn since
        "globex",
        ("customer", now - 3 * 1440 * MINUTE, "How do I rotate keys?"),
        ("U_BEN", now - 3 * 1440 * MINUTE + 10 * MINUTE, "Here is the guide"),
    )
    waiting = build_wrapup([asked_again, their_turn], (), (), USERS, WORKSPACE, policy, now, zone)
    assert not waiting.everyone_heard_from_us
    assert waiting.status_line == "1 customer is waiting on us."
    groups = {item.conversation.key: item.group for item in waiting.items}
    assert groups[their_turn.key] is WrapUpGroup.WAITING_ON_CUSTOMER
    answered = thread(
        "acme",
        ("customer", now - 60 * MINUTE, "Exports fail"),
        ("U_ANA", now - 50 * MINUTE, "Looking into it"),
        ("customer", now - 20 * MINUTE, "Any news?"),
        ("U_ANA", now - MINUTE, "Fixed on our side, please retry"),
    )
    clean = build_wrapup([answered, their_turn], (), (), USERS, WORKSPACE, policy, now, zone)
    assert clean.everyone_heard_from_us, clean.status_line
    _checked.append(f"{zone.key} {datetime.fromtimestamp(now, zone):%a %H:%M}")


@pytest.mark.parametrize(("zone", "day", "minute", "over"), CASES)
def test_the_end_of_day_offer_comes_only_after_a_working_day(
    zone: ZoneInfo, day: date, minute: int, over: bool
) -> None:
    now = clock_at(day, minute, zone).now()
    assert end_of_working_day_passed(now, HOURS, zone) is over
    # The end-of-day update promises a morning on a working day, after today.
    morning = datetime.fromtimestamp(next_business_morning(now, zone, HOURS), zone)
    assert morning.weekday() < 5 and morning.date() > day
    assert morning.hour == 10


@pytest.mark.parametrize(("zone", "day", "minute", "over"), CASES)
def test_snooze_never_offers_a_day_off_and_never_the_past(
    zone: ZoneInfo, day: date, minute: int, over: bool
) -> None:
    now = clock_at(day, minute, zone).now()
    choices = snooze_choices(now, zone, HOURS)
    assert all(until > now for _, until in choices)
    for label, until in choices[2:]:
        moment = datetime.fromtimestamp(until, zone)
        assert moment.weekday() < 5, label
        assert (moment.hour, moment.minute) == (9, 0), label
        assert not any(word in label for word in ("Sat", "Sun")), label
    if day.weekday() == 5:  # a Saturday: Monday, once
        assert [label.split(" (")[0] for label, _ in choices[2:]] == ["Monday 09:00"]


@pytest.mark.parametrize(("zone", "day", "minute", "over"), CASES)
def test_the_undo_countdown_shows_first_whatever_else_is_said(
    zone: ZoneInfo, day: date, minute: int, over: bool
) -> None:
    now = clock_at(day, minute, zone).now()

    def item(item_id: str, state: OutboxState, **fields: object) -> OutboxItem:
        return OutboxItem(
            id=item_id,
            kind=OutboxKind.POST,
            channel_id="C1",
            text="On it",
            purpose="reply",
            created_at=now,
            send_after=now + 5,
            state=state,
            **fields,  # type: ignore[arg-type]
        )

    failed = item("f", OutboxState.FAILED, error="not_in_channel")
    line = outbox_line([failed, item("p", OutboxState.PENDING)], now)
    assert line.startswith("⇡ reply sends in 5s · z undo")
    assert "1 post failed" in line
    assert outbox_line([failed, item("p", OutboxState.PENDING)], now + 5).startswith("⚠ 1 post")


def test_report_the_positions_checked() -> None:
    report_figures(
        "day flows checked at these clock positions",
        "\n".join(sorted(set(_checked))) or "(run with the parametrized tests)",
    )
