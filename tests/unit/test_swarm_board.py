"""Swarm watch and the call nudge on the board (domain/swarm_board.py) at a frozen clock: which
rows are flagged, the first frame drawn from saved heads, the alert's wording, the handoff's
internal links and the why section; none of it carries internal text."""

from __future__ import annotations

from oncall_tui.domain.call_nudge import CallNudgeRule
from oncall_tui.domain.handoff import assemble_handoff
from oncall_tui.domain.model import Conversation, ScheduledCall, SlackMessage, epoch_to_ts
from oncall_tui.domain.swarm import InternalLink, LinkSource, SwarmRule
from oncall_tui.domain.swarm_board import (
    AS_BEFORE,
    InternalState,
    activities,
    call_nudges,
    swarm_alert_body,
    swarms_now,
    with_internal_threads,
)
from oncall_tui.domain.why import swarm_section
from tests.unit.acme_channel import CLOCK, USERS, WORKSPACE, conversations, post

NOW = CLOCK.now()
ENGINEERS = ("U_ANA", "U_BO", "U_CY", "U_DEE")
SECRET = "the db password rotation broke replica lag"


def internal(minutes_ago: float, author: str, thread: str = "T1") -> SlackMessage:
    return SlackMessage(
        channel_id="C_ENG",
        ts=epoch_to_ts(NOW - minutes_ago * 60),
        text=SECRET,
        user_id=author,
        author_team_id="T_US",
        thread_ts=epoch_to_ts(NOW - 400 * 60) if thread == "T1" else thread,
    )


def board_of() -> tuple[list[Conversation], InternalState]:
    """Three open conversations: Carol waits 4 h (swarmed on internally), Dan went back and
    forth five times ("any update??"), and Carol's second question an hour ago (neither)."""
    carol = post("U_CAROL", 245, "checkout fails for EU cards", thread=245)
    trips = [
        post("U_DAN" if i % 2 == 0 else "U_ANA", 300 - i * 20, f"step {i}", thread=300)
        for i in range(10)
    ]
    trips.append(post("U_DAN", 90, "any update?? this is blocking", thread=300))
    eve = post("U_CAROL", 60, "how do I export invoices?", thread=60)
    found = conversations(*sorted((carol, *trips, eve), key=lambda m: float(m.ts)))
    carol_key = next(c.key for c in found if c.title.startswith("checkout"))
    swarm = [internal(200 - i * 6, ENGINEERS[i % 4]) for i in range(32)]  # latest 14 min ago
    link = InternalLink(carol_key, "C_ENG", epoch_to_ts(NOW - 400 * 60), LinkSource.SYNC, NOW)
    state = InternalState(
        links=(link,), messages={carol_key: tuple(swarm)}, channel_names={"C_ENG": "eng-support"}
    )
    return found, state


def test_only_the_swarmed_conversation_is_flagged_and_only_while_fresh() -> None:
    found, state = board_of()
    seen = activities(found, state, NOW)
    assert [c.title for c in found if c.key in seen] == ["checkout fails for EU cards"]
    (activity,) = seen.values()
    assert (activity.people, activity.messages) == (4, 32)
    flagged = swarms_now(found, seen, SwarmRule(), NOW)
    assert list(flagged) == list(seen)
    # Sixteen minutes later the latest internal message is no longer fresh: no swarm.
    assert swarms_now(found, seen, SwarmRule(), NOW + 2 * 60) == {}
    # More messages needed and a longer span than there was: no swarm either.
    assert swarms_now(found, seen, SwarmRule(40, 24 * 60, 15), NOW) == {}


def test_call_nudges_skip_proposed_and_dismissed_and_a_first_frame_repeats_the_last_ones() -> None:
    found, _ = board_of()
    dan = next(c for c in found if c.title.startswith("step 0"))
    rule = CallNudgeRule()
    nudged = call_nudges(found, USERS, WORKSPACE, rule, NOW, calls=(), dismissed={})
    assert list(nudged) == [dan.key]
    assert any("round trips" in reason for reason in nudged[dan.key].reasons)
    call = ScheduledCall("c1", dan.key, "Acme", NOW + 3600, NOW + 5400)
    assert call_nudges(found, USERS, WORKSPACE, rule, NOW, calls=(call,), dismissed={}) == {}
    dismissed = {dan.key: NOW - 60}
    assert call_nudges(found, USERS, WORKSPACE, rule, NOW, calls=(), dismissed=dismissed) == {}
    # Saved heads hold too few messages to judge: the conversations nudged before, marked.
    before = call_nudges(
        found, USERS, WORKSPACE, rule, NOW, calls=(), dismissed={}, nudged_before={dan.key}
    )
    assert {key: n.reasons for key, n in before.items()} == {dan.key: (AS_BEFORE,)}


def test_the_alert_the_handoff_and_why_count_internal_work_without_quoting_it() -> None:
    found, state = board_of()
    seen = activities(found, state, NOW)
    (swarm,) = swarms_now(found, seen, SwarmRule(), NOW).values()
    names = {c.key: c.customer for c in found}
    body = swarm_alert_body([swarm], names)
    assert body.startswith("Silent swarm on Acme: 32 internal messages")
    assert SECRET not in body
    handoff = assemble_handoff(found, (), USERS, WORKSPACE, "U_ANA", "Ana", NOW)
    linked = with_internal_threads(handoff, state, "https://acme-corp.slack.com/")
    links = {entry.key: entry.internal_threads for entry in linked.entries}
    thread = epoch_to_ts(NOW - 400 * 60).replace(".", "")
    assert links[swarm.conversation_key] == (
        f"https://acme-corp.slack.com/archives/C_ENG/p{thread}",
    )
    assert all(not threads for key, threads in links.items() if key != swarm.conversation_key)
    section = swarm_section(swarm, seen[swarm.conversation_key], NOW)
    assert section.lines[0].startswith("Since our last customer update: 4 ppl 32 msg ")
    assert section.lines[1].startswith("Silent swarm: 32 internal messages")
    assert all(SECRET not in line for line in section.lines)
    assert state.channel_name("C_ENG") == "#eng-support"
