"""One customer's shared channel at a frozen "now" (Friday 2025-03-14 15:00 UTC), the people in
it, and messages placed in minutes before now: the setting of the turn-rule tests."""

from __future__ import annotations

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.conversations import GroupingSettings, build_conversations
from oncall_tui.domain.model import (
    Conversation,
    ConversationMarks,
    CustomerChannel,
    SlackMessage,
    SlackUser,
    epoch_to_ts,
)
from oncall_tui.domain.parties import Workspace

CLOCK = FrozenClock(1_741_964_400.0)  # Friday 2025-03-14 15:00 UTC
CHANNEL = CustomerChannel("C_ACME", "acme-support", "Acme", is_ext_shared=True)
WORKSPACE = Workspace(our_team_ids=frozenset({"T_US"}), automated_bots=frozenset({"B_AUTO"}))
USERS = {
    user.user_id: user
    for user in (
        SlackUser("U_ANA", "Ana", team_id="T_US"),
        SlackUser("U_CAROL", "Carol", team_id="T_ACME"),
        SlackUser("U_DAN", "Dan", team_id="T_ACME"),
        SlackUser("U_GUS", "Gus (guest)", team_id="T_US", is_restricted=True),
        SlackUser("U_STATUSBOT", "Status", team_id="T_US", is_bot=True),
    )
}
DEFAULT_GROUPING = GroupingSettings()


def ts(minutes_ago: float) -> str:
    return epoch_to_ts(CLOCK.now() - minutes_ago * 60)


def post(
    author: str, minutes_ago: float, text: str = "words", *, thread: float | None = None
) -> SlackMessage:
    """A message by a user in USERS; `thread` is the root's minutes (its own, for a parent)."""
    return SlackMessage(
        channel_id=CHANNEL.channel_id,
        ts=ts(minutes_ago),
        text=text,
        user_id=author,
        author_team_id=USERS[author].team_id,
        thread_ts=ts(thread) if thread is not None else None,
    )


def conversations(
    *messages: SlackMessage,
    marks: dict[str, ConversationMarks] | None = None,
    settings: GroupingSettings = DEFAULT_GROUPING,
) -> list[Conversation]:
    return build_conversations(CHANNEL, messages, USERS, WORKSPACE, marks or {}, settings)
