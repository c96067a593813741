"""Canned replies: variables filled from the conversation, nothing lost to a typo, snippets found
by number or a few letters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from oncall_tui.domain.model import Conversation, ConversationState, SlackMessage, SlackUser
from oncall_tui.domain.parties import Workspace
from oncall_tui.domain.templates import (
    DEFAULT_STATUS_TEMPLATE,
    Snippet,
    fill,
    find_snippets,
    placeholders,
    snippet_insertion,
    template_variables,
    unfilled_problem,
    unfilled_variables,
)

US, THEM = "T0US", "T0ACME"
WORKSPACE = Workspace(our_team_ids=frozenset({US}))
USERS = {
    "U0DANA": SlackUser("U0DANA", "Dana Smith", team_id=US),
    "W0MARIA": SlackUser("W0MARIA", "Maria Garcia", team_id=THEM),
    "W0JOE": SlackUser("W0JOE", "Joe", team_id=THEM),
    "B0ALERTS": SlackUser("B0ALERTS", "Acme Alerts", team_id=THEM, is_bot=True),
}
SNIPPETS = [
    Snippet("greeting", "Hi {first_name}, thanks for reaching out!"),
    Snippet("status update", "Still on it, next update by {next_update}."),
    Snippet("logs please", "Could you send us the debug logs?"),
    Snippet("closing", "Glad that worked. Anything else, just say."),
]


def message(ts: str, user_id: str, text: str = "hello") -> SlackMessage:
    return SlackMessage(
        channel_id="C0ACME",
        ts=ts,
        text=text,
        user_id=user_id,
        author_team_id=USERS[user_id].team_id,
        thread_ts="1700000000.000000",
    )


def conversation(*messages: SlackMessage) -> Conversation:
    return Conversation(
        channel_id="C0ACME",
        root_ts="1700000000.000000",
        customer="Acme Corp",
        messages=messages,
        state=ConversationState.WAITING_ON_US,
        customer_waiting_since=None,
        last_update_at=None,
    )


# --- fill ---------------------------------------------------------------------------------


def test_status_template_promises_the_next_update() -> None:
    filled = fill(DEFAULT_STATUS_TEMPLATE, {"next_update": "16:00 CET"})
    assert filled == "Quick update: we're still on this — next update by 16:00 CET."


def test_every_known_variable_is_filled() -> None:
    variables = {
        "customer": "Acme",
        "first_name": "Maria",
        "next_update": "16:00 CET",
        "engineer": "Dana",
        "meeting_link": "https://meet.example.com/dana",
    }
    template = "{customer}/{first_name}/{next_update}/{engineer}/{meeting_link}"
    assert fill(template, variables) == "Acme/Maria/16:00 CET/Dana/https://meet.example.com/dana"


def test_unknown_or_unset_variables_stay_as_typed() -> None:
    assert fill("Hi {frist_name}, {first_name}!", {}) == "Hi {frist_name}, {first_name}!"


def test_double_braces_are_literal_braces() -> None:
    assert fill('send {{"debug": true}} to {customer}', {"customer": "Acme"}) == (
        'send {"debug": true} to Acme'
    )


def test_values_are_not_read_again_as_templates() -> None:
    assert fill("{customer}", {"customer": "{engineer}", "engineer": "Dana"}) == "{engineer}"


@given(st.text())
def test_fill_never_fails_and_keeps_text_without_variables(text: str) -> None:
    filled = fill(text, {"customer": "Acme"})
    if "{" not in text and "}" not in text:
        assert filled == text


def test_placeholders_lists_each_variable_once_in_order() -> None:
    assert placeholders("{b} {a} {b} {{c}}") == ["b", "a"]


# --- find_snippets ------------------------------------------------------------------------


def names(found: list[Snippet]) -> list[str]:
    return [snippet.name for snippet in found]


def test_a_number_picks_that_snippet() -> None:
    assert names(find_snippets("2", SNIPPETS)) == ["status update"]
    assert names(find_snippets(" 4 ", SNIPPETS)) == ["closing"]


def test_an_empty_query_lists_all_in_order() -> None:
    assert find_snippets("", SNIPPETS) == SNIPPETS


def test_letters_match_as_a_subsequence_of_the_name() -> None:
    assert names(find_snippets("stup", SNIPPETS)) == ["status update"]
    assert names(find_snippets("LOGS", SNIPPETS))[0] == "logs please"


def test_name_matches_come_before_text_matches() -> None:
    # "greeting" has "g" first in its name; "logs please" and "closing" contain g later on.
    found = names(find_snippets("g", SNIPPETS))
    assert found[0] == "greeting"
    assert set(found) == {"greeting", "logs please", "closing"}


def test_a_prefix_beats_a_scattered_match() -> None:
    snippets = [Snippet("please escalate", "x"), Snippet("pe", "y")]
    assert names(find_snippets("pe", snippets)) == ["pe", "please escalate"]


def test_the_text_is_searched_when_no_name_matches() -> None:
    assert names(find_snippets("debug", SNIPPETS)) == ["logs please"]


def test_a_text_match_in_one_piece_beats_a_scattered_one() -> None:
    snippets = [Snippet("a", "the dead bug"), Snippet("b", "a debug log")]
    assert names(find_snippets("debug", snippets)) == ["b", "a"]


def test_no_match_and_out_of_range_numbers_find_nothing() -> None:
    assert find_snippets("zzz", SNIPPETS) == []
    assert find_snippets("9", SNIPPETS) == []


# --- template_variables -------------------------------------------------------------------


def test_first_name_is_the_customer_who_wrote_last() -> None:
    talk = conversation(
        message("1700000000.000000", "W0MARIA"),
        message("1700000100.000000", "W0JOE"),
        message("1700000200.000000", "U0DANA"),
        message("1700000300.000000", "B0ALERTS"),
    )
    variables = template_variables(
        talk, USERS, "Dana", "16:00 CET", "https://meet.example.com/d", workspace=WORKSPACE
    )
    assert variables == {
        "customer": "Acme Corp",
        "first_name": "Joe",
        "engineer": "Dana",
        "next_update": "16:00 CET",
        "meeting_link": "https://meet.example.com/d",
    }


def test_without_a_workspace_the_opener_is_taken_as_the_customer() -> None:
    talk = conversation(
        message("1700000000.000000", "W0MARIA"), message("1700000200.000000", "U0DANA")
    )
    assert template_variables(talk, USERS, None, None, None)["first_name"] == "Maria"


def test_values_we_do_not_have_stay_visible_in_the_preview() -> None:
    talk = conversation(message("1700000200.000000", "U0DANA"))
    variables = template_variables(talk, USERS, "", None, "  ", workspace=WORKSPACE)
    assert variables == {"customer": "Acme Corp"}
    assert fill("Hi {first_name}", variables) == "Hi {first_name}"


# --- unfilled variables: refused by name, never sent -----------------------------------------


def test_an_unfilled_variable_is_named_and_refused() -> None:
    text = fill("Hi {first_name}, we will update you by {next_update}.", {"first_name": "Ana"})
    assert unfilled_variables(text) == ["next_update"]
    problem = unfilled_problem(text)
    assert problem is not None and "{next_update}" in problem and "\n" not in problem


def test_every_unfilled_variable_is_listed_once_in_order() -> None:
    text = "{meeting_link} {customer} {meeting_link} {engineer}"
    assert unfilled_variables(text) == ["meeting_link", "customer", "engineer"]


def test_braces_that_are_no_template_variable_are_left_alone() -> None:
    for text in [
        "Send us {request_id} from the header",  # not one of ours
        'Set `{"customer": "acme"}` in the payload',  # code span
        "Run:\n```\ncurl -d '{customer}' https://api.example.com\n```\nthen retry",  # block
        "Use `{next_update}` in your own template",  # quoted as code
        "{ customer }",  # spaced: not a placeholder
        "",
    ]:
        assert unfilled_variables(text) == [], text
        assert unfilled_problem(text) is None


def test_a_filled_text_passes() -> None:
    variables = {"first_name": "Maria", "next_update": "16:00 CET"}
    assert unfilled_problem(fill(SNIPPETS[0].text + " " + SNIPPETS[1].text, variables)) is None


# --- where a snippet goes: spaced as its own words ------------------------------------------


def test_snippet_at_the_start_of_an_empty_editor_has_no_leading_space() -> None:
    assert snippet_insertion("", "", "Could you send the logs?") == "Could you send the logs?"


def test_snippet_after_a_word_or_punctuation_gets_one_space() -> None:
    assert snippet_insertion("Hi Maria,", "", "thanks!") == " thanks!"
    assert snippet_insertion("Thanks.", "", "Next update soon.") == " Next update soon."


def test_snippet_after_a_space_or_a_line_break_gets_none() -> None:
    assert snippet_insertion("Hi Maria, ", "", "thanks!") == "thanks!"
    assert snippet_insertion("Hi Maria,\n", "", "thanks!") == "thanks!"


def test_snippet_before_a_word_gets_a_space_after_but_not_before_punctuation() -> None:
    assert snippet_insertion("", "Thanks", "Good news.") == "Good news. "
    assert snippet_insertion("We are", ". Bye", "on it") == " on it"
    assert snippet_insertion("We are", " now", "on it") == " on it"


def test_a_snippet_of_several_lines_goes_on_lines_of_its_own() -> None:
    block = "Steps:\n1. log out\n2. log in"
    assert snippet_insertion("Hi Ana, ", "Thanks", block) == "\n" + block + "\n"
    assert snippet_insertion("Hi Ana,\n", "", block + "\n") == block


def test_an_empty_snippet_inserts_nothing() -> None:
    assert snippet_insertion("Hi", "there", "\n") == ""
