"""The rotation handoff: assembled from local state, edited as Markdown, posted as a Slack message
with metadata, and read back by the incoming engineer's app."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.handoff import (
    HANDOFF_EVENT_TYPE,
    Handoff,
    HandoffEntry,
    assemble_handoff,
    handoff_blocks,
    handoff_from_metadata,
    handoff_markdown,
    handoff_metadata,
    handoff_slack_text,
    handoff_with_edits,
    split_note,
    thread_permalink,
)
from oncall_tui.domain.model import ConversationMarks, ScheduledCall
from oncall_tui.domain.sla import SlaPolicy, SlaTargets
from tests.unit.support_week import BERLIN, USERS, WORKSPACE, at, thread

TUE, WED = date(2026, 11, 17), date(2026, 11, 18)
CLOCK = FrozenClock(at(TUE, 17, 45))
POLICY = SlaPolicy(SlaTargets(15, 120), {}, None, BERLIN)
NOTE = "Customer needs: CSV exports\nTried so far: \nNext step: ask Carol for the job id\nOwner: "

EXPORTS = thread(
    "acme",
    ("customer", at(TUE, 9), "Exports fail\nsince the upgrade"),
    ("U_ANA", at(TUE, 9, 5), "Looking into it"),
    ("customer", at(TUE, 15), "Still failing <!channel>\nline 2\nline 3\nline 4"),
    marks=ConversationMarks(handoff_note=NOTE),
    claimed_by=("U_BEN",),
)
KEYS = thread(
    "globex",
    ("customer", at(TUE, 13), "How do I rotate keys?"),
    ("U_BEN", at(TUE, 13, 10), "Guide: <https://docs.example.com|rotation>"),
    marks=ConversationMarks(promised_update_by=at(TUE, 18)),
)
DONE = thread(
    "initech",
    ("customer", at(TUE, 8), "Login broken"),
    ("U_ANA", at(TUE, 8, 40), "Fixed"),
    marks=ConversationMarks(resolved_at=at(TUE, 9)),
)
CALL = ScheduledCall("c1", KEYS.key, "Globex", at(WED, 10), at(WED, 10, 30), None, True)
PROPOSED = ScheduledCall("c2", KEYS.key, "Globex", at(WED, 11), at(WED, 11, 30))
URL = "https://acme-co.slack.com/"
ALLOWED_TOKEN = re.compile(
    r"<(!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>]*|https://[^<>|]+\|[^<>]*)>"
)


def handoff() -> Handoff:
    return assemble_handoff(
        [DONE, KEYS, EXPORTS],
        [CALL, PROPOSED],
        USERS,
        WORKSPACE,
        "U_ANA",
        "Ana",
        CLOCK.now(),
        policy=POLICY,
        workspace_url=URL,
    )


def entry(key: str, **changes: Any) -> HandoffEntry:
    base = HandoffEntry(
        key=key,
        channel_id=key.split(":")[0],
        thread_ts=key.split(":")[1],
        customer="Acme",
        state="waiting on us",
        waiting_seconds=600.0,
        last_customer_message="help",
        our_last_update="",
        promised_update_by=None,
        calls=(),
        note="",
        next_step="",
    )
    return replace(base, **changes)


def many(count: int, **changes: Any) -> Handoff:
    entries = tuple(entry(f"C_ACME:{1_700_000_000 + n}.000000", **changes) for n in range(count))
    return Handoff("U_ANA", "Ana", CLOCK.now(), entries)


# --- assembly -------------------------------------------------------------------------------


def test_open_conversations_most_urgent_first_with_what_the_next_engineer_needs() -> None:
    result = handoff()
    assert (result.author_id, result.author_name, result.written_at) == (
        "U_ANA",
        "Ana",
        CLOCK.now(),
    )
    assert [e.key for e in result.entries] == [EXPORTS.key, KEYS.key]  # resolved DONE left out
    exports, keys = result.entries
    assert exports.customer == "Acme"
    assert exports.title == "Exports fail"
    assert exports.state == "waiting on us"
    assert exports.waiting_seconds == 2 * 3600 + 45 * 60  # since 15:00
    assert exports.last_customer_message == "Still failing @channel\nline 2\nline 3"
    assert exports.our_last_update == "Looking into it"
    assert exports.our_last_update_at == at(TUE, 9, 5)
    assert exports.claimed_by == ("Ben",)
    assert exports.note == "Customer needs: CSV exports"  # empty template lines dropped
    assert exports.next_step == "ask Carol for the job id"
    assert (
        exports.permalink
        == f"https://acme-co.slack.com/archives/C_ACME/p{EXPORTS.root_ts.replace('.', '')}"
    )
    assert keys.state == "waiting on customer"
    assert keys.waiting_seconds is None
    assert keys.our_last_update == "Guide: rotation (https://docs.example.com)"
    assert keys.promised_update_by == at(TUE, 18)
    assert keys.calls == (at(WED, 10),)  # the unconfirmed proposal is not a call


def test_a_kept_promise_and_a_past_call_are_not_handed_over() -> None:
    kept = replace(KEYS, promised_update_by=at(TUE, 13))  # we posted at 13:10
    past = replace(CALL, starts_at=at(TUE, 10), ends_at=at(TUE, 10, 30))
    result = assemble_handoff([kept], [past], USERS, WORKSPACE, "U_ANA", "Ana", CLOCK.now())
    (only,) = result.entries
    assert (only.promised_update_by, only.calls, only.permalink) == (None, (), None)


def test_the_note_gives_the_next_step_and_keeps_the_rest() -> None:
    assert split_note("Next step: call them\nThey use v2") == ("They use v2", "call them")
    assert split_note("no structure at all") == ("no structure at all", "")
    assert split_note("") == ("", "")


def test_permalinks_need_a_workspace_url_slack_gave() -> None:
    assert thread_permalink("https://acme.slack.com", "C1", "1.000100") == (
        "https://acme.slack.com/archives/C1/p1000100"
    )
    assert thread_permalink(None, "C1", "1.0") is None
    assert thread_permalink("javascript:alert(1)", "C1", "1.0") is None
    assert thread_permalink("https://x.slack.com/|<!channel>", "C1", "1.0") is None


# --- Markdown: export and edits ----------------------------------------------------------------


def test_markdown_reads_as_a_handoff_document() -> None:
    text = handoff_markdown(handoff(), BERLIN)
    assert text.startswith("# Handoff from Ana · Tue 17 Nov 17:45 CET\n")
    assert "2 open · 1 waiting on us · 1 update promised · 1 call booked" in text
    assert "## Acme — Exports fail\n" in text
    assert "- State: waiting on us · 👀 Ben" in text
    assert "- Waiting: 2h 45m (since 15:00 CET)" in text
    assert "- Customer's last message: “Still failing @channel / line 2 / line 3”" in text
    assert "- Promised update by: 18:00 CET (in 15m)" in text
    assert "- Calls: Wed 10:00 CET" in text
    assert "Next step: ask Carol for the job id" in text


def test_reading_an_unedited_document_back_changes_nothing() -> None:
    original = handoff()
    assert handoff_with_edits(original, handoff_markdown(original, BERLIN), BERLIN) == original


def test_edits_to_summary_next_step_note_and_order_are_taken_in() -> None:
    original = handoff()
    text = handoff_markdown(original, BERLIN)
    exports_start = text.index("## Acme")
    keys_start = text.index("## Globex")
    summary_part, exports_part, keys_part = (
        text[:exports_start],
        text[exports_start:keys_start],
        text[keys_start:],
    )
    summary_part = summary_part.replace("## Summary\n", "## Summary\nQuiet day; Acme is hot.\n")
    keys_part = keys_part.replace("Next step:", "Next step: wait for Dave") + "# not a heading\n"
    edited = handoff_with_edits(
        original, summary_part + keys_part, BERLIN
    )  # Acme deleted, Globex kept
    assert edited.summary == "Quiet day; Acme is hot."
    (keys,) = edited.entries
    assert keys.key == KEYS.key
    assert keys.next_step == "wait for Dave"
    assert keys.note == "# not a heading"
    assert handoff_with_edits(edited, handoff_markdown(edited, BERLIN), BERLIN) == edited
    reordered = handoff_with_edits(original, summary_part + keys_part + exports_part, BERLIN)
    assert [e.key for e in reordered.entries] == [KEYS.key, EXPORTS.key]


def test_a_rewritten_fact_is_kept_as_typed_at_the_top_of_the_note() -> None:
    original = handoff()
    text = handoff_markdown(original, BERLIN).replace(
        "- State: waiting on us", "- State: blocked on the 2.4 bug"
    )
    edited = handoff_with_edits(original, text, BERLIN)
    exports = edited.entry_for(EXPORTS.key)
    assert exports is not None
    # The facts themselves are regenerated; the engineer's words are not dropped.
    assert exports.state == "waiting on us"
    assert exports.note.splitlines()[0] == "- State: blocked on the 2.4 bug · 👀 Ben"


note_text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\r"), max_size=200
).map(lambda text: text.strip("\n").rstrip())


@settings(max_examples=200, deadline=None)
@given(
    note=note_text, summary=note_text, step=st.text(max_size=60).map(lambda t: " ".join(t.split()))
)
def test_any_note_and_summary_survive_the_document(note: str, summary: str, step: str) -> None:
    original = Handoff(
        "U_ANA", "Ana", CLOCK.now(), (entry("C_ACME:1.000000", note=note, next_step=step),), summary
    )
    assert handoff_with_edits(original, handoff_markdown(original, BERLIN), BERLIN) == original


# --- the Slack message --------------------------------------------------------------------------


def test_the_slack_text_links_each_conversation_to_its_thread() -> None:
    text = handoff_slack_text(handoff(), BERLIN)
    first_line = text.splitlines()[0]
    assert first_line == "*Handoff from Ana* · Tue 17 Nov 17:45 CET"
    link = f"<{URL}archives/C_ACME/p{EXPORTS.root_ts.replace('.', '')}|Acme — Exports fail>"
    assert f"• *{link}* · waiting on us · 👀 Ben · waiting 2h 45m" in text
    assert "next: ask Carol for the job id" in text
    assert f"<!date^{int(at(TUE, 18))}^{{date_short_pretty}} {{time}}|18:00 CET>" in text


def test_customer_text_can_never_ping_the_handoff_channel() -> None:
    hostile = "<!channel> <!here|here> @everyone &amp; <@U_BEN> > <https://evil.example|click>"
    conversation = thread("acme", ("customer", at(TUE, 17), hostile))
    result = assemble_handoff(
        [conversation], [], USERS, WORKSPACE, "U_ANA", "Ana <&>", CLOCK.now(), workspace_url=URL
    )
    result = replace(result, summary="@here read <!channel>")
    texts = [handoff_slack_text(result, BERLIN)]
    texts.extend(block["text"]["text"] for block in handoff_blocks(result, BERLIN))
    for text in texts:
        leftover = ALLOWED_TOKEN.sub("", text)
        assert "<" not in leftover and ">" not in leftover, text
        assert not re.search(r"@(channel|here|everyone)", text), text
        assert "&amp;amp;" not in text  # escaped once, not twice
    assert "Ana &lt;&amp;&gt;" in texts[0]


def test_blocks_stay_within_slacks_limits_and_say_what_was_left_out() -> None:
    blocks = handoff_blocks(many(120), BERLIN)
    assert len(blocks) == 50
    assert all(block["type"] == "section" for block in blocks)
    # One header, 48 conversations, one block for the rest: 120 - 48 = 72.
    assert blocks[-1]["text"]["text"] == "(+72 more in the export)"
    assert len(handoff_blocks(many(49), BERLIN)) == 50
    assert "more in the export" not in json.dumps(handoff_blocks(many(49), BERLIN))


def test_a_long_note_is_cut_with_an_ellipsis_never_inside_an_escape() -> None:
    for filler in ("word ", "&", "<>", "a" * 2999):
        (_, section) = handoff_blocks(many(1, note=filler * 5000), BERLIN)
        text = section["text"]["text"]
        assert len(text) <= 3000
        assert text.endswith("… (more in the export)")
        assert not re.search(r"&(?!amp;|lt;|gt;)", text), text[-40:]
    huge_summary = replace(many(1), summary="x" * 10_000)
    header = handoff_blocks(huge_summary, BERLIN)[0]["text"]["text"]
    assert len(header) <= 3000 and header.endswith("(more in the export)")


def test_an_empty_handoff_still_makes_a_valid_message() -> None:
    empty = Handoff("U_ANA", "Ana", CLOCK.now(), ())
    (block,) = handoff_blocks(empty, BERLIN)
    assert "No open conversations." in block["text"]["text"]
    assert handoff_slack_text(empty, BERLIN).endswith("No open conversations.")


# --- metadata, and reading it back ---------------------------------------------------------


def test_metadata_round_trips_through_slack() -> None:
    original = handoff()
    metadata = handoff_metadata(original)
    assert metadata["event_type"] == HANDOFF_EVENT_TYPE == "oncall_handoff"
    payload = metadata["event_payload"]
    assert [c["key"] for c in payload["conversations"]] == [EXPORTS.key, KEYS.key]
    # Objects inside a list may only hold strings, numbers and booleans.
    for conversation in payload["conversations"]:
        assert all(isinstance(v, str | int | float | bool) for v in conversation.values())
    through_slack = json.loads(json.dumps(metadata))
    back = handoff_from_metadata(through_slack, "1795000000.000100")
    assert back == replace(original, posted_ts="1795000000.000100")
    assert handoff_from_metadata(payload, "1795000000.000100") == back


BAD_METADATA: list[Any] = [
    {},
    {"event_type": "task_created", "event_payload": {"author_id": "U1", "conversations": []}},
    {"event_type": "oncall_handoff"},
    {"event_type": "oncall_handoff", "event_payload": "not an object"},
    {"event_type": "oncall_handoff", "event_payload": {"conversations": []}},
    {"event_type": "oncall_handoff", "event_payload": {"author_id": "U1", "conversations": {}}},
    {"event_type": "oncall_handoff", "event_payload": {"author_id": "U1"}},
    "oncall_handoff",
]


@pytest.mark.parametrize("metadata", BAD_METADATA)
def test_anything_but_a_handoff_reads_as_none(metadata: Any) -> None:
    assert handoff_from_metadata(metadata, "1795000000.000100") is None


def test_a_reader_skips_what_it_cannot_use_and_keeps_the_rest() -> None:
    metadata = {
        "event_type": "oncall_handoff",
        "event_payload": {
            "author_id": "U_ANA",
            "conversations": [
                {"channel_id": "C1", "thread_ts": "1.000100", "state": 3, "calls": "x,1800.5"},
                {"channel_id": "C2"},  # no thread: skipped
                "nonsense",
                {"channel_id": "C3", "thread_ts": "2.0", "from_a_newer_version": [1, 2]},
            ],
        },
    }
    result = handoff_from_metadata(metadata, "1795000000.000100")
    assert result is not None
    assert result.written_at == 1795000000.0001  # no written_at: the message's own time
    assert result.author_name == "U_ANA"
    assert [e.key for e in result.entries] == ["C1:1.000100", "C3:2.0"]
    assert result.entries[0].state == ""
    assert result.entries[0].calls == (1800.5,)
    assert result.entry_for("C3:2.0") is result.entries[1]
    assert result.entry_for("C9:1.0") is None
