"""The handoff through Slack, with the real slack_sdk client against the fake server: posted from
the outbox as text, blocks and `oncall_handoff` metadata into #support-handoff; read back as the
newest handoff (metadata included) by the incoming engineer's app with its own data dir; other
messages passed over; the channel found by #name; a channel that cannot be read named plainly."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from oncall_tui.demo.records import TokenKind
from oncall_tui.domain.model import OutboxItem, OutboxState
from oncall_tui.domain.outbox_policy import retry_delay
from oncall_tui.slack.handoffs import (
    HANDOFF_EVENT_TYPE,
    HISTORY_MAX_PAGES,
    HISTORY_PAGE_SIZE,
    HandoffChannelError,
    newest_handoff,
    resolve_channel,
)
from oncall_tui.store import Store
from tests.integration.outbox_harness import UNDO, Harness

HANDOFF_CHANNEL = "C0HANDOFF1"  # #support-handoff in the demo workspace
PRIYA = "U0NWPRIYA1"  # an engineer of ours, member of #support-handoff
ACME_KEY = "C0EXTACME1:1710250000.000100"
GLOBEX_KEY = "C0EXTGLBX1:1710252000.000200"

PAYLOAD: dict[str, Any] = {
    "author": "U0NWALEX01",
    "author_name": "Alex Rivera",
    "written_at": 1_710_255_600.0,
    "conversations": [
        {
            "key": ACME_KEY,
            "channel_id": "C0EXTACME1",
            "thread_ts": "1710250000.000100",
            "customer": "Acme Corp",
            "state": "waiting on us",
            "note": "SSO InResponseTo: asked the IdP team.\nNext step: call Dana at 10:00",
            "next_step": "call Dana at 10:00",
            "promised_update_by": 1_710_266_400.0,
        },
        {
            "key": GLOBEX_KEY,
            "channel_id": "C0EXTGLBX1",
            "thread_ts": "1710252000.000200",
            "customer": "Globex",
            "state": "waiting on customer",
            "note": "",
            "next_step": "",
            "promised_update_by": None,
        },
    ],
}
BLOCKS = [
    {"type": "header", "text": {"type": "plain_text", "text": "Handoff from Alex Rivera"}},
    {
        "type": "section",
        "text": {
            "type": "mrkdwn",
            "text": "*<https://northwind-cloud.slack.com/archives/C0EXTACME1/p1710250000000100"
            "|Acme Corp — SSO login fails>*\nwaiting on us 1h 33m · next: call Dana at 10:00",
        },
    },
    {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "*Globex — deploys stuck*\nwaiting on customer"},
    },
]
TEXT = "Handoff from Alex Rivera: 2 open conversations"


async def enqueue_handoff(harness: Harness, payload: dict[str, Any] = PAYLOAD) -> OutboxItem:
    return await harness.enqueue(
        channel=HANDOFF_CHANNEL,
        text=TEXT,
        purpose="handoff",
        blocks=json.dumps(BLOCKS),
        metadata=json.dumps({"event_type": HANDOFF_EVENT_TYPE, "event_payload": payload}),
    )


async def post_handoff(harness: Harness, payload: dict[str, Any] = PAYLOAD) -> OutboxItem:
    """Queue the handoff, let its undo window pass, send it; returns the item as stored."""
    item = await enqueue_handoff(harness, payload)
    harness.clock.advance(UNDO)
    report = await harness.sender.send_due()
    assert [i.id for i in report.sent] == [item.id]
    return await harness.item(item.id)


def handoff_posts(harness: Harness) -> list[str]:
    return [
        m.ts
        for m in harness.workspace.timeline(HANDOFF_CHANNEL)
        if m.metadata is not None and m.metadata.get("event_type") == HANDOFF_EVENT_TYPE
    ]


# --- posting --------------------------------------------------------------------------------------


async def test_the_handoff_goes_out_as_text_blocks_and_metadata_naming_its_outbox_item(
    harness: Harness,
) -> None:
    item = await post_handoff(harness)

    [call] = harness.calls("chat.postMessage")
    assert call["channel"] == HANDOFF_CHANNEL and "thread_ts" not in call
    assert call["text"] == TEXT
    assert call["blocks"] == BLOCKS
    assert call["metadata"] == {
        "event_type": HANDOFF_EVENT_TYPE,
        "event_payload": {**PAYLOAD, "outbox_id": item.id},
    }
    [posted] = [m for m in harness.workspace.timeline(HANDOFF_CHANNEL) if m.ts == item.slack_ts]
    assert posted.user == harness.me and posted.blocks == BLOCKS
    assert [r.action for r in await harness.store.actions.since()] == ["handoff"]


async def test_a_handoff_whose_answer_was_lost_is_found_by_its_outbox_id_and_not_posted_twice(
    harness: Harness,
) -> None:
    item = await enqueue_handoff(harness)
    harness.server.lose_answer_next("chat.postMessage")
    harness.clock.advance(UNDO)
    first = await harness.sender.send_due()
    assert [i.id for i in first.retrying] == [item.id]
    assert len(handoff_posts(harness)) == 1  # Slack has it; the app never heard

    # The engineer touches up the text meanwhile, so only the outbox id can recognise the post.
    assert await harness.store.outbox.edit_text(item.id, TEXT + " (edited)", harness.clock.now())
    harness.clock.advance(retry_delay(1, None))
    second = await harness.sender.send_due()

    [landed] = handoff_posts(harness)
    assert [i.slack_ts for i in second.sent] == [landed]
    assert len(harness.calls("chat.postMessage")) == 1
    stored = await harness.item(item.id)
    assert stored.state is OutboxState.SENT and stored.slack_ts == landed


# --- reading back -------------------------------------------------------------------------------


async def test_the_newest_handoff_comes_back_with_its_metadata(harness: Harness) -> None:
    item = await post_handoff(harness)

    found = await newest_handoff(harness.client(), "#support-handoff", since=None)

    assert found is not None
    ts, metadata = found
    assert ts == item.slack_ts
    assert metadata == {
        "event_type": HANDOFF_EVENT_TYPE,
        "event_payload": {**PAYLOAD, "outbox_id": item.id},
    }
    # Slack shows metadata in history only when asked for it.
    assert all(c.get("include_all_metadata") == "1" for c in harness.calls("conversations.history"))


async def test_messages_with_other_metadata_or_none_are_passed_over(harness: Harness) -> None:
    item = await post_handoff(harness)
    # After the handoff: a deploy bot's metadata, a chat message, a thread reply to the handoff.
    harness.workspace.post(
        HANDOFF_CHANNEL,
        PRIYA,
        "Deploy 4512 finished",
        metadata={"event_type": "deploy_finished", "event_payload": {"id": 4512}},
    )
    harness.workspace.post(HANDOFF_CHANNEL, PRIYA, "Thanks Alex, taking Acme")
    assert item.slack_ts is not None
    harness.workspace.reply(HANDOFF_CHANNEL, item.slack_ts, PRIYA, "On it")

    found = await newest_handoff(harness.client(), HANDOFF_CHANNEL, since=None)

    assert found is not None and found[0] == item.slack_ts


async def test_a_later_handoff_replaces_an_earlier_one(harness: Harness) -> None:
    await post_handoff(harness)
    harness.clock.advance(8 * 3600)
    later_payload = {**PAYLOAD, "author": PRIYA, "conversations": PAYLOAD["conversations"][:1]}
    later = await post_handoff(harness, later_payload)

    found = await newest_handoff(harness.client(), "#support-handoff", since=None)

    assert found is not None
    assert found[0] == later.slack_ts
    assert found[1]["event_payload"]["author"] == PRIYA


async def test_an_oncall_handoff_with_a_broken_payload_does_not_hide_the_one_before(
    harness: Harness,
) -> None:
    good = await post_handoff(harness)
    harness.workspace.post(
        HANDOFF_CHANNEL,
        PRIYA,
        "handoff (sent by an old script)",
        metadata={"event_type": HANDOFF_EVENT_TYPE, "event_payload": "see thread"},
    )

    found = await newest_handoff(harness.client(), HANDOFF_CHANNEL, since=None)

    assert found is not None and found[0] == good.slack_ts


async def test_a_handoff_further_back_than_the_first_page_is_still_found(
    harness: Harness,
) -> None:
    item = await post_handoff(harness)
    for number in range(HISTORY_PAGE_SIZE + 20):
        harness.workspace.post(HANDOFF_CHANNEL, PRIYA, f"chatter {number}")

    found = await newest_handoff(harness.client(), HANDOFF_CHANNEL, since=None)

    assert found is not None and found[0] == item.slack_ts
    assert len(harness.calls("conversations.history")) == 2


async def test_the_search_gives_up_after_its_page_limit(harness: Harness) -> None:
    await post_handoff(harness)
    for number in range(HISTORY_PAGE_SIZE * HISTORY_MAX_PAGES):
        harness.workspace.post(HANDOFF_CHANNEL, PRIYA, f"chatter {number}")

    assert await newest_handoff(harness.client(), HANDOFF_CHANNEL, since=None) is None
    assert len(harness.calls("conversations.history")) == HISTORY_MAX_PAGES


async def test_only_handoffs_posted_after_since_count(harness: Harness) -> None:
    item = await post_handoff(harness)
    assert item.slack_ts is not None
    posted_at = float(item.slack_ts)

    assert await newest_handoff(harness.client(), HANDOFF_CHANNEL, since=posted_at) is None
    found = await newest_handoff(harness.client(), HANDOFF_CHANNEL, since=posted_at - 60)
    assert found is not None and found[0] == item.slack_ts


async def test_no_handoff_in_the_channel_yet_is_none(harness: Harness) -> None:
    # The seeded #support-handoff holds only hand-written handoffs, without metadata.
    assert harness.workspace.timeline(HANDOFF_CHANNEL)
    assert await newest_handoff(harness.client(), "#support-handoff", since=None) is None


async def test_the_incoming_engineer_with_another_data_dir_sees_the_handoff(
    harness: Harness, tmp_path: Path
) -> None:
    item = await post_handoff(harness)
    await harness.store.handoffs.save_outgoing(item.id, "# Handoff from Alex\n", item.created_at)

    # Priya starts her own app: her own token, her own (empty) data dir.
    priya_token = f"xoxp-demo-priya-{secrets.token_hex(4)}"
    harness.workspace.add_token(priya_token, PRIYA, TokenKind.USER)
    priya_client = AsyncWebClient(token=priya_token, base_url=harness.server.base_url)
    async with await Store.open(tmp_path / "priya" / "oncall.db") as priya_store:
        assert await priya_store.handoffs.latest_incoming() is None
        found = await newest_handoff(priya_client, "#support-handoff", since=None)
        assert found is not None
        ts, metadata = found
        await priya_store.handoffs.save_incoming(
            ts, json.dumps(metadata["event_payload"]), seen_at=harness.clock.now()
        )

        latest = await priya_store.handoffs.latest_incoming()
        assert latest is not None and latest[0] == item.slack_ts
        entries = json.loads(latest[1])["conversations"]
        assert [e["key"] for e in entries] == [ACME_KEY, GLOBEX_KEY]
        assert entries[0]["next_step"] == "call Dana at 10:00"
        assert await priya_store.handoffs.latest_outgoing() is None
    assert await harness.store.handoffs.latest_incoming() is None  # Alex's app: nothing incoming


# --- finding the channel -------------------------------------------------------------------------


async def test_a_channel_name_resolves_to_its_id_and_an_id_is_kept(harness: Harness) -> None:
    client = harness.client()
    assert await resolve_channel(client, "#support-handoff") == HANDOFF_CHANNEL
    assert await resolve_channel(client, HANDOFF_CHANNEL) == HANDOFF_CHANNEL
    assert harness.calls("conversations.list")[0]["exclude_archived"] == "1"


async def test_a_channel_name_is_found_beyond_the_first_page_of_channels(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("oncall_tui.slack.handoffs.LIST_PAGE_SIZE", 2)
    assert await resolve_channel(harness.client(), "#oncall-private") == "C0ONCALLPV"
    assert len(harness.calls("conversations.list")) > 1


@pytest.mark.parametrize(
    ("channel_ref", "message"),
    [
        (
            "#support-handof",
            "[slack] handoff_channel '#support-handof': no channel by that name that this token"
            " can see; check the name",
        ),
        ("C0NOSUCHCH", "[slack] handoff_channel 'C0NOSUCHCH': channel not found; check the id"),
        (
            "#support-leads",  # private, and Alex is not in it: Slack does not show it at all
            "[slack] handoff_channel '#support-leads': no channel by that name",
        ),
        ("#random", "[slack] handoff_channel '#random': not a member of this channel; join it"),
        ("#", "[slack] handoff_channel '#': empty; set a channel id or \"#name\""),
    ],
)
async def test_a_channel_that_cannot_be_read_is_one_line_saying_what_to_fix(
    harness: Harness, channel_ref: str, message: str
) -> None:
    with pytest.raises(HandoffChannelError) as caught:
        await newest_handoff(harness.client(), channel_ref, since=None)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
