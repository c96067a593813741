"""What Slack takes as a post's blocks and metadata (domain/outbox_payload.py): a malformed one
is refused with a reason naming the item, before it is queued or sent."""

from __future__ import annotations

import json

import pytest

from oncall_tui.domain.outbox_payload import MAX_BLOCKS, parse_blocks, parse_metadata

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "*[ERROR]* fixed"}}


@pytest.mark.parametrize(
    "blocks",
    [
        [SECTION],
        [{"type": "divider"}] * MAX_BLOCKS,
        [{"type": "header", "text": {"type": "plain_text", "text": "Ünïcode ✅"}}, SECTION],
    ],
)
def test_blocks_slack_takes_come_back_as_given(blocks: list[dict[str, object]]) -> None:
    assert parse_blocks(json.dumps(blocks), "item 1") == blocks


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[]", "non-empty JSON list"),
        ('{"type": "section"}', "non-empty JSON list"),
        ('"section"', "non-empty JSON list"),
        (json.dumps([{"type": "divider"}] * (MAX_BLOCKS + 1)), "51 blocks; Slack takes at most 50"),
        ('[{"type": "divider"}, {"text": "no type"}]', 'block 2 is not an object with a "type"'),
        ('[{"type": 3}]', 'block 1 is not an object with a "type"'),
        ('[{"type": "divider"}, "divider"]', "block 2 is not an object"),
        ('[{"type": "divider"},]', "item 7 blocks: not JSON"),
        ("", "item 7 blocks: not JSON"),
    ],
)
def test_blocks_slack_would_refuse_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match="item 7") as caught:
        parse_blocks(text, "item 7")
    assert reason in str(caught.value)


def test_bad_json_says_where() -> None:
    with pytest.raises(ValueError, match=r"not JSON \(.* at character 14\)"):
        parse_blocks('[{"type": "a"}}', "item 7")


def test_metadata_slack_takes_comes_back_as_given() -> None:
    metadata = {"event_type": "oncall_tui_post", "event_payload": {"outbox_id": "abc", "n": 1}}
    assert parse_metadata(json.dumps(metadata), "item 1") == metadata


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[]", "metadata must be a JSON object"),
        ('{"event_payload": {}}', 'non-empty "event_type"'),
        ('{"event_type": "", "event_payload": {}}', 'non-empty "event_type"'),
        ('{"event_type": 5, "event_payload": {}}', 'non-empty "event_type"'),
        ('{"event_type": "x"}', '"event_payload" object'),
        ('{"event_type": "x", "event_payload": []}', '"event_payload" object'),
        ("{event_type: x}", "item 3 metadata: not JSON"),
    ],
)
def test_metadata_slack_would_refuse_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match="item 3") as caught:
        parse_metadata(text, "item 3")
    assert reason in str(caught.value)
