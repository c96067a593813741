"""Run by test_outbox_kill.py in a separate process: send the outbox, and die (os._exit, as a
`kill -9` would end it) right after Slack accepted the post, before the store records it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from oncall_tui.domain.clock import SystemClock
from oncall_tui.slack.outbox_sender import OutboxSender
from oncall_tui.slack.writes import make_write_client
from oncall_tui.store import Store

KILLED = 137


async def main(database: Path, api_url: str, token: str, me: str, team: str) -> None:
    store = await Store.open(database)

    async def die(item_id: str, slack_ts: str) -> None:
        del item_id, slack_ts
        os._exit(KILLED)

    store.outbox.mark_sent = die  # type: ignore[method-assign]
    sender = OutboxSender(
        make_write_client(token, api_url), store, SystemClock(), our_user_id=me, our_team_id=team
    )
    await sender.send_due()


if __name__ == "__main__":
    database, api_url, token, me, team = sys.argv[1:6]
    asyncio.run(main(Path(database), api_url, token, me, team))
    sys.exit(0)  # not reached when the kill happens
