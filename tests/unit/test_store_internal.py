"""Migration 8: linked internal threads and their messages, hand-made and removed links, swarm
episodes, call-nudge dismissals, and the customer text's retention applied to internal text."""

from __future__ import annotations

from oncall_tui.domain.model import SlackMessage, epoch_to_ts
from oncall_tui.domain.swarm import InternalLink, LinkSource, SwarmEpisode
from oncall_tui.store import Store

DAY = 86_400.0
NOW = 1_741_964_400.0
ACME = f"C_ACME:{epoch_to_ts(NOW - 3 * DAY)}"
THREAD = epoch_to_ts(NOW - 3 * DAY + 60)


def internal(at: float, text: str = "theory", thread: str = THREAD) -> SlackMessage:
    return SlackMessage("C_ENG", epoch_to_ts(at), text, user_id="U_BO", thread_ts=thread)


def link(source: LinkSource, at: float = NOW, channel: str = "C_ENG") -> InternalLink:
    return InternalLink(ACME, channel, THREAD, source, at, linked_by="U_BO")


async def test_links_are_kept_once_and_removed_by_hand_for_good(store: Store) -> None:
    assert await store.internal.link(link(LinkSource.SYNC, NOW - 100))
    assert not await store.internal.link(link(LinkSource.LIVE, NOW - 50))  # found again
    (kept,) = await store.internal.links(ACME)
    assert kept.source is LinkSource.SYNC and kept.linked_at == NOW - 100
    await store.internal.unlink(ACME, f"C_ENG:{THREAD}", NOW - 40)
    assert await store.internal.links(ACME) == []
    # The sync finds the permalink again: still removed.
    assert not await store.internal.link(link(LinkSource.SYNC, NOW - 30))
    assert await store.internal.links() == []
    # Linked again by hand: back.
    assert await store.internal.link(link(LinkSource.HAND, NOW - 20))
    (again,) = await store.internal.links()
    assert again.source is LinkSource.HAND


async def test_messages_of_linked_threads_by_conversation(store: Store) -> None:
    await store.internal.link(link(LinkSource.SYNC))
    parent = SlackMessage("C_ENG", THREAD, "<https://x.slack.com/archives/C_ACME/p1|this>", "U_A")
    replies = [internal(NOW - 3 * DAY + 120 + i) for i in range(3)]
    other_thread = internal(NOW - 10, thread=epoch_to_ts(NOW - 20))
    await store.internal.save_messages([*reversed(replies), parent, other_thread])
    by_conversation = await store.internal.messages_by_conversation()
    assert [m.ts for m in by_conversation[ACME]] == [THREAD, *(m.ts for m in replies)]
    assert len(await store.internal.messages("C_ENG", THREAD)) == 4
    await store.internal.unlink(ACME, f"C_ENG:{THREAD}", NOW)
    assert await store.internal.messages_by_conversation() == {}


async def test_a_token_pasted_internally_is_cut_out_and_the_thread_kept(store: Store) -> None:
    pasted = internal(NOW - 60, "try with xoxb-1234567890-abcdefghij please, or xapp-1-A0B-22")
    await store.internal.save_messages([pasted, internal(NOW - 30, "works")])
    texts = [m.text for m in await store.internal.messages("C_ENG", THREAD)]
    assert texts == ["try with [token removed] please, or [token removed]", "works"]
    files = [store.path, store.path.with_name(store.path.name + "-wal")]
    assert all(b"xoxb-1234567890" not in f.read_bytes() for f in files if f.exists())
    assert any(b"[token removed]" in f.read_bytes() for f in files if f.exists())


async def test_retention_forgets_old_internal_text_unless_its_conversation_is_kept(
    store: Store,
) -> None:
    await store.internal.link(link(LinkSource.SYNC))
    old = [internal(NOW - 3 * DAY + 120 + i) for i in range(3)]
    await store.internal.save_messages(old)
    await store.prune(NOW - DAY, keep_keys={ACME})
    assert len(await store.internal.messages("C_ENG", THREAD)) == 3
    await store.prune(NOW - DAY, keep_keys=set())
    assert await store.internal.messages("C_ENG", THREAD) == []
    # Nothing of the conversation or its thread is left: the link goes too.
    assert await store.internal.links() == []


async def test_swarm_episodes_fire_once_and_end_with_our_update(store: Store) -> None:
    episode = SwarmEpisode("C_ACME:1.000000@none", ACME, fired_at=NOW - 600, started_at=NOW - 7200)
    assert await store.internal.record_swarm_alert(episode)
    assert not await store.internal.record_swarm_alert(episode)
    await store.internal.end_swarm_episodes(ACME, NOW - 60)
    (ended,) = await store.internal.swarm_episodes(since=NOW - DAY)
    assert ended.ended_at == NOW - 60
    assert ended.lasted(NOW) == 7140
    assert await store.internal.swarm_episodes(since=NOW) == []


async def test_call_nudge_dismissal_is_remembered(store: Store) -> None:
    assert await store.internal.call_nudge_dismissals() == {}
    await store.internal.dismiss_call_nudge(ACME, NOW - 60)
    await store.internal.dismiss_call_nudge(ACME, NOW)
    assert await store.internal.call_nudge_dismissals() == {ACME: NOW}


async def test_a_conversation_is_counted_as_suggested_once(store: Store) -> None:
    await store.internal.record_call_nudge(ACME, NOW - 600)
    await store.internal.record_call_nudge(ACME, NOW)  # still call-worthy later: same one
    assert await store.internal.call_nudges() == {ACME: NOW - 600}
