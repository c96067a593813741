"""The configuration file `oncall-tui init` writes: `settings_to_toml` with a note on every key,
so the file explains itself, and commented-out examples of the optional keys left unset."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from oncall_tui.config import Settings, settings_to_toml

_HEADER: Final = """\
# oncall-tui configuration, written by `oncall-tui init`. Edit freely: unknown keys and bad
# values are reported with the file, the key and what is expected. `oncall-tui doctor` checks it.
# The Slack token is not here: it lives in the OS keyring (or $SLACK_TOKEN).
"""

_SECTION_NOTES: Final = {
    "[slack]": "How to reach Slack, and which channels to watch.",
    "[sla]": "Response targets in minutes; SLA clocks pause while the customer owes the reply.",
    "[conversations]": 'What counts as one conversation, and as a mere "thanks".',
    "[engineer]": "You: your name in messages, your hours and time zone.",
    "[actions]": "The one-key actions: undo window, status update text, calls.",
    "[keys]": 'Remap any key by its binding id, like cursor_down = "j,down" (`?` lists them).',
    "[[customers]]": (
        "One block per customer channel. first_reply_minutes, update_minutes and timezone\n"
        "# override [sla] for that customer only."
    ),
}

_KEY_NOTES: Final = {
    ("[slack]", "api_url"): "any Slack-compatible server; $SLACK_API_URL wins over it",
    ("[slack]", "handoff_channel"): "where handoff notes (h) are posted: an id or #name",
    ("[slack]", "poll_seconds"): "how often to sync with Slack",
    ("[slack]", "discover_shared_channels"): (
        "also watch every Slack Connect channel the token can see, not only [[customers]]"
    ),
    ("[slack]", "automated_bots"): 'our auto-responders\' bot ids ("B0..."): not replies',
    ("[sla]", "first_reply_minutes"): "answer a customer's first message within this",
    ("[sla]", "update_minutes"): "and post an update at least this often",
    ("[sla]", "timezone"): "the time zone of business_hours",
    ("[conversations]", "top_level_gap_minutes"): (
        "un-threaded customer messages this close together are one conversation"
    ),
    ("[conversations]", "pleasantries"): 'extra words that count as "thanks" (no clock starts)',
    ("[engineer]", "name"): "{engineer} in templates",
    ("[engineer]", "timezone"): "clock times on screen, call slots",
    ("[engineer]", "working_hours"): "call slots fall inside these and the customer's hours",
    ("[actions]", "undo_seconds"): "how long a sent message can still be taken back (z)",
    ("[actions]", "status_template"): "the status update (u); must promise {next_update}",
    ("[actions]", "call_minutes"): "length of a proposed call (c)",
    ("[actions]", "reminder_minutes"): "Slack reminder to yourself before a booked call",
    ("[[customers]]", "name"): "shown on the dashboard",
}

# Optional keys shown commented out when unset, so the file shows what else it can say.
_UNSET_EXAMPLES: Final = {
    ("[sla]", "business_hours"): (
        'business_hours = "Mon-Fri 09:00-18:00"  # SLA clocks only run inside these hours'
    ),
    ("[engineer]", "meeting_link"): 'meeting_link = "https://meet.example.com/you"  # for calls',
    ("[engineer]", "email"): 'email = "you@example.com"  # organizer of call invites (.ics)',
}


def commented_config(settings: Settings, channel_names: Mapping[str, str]) -> str:
    """`settings` as a TOML file with notes; `channel_names` (id -> name) labels channel ids."""
    blocks = [_HEADER.rstrip("\n")]
    customers_seen = False
    for block in settings_to_toml(settings).rstrip("\n").split("\n\n"):
        header, *lines = block.split("\n")
        first_customer = header == "[[customers]]" and not customers_seen
        customers_seen = customers_seen or header == "[[customers]]"
        # Repeated blocks are explained once, on the first.
        explain = header != "[[customers]]" or first_customer
        out: list[str] = []
        note = _SECTION_NOTES.get(header)
        if note and explain:
            out.append(f"# {note}")
        out.append(header)
        written = set()
        for line in lines:
            key = line.split(" = ", 1)[0]
            written.add(key)
            key_note = _KEY_NOTES.get((header, key))
            if key_note and explain:
                out.append(f"# {key_note}")
            out.append(_label_channel(line, key, channel_names))
        for (section, key), example in _UNSET_EXAMPLES.items():
            if section == header and key not in written:
                out.append(f"# {example}")
        blocks.append("\n".join(out))
    return "\n\n".join(blocks) + "\n"


def _label_channel(line: str, key: str, channel_names: Mapping[str, str]) -> str:
    if key not in ("channel", "handoff_channel"):
        return line
    channel_id = line.split(" = ", 1)[1].strip('"')
    name = channel_names.get(channel_id, "")
    # A name from Slack goes into a comment: only one that cannot end the comment early.
    if not name or not name.isprintable() or any(c.isspace() for c in name):
        return line
    return f"{line}  # #{name}"


def write_config(path: Path, text: str) -> None:
    """Write the whole file or nothing: a half-written config would stop the app."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
