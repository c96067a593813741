"""A closing "thanks!" must not start a wait; anything more than that must."""

from __future__ import annotations

import pytest

from oncall_tui.domain.pleasantry import DEFAULT_PLEASANTRIES, is_pleasantry


@pytest.mark.parametrize(
    "text",
    [
        "thanks!",
        "Thanks",
        "thank you",
        "Thank you so much!!",
        "thx",
        "ty",
        "cheers",
        "great, thanks a lot",
        "perfect",
        "ok",
        "OK thanks.",
        "👍",
        "🙏🏽",
        "👍 thanks",
        "thanks👍",
        ":+1:",
        ":pray::skin-tone-3:",
        "Awesome, that worked! Thank you :)",
        "got it, thanks",
        "  thanks again  ",
        "❤️",
    ],
)
def test_thanks_and_approval_are_pleasantries(text: str) -> None:
    assert is_pleasantry(text)


@pytest.mark.parametrize(
    "text",
    [
        "thanks, but it still fails on prod",
        "thanks?",
        "ok?",
        "great, what about staging",
        "not great",
        "ok but",
        "hi",
        "still broken",
        "",
        "   ",
        "thanks thanks thanks thanks thanks thanks thanks",
        "thank you so much for the help with this one",
        "it works now",  # no thanks in it: could be a status report that needs an answer
        "thanks :x: still failing",
    ],
)
def test_anything_more_than_thanks_is_not(text: str) -> None:
    assert not is_pleasantry(text)


def test_every_default_phrase_is_itself_a_pleasantry() -> None:
    for phrase in DEFAULT_PLEASANTRIES:
        assert is_pleasantry(phrase), phrase


def test_teams_can_add_their_own_phrases() -> None:
    assert not is_pleasantry("merci beaucoup")
    assert is_pleasantry("Merci beaucoup !", extra=["merci beaucoup"])
    assert is_pleasantry("danke schön, thanks", extra=("danke schön",))
    assert not is_pleasantry("merci, mais ça ne marche pas", extra=["merci"])
