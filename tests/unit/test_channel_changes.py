"""What a fresh read of a channel changed against the store (domain/channel_changes.py): the
threads worth a replies call, messages Slack deleted, and the ✅ that resolve or reopen a
conversation, with when."""

from __future__ import annotations

from collections.abc import Mapping

from oncall_tui.domain.channel_changes import (
    ResolutionChange,
    deleted_roots,
    epoch_or_zero,
    latest_activity,
    replies_deleted,
    resolution_changes,
    resolve_reaction_moved,
    stored_channel,
    thread_changed,
)
from oncall_tui.domain.conversations import RESOLVE_REACTION
from oncall_tui.domain.model import Reaction, SlackMessage, SlackUser
from oncall_tui.domain.parties import Workspace

CHANNEL = "C0SHARED01"
US = "T0OURS"
CUSTOMER = "T0CUSTOMER"
WORKSPACE = Workspace(our_team_ids=frozenset({US}))
USERS = {
    "U0ENGINEER": SlackUser("U0ENGINEER", "Ada (support)", team_id=US),
    "U0CUSTOMER": SlackUser("U0CUSTOMER", "Grace", team_id=CUSTOMER),
}
T0 = 1_710_230_400.0  # 2024-03-12T08:00:00Z


def ts(minutes: float) -> str:
    return f"{T0 + minutes * 60:.6f}"


def message(
    minutes: float,
    user: str = "U0CUSTOMER",
    *,
    thread: float | None = None,
    ticked_by: tuple[str, ...] = (),
    replies: int = 0,
    latest: float | None = None,
    text: str = "the export still fails",
) -> SlackMessage:
    return SlackMessage(
        channel_id=CHANNEL,
        ts=ts(minutes),
        text=text,
        user_id=user,
        author_team_id=USERS[user].team_id,
        thread_ts=ts(thread) if thread is not None else (ts(minutes) if replies else None),
        reactions=(Reaction(RESOLVE_REACTION, ticked_by),) if ticked_by else (),
        reply_count=replies,
        latest_reply=ts(latest) if latest is not None else None,
    )


# --- which threads need reading again --------------------------------------------------------


def test_a_thread_is_read_again_only_when_its_parent_shows_news() -> None:
    root = message(0, replies=2, latest=5)
    stored = [message(3, "U0ENGINEER", thread=0), message(5, thread=0)]
    assert not thread_changed(root, stored, mark=ts(5))  # nothing new
    assert thread_changed(root, stored, mark=ts(4))  # a newer reply
    assert thread_changed(root, stored, mark=None)  # never read
    assert thread_changed(root, stored[:1], mark=ts(5))  # a reply we do not hold
    assert thread_changed(message(0, replies=1, latest=3), stored, mark=ts(3))  # one deleted


def test_a_message_without_replies_costs_no_replies_call() -> None:
    assert not thread_changed(message(0), [], mark=None)
    # ...unless the store holds replies it no longer has: they must be dropped.
    assert thread_changed(message(0), [message(2, thread=0)], mark=ts(2))


def test_replies_missing_from_a_reread_thread_count_as_deleted() -> None:
    before = stored_channel(
        [message(0, replies=2, latest=4), message(2, thread=0), message(4, thread=0)]
    )
    full = {ts(0): [message(0), message(2, thread=0), message(4, thread=0)]}
    assert not replies_deleted(before, full)
    assert replies_deleted(before, {ts(0): [message(0), message(4, thread=0)]})
    assert not replies_deleted(before, {})  # a thread not re-read says nothing


def test_stored_messages_are_grouped_under_their_thread() -> None:
    before = stored_channel(
        [message(0, replies=1, latest=1), message(1, thread=0), message(9), message(10, thread=9)]
    )
    assert set(before.by_ts) == {ts(0), ts(1), ts(9), ts(10)}
    assert {root: [m.ts for m in r] for root, r in before.replies.items()} == {
        ts(0): [ts(1)],
        ts(9): [ts(10)],
    }


# --- what Slack deleted --------------------------------------------------------------------


def test_only_roots_inside_the_span_history_covered_are_taken_as_deleted() -> None:
    before = stored_channel([message(0), message(10), message(20), message(25, thread=20)])
    timeline = [message(20)]
    gone = deleted_roots(before, timeline, covered_from=T0 + 5 * 60)
    # 0 lies before the span read (older than the page), 20 is still there, 25 is a reply.
    assert [m.ts for m in gone] == [ts(10)]
    assert deleted_roots(before, timeline, covered_from=T0 - 60) == [message(0), message(10)]


def test_latest_activity_counts_the_newest_reply() -> None:
    assert latest_activity(message(0)) == T0
    assert latest_activity(message(0, replies=3, latest=42)) == T0 + 42 * 60
    assert epoch_or_zero("not-a-ts") == 0.0 and epoch_or_zero(None) == 0.0


# --- ✅ resolving and reopening -----------------------------------------------------------


def changes(
    roots: list[SlackMessage],
    stored: list[SlackMessage],
    *,
    resolved_at: Mapping[str, float | None] | None = None,
    earlier_sync: float | None = None,
    now: float = T0 + 120 * 60,
) -> list[ResolutionChange]:
    return resolution_changes(
        CHANNEL,
        {m.ts: m for m in roots},
        stored_channel(stored),
        {},
        USERS,
        WORKSPACE,
        resolved_at or {},
        earlier_sync,
        now,
    )


KEY = f"{CHANNEL}:{ts(0)}"


def test_a_tick_added_since_the_last_sync_lies_after_that_sync() -> None:
    stored = [message(0, replies=1, latest=30), message(30, "U0ENGINEER", thread=0)]
    ticked = message(0, replies=1, latest=30, ticked_by=("U0CUSTOMER",))
    # Without the last sync's time: right after the newest message we held.
    assert changes([ticked], stored) == [ResolutionChange(KEY, T0 + 30 * 60, T0 + 120 * 60)]
    # With it: no earlier than that sync.
    assert changes([ticked], stored, earlier_sync=T0 + 90 * 60) == [
        ResolutionChange(KEY, T0 + 90 * 60, T0 + 120 * 60)
    ]


def test_a_tick_on_first_sight_lies_after_our_last_update() -> None:
    thread_from_slack = {
        ts(0): [
            message(0, replies=3, latest=50, ticked_by=("U0CUSTOMER",)),
            message(20, "U0ENGINEER", thread=0, text="Fixed on our side, please retry the export."),
            message(50, thread=0, text="thanks!"),
        ]
    }
    found = resolution_changes(
        CHANNEL,
        {ts(0): thread_from_slack[ts(0)][0]},
        stored_channel([]),
        thread_from_slack,
        USERS,
        WORKSPACE,
        {},
        None,
        T0 + 120 * 60,
    )
    assert found == [ResolutionChange(KEY, T0 + 20 * 60, T0 + 120 * 60)]


def test_a_resolution_known_later_is_kept() -> None:
    stored = [message(0)]
    ticked = message(0, ticked_by=("U0ENGINEER",))
    # Resolved from the app at minute 60: the ✅ the sync now sees is that one.
    assert changes([ticked], stored, resolved_at={KEY: T0 + 60 * 60}) == []
    # An older resolution (reopened since, then ticked again) is moved forward.
    assert changes([ticked], stored, resolved_at={KEY: T0 - 60}) == [
        ResolutionChange(KEY, T0, T0 + 120 * 60)
    ]


def test_never_resolved_in_the_future() -> None:
    stored = [message(0)]
    ticked = message(0, ticked_by=("U0ENGINEER",))
    found = changes([ticked], stored, earlier_sync=T0 + 500 * 60, now=T0 + 120 * 60)
    assert found == [ResolutionChange(KEY, T0 + 120 * 60, T0 + 120 * 60)]


def test_every_tick_taken_away_reopens_and_one_of_several_does_not() -> None:
    two = message(0, ticked_by=("U0ENGINEER", "U0CUSTOMER"))
    one = message(0, ticked_by=("U0CUSTOMER",))
    none = message(0)
    resolved = {KEY: T0 + 10 * 60}
    assert changes([one], [two], resolved_at=resolved) == []
    assert changes([none], [one], resolved_at=resolved) == [ResolutionChange(KEY, None)]
    assert changes([none], [one]) == []  # not resolved: nothing to reopen


def test_the_same_ticks_change_nothing_and_a_second_person_ticking_resolves() -> None:
    one = message(0, ticked_by=("U0CUSTOMER",))
    assert changes([one], [one], resolved_at={KEY: None}) == []
    both = message(0, ticked_by=("U0CUSTOMER", "U0ENGINEER"))
    assert changes([both], [one], earlier_sync=T0 + 5 * 60) == [
        ResolutionChange(KEY, T0 + 5 * 60, T0 + 120 * 60)
    ]


def test_each_conversation_of_the_channel_is_decided_on_its_own() -> None:
    stored = [message(0), message(40), message(80, ticked_by=("U0CUSTOMER",))]
    now_seen = [message(0, ticked_by=("U0ENGINEER",)), message(40), message(80)]
    resolved = {f"{CHANNEL}:{ts(80)}": T0 + 85 * 60}
    assert changes(now_seen, stored, resolved_at=resolved) == [
        ResolutionChange(KEY, T0, T0 + 120 * 60),
        ResolutionChange(f"{CHANNEL}:{ts(80)}", None),
    ]


def test_the_store_is_asked_about_resolutions_only_when_a_tick_came_or_went() -> None:
    one = message(0, ticked_by=("U0CUSTOMER",))
    two = message(0, ticked_by=("U0CUSTOMER", "U0ENGINEER"))
    assert resolve_reaction_moved(two, one)  # someone new ticked
    assert resolve_reaction_moved(message(0), one)  # every tick gone
    assert resolve_reaction_moved(one, None)  # first sight
    assert not resolve_reaction_moved(one, two)  # one of two taken away: still resolved
    assert not resolve_reaction_moved(one, one)
    assert not resolve_reaction_moved(message(0), None)
