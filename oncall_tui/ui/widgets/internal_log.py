"""The internal thread(s) linked to a customer conversation, and the call nudge, as lines shown
below the customer thread on the conversation screen: every line of internal text sits under a
banner and a bar marking it INTERNAL, so nobody mistakes it for what the customer can read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rich.text import Text

from oncall_tui.domain.board import Board
from oncall_tui.domain.call_nudge import CallNudge
from oncall_tui.domain.model import SlackMessage, SlackUser
from oncall_tui.domain.slack_text import inert, render_slack_text
from oncall_tui.domain.swarm import InternalActivity, SilentSwarm
from oncall_tui.keymap import BY_ID
from oncall_tui.ui.cells import clock_time
from oncall_tui.ui.widgets.conversation_log import author_name

BAR = "▌ "
INTERNAL_STYLE = "bold reverse magenta"


@dataclass(frozen=True, slots=True)
class InternalThreadView:
    """One linked internal thread: where it is, and its messages oldest first."""

    channel_name: str  # "#eng-support", "a group DM"
    messages: tuple[SlackMessage, ...]


def internal_text(
    threads: Sequence[InternalThreadView],
    activity: InternalActivity | None,
    *,
    users: Mapping[str, SlackUser],
    channel_names: Mapping[str, str],
    tz: ZoneInfo | None,
    now: float,
    emoji: bool = True,
) -> Text:
    """The linked internal threads, each under an INTERNAL banner, every line barred."""
    text = Text()
    if not threads:
        return text
    user_names = {user_id: user.name for user_id, user in users.items()}
    summary = ""
    if activity is not None and activity.messages:
        summary = f"  ·  since our last update: {activity.cell(now, emoji=emoji)}"
    for thread in threads:
        text.append("\n")
        text.append(" INTERNAL ", style=INTERNAL_STYLE)
        text.append(f" {inert(thread.channel_name)} — the customer cannot see this", style="bold")
        text.append(summary + "\n", style="dim")
        for message in thread.messages:
            text.append(BAR, style="magenta")
            text.append(f"{clock_time(message.posted_at, tz, now):>10}  ", style="dim")
            text.append(inert(author_name(message, users)) + "\n", style="magenta")
            body = render_slack_text(message.text, user_names, channel_names)
            for line in body.splitlines() or [""]:
                text.append(BAR, style="magenta")
                text.append(f"{'':12}{line}\n")
    return text


def key_of(binding_id: str, remapped: Mapping[str, str]) -> str:
    """The first key of a binding, as configured in `[keys]` or by default."""
    return remapped.get(binding_id, BY_ID[binding_id].keys).split(",")[0]


def call_nudge_text(nudge: CallNudge | None, keys: Mapping[str, str] | None = None) -> Text:
    """ "This looks like a call" with its reasons, above the thread; empty when not."""
    text = Text()
    if nudge is None:
        return text
    remapped = keys or {}
    text.append("📞 This looks like a call", style="bold")
    text.append(": " + "; ".join(nudge.reasons))
    text.append(
        f"  ({key_of('call', remapped)} proposes slots,"
        f" {key_of('dismiss_call_nudge', remapped)}: not a call)\n",
        style="dim",
    )
    return text


def swarm_text(swarm: SilentSwarm | None, keys: Mapping[str, str] | None = None) -> Text:
    """The silent swarm flag with its reason and the key that tells the customer; empty when
    there is none. Says how much internal work there is, never what it says."""
    text = Text()
    if swarm is None:
        return text
    text.append(" SILENT SWARM ", style=INTERNAL_STYLE)
    text.append(f" {swarm.reason}")
    key = key_of("swarm_update", keys or {})
    text.append(f"  ({key}: tell the customer we're on it)\n", style="dim")
    return text


def threads_of(board: Board, conversation_key: str) -> tuple[InternalThreadView, ...]:
    """The internal threads linked to a conversation, with the messages the store keeps."""
    internal = board.snapshot.internal
    messages = internal.messages.get(conversation_key, ())
    return tuple(
        InternalThreadView(
            internal.channel_name(link.internal_channel_id),
            tuple(
                m
                for m in messages
                if m.channel_id == link.internal_channel_id and m.root_ts == link.internal_thread_ts
            ),
        )
        for link in internal.links_of(conversation_key)
    )
