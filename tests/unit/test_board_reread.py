"""A live event re-reads one channel: the board must come out as a whole re-read would."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from oncall_tui.config import Settings
from oncall_tui.domain.board import Board
from oncall_tui.domain.board_assembly import ReadRequests, only_messages_differ
from oncall_tui.domain.dashboard import dashboard_rows
from oncall_tui.domain.model import ConversationMarks, SlackMessage
from oncall_tui.domain.snapshot import Snapshot
from oncall_tui.runtime.loading import build_board
from oncall_tui.runtime.policies import grouping
from tests.unit.support_week import CHANNELS, USERS, at, said

SETTINGS = Settings.defaults()
MONDAY = date(2024, 3, 11)


def snapshot(*messages: SlackMessage) -> Snapshot:
    return Snapshot(
        channels=tuple(CHANNELS.values()),
        users=USERS,
        messages=messages,
        our_team_ids=frozenset({"T_US"}),
    )


def rows(board: Board, now: float) -> list[tuple[str, str, str, str]]:
    return [
        (row.key, row.title, row.waiting, row.state)
        for row in dashboard_rows(
            board.conversations, board.policy, now, board.user_names, board.channel_names
        )
    ]


def reread(board: Board, fresh: Snapshot, channels: set[str]) -> Board:
    return board.with_channels_reread(
        fresh, channels, grouping(SETTINGS), frozenset(SETTINGS.slack.automated_bots)
    )


ASKED = at(MONDAY, 9)
ACME_QUESTION = said("acme", "customer", ASKED, "Exports fail")
ACME_ANSWER = said("acme", "U_ANA", ASKED + 600, "Looking", thread=ASKED)
GLOBEX_QUESTION = said("globex", "customer", ASKED + 60, "Keys?")


def test_a_new_message_in_one_channel_gives_the_board_a_whole_read_would() -> None:
    before = snapshot(ACME_QUESTION, ACME_ANSWER, GLOBEX_QUESTION)
    board = build_board(before, SETTINGS)
    follow_up = said("acme", "customer", ASKED + 1200, "It fails again", thread=ASKED)
    new_thread = said("acme", "customer", ASKED + 1500, "And another thing")
    after = replace(before, messages=(*before.messages, follow_up, new_thread))
    acme = {CHANNELS["acme"].channel_id}

    incremental = reread(board, after, acme)
    whole = build_board(after, SETTINGS)

    now = ASKED + 3600
    assert rows(incremental, now) == rows(whole, now)
    assert rows(incremental, now) != rows(board, now)
    assert incremental.titles == whole.titles
    # Globex was not read again: its conversation is the very same object.
    (globex,) = [c for c in incremental.conversations if c.channel_id == "C_GLOBEX"]
    assert any(globex is c for c in board.conversations)


def test_a_deleted_message_goes_from_the_board() -> None:
    before = snapshot(ACME_QUESTION, ACME_ANSWER, GLOBEX_QUESTION)
    board = build_board(before, SETTINGS)
    after = replace(before, messages=(ACME_QUESTION, GLOBEX_QUESTION))
    incremental = reread(board, after, {CHANNELS["acme"].channel_id})
    assert rows(incremental, ASKED + 3600) == rows(build_board(after, SETTINGS), ASKED + 3600)


def test_anything_but_messages_changing_calls_for_a_whole_read() -> None:
    shown = snapshot(ACME_QUESTION)
    assert only_messages_differ(replace(shown, messages=()), shown)
    key = f"{CHANNELS['acme'].channel_id}:{ACME_QUESTION.ts}"
    marked = replace(shown, marks={key: ConversationMarks(resolved_at=ASKED + 5)})
    assert not only_messages_differ(marked, shown)
    assert not only_messages_differ(replace(shown, users={}), shown)
    assert not only_messages_differ(replace(shown, channels=shown.channels[:1]), shown)


def test_reads_asked_for_meanwhile_are_merged() -> None:
    wanted = ReadRequests()
    assert wanted.take() == (False, None)
    wanted.add({"C1"})
    wanted.add({"C2"})
    assert wanted.take() == (True, frozenset({"C1", "C2"}))
    assert wanted.take() == (False, None)
    wanted.add({"C1"})
    wanted.add(None)  # a local change: everything
    wanted.add({"C3"})
    assert wanted.take() == (True, None)
