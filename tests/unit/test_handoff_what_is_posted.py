"""What the engineer sees in the handoff editor is what is posted: every line they typed, in
whatever place of the document they typed it, reaches the Slack message's text, its blocks and
its metadata (the local Markdown keeps the editor's text as it is)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest

from oncall_tui.domain.handoff import (
    Handoff,
    handoff_blocks,
    handoff_from_metadata,
    handoff_markdown,
    handoff_metadata,
    handoff_slack_text,
    handoff_with_edits,
)
from tests.unit.support_week import BERLIN
from tests.unit.test_handoff import EXPORTS, KEYS, handoff

WORD_JOINER = "\u2060"


def _plain(mrkdwn: str) -> str:
    """Slack's mrkdwn back to what a reader sees: entities decoded, word joiners gone, date
    tokens as their fallback text, links as their label."""
    text = re.sub(r"<!date\^[^|>]*\|([^>]*)>", r"\1", mrkdwn)
    text = re.sub(r"<https?://[^|>]*\|([^>]*)>", r"\1", text)
    return html.unescape(text).replace(WORD_JOINER, "")


def _section(markdown: str, heading_start: str) -> tuple[int, int]:
    start = markdown.index(f"## {heading_start}")
    following = markdown.find("\n## ", start + 1)
    return start, len(markdown) if following < 0 else following + 1


def under_next_step(markdown: str) -> str:
    """Acme's next step typed on the line under the label (the label's line left empty)."""
    start, end = _section(markdown, "Acme")
    section = markdown[start:end]
    section = re.sub(r"Next step:.*\n", "Next step:\nCall Carol at 09:00 about job 4711\n", section)
    return markdown[:start] + section + markdown[end:]


def between_the_facts(markdown: str) -> str:
    """A note typed right under Globex's facts, not under "Note:"."""
    return markdown.replace(
        "- Promised update by:",
        "They run v2.3 & <can't> upgrade before Friday\n- Promised update by:",
    )


def under_note(markdown: str) -> str:
    start, end = _section(markdown, "Globex")
    section = markdown[start:end].replace(
        "Note:\n", "Note:\n@channel heads-up: billing asked twice\n# second line, not a heading\n"
    )
    return markdown[:start] + section + markdown[end:]


def above_the_summary(markdown: str) -> str:
    return markdown.replace("## Summary\n", "Quiet evening otherwise.\n\n## Summary\n")


def own_section(markdown: str) -> str:
    return markdown + "\n## Risks\nThe EU rollout is Thursday\n"


def same_line_note_and_step(markdown: str) -> str:
    start, end = _section(markdown, "Globex")
    section = markdown[start:end]
    section = re.sub(r"Next step:.*\n", "Next step: send the rotation script\n", section)
    section = section.replace("Note:\n", "Note: they prefer email after 17:00\n")
    return markdown[:start] + section + markdown[end:]


EDITS: dict[str, tuple[Callable[[str], str], list[str]]] = {
    "next step on the line under the label": (
        under_next_step,
        ["Call Carol at 09:00 about job 4711"],
    ),
    "a note typed between the facts": (
        between_the_facts,
        ["They run v2.3 & <can't> upgrade before Friday"],
    ),
    "a note under Note:": (
        under_note,
        ["@channel heads-up: billing asked twice", "# second line, not a heading"],
    ),
    "text above the summary": (above_the_summary, ["Quiet evening otherwise."]),
    "a section of the engineer's own": (own_section, ["Risks", "The EU rollout is Thursday"]),
    "note and step on the labels' lines": (
        same_line_note_and_step,
        ["send the rotation script", "they prefer email after 17:00"],
    ),
}


def _metadata_text(handoff_: Handoff) -> str:
    read_back = handoff_from_metadata(handoff_metadata(handoff_), "1.0")
    assert read_back is not None
    parts = [read_back.summary]
    for entry in read_back.entries:
        parts.extend([entry.next_step, entry.note])
    return "\n".join(parts)


@pytest.mark.parametrize("name", list(EDITS))
def test_every_typed_line_reaches_the_text_the_blocks_and_the_metadata(name: str) -> None:
    edit, typed = EDITS[name]
    original = handoff()
    editor_text = edit(handoff_markdown(original, BERLIN))
    posted = handoff_with_edits(original, editor_text, BERLIN)
    text = _plain(handoff_slack_text(posted, BERLIN))
    blocks = _plain("\n".join(block["text"]["text"] for block in handoff_blocks(posted, BERLIN)))
    metadata = _metadata_text(posted)
    for line in typed:
        assert line in editor_text
        assert line in text, f"{line!r} missing from the post's text"
        assert line in blocks, f"{line!r} missing from the post's blocks"
        assert line in metadata, f"{line!r} missing from the post's metadata"


def test_the_posted_next_step_and_note_belong_to_their_conversation() -> None:
    original = handoff()
    editor_text = under_note(between_the_facts(under_next_step(handoff_markdown(original, BERLIN))))
    posted = handoff_with_edits(original, editor_text, BERLIN)
    exports, keys = posted.entry_for(EXPORTS.key), posted.entry_for(KEYS.key)
    assert exports is not None and keys is not None
    assert exports.next_step == "Call Carol at 09:00 about job 4711"
    assert keys.note.splitlines() == [
        "They run v2.3 & <can't> upgrade before Friday",
        "",
        "@channel heads-up: billing asked twice",
        "# second line, not a heading",
    ]
    # In Slack, each block carries its own conversation's words only.
    blocks = [_plain(block["text"]["text"]) for block in handoff_blocks(posted, BERLIN)]
    exports_block = next(block for block in blocks if "Exports fail" in block)
    assert "Call Carol" in exports_block and "billing asked twice" not in exports_block
    # A typed @channel never pings the handoff channel.
    assert "@channel" not in handoff_slack_text(posted, BERLIN)
    # Reading the edited document back again changes nothing: the post is stable.
    again = handoff_with_edits(posted, handoff_markdown(posted, BERLIN), BERLIN)
    assert again == posted
