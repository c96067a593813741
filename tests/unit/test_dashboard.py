"""The dashboard's rows and summary, as the engineer reads them."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.dashboard import (
    DashboardRow,
    DashboardSummary,
    dashboard_rows,
    summarize,
    summary_line,
)
from oncall_tui.domain.model import (
    Conversation,
    ConversationState,
    SlackMessage,
    SlaStatus,
    epoch_to_ts,
)
from oncall_tui.domain.sla import SlaPolicy, SlaTargets

CLOCK = FrozenClock(1_741_964_400.0)
POLICY = SlaPolicy(SlaTargets(15, None), {}, None, ZoneInfo("UTC"))
USER_NAMES = {"U_ANA": "Ana", "U_BEN": "Ben"}
CHANNEL_NAMES = {"C_ACME": "acme-support"}
US = ConversationState.WAITING_ON_US
CUSTOMER = ConversationState.WAITING_ON_CUSTOMER
RESOLVED = ConversationState.RESOLVED


def conversation(
    minutes_old: float,
    state: ConversationState,
    text: str = "help",
    *,
    waiting: float | None = None,
    since_update: float | None = None,
    claimed_by: tuple[str, ...] = (),
    promised_in: float | None = None,
    channel_id: str = "C_ACME",
) -> Conversation:
    now = CLOCK.now()
    root_ts = epoch_to_ts(now - minutes_old * 60)
    return Conversation(
        channel_id=channel_id,
        root_ts=root_ts,
        customer="Acme",
        messages=(SlackMessage(channel_id=channel_id, ts=root_ts, text=text),),
        state=state,
        customer_waiting_since=None if waiting is None else now - waiting * 60,
        last_update_at=None if since_update is None else now - since_update * 60,
        claimed_by=claimed_by,
        promised_update_by=None if promised_in is None else now + promised_in * 60,
    )


def rows(*items: Conversation, include_resolved: bool = False) -> list[DashboardRow]:
    return dashboard_rows(
        items, POLICY, CLOCK.now(), USER_NAMES, CHANNEL_NAMES, include_resolved=include_resolved
    )


def test_a_row_shows_who_waits_how_long_in_words() -> None:
    (row,) = rows(
        conversation(
            30,
            US,
            "\n<@U_ANA> prod is *down* &amp; burning\nsecond line",
            waiting=30,
            since_update=125,
            claimed_by=("U_ANA", "U_ZED"),
        )
    )
    assert row.key == f"C_ACME:{epoch_to_ts(CLOCK.now() - 30 * 60)}"
    assert (row.customer, row.channel) == ("Acme", "acme-support")
    assert row.title == "@Ana prod is *down* & burning"
    assert (row.waiting, row.since_update) == ("30m", "2h 05m")
    assert row.state == "waiting on us · 👀 Ana, U_ZED"
    assert row.sla is SlaStatus.BREACHED
    assert row.promised == ""


def test_missing_timers_read_as_a_dash() -> None:
    (row,) = rows(conversation(60, CUSTOMER, waiting=None, since_update=None))
    assert (row.waiting, row.since_update, row.state) == ("—", "—", "waiting on customer")
    assert row.sla is SlaStatus.NONE


def test_an_unknown_channel_shows_its_id_and_an_empty_message_a_placeholder() -> None:
    (row,) = rows(conversation(5, US, "   ", waiting=5, channel_id="C_NEW"))
    assert (row.channel, row.title) == ("C_NEW", "(no text)")


def test_a_promise_counts_down_then_shows_how_late_until_we_post() -> None:
    (ahead,) = rows(conversation(60, CUSTOMER, since_update=50, promised_in=25))
    assert ahead.promised == "in 25m"
    (late,) = rows(conversation(60, CUSTOMER, since_update=50, promised_in=-15))
    assert (late.promised, late.sla) == ("15m late", SlaStatus.BREACHED)
    (kept,) = rows(conversation(60, CUSTOMER, since_update=5, promised_in=-15))
    assert (kept.promised, kept.sla) == ("", SlaStatus.NONE)


def test_rows_come_most_urgent_first_and_resolved_only_on_request() -> None:
    items = (
        conversation(300, RESOLVED, "done", since_update=200),
        conversation(90, CUSTOMER, "answered", since_update=80),
        conversation(10, US, "fresh", waiting=10),
        conversation(40, US, "overdue", waiting=40),
    )
    assert [row.title for row in rows(*items)] == ["overdue", "fresh", "answered"]
    titles = [row.title for row in rows(*items, include_resolved=True)]
    assert titles == ["overdue", "fresh", "answered", "done"]
    assert rows(*items, include_resolved=True)[-1].state == "resolved"


def test_summary_counts_what_is_open() -> None:
    items = [
        conversation(300, RESOLVED, since_update=200),
        conversation(125, US, waiting=125),
        conversation(12, US, waiting=12),
        conversation(3, US, waiting=3),
        conversation(90, CUSTOMER, since_update=80, promised_in=-5),
        conversation(80, CUSTOMER, since_update=70),
    ]
    summary = summarize(items, POLICY, CLOCK.now())
    assert summary == DashboardSummary(
        waiting_on_us=3, longest_wait_seconds=125 * 60, breached=2, due_soon=1, open_total=5
    )
    assert summary_line(summary) == "3 waiting on us · longest 2h 05m · 2 breached · 1 due soon"


def test_a_quiet_summary_says_so() -> None:
    summary = summarize([conversation(80, CUSTOMER, since_update=70)], POLICY, CLOCK.now())
    assert summary_line(summary) == "nobody waiting on us"
    assert summary_line(summarize([], POLICY, CLOCK.now())) == "nobody waiting on us"
