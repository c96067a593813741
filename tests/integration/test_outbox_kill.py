"""The app is killed between Slack taking a post and the store recording it: after a restart,
the customer has exactly one message, never two and never none."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

from oncall_tui.demo.seed import DEMO_ENGINEER_ID, OUR_TEAM
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import SystemClock
from oncall_tui.domain.model import OutboxItem, OutboxKind, OutboxState
from oncall_tui.slack.outbox_sender import OutboxSender
from oncall_tui.slack.writes import make_write_client
from oncall_tui.store import Store
from tests.integration.kill_after_slack_took_the_post import KILLED

ACME = "C0EXTACME1"
REPO = Path(__file__).resolve().parents[2]


async def test_killed_after_slack_took_the_post_ends_in_exactly_one_message(
    live_server: tuple[str, str, Workspace], tmp_path: Path
) -> None:
    api_url, token, workspace = live_server
    database = tmp_path / "oncall.sqlite3"
    thread = workspace.timeline(ACME)[-1].ts
    text = f"Still digging, next update by 16:00 ({uuid.uuid4().hex[:6]})"
    now = time.time()
    store = await Store.open(database)
    await store.outbox.enqueue(
        OutboxItem(
            id=uuid.uuid4().hex,
            kind=OutboxKind.POST,
            channel_id=ACME,
            text=text,
            purpose="status_update",
            created_at=now,
            send_after=now,
            conversation_key=f"{ACME}:{thread}",
            thread_ts=thread,
        )
    )
    await store.close()

    killed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.integration.kill_after_slack_took_the_post",
            str(database),
            api_url,
            token,
            DEMO_ENGINEER_ID,
            OUR_TEAM.id,
        ],
        cwd=REPO,
        capture_output=True,
        timeout=60,
    )
    assert killed.returncode == KILLED, killed.stderr.decode()

    def landed() -> int:
        every = workspace.timeline(ACME) + workspace.replies(ACME, thread)
        return sum(1 for message in every if message.text == text)

    assert landed() == 1  # Slack has it; our store still says "sending"

    store = await Store.open(database)
    try:
        (item,) = await store.outbox.items()
        assert item.state is OutboxState.SENDING
        sender = OutboxSender(
            make_write_client(token, api_url),
            store,
            SystemClock(),
            our_user_id=DEMO_ENGINEER_ID,
            our_team_id=OUR_TEAM.id,
        )
        assert await sender.reconcile() == 1
        await sender.send_due()
        (item,) = await store.outbox.items()
        assert item.state is OutboxState.SENT
    finally:
        await store.close()
    assert landed() == 1
