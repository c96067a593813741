"""The handoff as a Markdown document: exported to the data directory, and edited by the engineer
(in the app or $EDITOR) before it is posted.

What the engineer sees is what is posted. Reading the document back takes:
- the text under "## Summary", plus anything typed above it or in a section of their own;
- per conversation, the "Next step:" paragraph (on its line or under it), everything under
  "Note:", and any other line the app did not write (typed between the facts, or a fact
  rewritten), which heads the note;
- the order of the conversations, and which are there: a section deleted is left out.
The facts the app wrote (state, timers, quotes) are regenerated from local state. Each
conversation's section is found by its `<!-- conversation KEY -->` line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

from oncall_tui.domain.handoff_model import (
    Handoff,
    HandoffEntry,
    calls_text,
    counts_line,
    display_title,
    headline,
    not_read_line,
    promise_text,
    state_text,
    waiting_text,
)
from oncall_tui.domain.local_time import with_zone

SUMMARY_HEADING = "Summary"
SUMMARY_HINT = "<!-- What should the next engineer read first? Write it here. -->"
NOTE_LABEL = "Note:"
NEXT_STEP_LABEL = "Next step:"
# Issue 17: the week's top investment candidates, a section the engineer may edit or delete; read
# back like any section of their own, it joins the summary, so the next engineer gets it.
CANDIDATES_HEADING = "This week's investment candidates"

_MARKER = re.compile(r"^<!-- conversation (\S+) -->$")
_COMMENT = re.compile(r"^<!--.*-->$")
_NEXT_STEP = re.compile(r"^(?:\*\*)?next step:(?:\*\*)?\s*(.*)$", re.IGNORECASE)
_NOTE = re.compile(r"^(?:\*\*)?note:(?:\*\*)?\s*(.*)$", re.IGNORECASE)
_INLINE_ESCAPE = re.compile(r"\\([\\<])")
# The app's own count lines (handoff_model.py) from a draft written earlier: the counts posted
# are the handoff's when it is posted, never stale ones taken for typed text.
_COUNT_LINES = re.compile(
    r"^(?:\d+ open(?: · \d+ waiting on us)?(?: · \d+ updates? promised)?(?: · \d+ calls? booked)?"
    r"|No open conversations(?: among those read)?\."
    r"|\d+ conversations? not read from Slack yet, not listed here)$"
)


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
    if entry.internal_threads:
        facts.append(("Internal threads", " ".join(entry.internal_threads)))
    return facts


def _entry_markdown(entry: HandoffEntry, written_at: float, tz: ZoneInfo) -> list[str]:
    lines = [f"## {_inline(display_title(entry))}", f"<!-- conversation {entry.key} -->", ""]
    lines.extend(f"- {label}: {value}" for label, value in _facts(entry, written_at, tz))
    lines.extend(["", f"{NEXT_STEP_LABEL} {_inline(entry.next_step)}".rstrip(), "", NOTE_LABEL])
    lines.extend(_block(entry.note))
    lines.append("")
    return lines


def handoff_markdown(handoff: Handoff, tz: ZoneInfo, candidates: Sequence[str] = ()) -> str:
    """The whole handoff as Markdown, times in `tz` (the writer's zone, named on each time);
    `candidates` (one line each) go in a section of their own after the summary."""
    lines = [f"# {_inline(headline(handoff, tz))}", "", counts_line(handoff), ""]
    if handoff.not_read_yet:
        lines[-1:-1] = [not_read_line(handoff)]
    lines.extend([f"## {SUMMARY_HEADING}", SUMMARY_HINT])
    lines.extend(_block(handoff.summary))
    lines.append("")
    if candidates:
        lines.extend([f"## {CANDIDATES_HEADING}", *(f"- {_inline(c)}" for c in candidates), ""])
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


def _next_step_lines(body: list[str], start: int) -> tuple[list[str], int]:
    """The next step that starts on `body[start]` ("Next step: …"): the rest of that line and
    the lines under it up to a blank line or "Note:" (when the label's own line is empty, the
    first paragraph under it). Returns the lines and the index after them."""
    found = _NEXT_STEP.match(body[start].strip())
    assert found is not None
    lines = [found.group(1).strip()] if found.group(1).strip() else []
    index = start + 1
    if not lines:  # "Next step:" alone: the step is the paragraph typed under it
        while index < len(body) and not body[index].strip():
            index += 1
    while index < len(body):
        line = body[index].strip()
        if not line or _NOTE.match(line) or _NEXT_STEP.match(line) or _MARKER.match(line):
            break
        lines.append(line)
        index += 1
    return lines, index


def _edited_entry(entry: HandoffEntry, body: list[str], generated: set[str]) -> HandoffEntry:
    """What the engineer typed in one conversation's section: the "Next step:" paragraph is the
    next step; everything under "Note:" is the note; any other line that is not one the app
    wrote (a line typed between the facts, a fact the engineer rewrote) is kept too, at the top
    of the note, so nothing typed is left out of the post."""
    next_step: list[str] = []
    extra: list[str] = []
    note = ""
    index = 0
    while index < len(body):
        line = body[index].strip()
        found = _NOTE.match(line)
        if found:
            same_line = [found.group(1)] if found.group(1).strip() else []
            note = _unblock(same_line + body[index + 1 :])
            break
        if _NEXT_STEP.match(line):
            lines, index = _next_step_lines(body, index)
            next_step.extend(lines)
            continue
        if line and line not in generated and not _MARKER.match(line):
            extra.append(_un_inline(_unblock([body[index]])))
        index += 1
    if extra:
        note = "\n".join(extra) + ("\n\n" + note if note else "")
    return replace(entry, next_step=_un_inline("\n".join(next_step)), note=note)


def _generated_lines(entry: HandoffEntry, written_at: float, tz: ZoneInfo) -> set[str]:
    """The lines of a conversation's section the app writes itself (title, facts, labels)."""
    return {
        line.strip()
        for line in _entry_markdown(replace(entry, note="", next_step=""), written_at, tz)
        if line.strip()
    }


def handoff_with_edits(handoff: Handoff, markdown: str, tz: ZoneInfo) -> Handoff:
    """`handoff` with the engineer's edits of its Markdown taken in (see the module's rules).

    Nothing typed is dropped: text typed above the summary, or in a section of the engineer's
    own ("## Risks"), joins the summary; a conversation's section keeps every line that the app
    did not write (see _edited_entry)."""
    by_key = {entry.key: entry for entry in handoff.entries}
    generated_top = {
        line.strip()
        for line in (
            f"# {_inline(headline(handoff, tz))}",
            counts_line(handoff),
            not_read_line(handoff),
        )
    }
    top = [
        line
        for line in _preamble(markdown)
        if line.strip() not in generated_top and not _COUNT_LINES.match(line.strip())
    ]
    summary_parts: list[str] = []
    if _unblock(top).strip():
        summary_parts.append(_unblock(top).strip())
    entries: list[HandoffEntry] = []
    summary_seen = False
    for heading, body in _sections(markdown):
        if heading == SUMMARY_HEADING and not summary_seen:
            summary_seen = True
            typed = _unblock([line for line in body if not _COMMENT.match(line.strip())])
            if typed.strip():
                summary_parts.append(typed)
            continue
        markers = (_MARKER.match(line.strip()) for line in body)
        marker = next((found for found in markers if found is not None), None)
        entry = by_key.pop(marker.group(1), None) if marker is not None else None
        if entry is None:  # a section of the engineer's own: part of the summary
            own = _unblock([line for line in body if not _MARKER.match(line.strip())])
            summary_parts.append(f"{_un_inline(heading)}\n{own}".strip())
            continue
        generated = _generated_lines(entry, handoff.written_at, tz)
        if f"## {heading}" not in generated:  # a retitled section: the new title is typed text
            body = [heading, *body]
        entries.append(_edited_entry(entry, body, generated))
    summary = "\n\n".join(summary_parts) if summary_seen or summary_parts else handoff.summary
    return replace(handoff, summary=summary, entries=tuple(entries))


def _preamble(markdown: str) -> list[str]:
    """The lines above the first "## " section."""
    lines: list[str] = []
    for line in markdown.replace("\r\n", "\n").split("\n"):
        if line.startswith("## "):
            break
        lines.append(line)
    return lines
