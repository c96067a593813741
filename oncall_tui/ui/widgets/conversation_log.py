"""A conversation as readable lines: who said what, when, us and the customer visibly apart."""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from rich.text import Text

from oncall_tui.domain import parties
from oncall_tui.domain.model import Conversation, Party, SlackMessage, SlackUser
from oncall_tui.domain.parties import Workspace, party_of
from oncall_tui.domain.slack_text import inert, render_slack_text
from oncall_tui.ui.cells import PARTY_MARKERS, clock_time


def author_name(message: SlackMessage, users: Mapping[str, SlackUser]) -> str:
    return parties.author_name(message, users, unknown="unknown")


def conversation_text(
    conversation: Conversation,
    *,
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    channel_names: Mapping[str, str],
    tz: ZoneInfo | None,
    now: float,
) -> Text:
    """The whole conversation, oldest first, as one Rich Text (never parsed as markup)."""
    user_names = {user_id: user.name for user_id, user in users.items()}
    text = Text()
    for message in conversation.messages:
        party = party_of(message, users, workspace)
        marker, style = PARTY_MARKERS[party]
        text.append(f"{clock_time(message.posted_at, tz, now):>12}  ", style="dim")
        text.append(f"{marker:<11}", style=style)
        name = inert(author_name(message, users))  # display names come from Slack too
        text.append(name, style=style if party is Party.US else "bold")
        if message.edited_ts:
            text.append("  (edited)", style="dim italic")
        text.append("\n")
        body = render_slack_text(message.text, user_names, channel_names)
        if not body and message.has_files:
            body = "[file]"
        for line in body.splitlines() or [""]:
            text.append(f"{'':14}{line}\n")
        for reaction in message.reactions:
            reacted = f"{'':14}:{inert(reaction.name)}: ×{len(reaction.user_ids)}\n"
            text.append(reacted, style="dim")
    if conversation.handoff_note:
        text.append("\nHandoff note\n", style="bold underline")
        text.append(conversation.handoff_note + "\n")
    return text
