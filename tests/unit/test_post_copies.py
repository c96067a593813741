"""Recognising our own posts in Slack's answers (domain/post_copies.py): by the outbox id in
their metadata, else by the same words from us, so a post whose answer was lost is found again
and never sent twice, and nobody else's message is taken for ours."""

from __future__ import annotations

from typing import Any

from oncall_tui.domain.post_copies import (
    CLOCK_SKEW_SECONDS,
    POST_EVENT_TYPE,
    copies_of,
    outbox_id_of,
    post_metadata,
)

OURS = "U0ENGINEER"
OUTBOX_ID = "0f3c2d1e4b5a69788796a5b4c3d2e1f0"
OTHER_ID = "9a8b7c6d5e4f30211203f4e5d6c7b8a9"
TEXT = "We have rolled back the deploy; exports should work again. *[ERROR]* gone?"
SINCE = 1_710_230_400.0  # 2024-03-12T08:00:00Z


def slack_message(
    seconds_after: float,
    *,
    user: str = OURS,
    text: str = TEXT,
    outbox_id: str | None = None,
    event_type: str = POST_EVENT_TYPE,
    subtype: str | None = None,
) -> dict[str, Any]:
    message: dict[str, Any] = {"ts": f"{SINCE + seconds_after:.6f}", "user": user, "text": text}
    if outbox_id is not None:
        message["metadata"] = {"event_type": event_type, "event_payload": {"outbox_id": outbox_id}}
    if subtype is not None:
        message["subtype"] = subtype
    return message


def find(messages: list[dict[str, Any]]) -> list[str]:
    found = copies_of(messages, outbox_id=OUTBOX_ID, text=TEXT, author_id=OURS, since=SINCE)
    return [str(message["ts"]) for message in found]


def test_a_post_carrying_our_id_is_ours_whoever_and_whatever() -> None:
    tagged = slack_message(30, user="B0BOTUSER", text="edited since", outbox_id=OUTBOX_ID)
    handoff = slack_message(40, text="handoff", outbox_id=OUTBOX_ID, event_type="oncall_handoff")
    assert find([tagged, handoff]) == [tagged["ts"], handoff["ts"]]


def test_without_metadata_the_same_words_from_us_after_the_item_count() -> None:
    same = slack_message(5)
    # Our clock may run ahead of Slack's: a copy stamped a little before the item still counts.
    skewed = slack_message(-CLOCK_SKEW_SECONDS + 1)
    assert find([same, skewed]) == [skewed["ts"], same["ts"]]  # oldest first


def test_look_alikes_are_not_taken_for_ours() -> None:
    look_alikes = [
        slack_message(5, user="U0CUSTOMER"),  # the customer quoting us
        slack_message(5, text=TEXT + " "),  # not the same words
        slack_message(5, text=TEXT.lower()),
        slack_message(5, subtype="bot_message"),
        slack_message(-CLOCK_SKEW_SECONDS - 1),  # from before the item could exist
        slack_message(5, outbox_id=OTHER_ID),  # the same words, another of our posts
    ]
    assert find(look_alikes) == []


def test_copies_come_oldest_first_the_first_is_the_one_kept() -> None:
    messages = [slack_message(90, outbox_id=OUTBOX_ID), slack_message(2), slack_message(45)]
    assert find(messages) == [f"{SINCE + s:.6f}" for s in (2, 45, 90)]


def test_the_outbox_id_rides_in_any_metadata_and_is_read_back() -> None:
    own = post_metadata(OUTBOX_ID)
    assert own == {"event_type": POST_EVENT_TYPE, "event_payload": {"outbox_id": OUTBOX_ID}}
    custom = post_metadata(
        OUTBOX_ID, {"event_type": "oncall_handoff", "event_payload": {"shift": "emea"}}
    )
    assert custom["event_type"] == "oncall_handoff"
    assert custom["event_payload"] == {"shift": "emea", "outbox_id": OUTBOX_ID}
    assert post_metadata(OUTBOX_ID, {"event_type": "x"})["event_payload"] == {
        "outbox_id": OUTBOX_ID
    }
    for metadata in (own, custom):
        assert outbox_id_of({"ts": "1.0", "metadata": metadata}) == OUTBOX_ID


def test_messages_without_a_readable_id_have_none() -> None:
    for message in (
        {"ts": "1.0"},
        {"ts": "1.0", "metadata": "oncall_tui_post"},
        {"ts": "1.0", "metadata": {"event_type": POST_EVENT_TYPE}},
        {"ts": "1.0", "metadata": {"event_payload": {"outbox_id": 42}}},
    ):
        assert outbox_id_of(message) is None
