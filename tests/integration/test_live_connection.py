"""The Socket Mode connection itself: acks, Slack's retries, channels nobody watches, several
apps on one token, dropped connections and the catch-up after them, a refused token."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.slack.live import (
    LiveChange,
    LiveChangeKind,
    LiveEvents,
    LiveEventsRefused,
    reconnect_delay,
)
from oncall_tui.store.store import Store
from tests.integration.live_harness import (
    GLOBEX,
    GLOBEX_CUSTOMER,
    STARK,
    STARK_CUSTOMER,
    LiveHarness,
    Recorder,
    eventually,
)


def test_reconnect_waits_double_each_time_up_to_a_minute() -> None:
    assert [reconnect_delay(n) for n in range(9)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


async def test_every_envelope_is_acked_with_exactly_its_envelope_id(
    live_harness: LiveHarness,
) -> None:
    await live_harness.start_live()
    hub = live_harness.server.socket_mode

    live_harness.workspace.post(STARK, STARK_CUSTOMER, "one")
    live_harness.workspace.post(GLOBEX, GLOBEX_CUSTOMER, "two, where nobody watches")
    await eventually(lambda: len(hub.ack_frames) == 2, "both acks")

    sent = [envelope["envelope_id"] for envelope in hub.envelopes_sent]
    assert hub.ack_frames == [{"envelope_id": envelope_id} for envelope_id in sent]


async def test_an_event_in_an_unwatched_channel_is_acked_and_ignored(
    live_harness: LiveHarness,
) -> None:
    _, seen = await live_harness.start_live()

    ignored = live_harness.workspace.post(GLOBEX, GLOBEX_CUSTOMER, "hello?")
    watched = live_harness.workspace.post(STARK, STARK_CUSTOMER, "hello from Stark")
    # Events are applied in order: once Stark's shows, Globex's has been dealt with.
    await eventually(lambda: len(seen.changes) >= 1, "the watched channel's event")

    assert seen.changes == [LiveChange(STARK, watched.ts, LiveChangeKind.POSTED)]
    assert await live_harness.stored(GLOBEX, ignored.ts) is None
    hub = live_harness.server.socket_mode
    assert hub.envelopes_sent[0]["envelope_id"] in hub.acked_envelope_ids


async def test_an_event_slack_sends_twice_is_applied_once(live_harness: LiveHarness) -> None:
    parent = next(
        m
        for m in live_harness.workspace.timeline(STARK)
        if m.text.startswith("Shipment webhooks for carrier DHL")
    )
    counted_before = await live_harness.stored(STARK, parent.ts)
    assert counted_before is not None
    _, seen = await live_harness.start_live()
    hub = live_harness.server.socket_mode

    reply = live_harness.workspace.reply(
        STARK, parent.ts, STARK_CUSTOMER, "Any news on the backfill?"
    )
    await eventually(lambda: len(seen.changes) >= 1, "the reply")
    retry = await hub.redeliver_last()
    await hub.wait_for_ack(retry["envelope_id"])
    marker = live_harness.workspace.post(STARK, STARK_CUSTOMER, "and one more thing")
    await eventually(lambda: len(seen.changes) == 2, "the next event")

    assert retry["payload"]["event_id"] == hub.envelopes_sent[0]["payload"]["event_id"]
    assert [c.ts for c in seen.changes] == [reply.ts, marker.ts]
    counted_after = await live_harness.stored(STARK, parent.ts)
    assert counted_after is not None
    assert counted_after.reply_count == counted_before.reply_count + 1


async def test_after_a_dropped_connection_it_reconnects_in_a_second_and_asks_for_a_catch_up(
    live_harness: LiveHarness,
) -> None:
    live, seen = await live_harness.start_live()
    hub = live_harness.server.socket_mode
    assert seen.gaps == 0

    assert hub.drop_connections() == 1
    await eventually(lambda: seen.gaps == 1, "the catch-up after reconnecting")
    posted = live_harness.workspace.post(STARK, STARK_CUSTOMER, "are you there?")
    await eventually(lambda: len(seen.changes) >= 1, "an event on the new connection")

    assert seen.sleeps.waits == [1.0]
    assert live.connected and hub.connection_count == 1
    assert seen.changes == [LiveChange(STARK, posted.ts, LiveChangeKind.POSTED)]


async def test_reconnecting_backs_off_while_slack_refuses_new_connections(
    live_harness: LiveHarness,
) -> None:
    live, seen = await live_harness.start_live()
    live_harness.server.fail_next("apps.connections.open", error="internal_error", times=3)

    live_harness.server.socket_mode.drop_connections()
    await eventually(lambda: seen.gaps == 1, "the catch-up after reconnecting")

    assert seen.sleeps.waits == [1.0, 2.0, 4.0, 8.0]
    assert live.connected


async def test_when_slack_asks_to_reconnect_it_does_and_catches_up(
    live_harness: LiveHarness,
) -> None:
    live, seen = await live_harness.start_live()
    hub = live_harness.server.socket_mode

    await hub.disconnect_all("refresh_requested")
    await eventually(lambda: seen.gaps >= 1, "the catch-up after reconnecting")
    await eventually(lambda: hub.connection_count == 1, "one connection again")
    posted = live_harness.workspace.post(STARK, STARK_CUSTOMER, "still there?")
    await eventually(lambda: len(seen.changes) >= 1, "an event on the new connection")

    assert live.connected
    assert seen.changes == [LiveChange(STARK, posted.ts, LiveChangeKind.POSTED)]


async def test_a_start_while_slack_is_unavailable_keeps_trying_then_catches_up(
    live_harness: LiveHarness,
) -> None:
    live_harness.server.fail_next("apps.connections.open", error="service_unavailable")
    seen = Recorder()

    live, _ = await live_harness.start_live(seen)

    await eventually(lambda: seen.gaps == 1, "the catch-up once connected")
    assert seen.sleeps.waits == [1.0]
    assert live.connected


async def test_two_apps_on_one_app_token_each_get_each_event_exactly_once(
    live_harness: LiveHarness, tmp_path: Path
) -> None:
    async with await Store.open(tmp_path / "colleague.sqlite3") as colleague_store:
        _, mine = await live_harness.start_live()
        _, colleagues = await live_harness.start_live(store=colleague_store)
        assert live_harness.server.socket_mode.connection_count == 2

        posted = [live_harness.workspace.post(STARK, STARK_CUSTOMER, f"ping {n}") for n in range(4)]
        await eventually(
            lambda: len(mine.changes) + len(colleagues.changes) == 4, "all four events"
        )
        stored_by_me = {m.ts for m in await live_harness.store.messages(STARK)}
        stored_by_colleague = {m.ts for m in await colleague_store.messages(STARK)}

    mine_ts = {c.ts for c in mine.changes}
    colleagues_ts = {c.ts for c in colleagues.changes}
    assert mine_ts and colleagues_ts
    assert mine_ts | colleagues_ts == {m.ts for m in posted}
    assert not mine_ts & colleagues_ts
    assert mine_ts <= stored_by_me and not colleagues_ts & stored_by_me
    assert colleagues_ts == stored_by_colleague


async def test_stop_closes_the_connection(live_harness: LiveHarness) -> None:
    live, seen = await live_harness.start_live()
    hub = live_harness.server.socket_mode

    await live.stop()
    await eventually(lambda: hub.connection_count == 0, "the connection to close")
    live_harness.workspace.post(STARK, STARK_CUSTOMER, "anyone?")

    assert not live.connected and seen.changes == [] and seen.gaps == 0


def wrong_app_token(credentials: DemoCredentials) -> str:
    return "xapp-not-a-real-token"


def user_token(credentials: DemoCredentials) -> str:
    return credentials.user_token


@pytest.mark.parametrize(
    ("token_of", "code", "fix"),
    [
        (wrong_app_token, "invalid_auth", "SLACK_APP_TOKEN"),
        (user_token, "not_allowed_token_type", "xapp-"),
    ],
)
async def test_a_refused_app_token_is_one_line_saying_what_to_fix(
    live_harness: LiveHarness,
    token_of: Callable[[DemoCredentials], str],
    code: str,
    fix: str,
) -> None:
    token = token_of(live_harness.credentials)
    live = LiveEvents(
        token,
        live_harness.server.base_url,
        live_harness.store,
        watched=frozenset,
        on_change=lambda change: None,
        on_gap=Recorder().on_gap,
        clock=live_harness.clock,
    )

    with pytest.raises(LiveEventsRefused) as refused:
        await live.start()

    message = str(refused.value)
    assert code in message and fix in message
    assert "\n" not in message and token not in message
    assert live_harness.server.socket_mode.connection_count == 0
