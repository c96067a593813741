"""The rotation handoff: assembled from local state, one entry per open conversation, most
urgent first; then edited, posted to the handoff channel and exported.

This module assembles it and is the one to import from; the Markdown document lives in
handoff_document.py and the Slack message (text, blocks, metadata) in handoff_slack.py.

Per conversation: the customer, its state and who claimed it, how long the customer has waited,
the first lines of the customer's last message and of our last update, a promised update not
yet kept, booked calls still ahead, and the handoff note. The note's "Next step:" line becomes
the entry's next step; template lines left empty ("Owner: ") are dropped from the note.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from oncall_tui.domain.handoff_document import handoff_markdown, handoff_with_edits
from oncall_tui.domain.handoff_model import Handoff, HandoffEntry
from oncall_tui.domain.handoff_slack import (
    HANDOFF_EVENT_TYPE,
    handoff_blocks,
    handoff_from_metadata,
    handoff_metadata,
    handoff_slack_text,
    mrkdwn_escape,
)
from oncall_tui.domain.model import (
    Conversation,
    ConversationState,
    Party,
    ScheduledCall,
    SlackMessage,
    SlackUser,
)
from oncall_tui.domain.ordering import urgency_order
from oncall_tui.domain.parties import Workspace, is_customer_facing_update, party_of
from oncall_tui.domain.sla import NOT_APPLICABLE, SlaPolicy, assess
from oncall_tui.domain.slack_text import first_line, render_slack_text

__all__ = [
    "HANDOFF_EVENT_TYPE",
    "Handoff",
    "HandoffEntry",
    "assemble_handoff",
    "handoff_blocks",
    "handoff_from_metadata",
    "handoff_markdown",
    "handoff_metadata",
    "handoff_slack_text",
    "handoff_with_edits",
    "mrkdwn_escape",
    "split_note",
    "thread_permalink",
]

QUOTE_LINES = 3
QUOTE_CHARS = 300
TITLE_CHARS = 120
_NEXT_STEP = re.compile(r"^\s*next step:\s*(.*)$", re.IGNORECASE)
# The fields of the app's note template (ui/screens/note.py), dropped while still empty.
_EMPTY_TEMPLATE_FIELD = re.compile(
    r"^\s*(customer needs|tried so far|next step|owner):\s*$", re.IGNORECASE
)
_WORKSPACE_URL = re.compile(r"https://[A-Za-z0-9.-]+/?")


def thread_permalink(workspace_url: str | None, channel_id: str, root_ts: str) -> str | None:
    """A link to the conversation's first message in Slack, from the workspace URL that
    `auth.test` gives ("https://acme.slack.com/"); None without a usable URL."""
    if not workspace_url or not _WORKSPACE_URL.fullmatch(workspace_url):
        return None
    return f"{workspace_url.rstrip('/')}/archives/{channel_id}/p{root_ts.replace('.', '')}"


def split_note(note: str) -> tuple[str, str]:
    """(note without its "Next step:" line and empty template lines, the next step)."""
    next_step = ""
    kept: list[str] = []
    for line in note.splitlines():
        found = _NEXT_STEP.match(line)
        if found:
            next_step = next_step or found.group(1).strip()
            continue
        if _EMPTY_TEMPLATE_FIELD.match(line):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip("\n"), next_step


def _first_lines(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()][:QUOTE_LINES]
    joined = "\n".join(lines)
    return joined if len(joined) <= QUOTE_CHARS else joined[: QUOTE_CHARS - 1].rstrip() + "…"


def _last(
    conversation: Conversation,
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    ours: bool,
) -> SlackMessage | None:
    for message in reversed(conversation.messages):
        party = party_of(message, users, workspace)
        if ours and is_customer_facing_update(message, party):
            return message
        if not ours and party is Party.CUSTOMER:
            return message
    return None


def _entry(
    conversation: Conversation,
    calls: Sequence[ScheduledCall],
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    names: Mapping[str, str],
    channel_names: Mapping[str, str],
    workspace_url: str | None,
    now: float,
) -> HandoffEntry:
    def plain(message: SlackMessage | None) -> str:
        return (
            ""
            if message is None
            else _first_lines(render_slack_text(message.text, names, channel_names))
        )

    theirs = _last(conversation, users, workspace, ours=False)
    ours = _last(conversation, users, workspace, ours=True)
    waiting_since = conversation.customer_waiting_since
    waiting = conversation.state is ConversationState.WAITING_ON_US and waiting_since is not None
    promised, last_update = conversation.promised_update_by, conversation.last_update_at
    kept = promised is None or (last_update is not None and last_update >= promised)
    note, next_step = split_note(conversation.handoff_note)
    title = next(
        (
            line
            for line in (
                first_line(render_slack_text(m.text, names, channel_names), TITLE_CHARS)
                for m in conversation.messages
            )
            if line
        ),
        "",
    )
    snoozed = conversation.snoozed_until
    return HandoffEntry(
        key=conversation.key,
        channel_id=conversation.channel_id,
        thread_ts=conversation.root_ts,
        customer=conversation.customer,
        state=conversation.state.value,
        waiting_seconds=now - waiting_since if waiting and waiting_since is not None else None,
        last_customer_message=plain(theirs),
        our_last_update=plain(ours),
        promised_update_by=None if kept else promised,
        calls=tuple(
            sorted(
                call.starts_at
                for call in calls
                if call.conversation_key == conversation.key
                and call.confirmed
                and call.ends_at > now
            )
        ),
        note=note,
        next_step=next_step,
        permalink=thread_permalink(workspace_url, conversation.channel_id, conversation.root_ts),
        claimed_by=tuple(
            " ".join(names.get(user_id, user_id).split()) for user_id in conversation.claimed_by
        ),
        title=title,
        snoozed_until=snoozed if snoozed is not None and snoozed > now else None,
        our_last_update_at=ours.posted_at if ours is not None else None,
    )


def assemble_handoff(
    conversations: Sequence[Conversation],
    calls: Sequence[ScheduledCall],
    users: Mapping[str, SlackUser],
    workspace: Workspace,
    me_id: str,
    me_name: str,
    now: float,
    *,
    policy: SlaPolicy | None = None,
    workspace_url: str | None = None,
    channel_names: Mapping[str, str] | None = None,
    summary: str = "",
    unread: Collection[str] = frozenset(),
) -> Handoff:
    """The handoff of every open conversation at `now`, most urgent first (the dashboard's
    order; without `policy`, missed promises and the longest waits first). `unread` holds the
    keys of threads whose replies are not read from Slack yet: their state is unknown, so they
    are counted apart (all of them, as in the header: a thread of ours may hold a customer's
    reply), never listed."""
    names = {user_id: user.name for user_id, user in users.items()}
    read = [c for c in conversations if c.key not in unread]
    open_ones = [c for c in read if c.state.is_open]  # not "resolved?" either
    assessed = [(c, assess(c, policy, now) if policy else NOT_APPLICABLE) for c in open_ones]
    return Handoff(
        author_id=me_id,
        author_name=me_name,
        written_at=now,
        entries=tuple(
            _entry(c, calls, users, workspace, names, channel_names or {}, workspace_url, now)
            for c, _ in urgency_order(assessed, now)
        ),
        summary=summary,
        not_read_yet=len(set(unread)),
    )
