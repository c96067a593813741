"""Threads whose replies are not read from Slack yet ("syncing…" on the board) are not known:
the handoff counts them on a line of their own instead of listing them with a guessed state, and
the week's report leaves them out of its figures and counts them as not read, never as waiting.

On the board such a thread holds only what was read: usually its parent alone, which looks like a
customer waiting since the parent was posted even when we answered long ago.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from oncall_tui.domain.clock import FrozenClock
from oncall_tui.domain.handoff import (
    Handoff,
    assemble_handoff,
    handoff_blocks,
    handoff_from_metadata,
    handoff_markdown,
    handoff_metadata,
    handoff_slack_text,
    handoff_with_edits,
)
from oncall_tui.domain.model import Conversation, epoch_to_ts
from oncall_tui.domain.report import build_report
from oncall_tui.domain.report_text import figures, report_csv, report_markdown
from oncall_tui.domain.sla import SlaPolicy, SlaTargets
from tests.unit.support_week import BERLIN, USERS, WORKSPACE, at, thread

MON, TUE, WED = date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18)
CLOCK = FrozenClock(at(WED, 17, 45))
POLICY = SlaPolicy(SlaTargets(15, 120), {}, None, BERLIN)

# Read whole: Acme waits on us since Wednesday 15:00.
EXPORTS = thread(
    "acme",
    ("customer", at(WED, 9), "Exports fail since the upgrade"),
    ("U_ANA", at(WED, 9, 5), "Looking into it"),
    ("customer", at(WED, 15), "Still failing"),
)
# Read whole: we asked Globex something, it is on them.
KEYS = thread(
    "globex",
    ("customer", at(WED, 13), "How do I rotate keys?"),
    ("U_BEN", at(WED, 13, 10), "Which region are your keys in?"),
)
# Parents alone, replies not read yet: in Slack Ana answered both within minutes, but here
# they look like the longest waits of the week (since Monday and Tuesday).
OLD_QUESTION = thread("initech", ("customer", at(MON, 10), "Is SSO on the roadmap?"))
WEBHOOKS = thread("acme", ("customer", at(TUE, 11, 30), "Webhooks arrive twice :/"))
UNREAD = frozenset({OLD_QUESTION.key, WEBHOOKS.key})
ALL = (OLD_QUESTION, WEBHOOKS, EXPORTS, KEYS)


def handoff(
    conversations: tuple[Conversation, ...] = ALL, unread: frozenset[str] = UNREAD
) -> Handoff:
    return assemble_handoff(
        conversations,
        [],
        USERS,
        WORKSPACE,
        "U_ANA",
        "Ana",
        CLOCK.now(),
        policy=POLICY,
        unread=unread,
    )


def test_unread_threads_are_counted_in_the_handoff_never_listed_with_a_guessed_state() -> None:
    result = handoff()
    assert [entry.customer for entry in result.entries] == ["Acme", "Globex"]
    assert result.entries[0].key == EXPORTS.key
    assert result.not_read_yet == 2
    markdown = handoff_markdown(result, BERLIN)
    assert "2 conversations not read from Slack yet, not listed here" in markdown
    assert "Is SSO on the roadmap?" not in markdown
    assert "Webhooks arrive twice" not in markdown
    assert "2 open · 1 waiting on us" in markdown  # the read ones only
    # Without the unread keys the same parents would be handed over as the longest waits.
    guessed = handoff(unread=frozenset())
    assert guessed.entries[0].key == OLD_QUESTION.key
    assert "not read from Slack" not in handoff_markdown(guessed, BERLIN)


def test_an_unread_thread_of_ours_counts_too_as_it_may_hold_a_customers_reply() -> None:
    # Our announcement has replies not read yet: no conversation on the board so far (no
    # customer in what was read), but a customer may have answered in it.
    announcement = f"{EXPORTS.channel_id}:{epoch_to_ts(at(WED, 8))}"
    result = handoff(unread=UNREAD | {announcement})
    assert result.not_read_yet == 3
    assert "3 conversations not read from Slack yet" in handoff_markdown(result, BERLIN)


def test_one_unread_thread_reads_in_the_singular() -> None:
    markdown = handoff_markdown(handoff(unread=frozenset({WEBHOOKS.key})), BERLIN)
    assert "1 conversation not read from Slack yet, not listed here" in markdown


def test_a_handoff_with_only_unread_threads_is_no_all_clear() -> None:
    result = handoff((OLD_QUESTION, WEBHOOKS))
    assert result.entries == ()
    markdown = handoff_markdown(result, BERLIN)
    assert "No open conversations." not in markdown
    assert "No open conversations among those read." in markdown
    assert "2 conversations not read from Slack yet" in markdown
    text = handoff_slack_text(result, BERLIN)
    assert "No open conversations." not in text
    assert "2 conversations not read from Slack yet" in text
    all_read = handoff((EXPORTS,), unread=frozenset())
    assert handoff_markdown(all_read, BERLIN).count("not read from Slack") == 0


def test_the_unread_line_reaches_the_slack_message_and_the_incoming_engineer() -> None:
    result = handoff()
    assert "2 conversations not read from Slack yet" in handoff_slack_text(result, BERLIN)
    header = handoff_blocks(result, BERLIN)[0]["text"]["text"]
    assert "2 conversations not read from Slack yet" in header
    read_back = handoff_from_metadata(handoff_metadata(result), "1763400000.000100")
    assert read_back is not None
    assert read_back.not_read_yet == 2
    assert [entry.key for entry in read_back.entries] == [EXPORTS.key, KEYS.key]
    # An older writer's metadata has no count: nothing unread, not an error.
    payload = dict(handoff_metadata(handoff(unread=frozenset()))["event_payload"])
    assert "not_read_yet" not in payload
    older = handoff_from_metadata(payload, "1763400000.000100")
    assert older is not None and older.not_read_yet == 0
    for nonsense in (-3, "12", True, float("nan")):
        payload["not_read_yet"] = nonsense
        odd = handoff_from_metadata(payload, "1763400000.000100")
        assert odd is not None and odd.not_read_yet == 0


def test_the_generated_unread_line_is_not_taken_for_a_typed_summary() -> None:
    result = handoff()
    markdown = handoff_markdown(result, BERLIN)
    assert handoff_with_edits(result, markdown, BERLIN) == result
    edited = markdown.replace("## Summary", "Check the webhooks thread first.\n\n## Summary")
    assert handoff_with_edits(result, edited, BERLIN).summary == "Check the webhooks thread first."


def test_a_draft_written_mid_sync_does_not_post_a_stale_count() -> None:
    draft = handoff_markdown(handoff(), BERLIN)  # written while 2 were unread, kept as a draft
    now_all_read = handoff(unread=frozenset())
    posted = handoff_with_edits(now_all_read, draft, BERLIN)
    assert posted.not_read_yet == 0
    assert posted.summary == ""  # neither the stale count nor the stale "2 open" line
    assert "not read from Slack" not in handoff_slack_text(posted, BERLIN)
    # A line the engineer typed that merely mentions it is kept.
    typed = draft.replace(
        "## Summary", "2 conversations not read from Slack yet, check them\n\n## Summary"
    )
    kept = handoff_with_edits(now_all_read, typed, BERLIN)
    assert kept.summary == "2 conversations not read from Slack yet, check them"


# --- the week's report -------------------------------------------------------------------

SINCE, UNTIL = at(MON, 0), at(MON + timedelta(days=7), 0)


def test_the_report_counts_unread_threads_as_not_known_not_as_waiting() -> None:
    read_only = build_report(
        (EXPORTS, KEYS), (), (), {}, POLICY, SINCE, UNTIL, BERLIN, users=USERS, workspace=WORKSPACE
    )
    with_unread = build_report(
        ALL,
        (),
        (),
        {},
        POLICY,
        SINCE,
        UNTIL,
        BERLIN,
        users=USERS,
        workspace=WORKSPACE,
        unread=UNREAD,
    )
    assert with_unread.not_read_yet == 2
    # Every figure is the one of the conversations read; none claims the unread parents waited.
    assert figures(with_unread)[:-1] == figures(read_only)
    assert with_unread.longest_left_on_read == read_only.longest_left_on_read
    assert with_unread.longest_left_on_read is not None
    assert with_unread.longest_left_on_read.customer == "Acme"
    assert with_unread.unanswered == read_only.unanswered
    assert figures(with_unread)[-1] == ("Not read from Slack yet (left out above)", "2")
    assert "| Not read from Slack yet (left out above) | 2 |" in report_markdown(with_unread)
    rows = list(csv.reader(io.StringIO(report_csv(with_unread))))
    assert ["not_read_yet", "", "2"] in rows
    # Taken for read, the same parents would be the week's longest waits, still open.
    guessed = build_report(
        ALL, (), (), {}, POLICY, SINCE, UNTIL, BERLIN, users=USERS, workspace=WORKSPACE
    )
    assert guessed.longest_left_on_read is not None
    assert guessed.longest_left_on_read.key == OLD_QUESTION.key
    assert guessed.unanswered > read_only.unanswered
    assert all("Not read" not in label for label, _ in figures(guessed))


def test_an_unread_thread_begun_after_the_period_is_not_counted_in_it() -> None:
    last_week_since, last_week_until = SINCE - 7 * 24 * 3600, SINCE
    earlier = build_report(
        ALL,
        (),
        (),
        {},
        POLICY,
        last_week_since,
        last_week_until,
        BERLIN,
        users=USERS,
        workspace=WORKSPACE,
        unread=UNREAD,
    )
    assert earlier.not_read_yet == 0
    assert all("Not read" not in label for label, _ in figures(earlier))


def test_the_report_counts_unread_threads_of_ours_and_keys_it_cannot_date() -> None:
    announcement = f"{EXPORTS.channel_id}:{epoch_to_ts(at(WED, 8))}"
    next_week = f"{EXPORTS.channel_id}:{epoch_to_ts(UNTIL + 3600)}"
    odd = "C_ACME:not-a-ts"
    r = build_report(
        ALL,
        (),
        (),
        {},
        POLICY,
        SINCE,
        UNTIL,
        BERLIN,
        users=USERS,
        workspace=WORKSPACE,
        unread=UNREAD | {announcement, next_week, odd},
    )
    assert r.not_read_yet == 4  # the two parents, our announcement, the key without a time
