"""What a poll costs the board: its changes applied (domain/store_changes.py, the reducer) against
the whole board built again, on a generated 2,000-conversation, 40,000-message board.

    python benchmarks/sync_apply.py

Pure domain, no store and no Slack: the store read (the messages of the changed channels, and
what is around them) comes on top of both, and is the same for both but the messages (a rebuild
needs every channel's).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from zoneinfo import ZoneInfo

from oncall_tui.domain.board import Board
from oncall_tui.domain.board_assembly import BoardRules
from oncall_tui.domain.board_reducer import reduce_board
from oncall_tui.domain.conversations import GroupingSettings
from oncall_tui.domain.model import (
    ConversationMarks,
    CustomerChannel,
    OutboxItem,
    OutboxKind,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.domain.sla import SlaTargets
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.domain.store_changes import changes_between

UTC = ZoneInfo("UTC")
START = 1_710_234_000.0
RULES = BoardRules(
    default_targets=SlaTargets(first_reply_minutes=15, update_minutes=120),
    customer_targets=(),
    business_hours=None,
    sla_timezone=UTC,
    grouping=GroupingSettings(top_level_gap_minutes=10, pleasantries=(), timezone=UTC),
    automated_bots=frozenset(),
    display_tz=UTC,
)
CHANNELS, THREADS, REPLIES = 200, 10, 19  # 2,000 conversations, 40,000 messages


def _board_snapshot(rng: random.Random) -> Snapshot:
    users = {f"U{i:04}": SlackUser(f"U{i:04}", f"Engineer {i}", team_id="T_US") for i in range(30)}
    channels = []
    messages = []
    for c in range(CHANNELS):
        channel_id = f"C{c:04}"
        channels.append(CustomerChannel(channel_id, f"ext-customer-{c}", f"Customer {c}"))
        people = [f"U{c:04}X{p}" for p in range(3)]
        users.update({p: SlackUser(p, f"Person {p}", team_id=f"T{c}") for p in people})
        for t in range(THREADS):
            root = START + c * 10 + t * 3600
            root_ts = epoch_to_ts(root)
            messages.append(SlackMessage(channel_id, root_ts, "Exports fail", rng.choice(people)))
            for r in range(REPLIES):
                author = rng.choice(people) if r % 2 else f"U{rng.randrange(30):04}"
                text = "Looking into it" if r % 2 == 0 else "Still failing for us"
                ts = epoch_to_ts(root + 60 * (r + 1))
                messages.append(SlackMessage(channel_id, ts, text, author, thread_ts=root_ts))
    messages.sort(key=lambda m: (m.channel_id, m.posted_at, m.ts))
    return Snapshot(
        channels=tuple(channels),
        users=users,
        messages=tuple(messages),
        our_team_ids=frozenset({"T_US"}),
    )


def _timed(work: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _applied(board: Board, fresh: Snapshot, read: frozenset[str] | None) -> Board:
    for change in changes_between(board.snapshot, fresh, read):
        board, _ = reduce_board(board, change, RULES)
    return board


def main() -> None:
    rng = random.Random(1)
    shown = _board_snapshot(rng)
    board = RULES.build(shown)
    channel = "C0042"
    new = SlackMessage(channel, epoch_to_ts(START + 90_000), "Any update?", "U0042X1")
    one_message = replace(shown, messages=(*shown.messages, new))
    newcomer = SlackUser("U0042X9", "Mara", team_id="T42")
    newcomer_writes = replace(
        one_message,
        users={**shown.users, newcomer.user_id: newcomer},
        messages=(*shown.messages, replace(new, user_id=newcomer.user_id)),
    )
    root = next(m for m in shown.messages if m.channel_id == "C0007")
    marked = replace(shown, marks={f"C0007:{root.ts}": ConversationMarks(resolved_at=START)})
    queued = replace(
        shown,
        outbox=(
            OutboxItem(
                "o1",
                OutboxKind.POST,
                "C0007",
                "On it",
                "reply",
                START,
                START + 5,
                f"C0007:{root.ts}",
            ),
        ),
    )
    renamed = replace(shown, users={**shown.users, "U0003": SlackUser("U0003", "Ana", "T_US")})
    rebuild = _timed(lambda: RULES.build(one_message))
    print(f"board: {len(board.conversations):,} conversations, {len(shown.messages):,} messages")
    print(
        f"whole rebuild (what every sync read cost when people, marks or the outbox moved): "
        f"{rebuild * 1000:.0f} ms"
    )
    cases: tuple[tuple[str, Snapshot, frozenset[str] | None], ...] = (
        ("a poll: one new message in one channel", one_message, frozenset({channel})),
        ("a poll: someone new at a customer writes", newcomer_writes, frozenset({channel})),
        ("a ✅ mark recorded on one conversation", marked, frozenset()),
        ("a reply queued in the outbox", queued, frozenset()),
        ("an engineer renamed (writes in every channel)", renamed, frozenset()),
        ("a retention pass: every message read, none changed", shown, None),
    )
    for label, fresh, read in cases:
        took = _timed(lambda f=fresh, r=read: _applied(board, f, r))  # type: ignore[misc]
        print(f"{label:55} {took * 1000:6.1f} ms  {took / rebuild:5.2f}x a rebuild")


if __name__ == "__main__":
    main()
