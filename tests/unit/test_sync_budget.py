"""The sync's budget rules: the poll plan within Tier 3, the pacer backing off after a 429 and
recovering, which threads count as a likely waiting customer, and the words the board uses
for what it does not know yet."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.dashboard import DashboardRow
from oncall_tui.domain.model import CustomerChannel, SlaStatus
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.runtime.loading import build_board
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.poll_plan import plan_polls
from oncall_tui.slack.read_order import LIKELY_WAITING_BASE, is_likely_waiting, thread_urgency
from oncall_tui.ui.reading import SYNCING, eta_text, lag_line, mark_unread, reading_line
from tests.fixtures import DEMO_NOW

OUR_TEAM = "T0OURS"
OURS = frozenset({"U0ANA", "U0BOTUSER"})


# --- the poll plan ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("poll", "active", "quiet", "fits"),
    [
        (30, 0, 8, True),  # 16 calls a minute
        (5, 0, 3, True),  # 36
        (5, 1, 7, False),  # 96
        (10, 8, 0, False),  # 48 > 45 usable
        (60, 200, 0, False),  # a big team: 200 a minute
    ],
)
def test_the_plan_says_whether_poll_seconds_fits(
    poll: float, active: int, quiet: int, fits: bool
) -> None:
    plan = plan_polls(poll, active, quiet, 50)
    assert plan.over_budget is not fits
    assert (plan.warning() == "") is fits
    # Whatever the split, the plan never spends more than the usable budget.
    spent = 60 * active / plan.active_seconds + 60 * quiet / plan.quiet_seconds
    assert spent <= 45.0 + 1e-9 or fits


def test_active_channels_are_polled_more_often_than_quiet_ones() -> None:
    plan = plan_polls(5, 2, 30, 50)
    assert plan.active_seconds == 5  # 24 calls a minute, within three quarters of 45
    assert plan.quiet_seconds > plan.active_seconds
    assert plan.achievable_seconds == pytest.approx(60 * 32 / 45)
    assert "43 s fits" in plan.warning()
    assert "43 s can be met" in plan.budget_line()


def test_a_halved_budget_after_429s_lengthens_the_plan() -> None:
    assert plan_polls(10, 0, 8, 25).achievable_seconds > plan_polls(10, 0, 8, 50).poll_seconds


# --- the pacer after a 429 -------------------------------------------------------------------


class FakeTime:
    def __init__(self) -> None:
        self.clock = FrozenClock(0.0)
        self.slept: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.advance(seconds)


async def test_a_429_holds_every_caller_of_the_method_until_retry_after() -> None:
    time = FakeTime()
    pacer = Pacer(now=time.clock.now, sleep=time.sleep)
    for _ in range(10):
        async with pacer.turn("conversations.history"):
            pass
    time.clock.advance(45)
    pacer.rate_limited("conversations.history", 30, "C0ACME")
    limit = pacer.limited_now()
    assert limit is not None and limit.about == "C0ACME"

    async with pacer.turn("conversations.replies"):  # another method is not held
        other = time.clock.now()
    async with pacer.turn("conversations.history"):
        started = time.clock.now()

    assert other == pytest.approx(45.0)
    assert started == pytest.approx(75.0)  # Retry-After, not just the end of the window
    assert pacer.limited_now() is None


async def test_a_burst_of_429s_shrinks_the_budget_once_and_quiet_windows_give_it_back() -> None:
    time = FakeTime()
    pacer = Pacer(now=time.clock.now, sleep=time.sleep)
    for _ in range(20):
        async with pacer.turn("conversations.replies"):
            pass
    for _ in range(8):  # eight calls in flight, all refused at once
        pacer.rate_limited("conversations.replies", 10)
    # A fifth less than the 50 of Tier 3, and no more than the 20 Slack let through.
    assert pacer.budget("conversations.replies") == 20
    assert pacer.tier_budget("conversations.replies") == 50

    time.clock.advance(60 * 3 + 1)
    assert pacer.budget("conversations.replies") == 23  # one a minute back per quiet window
    time.clock.advance(60 * 100)
    assert pacer.budget("conversations.replies") == 50  # never above the tier


# --- what a likely waiting customer looks like ------------------------------------------------


def parent(**fields: object) -> dict[str, object]:
    return {"ts": "1700000000.000100", "user": "U0CUST", "user_team": "T0CUST", **fields}


@pytest.mark.parametrize(
    ("raw", "waiting"),
    [
        (parent(reply_users=["U0CUST2"]), True),  # only the customer's people replied
        (parent(reply_users=["U0CUST", "U0ANA"]), False),  # one of us replied
        (parent(reply_users=["U0BOTUSER"]), False),  # our bot replied (ours inside a thread)
        (parent(reply_users=["U0STRANGER"]), True),  # a replier we cannot place yet
        (parent(), True),  # no reply_users given
        (parent(user="U0ANA", user_team=OUR_TEAM, reply_users=["U0CUST"]), False),  # we asked
        ({"ts": "1.0", "user": "U0CUST", "reply_users": ["U0CUST"]}, True),  # no team field
        ({"ts": "1.0", "bot_id": "B0HOOK", "reply_users": ["U0CUST"]}, False),  # a bot's post
        ({"ts": "1.0", "user": "U0ANA", "reply_users": ["U0CUST"]}, False),  # ours, no team
    ],
)
def test_likely_waiting(raw: dict[str, object], waiting: bool) -> None:
    assert is_likely_waiting(raw, OUR_TEAM, OURS) is waiting


def test_likely_waiting_threads_go_first_oldest_first_then_newest_reply() -> None:
    older = parent(ts="1700000000.000000", reply_users=["U0CUST"])
    newer = parent(ts="1700003600.000000", reply_users=["U0CUST"])
    lively = parent(ts="1690000000.0", reply_users=["U0ANA"], latest_reply="1700009999.0")
    stale = parent(ts="1690000001.0", reply_users=["U0ANA"], latest_reply="1700000001.0")
    urgencies = [thread_urgency(raw, OUR_TEAM, OURS) for raw in (older, newer, lively, stale)]
    assert urgencies == sorted(urgencies, reverse=True)
    assert min(urgencies[:2]) > LIKELY_WAITING_BASE / 2 > max(urgencies[2:])


# --- words for what is not known ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("unread", "rate", "paused", "text"),
    [
        (930, 50, 0, "~19 min"),
        (10, 50, 0, "<1 min"),
        (10, 50, 90, "~2 min"),  # a 429's Retry-After counts too
        (10, 0, 0, ""),  # no rate known: no guess
    ],
)
def test_eta(unread: int, rate: float, paused: float, text: str) -> None:
    assert eta_text(unread, rate, paused) == text


def test_unread_rows_say_syncing_claim_nothing_and_go_last() -> None:
    def row(key: str, sla: SlaStatus) -> DashboardRow:
        return DashboardRow(key, "Acme", "ext-acme", key, "3d 2h", "—", "waiting on us", sla, "")

    rows = [
        row("C:1", SlaStatus.BREACHED),
        row("C:2", SlaStatus.BREACHED),
        row("C:3", SlaStatus.OK),
    ]
    marked = mark_unread(rows, frozenset({"C:1"}))
    assert [r.key for r in marked] == ["C:2", "C:3", "C:1"]
    assert (marked[-1].waiting, marked[-1].since_update, marked[-1].sla) == (
        SYNCING,
        SYNCING,
        SlaStatus.NONE,
    )
    assert mark_unread(rows, frozenset()) == rows


def board_with_reads(reads: dict[str, float], *, started: float) -> Board:
    channels = tuple(
        CustomerChannel(channel_id, name, "Acme")
        for channel_id, name in (("C1", "ext-acme"), ("C2", "ext-globex"), ("C3", "ext-hooli"))
    )
    board = build_board(Snapshot(channels=channels), Settings())
    return replace(
        board, channel_read_at=reads, run_started_at=started, display_tz=ZoneInfo("Europe/Berlin")
    )


NOW = DEMO_NOW  # Tuesday 2024-03-12 15:00 UTC, 16:00 in Berlin


def test_channels_read_too_long_ago_are_named_with_their_age() -> None:
    board = board_with_reads({"C1": NOW - 150, "C2": NOW - 20, "C3": NOW - 61}, started=NOW - 600)
    assert lag_line(board, NOW, poll_seconds=15) == "behind: #ext-acme 2m old, #ext-hooli 1m old"
    # With a slow poll, a minute-old read is on time.
    assert lag_line(board, NOW, poll_seconds=60) == ""


def test_a_stored_state_from_before_this_run_says_as_of_until_re_read() -> None:
    before = board_with_reads({"C1": NOW - 7200, "C2": NOW - 3600}, started=NOW - 5)
    assert reading_line(before, NOW) == "as of 14:00"  # the oldest, in the engineer's zone
    re_read = board_with_reads({"C1": NOW - 2, "C2": NOW - 1}, started=NOW - 5)
    assert reading_line(re_read, NOW) == ""
    unread = replace(re_read, unread=frozenset({"C1:1.0", "C1:2.0"}), replies_per_minute=50)
    assert reading_line(unread, NOW) == "2 not read yet, <1 min"
