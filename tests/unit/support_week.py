"""Builders for the wrap-up, handoff and report tests: real Slack messages from our team and from
customers, grouped into conversations by the real domain code, at wall-clock times in Berlin."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from zoneinfo import ZoneInfo

from oncall_tui.domain.conversations import build_conversations
from oncall_tui.domain.local_time import wall_clock
from oncall_tui.domain.model import (
    Conversation,
    ConversationMarks,
    CustomerChannel,
    Reaction,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.domain.parties import Workspace

BERLIN = ZoneInfo("Europe/Berlin")
WORKSPACE = Workspace(our_team_ids=frozenset({"T_US"}))
USERS: dict[str, SlackUser] = {
    user.user_id: user
    for user in (
        SlackUser("U_ANA", "Ana", team_id="T_US"),
        SlackUser("U_BEN", "Ben", team_id="T_US"),
        SlackUser("U_CAROL", "Carol", team_id="T_ACME"),
        SlackUser("U_DAVE", "Dave", team_id="T_GLOBEX"),
        SlackUser("U_ERIN", "Erin", team_id="T_INITECH"),
    )
}
CHANNELS = {
    "acme": CustomerChannel("C_ACME", "acme-support", "Acme", is_ext_shared=True),
    "globex": CustomerChannel("C_GLOBEX", "globex-support", "Globex", is_ext_shared=True),
    "initech": CustomerChannel("C_INITECH", "initech-support", "Initech", is_ext_shared=True),
}
CUSTOMER_OF = {"acme": "U_CAROL", "globex": "U_DAVE", "initech": "U_ERIN"}


def at(day: date, hour: int, minute: int = 0, tz: ZoneInfo = BERLIN) -> float:
    """Epoch seconds of a wall-clock time in `tz`."""
    return wall_clock(day, hour * 60 + minute, tz)


def said(
    channel: str,
    author: str,
    moment: float,
    text: str,
    *,
    thread: float | None = None,
    reactions: tuple[Reaction, ...] = (),
) -> SlackMessage:
    """A message in `channel` ("acme") by `author` (a user id, or "customer"), in the thread
    started at `thread` (None: it starts one)."""
    user_id = CUSTOMER_OF[channel] if author == "customer" else author
    root = moment if thread is None else thread
    return SlackMessage(
        channel_id=CHANNELS[channel].channel_id,
        ts=epoch_to_ts(moment),
        text=text,
        user_id=user_id,
        author_team_id=USERS[user_id].team_id,
        thread_ts=epoch_to_ts(root),
        reactions=reactions,
    )


def thread(
    channel: str,
    *lines: tuple[str, float, str],
    marks: ConversationMarks | None = None,
    claimed_by: tuple[str, ...] = (),
) -> Conversation:
    """One threaded conversation from (author, moment, text) lines, the first being its root."""
    root_at = lines[0][1]
    reactions = (Reaction("eyes", claimed_by),) if claimed_by else ()
    messages = [
        said(
            channel,
            author,
            moment,
            text,
            thread=root_at,
            reactions=reactions if number == 0 else (),
        )
        for number, (author, moment, text) in enumerate(lines)
    ]
    key = f"{CHANNELS[channel].channel_id}:{epoch_to_ts(root_at)}"
    all_marks: Mapping[str, ConversationMarks] = {key: marks} if marks is not None else {}
    (conversation,) = build_conversations(CHANNELS[channel], messages, USERS, WORKSPACE, all_marks)
    return conversation
