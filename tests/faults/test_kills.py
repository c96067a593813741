"""The app killed (SIGKILL) at random moments while it syncs and posts, again and again: the
database always opens and passes SQLite's integrity check, and after a restart and a reconcile
every queued post is in Slack exactly once: nothing lost, nothing duplicated."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

from oncall_tui.demo.seed import DEMO_ENGINEER_ID, OUR_TEAM
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.model import OutboxItem, OutboxKind, OutboxState
from oncall_tui.slack.outbox_sender import OutboxSender
from oncall_tui.slack.writes import make_write_client
from oncall_tui.store import Store

# How many kills; ONCALL_FAULT_KILLS raises it for a longer soak.
KILLS = int(os.environ.get("ONCALL_FAULT_KILLS", "50"))
# Kill within this long after the store is open: a sync of the demo takes about as long. Every
# other kill comes within the first few hundredths of a second, while the posts go out.
LATEST_KILL_SECONDS = 0.4
WHILE_POSTING_SECONDS = 0.03
CHANNELS = ("C0EXTACME1", "C0EXTGLBX1", "C0EXTINTC1", "C0EXTUMBR1", "C0EXTSTRK1", "C0EXTHOOL1")
REPO = Path(__file__).resolve().parents[2]


def integrity(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        (result,) = connection.execute("PRAGMA integrity_check").fetchone()
    return str(result)


async def queue_post(database: Path, workspace: Workspace, round_number: int) -> tuple[str, str]:
    """A post due now, in one of the customer threads; returns its outbox id and text."""
    channel = CHANNELS[round_number % len(CHANNELS)]
    thread = workspace.timeline(channel)[-1].ts
    text = f"Update {round_number}: still on it ({uuid.uuid4().hex[:8]})"
    now = time.time()
    item_id = uuid.uuid4().hex
    async with await Store.open(database) as store:
        await store.outbox.enqueue(
            OutboxItem(
                id=item_id,
                kind=OutboxKind.POST,
                channel_id=channel,
                text=text,
                purpose="status_update",
                created_at=now,
                send_after=now,
                conversation_key=f"{channel}:{thread}",
                thread_ts=thread,
            )
        )
    return item_id, text


async def state_of(database: Path, item_id: str) -> OutboxState:
    async with await Store.open(database) as store:
        item = await store.outbox.get(item_id)
    assert item is not None
    return item.state


def run_and_kill(database: Path, api_url: str, token: str, delay: float) -> None:
    command = [sys.executable, "-m", "tests.faults.killable_app", str(database), api_url, token]
    child = subprocess.Popen(
        [*command, DEMO_ENGINEER_ID, OUR_TEAM.id],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        ready = child.stdout.readline()
        assert ready.strip() == "ready", (ready, child.stderr.read() if child.stderr else "")
        time.sleep(delay)  # the fault itself: a kill at a random moment, not a wait
        still_running = child.poll() is None
        assert still_running, f"the app stopped by itself: {child.stderr and child.stderr.read()}"
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(10)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


async def finish_sending(database: Path, api_url: str, token: str) -> list[OutboxItem]:
    """The app restarted: reconcile, then send what is left (an hour later, no backoff left)."""
    async with await Store.open(database) as store:
        sender = OutboxSender(
            make_write_client(token, api_url),
            store,
            FrozenClock(time.time() + 3600),
            our_user_id=DEMO_ENGINEER_ID,
            our_team_id=OUR_TEAM.id,
            sleep=_no_wait,
        )
        await sender.reconcile()
        await sender.send_due()
        return await store.outbox.items()


async def _no_wait(seconds: float) -> None:
    del seconds


async def test_random_kills_during_sync_and_posts_lose_and_duplicate_nothing(
    live_server: tuple[str, str, Workspace], tmp_path: Path
) -> None:
    api_url, token, workspace = live_server
    database = tmp_path / "oncall.sqlite3"
    chance = random.Random(os.environ.get("ONCALL_FAULT_SEED", "kills"))
    queued: list[str] = []
    left_by_kill: Counter[OutboxState] = Counter()  # each round's post, right after its kill

    for round_number in range(KILLS):
        item_id, text = await queue_post(database, workspace, round_number)
        queued.append(text)
        latest = WHILE_POSTING_SECONDS if round_number % 2 else LATEST_KILL_SECONDS
        run_and_kill(database, api_url, token, chance.uniform(0, latest))
        assert integrity(database) == "ok", f"after kill {round_number + 1}"
        left_by_kill[await state_of(database, item_id)] += 1

    async with await Store.open(database) as store:
        synced = len(await store.messages())
    print(f"kills={KILLS}, posts as each kill left them: {dict(left_by_kill)}, stored={synced}")
    # The kills landed while work went on: posts went out, some were cut short, and the sync
    # stored messages.
    assert left_by_kill[OutboxState.SENT] > 0 and synced > 0
    assert left_by_kill[OutboxState.SENT] < KILLS

    items = await finish_sending(database, api_url, token)

    assert {item.state for item in items} == {OutboxState.SENT}
    landed = [
        message.text
        for channel in CHANNELS
        for parent in workspace.timeline(channel)
        for message in [parent, *workspace.replies(channel, parent.ts)]
    ]
    assert {text: landed.count(text) for text in queued} == {text: 1 for text in queued}
