"""The handoff as a Markdown document: exported to the data directory, and edited by the engineer
(in the app or $EDITOR) before it is posted.

What the engineer may change, and what reading the document back takes from it:
- the text under "## Summary";
- per conversation, the "Next step:" line and everything under "Note:";
- the order of the conversations, and which are there: a section deleted is left out.
Everything else (state, timers, quotes) is regenerated from local state, so editing it has no
effect. Each conversation's section is found by its `<!-- conversation KEY -->` line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from zoneinfo import ZoneInfo

from oncall_tui.domain.handoff_model import (
    Handoff,
    HandoffEntry,
    calls_text,
    counts_line,
    display_title,
    headline,
    promise_text,
    state_text,
    waiting_text,
)
from oncall_tui.domain.local_time import with_zone

SUMMARY_HEADING = "Summary"
SUMMARY_HINT = "<!-- What should the next engineer read first? Write it here. -->"
NOTE_LABEL = "Note:"
NEXT_STEP_LABEL = "Next step:"

_MARKER = re.compile(r"^<!-- conversation (\S+) -->$")
_COMMENT = re.compile(r"^<!--.*-->$")
_NEXT_STEP = re.compile(r"^(?:\*\*)?next step:(?:\*\*)?\s*(.*)$", re.IGNORECASE)
_NOTE = re.compile(r"^(?:\*\*)?note:(?:\*\*)?\s*$", re.IGNORECASE)
_INLINE_ESCAPE = re.compile(r"\\([\\<])")


def _inline(text: str) -> str:
    """Customer or engineer text on one Markdown line: lines joined, `<` and `#` harmless."""
    joined = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return joined.replace("\\", "\\\\").replace("<", "\\<")


def _quoted(text: str) -> str:
    return f"“{_inline(text)}”"


def _block(text: str) -> list[str]:
    """A multi-line note kept as typed, except that a line starting with '#' must not become a
    heading that would split the document: it gets a Markdown backslash (as does a line already
    starting with one), taken off again when read back."""
    lines = text.replace("\r\n", "\n").split("\n") if text else []
    return [f"\\{line}" if line.startswith(("#", "\\")) else line for line in lines]


def _facts(entry: HandoffEntry, written_at: float, tz: ZoneInfo) -> list[tuple[str, str]]:
    facts = [("State", state_text(entry))]
    waiting = waiting_text(entry, written_at, tz)
    if waiting is not None:
        facts.append(("Waiting", waiting))
    if entry.last_customer_message:
        facts.append(("Customer's last message", _quoted(entry.last_customer_message)))
    if entry.our_last_update:
        said = _quoted(entry.our_last_update)
        if entry.our_last_update_at is not None:
            said += f" ({with_zone(entry.our_last_update_at, tz, written_at)})"
        facts.append(("Our last update", said))
    if entry.promised_update_by is not None:
        facts.append(("Promised update by", promise_text(entry.promised_update_by, written_at, tz)))
    if entry.calls:
        facts.append(("Calls", calls_text(entry.calls, written_at, tz)))
    if entry.snoozed_until is not None:
        facts.append(("Snoozed until", with_zone(entry.snoozed_until, tz, written_at)))
    if entry.permalink:
        facts.append(("Thread", entry.permalink))
    return facts


def _entry_markdown(entry: HandoffEntry, written_at: float, tz: ZoneInfo) -> list[str]:
    lines = [f"## {_inline(display_title(entry))}", f"<!-- conversation {entry.key} -->", ""]
    lines.extend(f"- {label}: {value}" for label, value in _facts(entry, written_at, tz))
    lines.extend(["", f"{NEXT_STEP_LABEL} {_inline(entry.next_step)}".rstrip(), "", NOTE_LABEL])
    lines.extend(_block(entry.note))
    lines.append("")
    return lines


def handoff_markdown(handoff: Handoff, tz: ZoneInfo) -> str:
    """The whole handoff as Markdown, times in `tz` (the writer's zone, named on each time)."""
    lines = [f"# {_inline(headline(handoff, tz))}", "", counts_line(handoff), ""]
    lines.extend([f"## {SUMMARY_HEADING}", SUMMARY_HINT])
    lines.extend(_block(handoff.summary))
    lines.append("")
    for entry in handoff.entries:
        lines.extend(_entry_markdown(entry, handoff.written_at, tz))
    return "\n".join(lines).rstrip("\n") + "\n"


def _sections(markdown: str) -> list[tuple[str, list[str]]]:
    sections: list[tuple[str, list[str]]] = []
    for line in markdown.replace("\r\n", "\n").split("\n"):
        if line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif sections:
            sections[-1][1].append(line)
    return sections


def _unblock(lines: list[str]) -> str:
    kept = [line[1:] if line.startswith(("\\#", "\\\\")) else line for line in lines]
    return "\n".join(kept).strip("\n").rstrip()


def _un_inline(text: str) -> str:
    return _INLINE_ESCAPE.sub(r"\1", text)


def _edited_entry(entry: HandoffEntry, body: list[str]) -> HandoffEntry:
    """The next step comes from its line above "Note:"; everything below "Note:" is the note."""
    next_step = ""
    note = ""
    for number, line in enumerate(body):
        if _NOTE.match(line.strip()):
            note = _unblock(body[number + 1 :])
            break
        found = _NEXT_STEP.match(line.strip())
        if found:
            next_step = _un_inline(found.group(1).strip())
    return replace(entry, next_step=next_step, note=note)


def handoff_with_edits(handoff: Handoff, markdown: str) -> Handoff:
    """`handoff` with the engineer's edits of its Markdown taken in (see the module's rules)."""
    by_key = {entry.key: entry for entry in handoff.entries}
    summary = handoff.summary
    entries: list[HandoffEntry] = []
    for heading, body in _sections(markdown):
        if heading == SUMMARY_HEADING:
            summary = _unblock([line for line in body if not _COMMENT.match(line.strip())])
            continue
        markers = (_MARKER.match(line.strip()) for line in body)
        marker = next((found for found in markers if found is not None), None)
        if marker is None:
            continue
        entry = by_key.pop(marker.group(1), None)
        if entry is not None:
            entries.append(_edited_entry(entry, body))
    return replace(handoff, summary=summary, entries=tuple(entries))
