"""The app forgets conversations past retention after its first whole board, then once a day for
as long as it runs: a rotation week without a restart still keeps only 30 days."""

from __future__ import annotations

from pathlib import Path

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import SlackMessage, epoch_to_ts
from oncall_tui.runtime.wiring import DB_FILE_NAME
from oncall_tui.store.store import Store
from oncall_tui.ui.app import OncallApp
from tests.app_factory import AppFactory
from tests.ui.harness import SCREEN, settle, wait_until_synced

ACME = "C0EXTACME1"
ALEX = "U0NWALEX01"
DANA_OF_ACME = "U0ACMDANA1"
DAY = 86_400.0


async def old_resolved_conversation(store: Store, asked_at: float) -> str:
    """A question we answered and resolved at `asked_at`; its thread ts."""
    root = epoch_to_ts(asked_at)
    await store.save_messages(
        [
            SlackMessage(ACME, root, "Old question", user_id=DANA_OF_ACME, thread_ts=root),
            SlackMessage(
                ACME, epoch_to_ts(asked_at + 60), "Old answer", user_id=ALEX, thread_ts=root
            ),
        ]
    )
    await store.set_resolved_at(f"{ACME}:{root}", asked_at + 120)
    return root


async def stored_roots(app: OncallApp) -> set[str]:
    assert app.runtime.store is not None
    return {message.ts for message in await app.runtime.store.messages(ACME)}


async def test_old_conversations_go_at_start_and_then_daily(
    new_app: AppFactory,
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    async with await Store.open(tmp_path / DB_FILE_NAME) as store:
        before_start = await old_resolved_conversation(store, clock.now() - 40 * DAY)
    app = new_app()
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await settle(pilot, app)
        assert before_start not in await stored_roots(app)
        assert await stored_roots(app)  # the demo's recent conversations stay

        assert app.runtime.store is not None
        while_running = await old_resolved_conversation(app.runtime.store, clock.now() - 40 * DAY)
        clock.advance(3 * 3600)
        app.refresh_board()
        await settle(pilot, app)
        assert while_running in await stored_roots(app)  # not a day since the last prune

        clock.advance(DAY)
        app.refresh_board()
        await settle(pilot, app)
        assert while_running not in await stored_roots(app)
