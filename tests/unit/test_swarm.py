"""Swarm watch at a frozen clock: internal activity since our last customer-facing update, the
silent-swarm rule, one alert per episode, and a customer update that never quotes internal text."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.domain.model import Conversation, ConversationState, SlackMessage, epoch_to_ts
from oncall_tui.domain.swarm import (
    InternalActivity,
    InternalLink,
    LinkSource,
    SwarmEpisode,
    SwarmRule,
    current_links,
    internal_activity,
    silent_swarm,
    swarm_alerts_due,
    swarm_update_text,
    swarm_week,
    swarm_week_line,
    wrapup_swarm_lines,
)
from tests.unit.acme_channel import CLOCK, conversations, post

NOW = CLOCK.now()  # Friday 2025-03-14 15:00 UTC
BERLIN = ZoneInfo("Europe/Berlin")
ENGINEERS = ("U_ANA", "U_BO", "U_CY", "U_DEE")


def internal(
    minutes_ago: float,
    author: str = "U_BO",
    *,
    text: str = "theory",
    subtype: str | None = None,
    bot_id: str | None = None,
) -> SlackMessage:
    return SlackMessage(
        channel_id="C_ENG",
        ts=epoch_to_ts(NOW - minutes_ago * 60),
        text=text,
        user_id=author,
        author_team_id="T_US",
        thread_ts=epoch_to_ts(NOW - 300 * 60),
        subtype=subtype,
        bot_id=bot_id,
    )


def swarm(count: int, first: float, last: float) -> list[SlackMessage]:
    """`count` internal messages by the four engineers, evenly from `first` to `last` minutes
    ago."""
    step = (first - last) / max(1, count - 1)
    return [internal(first - i * step, ENGINEERS[i % 4]) for i in range(count)]


def waiting_customer(answered_minutes_ago: float | None = None) -> Conversation:
    """Carol's question 4 h ago; answered by Ana `answered_minutes_ago` when given."""
    messages = [post("U_CAROL", 240, "checkout is failing for all EU cards", thread=240)]
    if answered_minutes_ago is not None:
        messages.append(post("U_ANA", answered_minutes_ago, "looking", thread=240))
    (conversation,) = conversations(*messages)
    return conversation


def test_activity_counts_only_what_came_after_our_last_update() -> None:
    conversation = waiting_customer(answered_minutes_ago=120)
    messages = [internal(200, "U_BO"), internal(130, "U_CY"), *swarm(8, 100, 3)]
    activity = internal_activity(conversation, messages, NOW)
    assert activity.messages == 8
    assert activity.people == 4
    assert activity.last_at == NOW - 3 * 60
    assert activity.cell(NOW) == "4👥 8💬 3m"
    assert activity.cell(NOW, emoji=False) == "4 ppl 8 msg 3m"


def test_activity_ignores_notices_future_messages_and_counts_bots_as_messages_only() -> None:
    conversation = waiting_customer()
    messages = [
        internal(50, "U_BO"),
        internal(40, "U_CY", subtype="channel_join"),
        internal(30, "U_PD", bot_id="B_PAGERDUTY", text="alert fired"),
        internal(-5, "U_DEE"),  # clock skew: not yet
    ]
    activity = internal_activity(conversation, messages, NOW)
    assert (activity.people, activity.messages) == (1, 2)
    assert internal_activity(conversation, [], NOW).cell(NOW) == ""


def test_thirty_fresh_messages_make_a_silent_swarm() -> None:
    conversation = waiting_customer()
    activity = internal_activity(conversation, swarm(30, 20, 2), NOW)
    flagged = silent_swarm(conversation, activity, SwarmRule(), NOW)
    assert flagged is not None
    assert "30 internal messages" in flagged.reason
    assert "nothing said to the customer" in flagged.reason


def test_twenty_nine_in_a_short_burst_are_not_a_swarm() -> None:
    conversation = waiting_customer()
    activity = internal_activity(conversation, swarm(29, 20, 2), NOW)
    assert silent_swarm(conversation, activity, SwarmRule(), NOW) is None


def test_a_few_messages_over_an_hour_of_business_time_are_a_swarm() -> None:
    hours = BusinessHours.parse("Mon-Fri 09:00-18:00")
    conversation = waiting_customer()
    activity = internal_activity(conversation, swarm(5, 60, 5), NOW)  # 14:00..14:55 UTC
    flagged = silent_swarm(conversation, activity, SwarmRule(), NOW, hours, BERLIN)
    assert flagged is not None and "55m of business time" in flagged.reason


def test_span_outside_business_hours_does_not_count() -> None:
    # 5 messages from 19:00 to 23:00 Berlin on Thursday: no business time at all.
    hours = BusinessHours.parse("Mon-Fri 09:00-18:00")
    night = NOW - 17 * 3600  # Thursday 22:00 UTC = 23:00 Berlin
    conversation = waiting_customer()
    late = [internal((NOW - (night - i * 3600)) / 60, ENGINEERS[i]) for i in range(4)]
    activity = internal_activity(conversation, late, night + 60)
    assert silent_swarm(conversation, activity, SwarmRule(), night + 60, hours, BERLIN) is None
    assert silent_swarm(conversation, activity, SwarmRule(), night + 60) is not None


def test_a_swarm_that_went_quiet_is_not_flagged() -> None:
    conversation = waiting_customer()
    activity = internal_activity(conversation, swarm(40, 120, 15), NOW)
    assert silent_swarm(conversation, activity, SwarmRule(), NOW) is None
    assert silent_swarm(conversation, activity, SwarmRule(fresh_minutes=16), NOW) is not None


def test_thresholds_are_configurable() -> None:
    conversation = waiting_customer()
    activity = internal_activity(conversation, swarm(10, 10, 1), NOW)
    assert silent_swarm(conversation, activity, SwarmRule(), NOW) is None
    assert silent_swarm(conversation, activity, SwarmRule(min_messages=10), NOW) is not None


def test_our_customer_update_ends_the_episode_and_resolution_silences_it() -> None:
    before = waiting_customer()
    after = waiting_customer(answered_minutes_ago=1)
    messages = swarm(35, 60, 0.5)
    first = silent_swarm(before, internal_activity(before, messages, NOW), SwarmRule(), NOW)
    assert first is not None
    # We told the customer: only the half-minute of internal talk since then counts.
    assert silent_swarm(after, internal_activity(after, messages, NOW), SwarmRule(), NOW) is None
    # One alert per episode: fired once, not again on the next tick.
    assert swarm_alerts_due([first], []) == (first,)
    assert swarm_alerts_due([first], [first.episode]) == ()
    # A later swarm after our update is a new episode, alerted again.
    later = [*messages, *swarm(31, 0.9, 0.1)]
    again = silent_swarm(after, internal_activity(after, later, NOW), SwarmRule(), NOW)
    assert again is not None and again.episode != first.episode
    assert swarm_alerts_due([again], [first.episode]) == (again,)


def test_resolved_conversation_is_never_a_swarm() -> None:
    (resolved,) = conversations(
        post("U_CAROL", 240, "help", thread=240),
    )
    resolved = replace(resolved, state=ConversationState.RESOLVED)
    activity = internal_activity(resolved, swarm(40, 20, 1), NOW)
    assert silent_swarm(resolved, activity, SwarmRule(), NOW) is None


SECRETS = (
    "root cause is the 3DS token cache in eu-west-1, don't tell them yet",
    "Carol's account is flagged for fraud review",
    "ugh this customer again",
    "<https://grafana.internal/d/abc|dashboard>",
)


@pytest.mark.parametrize("secret", SECRETS)
def test_the_customer_update_never_quotes_internal_text(secret: str) -> None:
    conversation = waiting_customer()
    messages = [internal(10 - i * 0.1, ENGINEERS[i % 4], text=secret) for i in range(31)]
    flagged = silent_swarm(
        conversation, internal_activity(conversation, messages, NOW), SwarmRule(), NOW
    )
    assert flagged is not None
    text = swarm_update_text(NOW + 3600, BERLIN, NOW)
    assert text == "We're actively working on this with the team; next update by 17:00 CET."
    for word in secret.split():
        if len(word) > 4:
            assert word not in text


def test_update_names_the_weekday_when_the_promise_is_not_today() -> None:
    monday = NOW + 3 * 86400 - 6 * 3600  # Monday 09:00 UTC
    assert swarm_update_text(monday, BERLIN, NOW).endswith("next update by Monday 10:00 CET.")
    summer = 1_720_000_000.0  # 2024-07-03 09:46:40 UTC
    assert "11:46 CEST" in swarm_update_text(summer, BERLIN, summer)


def test_links_removed_by_hand_stay_removed_and_duplicates_collapse() -> None:
    def link(channel: str, at: float, source: LinkSource) -> InternalLink:
        return InternalLink("C_ACME:1.000000", channel, "2.000000", source, at)

    by_sync = link("C_ENG", 10, LinkSource.SYNC)
    again_live = link("C_ENG", 20, LinkSource.LIVE)
    by_hand = link("G_PAYMENTS", 30, LinkSource.HAND)
    assert current_links([again_live, by_sync, by_hand], []) == (by_sync, by_hand)
    removed = [("C_ACME:1.000000", "C_ENG:2.000000")]
    assert current_links([by_sync, again_live, by_hand], removed) == (by_hand,)


def test_wrapup_lists_internal_work_today_without_a_customer_update() -> None:
    day_start = NOW - 6 * 3600
    silent = waiting_customer()
    updated = waiting_customer(answered_minutes_ago=30)
    internal_today = swarm(12, 200, 40)
    lines = wrapup_swarm_lines(
        [silent],
        {silent.key: internal_today},
        day_start,
        NOW,
    )
    assert lines == ("Acme — 4👥 12💬 40m internal, no update to the customer today",)
    assert wrapup_swarm_lines([updated], {updated.key: internal_today}, day_start, NOW) == ()
    # Updated this morning, then the team swarmed without telling them: listed too.
    morning = waiting_customer(answered_minutes_ago=230)
    assert wrapup_swarm_lines([morning], {morning.key: internal_today}, day_start, NOW) == (
        "Acme — 4👥 12💬 40m internal since our last update to the customer",
    )
    yesterday_only = swarm(12, 2000, 1500)
    assert wrapup_swarm_lines([silent], {silent.key: yesterday_only}, day_start, NOW) == ()
    assert InternalActivity().cell(NOW) == ""


def test_week_counts_silent_swarms_and_how_long_they_lasted() -> None:
    week_start = NOW - 7 * 86400
    episodes = [
        SwarmEpisode("a@none", "a", NOW - 3 * 86400, NOW - 3 * 86400 - 3600, NOW - 3 * 86400 + 600),
        SwarmEpisode("b@none", "b", NOW - 1800, NOW - 5400, None),  # still going
        SwarmEpisode("c@none", "c", NOW - 9 * 86400, NOW - 9 * 86400, NOW - 8 * 86400),
    ]
    week = swarm_week(episodes, week_start, NOW)
    assert (week.count, week.still_open) == (2, 1)
    assert week.total_seconds == 4200 + 5400
    assert swarm_week_line(week) == (
        "Silent swarms: 2, 2h 40m in all without a word to the customer, the longest 1h 30m, "
        "1 still going"
    )
    assert swarm_week_line(swarm_week([], week_start, NOW)) == "Silent swarms: none"
