"""Local retention: old customer conversations are forgotten, open ones never are, and nothing
that stays on the dashboard changes because of a prune."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from oncall_tui.config import ConfigError, Settings, StoreSettings, parse_settings
from oncall_tui.domain.model import (
    ConversationState,
    CustomerChannel,
    OutboxItem,
    OutboxKind,
    SlackMessage,
    epoch_to_ts,
)
from oncall_tui.domain.retention import DAY, retention_cutoff
from oncall_tui.runtime.loading import build_board, load_snapshot
from oncall_tui.runtime.retention import prune_old
from oncall_tui.store.store import Store
from tests.fixtures import DEMO_NOW

NOW = DEMO_NOW
CHANNEL = CustomerChannel("C0ACME", "ext-acme", "Acme")
OURS, THEIRS = "T0US", "T0ACME"
SETTINGS = Settings.defaults()  # 30 days


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "oncall.sqlite3")
    await opened.save_channels([CHANNEL])
    await opened.set_meta("our_team_id", OURS)
    yield opened
    await opened.close()


def customer(at: float, text: str = "help?", thread: float | None = None) -> SlackMessage:
    return SlackMessage(
        CHANNEL.channel_id,
        epoch_to_ts(at),
        text,
        user_id="U0DANA",
        author_team_id=THEIRS,
        thread_ts=epoch_to_ts(thread) if thread is not None else None,
    )


def us(at: float, text: str = "on it", thread: float | None = None) -> SlackMessage:
    return replace(customer(at, text, thread), user_id="U0SAM", author_team_id=OURS)


def key(root: float) -> str:
    return f"{CHANNEL.channel_id}:{epoch_to_ts(root)}"


async def board_states(store: Store) -> dict[str, ConversationState]:
    board = build_board(await load_snapshot(store, NOW), SETTINGS)
    return {conversation.key: conversation.state for conversation in board.conversations}


async def test_a_customer_waiting_for_months_stays_on_the_dashboard(store: Store) -> None:
    asked = NOW - 90 * DAY
    await store.save_messages([customer(asked, thread=asked), customer(asked + 60, thread=asked)])

    assert await prune_old(store, SETTINGS, NOW) == 0

    assert await board_states(store) == {key(asked): ConversationState.WAITING_ON_US}
    assert len(await store.messages()) == 2


async def test_a_conversation_waiting_on_the_customer_is_kept_until_resolved(
    store: Store,
) -> None:
    asked = NOW - 90 * DAY
    await store.save_messages([customer(asked, thread=asked), us(asked + 600, thread=asked)])
    await store.set_handoff_note(key(asked), "they will retry after their release")

    assert await prune_old(store, SETTINGS, NOW) == 0

    assert await board_states(store) == {key(asked): ConversationState.WAITING_ON_CUSTOMER}
    assert (await store.marks())[key(asked)].handoff_note.startswith("they will retry")


async def test_a_resolved_conversation_past_retention_is_forgotten(store: Store) -> None:
    old, recent = NOW - 90 * DAY, NOW - 2 * DAY
    await store.save_messages(
        [
            customer(old, thread=old),
            us(old + 600, thread=old),
            customer(recent, "new question", thread=recent),
        ]
    )
    await store.set_resolved_at(key(old), old + 700)

    assert await prune_old(store, SETTINGS, NOW) == 2

    assert await board_states(store) == {key(recent): ConversationState.WAITING_ON_US}
    assert [message.text for message in await store.messages()] == ["new question"]
    assert key(old) not in await store.marks()


async def test_a_resolved_thread_with_a_recent_reply_is_kept_whole(store: Store) -> None:
    started, last_reply = NOW - 45 * DAY, NOW - 5 * DAY
    await store.save_messages(
        [
            customer(started, thread=started),
            us(started + 600, thread=started),
            customer(last_reply, "thanks, all good now", thread=started),
        ]
    )
    await store.set_resolved_at(key(started), last_reply + 60)

    assert await prune_old(store, SETTINGS, NOW) == 0
    assert len(await store.messages()) == 3


async def test_a_resolved_run_across_the_cutoff_does_not_come_back_unresolved(
    store: Store,
) -> None:
    # Un-threaded messages minutes apart are one conversation keyed by the first; deleting only
    # the first would turn the rest into a new, open conversation on the dashboard.
    cutoff = NOW - 30 * DAY
    await store.save_messages([customer(cutoff - 180), us(cutoff + 180, "fixed, try again")])
    await store.set_resolved_at(key(cutoff - 180), cutoff + 240)
    before = await board_states(store)
    assert before == {key(cutoff - 180): ConversationState.RESOLVED}

    await prune_old(store, SETTINGS, NOW)

    assert await board_states(store) == before


@pytest.mark.parametrize(("retention_days", "kept"), [(100, True), (60, False)])
async def test_the_configured_retention_decides(
    store: Store, retention_days: int, kept: bool
) -> None:
    old = NOW - 90 * DAY
    await store.save_messages([customer(old, thread=old), us(old + 600, thread=old)])
    await store.set_resolved_at(key(old), old + 700)
    settings = replace(SETTINGS, store=StoreSettings(retention_days=retention_days))

    await prune_old(store, settings, NOW)

    assert bool(await store.messages()) is kept


async def test_sent_posts_past_retention_are_forgotten_but_unsent_ones_never(
    store: Store,
) -> None:
    old = NOW - 90 * DAY
    for item_id in ("sent-long-ago", "never-sent"):
        await store.outbox.enqueue(
            OutboxItem(
                id=item_id,
                kind=OutboxKind.POST,
                channel_id=CHANNEL.channel_id,
                text="We are looking into it.",
                purpose="reply",
                created_at=old,
                send_after=old,
            )
        )
    assert await store.outbox.mark_sending("sent-long-ago")
    await store.outbox.mark_sent("sent-long-ago", epoch_to_ts(old))

    await prune_old(store, SETTINGS, NOW)

    assert [item.id for item in await store.outbox.items()] == ["never-sent"]


def test_retention_defaults_to_thirty_days() -> None:
    assert parse_settings("", "config.toml").store.retention_days == 30
    assert parse_settings("[store]\nretention_days = 7\n", "c.toml").store.retention_days == 7


@pytest.mark.parametrize("value", ["0", "3651", '"30"', "30.5", "true"])
def test_a_bad_retention_names_the_key_and_the_range(value: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_settings(f"[store]\nretention_days = {value}\n", "config.toml")
    message = str(error.value)
    assert message.startswith("config.toml: [store] retention_days:")
    assert "1 to 3650" in message


def test_an_unknown_store_key_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"\[store\] retention: unknown key"):
        parse_settings("[store]\nretention = 30\n", "config.toml")


def test_the_cutoff_refuses_a_retention_out_of_range() -> None:
    assert retention_cutoff(NOW, 30) == NOW - 30 * DAY
    with pytest.raises(ValueError, match="retention_days"):
        retention_cutoff(NOW, 0)
