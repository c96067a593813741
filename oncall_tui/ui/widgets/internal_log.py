"""The internal thread(s) linked to a customer conversation, and the call nudge, as lines shown
below the customer thread on the conversation screen: every line of internal text sits under a
banner and a bar marking it INTERNAL, so nobody mistakes it for what the customer can read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rich.text import Text

from oncall_tui.domain.call_nudge import CallNudge
from oncall_tui.domain.model import SlackMessage, SlackUser
from oncall_tui.domain.slack_text import inert, render_slack_text
from oncall_tui.domain.swarm import InternalActivity
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


def call_nudge_text(nudge: CallNudge | None) -> Text:
    """ "This looks like a call" with its reasons, above the thread; empty when not."""
    text = Text()
    if nudge is None:
        return text
    text.append("📞 This looks like a call", style="bold")
    text.append(": " + "; ".join(nudge.reasons) + "\n")
    return text
