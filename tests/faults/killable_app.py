"""Run by test_kills.py in its own process, to be killed with SIGKILL at a random moment: does
what the app does all day (reconcile the outbox, send what is due, sync), over and over, on one
database. Prints "ready" once the store is open, so the killer knows the work has begun."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from oncall_tui.config import Settings, SlackSettings
from oncall_tui.domain.clock import SystemClock
from oncall_tui.slack.client import make_client
from oncall_tui.slack.outbox_sender import OutboxSender
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.sync import SlackSync
from oncall_tui.slack.writes import make_write_client
from oncall_tui.store import Store


async def main(database: Path, api_url: str, token: str, me: str, team: str) -> None:
    clock = SystemClock()
    store = await Store.open(database)
    settings = Settings(slack=SlackSettings(api_url=api_url))
    sync = SlackSync(make_client(token, api_url), store, settings, clock, Pacer.unlimited())
    sender = OutboxSender(
        make_write_client(token, api_url), store, clock, our_user_id=me, our_team_id=team
    )
    print("ready", flush=True)
    while True:
        await sender.reconcile()
        await sender.send_due()
        await sync.sync_once()


if __name__ == "__main__":
    database, api_url, token, me, team = sys.argv[1:6]
    asyncio.run(main(Path(database), api_url, token, me, team))
