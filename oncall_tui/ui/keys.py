"""The one-key actions on a conversation: the same keys on the dashboard and the conversation
screen, each with an id so `[keys]` can remap it."""

from __future__ import annotations

from textual.binding import Binding

CONVERSATION_BINDINGS: list[Binding] = [
    Binding("r", "app.act('reply')", "Reply", id="reply"),
    Binding("u", "app.act('status_update')", "Update", id="status_update"),
    Binding("c", "app.act('call')", "Call", id="call"),
    Binding("h", "app.act('note')", "Note", id="handoff_note"),
    Binding("e", "app.act('claim')", "Claim", id="claim"),
    Binding("x", "app.act('resolve')", "Resolve", id="resolve"),
    Binding("s", "app.act('snooze')", "Snooze", id="snooze"),
    Binding("t", "app.act('tag')", "Kind of work", show=False, id="tag"),
    Binding("a", "app.act('area')", "Accept area", show=False, id="area"),
    Binding("A", "app.act('pick_area')", "Pick area", show=False, id="pick_area"),
    Binding("o", "app.act('open_in_slack')", "Open in Slack", show=False, id="open_in_slack"),
    Binding("y", "app.act('copy_link')", "Copy link", show=False, id="copy_link"),
    Binding("R", "app.act('retry_failed')", "Retry failed post", show=False, id="retry_failed"),
    Binding(
        "D", "app.act('discard_failed')", "Discard failed post", show=False, id="discard_failed"
    ),
]
