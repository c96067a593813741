"""The outbox's rules: when to try again, what counts as done, and what a failed post tells the
engineer to do."""

from __future__ import annotations

import pytest

from oncall_tui.domain.outbox_policy import (
    ALREADY_DONE,
    MAX_RETRY_SECONDS,
    PERMANENT_ERRORS,
    STOPPING_ERRORS,
    UNDO_SECONDS_DEFAULT,
    describe_failure,
    retry_delay,
)


def test_the_undo_window_is_five_seconds_by_default() -> None:
    assert UNDO_SECONDS_DEFAULT == 5.0


def test_retries_back_off_exponentially_up_to_five_minutes() -> None:
    delays = [retry_delay(attempt, None) for attempt in range(1, 11)]
    assert delays == [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    assert retry_delay(10_000, None) == MAX_RETRY_SECONDS


def test_slacks_retry_after_wins() -> None:
    assert retry_delay(1, 30) == 30
    assert retry_delay(7, 1.5) == 1.5
    assert retry_delay(3, 0) == 0


def test_a_nonsense_retry_after_is_ignored() -> None:
    assert retry_delay(2, -5) == 4
    assert retry_delay(2, float("nan")) == 4


def test_attempts_count_from_one() -> None:
    with pytest.raises(ValueError, match="from 1"):
        retry_delay(0, None)


@pytest.mark.parametrize(
    "code",
    [
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "msg_too_long",
        "no_text",
        "restricted_action",
        "invalid_blocks",
        "thread_not_found",
        "message_not_found",
        "cant_update_message",
    ],
)
def test_refusals_that_need_a_person_are_permanent(code: str) -> None:
    assert code in PERMANENT_ERRORS
    assert code not in STOPPING_ERRORS


@pytest.mark.parametrize(
    "code", ["invalid_auth", "not_authed", "token_revoked", "account_inactive"]
)
def test_a_refused_token_stops_everything_rather_than_failing_one_post(code: str) -> None:
    assert code in STOPPING_ERRORS
    assert code not in PERMANENT_ERRORS


def test_transient_errors_are_neither_permanent_nor_stopping() -> None:
    for code in ("ratelimited", "internal_error", "fatal_error", "service_unavailable"):
        assert code not in PERMANENT_ERRORS | STOPPING_ERRORS


def test_a_reaction_already_there_or_already_gone_is_done() -> None:
    assert {"already_reacted", "no_reaction"} <= ALREADY_DONE
    assert not ALREADY_DONE & PERMANENT_ERRORS


def test_the_documented_failure_line_word_for_word() -> None:
    assert describe_failure("not_in_channel") == (
        "not_in_channel: join the channel in Slack, then retry (R) or discard (D)"
    )


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("msg_too_long", "edit it (E) or discard (D)"),
        ("is_archived", "unarchive"),
        ("thread_not_found", "deleted"),
        ("invalid_auth", "SLACK_TOKEN"),
        ("some_new_code", "some_new_code: Slack refused it; retry (R) or discard (D)"),
        ("weird\ncode <b>", "unexpected_error: "),
    ],
)
def test_every_failure_reads_as_one_line_with_a_way_out(code: str, says: str) -> None:
    line = describe_failure(code)
    assert says in line
    assert len(line.splitlines()) == 1
