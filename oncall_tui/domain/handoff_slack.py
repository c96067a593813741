"""The handoff as a Slack message: mrkdwn text, section blocks and message metadata, and the
handoff read back from the metadata of a message in the handoff channel.

Customer text is untrusted: `&`, `<` and `>` are escaped and `@channel`/`@here`/`@everyone`
are defused, so a customer's `<!channel>` quoted in a handoff can never ping the channel.
Times use Slack's `<!date^…>` token, so each reader sees them in their own zone, with the
writer's zone as the fallback text.

Slack limits (Block Kit): at most 50 blocks per message, at most 3000 characters of text per
section. A longer handoff is cut with "…" and "(+N more in the export)" rather than refused.
Metadata payload objects inside a list may only hold strings, numbers and booleans, so lists
inside an entry are written as text (calls as comma-separated epoch seconds, names one per
line); None values are left out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from oncall_tui.domain.durations import format_duration
from oncall_tui.domain.handoff_model import (
    Handoff,
    HandoffEntry,
    counts_line,
    display_title,
    not_read_line,
    state_text,
    written_when,
)
from oncall_tui.domain.local_time import with_zone
from oncall_tui.domain.model import ts_to_epoch

HANDOFF_EVENT_TYPE = "oncall_handoff"
PAYLOAD_VERSION = 1
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_TEXT_CHARS = 39_000  # under Slack's 40,000 for a message's text
MAX_METADATA_ENTRIES = 100
MAX_METADATA_NOTE_CHARS = 2000
MAX_METADATA_FIELD_CHARS = 500
TITLE_CHARS = 150
ELLIPSIS = "…"
WORD_JOINER = "\u2060"

_BROADCAST = re.compile(r"@(channel|here|everyone)(?!\w)", re.IGNORECASE)
_SAFE_LINK = re.compile(r"https?://[^\s<>|]+")


def mrkdwn_escape(text: str) -> str:
    """`text` as literal mrkdwn: markup characters escaped, broadcast keywords defused."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda found: f"@{WORD_JOINER}{found.group(1)}", escaped)


def more_in_export(count: int) -> str:
    return f"(+{count} more in the export)"


def cut_mrkdwn(text: str, limit: int, suffix: str = "") -> str:
    """`text` in at most `limit` characters, ending "…" plus `suffix` when cut; never inside an
    escape like `&amp;` or a token like `<url|label>`."""
    if len(text) <= limit:
        return text
    tail = f"{ELLIPSIS} {suffix}" if suffix else ELLIPSIS
    kept = text[: max(0, limit - len(tail))]
    opened = kept.rfind("<")
    if opened > kept.rfind(">"):
        kept = kept[:opened]
    ampersand = kept.rfind("&")
    if ampersand > kept.rfind(";"):
        kept = kept[:ampersand]
    return kept.rstrip() + tail


def _slack_time(at: float, tz: ZoneInfo, written_at: float) -> str:
    fallback = mrkdwn_escape(with_zone(at, tz, written_at))
    return f"<!date^{math.floor(at)}^{{date_short_pretty}} {{time}}|{fallback}>"


def _link(entry: HandoffEntry) -> str:
    title = mrkdwn_escape(cut_plain(display_title(entry), TITLE_CHARS))
    permalink = entry.permalink
    if permalink and _SAFE_LINK.fullmatch(permalink):
        return f"*<{permalink}|{title}>*"
    return f"*{title}*"


def cut_plain(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.splitlines() if line.strip())


def _entry_section_text(entry: HandoffEntry, written_at: float, tz: ZoneInfo) -> str:
    status = [mrkdwn_escape(state_text(entry))]
    if entry.waiting_seconds is not None:
        since = _slack_time(written_at - entry.waiting_seconds, tz, written_at)
        status.append(f"waiting {format_duration(entry.waiting_seconds)} (since {since})")
    lines = [_link(entry), " · ".join(status)]
    if entry.last_customer_message:
        quote = mrkdwn_escape(_one_line(entry.last_customer_message))
        lines.append(f"*Customer's last message:* “{quote}”")
    if entry.our_last_update:
        said = f"*Our last update:* “{mrkdwn_escape(_one_line(entry.our_last_update))}”"
        if entry.our_last_update_at is not None:
            said += f" ({_slack_time(entry.our_last_update_at, tz, written_at)})"
        lines.append(said)
    if entry.promised_update_by is not None:
        promised = _slack_time(entry.promised_update_by, tz, written_at)
        lines.append(f"*Promised update by:* {promised}")
    if entry.calls:
        calls = ", ".join(_slack_time(at, tz, written_at) for at in entry.calls)
        lines.append(f"*Calls:* {calls}")
    if entry.next_step:
        lines.append(f"*Next step:* {mrkdwn_escape(_one_line(entry.next_step))}")
    if entry.note.strip():
        lines.append(f"*Note:*\n{mrkdwn_escape(entry.note.strip())}")
    return "\n".join(lines)


def _header_text(handoff: Handoff, tz: ZoneInfo) -> str:
    lines = [
        f"*Handoff from {mrkdwn_escape(handoff.author_name)}* · "
        f"{mrkdwn_escape(written_when(handoff, tz))}",
        counts_line(handoff),
    ]
    if handoff.not_read_yet:
        lines.append(f"_{not_read_line(handoff)}_")
    if handoff.summary.strip():
        lines.append(mrkdwn_escape(handoff.summary.strip()))
    return "\n".join(lines)


def _entry_line(entry: HandoffEntry, written_at: float, tz: ZoneInfo) -> str:
    parts = [_link(entry), mrkdwn_escape(state_text(entry))]
    if entry.waiting_seconds is not None:
        parts.append(f"waiting {format_duration(entry.waiting_seconds)}")
    if entry.promised_update_by is not None:
        parts.append(f"update due {_slack_time(entry.promised_update_by, tz, written_at)}")
    lines = ["• " + " · ".join(parts)]
    # What the engineer typed goes out whole, as in the blocks and the metadata.
    if entry.next_step:
        lines.append(f"    next: {mrkdwn_escape(_one_line(entry.next_step))}")
    if entry.note.strip():
        lines.append(f"    note: {mrkdwn_escape(_one_line(entry.note))}")
    return "\n".join(lines)


def handoff_slack_text(handoff: Handoff, tz: ZoneInfo) -> str:
    """The message's `text`: a readable summary with one line per conversation, each linked to
    its thread when the permalink is known (also the notification and fallback text)."""
    text = cut_mrkdwn(_header_text(handoff, tz), MAX_SECTION_CHARS)
    for shown, entry in enumerate(handoff.entries):
        line = _entry_line(entry, handoff.written_at, tz)
        left = len(handoff.entries) - shown
        if len(text) + 1 + len(line) + 40 > MAX_TEXT_CHARS:
            return f"{text}\n{more_in_export(left)}"
        text = f"{text}\n{line}"
    return text


def handoff_blocks(handoff: Handoff, tz: ZoneInfo) -> list[dict[str, Any]]:
    """Section blocks: the header (writer, counts, summary), then one per conversation, most
    urgent first; within Slack's limits (see the module's notes)."""

    def section(text: str) -> dict[str, Any]:
        return {"type": "section", "text": {"type": "mrkdwn", "text": text}}

    blocks = [
        section(cut_mrkdwn(_header_text(handoff, tz), MAX_SECTION_CHARS, "(more in the export)"))
    ]
    entries = handoff.entries
    room = MAX_BLOCKS - 1
    shown = entries if len(entries) <= room else entries[: room - 1]
    for entry in shown:
        text = _entry_section_text(entry, handoff.written_at, tz)
        blocks.append(section(cut_mrkdwn(text, MAX_SECTION_CHARS, "(more in the export)")))
    if len(shown) < len(entries):
        blocks.append(section(more_in_export(len(entries) - len(shown))))
    return blocks


def _without_none(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


def _entry_payload(entry: HandoffEntry) -> dict[str, Any]:
    return _without_none(
        {
            "key": entry.key,
            "channel_id": entry.channel_id,
            "thread_ts": entry.thread_ts,
            "customer": cut_plain(entry.customer, MAX_METADATA_FIELD_CHARS),
            "title": cut_plain(entry.title, MAX_METADATA_FIELD_CHARS),
            "state": entry.state,
            "note": cut_plain(entry.note, MAX_METADATA_NOTE_CHARS),
            "next_step": cut_plain(entry.next_step, MAX_METADATA_FIELD_CHARS),
            "promised_update_by": entry.promised_update_by,
            "waiting_seconds": entry.waiting_seconds,
            "last_customer_message": cut_plain(
                entry.last_customer_message, MAX_METADATA_FIELD_CHARS
            ),
            "our_last_update": cut_plain(entry.our_last_update, MAX_METADATA_FIELD_CHARS),
            "our_last_update_at": entry.our_last_update_at,
            "calls": ",".join(repr(float(at)) for at in entry.calls),
            "claimed_by": "\n".join(entry.claimed_by),
            "permalink": entry.permalink,
            "snoozed_until": entry.snoozed_until,
            "internal_threads": "\n".join(entry.internal_threads),
        }
    )


def handoff_metadata(handoff: Handoff) -> dict[str, Any]:
    """Message metadata carrying the handoff, for the incoming engineer's app to read back."""
    entries = handoff.entries[:MAX_METADATA_ENTRIES]
    payload: dict[str, Any] = {
        "version": PAYLOAD_VERSION,
        "author_id": handoff.author_id,
        "author_name": handoff.author_name,
        "written_at": handoff.written_at,
        "summary": cut_plain(handoff.summary, MAX_METADATA_NOTE_CHARS),
        "conversations": [_entry_payload(entry) for entry in entries],
    }
    if handoff.not_read_yet:
        payload["not_read_yet"] = handoff.not_read_yet
    if len(handoff.entries) > len(entries):
        payload["more_conversations"] = len(handoff.entries) - len(entries)
    return {"event_type": HANDOFF_EVENT_TYPE, "event_payload": payload}


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return value if isinstance(value, str) else ""


def _number(values: Mapping[str, Any], name: str) -> float | None:
    value = values.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _numbers(text: str) -> tuple[float, ...]:
    found: list[float] = []
    for part in text.split(","):
        try:
            number = float(part)
        except ValueError:
            continue
        if math.isfinite(number):
            found.append(number)
    return tuple(found)


def _entry_from(values: object) -> HandoffEntry | None:
    if not isinstance(values, Mapping):
        return None
    channel_id, thread_ts = _text(values, "channel_id"), _text(values, "thread_ts")
    if not channel_id or not thread_ts:
        return None
    return HandoffEntry(
        key=_text(values, "key") or f"{channel_id}:{thread_ts}",
        channel_id=channel_id,
        thread_ts=thread_ts,
        customer=_text(values, "customer") or channel_id,
        state=_text(values, "state"),
        waiting_seconds=_number(values, "waiting_seconds"),
        last_customer_message=_text(values, "last_customer_message"),
        our_last_update=_text(values, "our_last_update"),
        promised_update_by=_number(values, "promised_update_by"),
        calls=_numbers(_text(values, "calls")),
        note=_text(values, "note"),
        next_step=_text(values, "next_step"),
        permalink=_text(values, "permalink") or None,
        claimed_by=tuple(name for name in _text(values, "claimed_by").split("\n") if name),
        title=_text(values, "title"),
        snoozed_until=_number(values, "snoozed_until"),
        our_last_update_at=_number(values, "our_last_update_at"),
        internal_threads=tuple(
            link for link in _text(values, "internal_threads").split("\n") if link
        ),
    )


def handoff_from_metadata(metadata: Mapping[str, Any], posted_ts: str) -> Handoff | None:
    """The handoff in a message's metadata (`{"event_type", "event_payload"}`, or the payload
    alone), or None when it is not a well-formed oncall_handoff. Conversations that make no
    sense are skipped, and fields this version does not know are ignored, so a newer writer
    does not break a reader.
    """
    if not isinstance(metadata, Mapping):
        return None
    if "event_type" in metadata:
        if metadata.get("event_type") != HANDOFF_EVENT_TYPE:
            return None
        payload = metadata.get("event_payload")
    else:  # the payload alone, as handoff_metadata(...)["event_payload"] gives it
        payload = metadata
    if not isinstance(payload, Mapping):
        return None
    author_id = _text(payload, "author_id")
    conversations = payload.get("conversations")
    if not author_id or not isinstance(conversations, list):
        return None
    written_at = _number(payload, "written_at")
    if written_at is None:
        try:
            written_at = ts_to_epoch(posted_ts)
        except ValueError:
            return None
    entries = (_entry_from(values) for values in conversations)
    not_read = _number(payload, "not_read_yet")
    return Handoff(
        author_id=author_id,
        author_name=_text(payload, "author_name") or author_id,
        written_at=written_at,
        entries=tuple(entry for entry in entries if entry is not None),
        summary=_text(payload, "summary"),
        posted_ts=posted_ts,
        not_read_yet=max(0, int(not_read)) if not_read is not None else 0,
    )
