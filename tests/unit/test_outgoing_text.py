"""What we type reaches the customer readable, pings nobody by accident, and mentions the people we
meant to mention."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oncall_tui.domain.outgoing_text import (
    MAX_MESSAGE_CHARS,
    OutgoingTextError,
    customer_view,
    prepare_outgoing_text,
)

PEOPLE = {"Ana": "U0ANA", "Ana Lopez": "U0ANALOPEZ", "Bob": "U0BOB"}
NAMES_BY_ID = {user_id: name for name, user_id in PEOPLE.items()}
# What Slack reads as a broadcast when it appears in a message's text.
BROADCAST_MARKUP = ("<!channel>", "<!here>", "<!everyone>")
BROADCAST_WORDS = ("@channel", "@here", "@everyone")


def sent(text: str) -> str:
    return prepare_outgoing_text(text, PEOPLE)


def seen(text: str) -> str:
    return customer_view(sent(text), NAMES_BY_ID)


def test_ampersand_and_angle_brackets_arrive_readable() -> None:
    assert sent("a & b < c") == "a &amp; b &lt; c"
    assert seen("a & b < c") == "a & b < c"
    assert seen("if x > 0 && y <= 2") == "if x > 0 && y <= 2"


def test_typed_broadcast_markup_is_literal_text() -> None:
    for markup in BROADCAST_MARKUP:
        prepared = sent(f"do not ping {markup} please")
        assert markup not in prepared
        assert seen(f"do not ping {markup} please") == f"do not ping {markup} please"


@pytest.mark.parametrize("word", [*BROADCAST_WORDS, "@Channel", "@HERE"])
def test_typed_broadcast_words_read_the_same_but_cannot_ping(word: str) -> None:
    prepared = sent(f"hi {word}, fixed now")
    # Not the bare keyword, even for a client that re-parses @words as mentions.
    assert word.casefold() not in prepared.casefold()
    assert "<!" not in prepared
    assert seen(f"hi {word}, fixed now") == f"hi {word}, fixed now"


def test_words_that_merely_start_like_a_broadcast_are_untouched() -> None:
    assert sent("see @channels and @hereafter") == "see @channels and @hereafter"


def test_known_names_become_real_mentions() -> None:
    assert sent("@Bob can you look?") == "<@U0BOB> can you look?"
    assert seen("@Bob can you look?") == "@Bob can you look?"


def test_names_match_without_regard_to_case_and_longest_first() -> None:
    assert sent("thanks @ana lopez!") == "thanks <@U0ANALOPEZ>!"
    assert sent("thanks @ANA!") == "thanks <@U0ANA>!"
    assert sent("@Ana and @Ana Lopez") == "<@U0ANA> and <@U0ANALOPEZ>"


def test_names_match_only_as_whole_words() -> None:
    assert sent("mail bob@acme.com") == "mail bob@acme.com"
    assert sent("@Bobby is new") == "@Bobby is new"


def test_a_person_named_like_a_broadcast_is_not_mentioned_by_the_keyword() -> None:
    prepared = prepare_outgoing_text("@here we go", {"here": "U0HERE"})
    assert "<@U0HERE>" not in prepared
    assert customer_view(prepared, {}) == "@here we go"


def test_malformed_user_ids_are_never_put_in_markup() -> None:
    assert prepare_outgoing_text("@Eve hi", {"Eve": "<!channel>"}) == "@Eve hi"


def test_names_with_markup_characters_are_escaped_around_the_mention() -> None:
    people = {"R&D": "U0RND"}
    assert prepare_outgoing_text("@R&D <team>", people) == "<@U0RND> &lt;team&gt;"


def test_line_breaks_survive_and_control_characters_do_not() -> None:
    assert sent("line one\r\nline two\x1b[31m") == "line one\nline two[31m"


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", "\x00\x07"])
def test_empty_messages_are_refused(text: str) -> None:
    with pytest.raises(OutgoingTextError, match="empty"):
        sent(text)


def test_the_length_limit_is_slacks() -> None:
    assert len(sent("x" * MAX_MESSAGE_CHARS)) == MAX_MESSAGE_CHARS
    with pytest.raises(OutgoingTextError) as caught:
        sent("x" * 41_203)
    assert str(caught.value) == (
        "the message is 41,203 characters; Slack takes at most 40,000: shorten it"
    )


def test_escaping_that_pushes_past_the_limit_says_so() -> None:
    with pytest.raises(OutgoingTextError, match="once & < > are escaped"):
        sent("&" * 10_001)


typed_text = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\u2060")
    | st.sampled_from(["\n", "@", "<", "&", "!"]),
    min_size=1,
).filter(lambda text: text.strip())


@given(typed_text)
def test_anything_typed_reads_back_the_same_and_never_broadcasts(text: str) -> None:
    prepared = prepare_outgoing_text(text, {})
    assert not any(markup in prepared for markup in BROADCAST_MARKUP)
    assert not any(word in prepared.casefold() for word in BROADCAST_WORDS)
    assert customer_view(prepared, {}) == text
