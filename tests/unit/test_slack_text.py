"""Slack markup to safe, readable terminal text."""

from __future__ import annotations

import pytest

from oncall_tui.domain.slack_text import first_line, inert, render_slack_text

USERS = {"U123": "Ana"}
CHANNELS = {"C123": "general"}


def render(text: str) -> str:
    return render_slack_text(text, USERS, CHANNELS)


@pytest.mark.parametrize(
    ("slack", "shown"),
    [
        ("hi <@U123>", "hi @Ana"),
        ("hi <@U999>", "hi @U999"),
        ("hi <@U999|bob>", "hi @bob"),
        ("hi <@U123|old-name>", "hi @Ana"),
        ("see <#C123|general>", "see #general"),
        ("see <#C123>", "see #general"),
        ("see <#C999>", "see #C999"),
        ("see <#C999|random>", "see #random"),
        ("<!here> down", "@here down"),
        ("<!channel>", "@channel"),
        ("<!everyone>", "@everyone"),
        ("ping <!subteam^S1|@oncall>", "ping @oncall"),
        ("ping <!subteam^S1>", "ping @S1"),
        ("<!date^1392734382^{date}|Feb 18th, 2014>", "Feb 18th, 2014"),
        ("docs: <http://x.io/a?b=1&amp;c=2|the docs>", "docs: the docs (http://x.io/a?b=1&c=2)"),
        ("<http://x.io>", "http://x.io"),
        ("<http://x.io|http://x.io>", "http://x.io"),
        ("<mailto:bob@x.io|bob@x.io>", "bob@x.io"),
        ("a &amp; b &lt;tag&gt; &amp;lt;", "a & b <tag> &lt;"),
        ("[ERROR] <@U123>: [bold]x[/bold]", "[ERROR] @Ana: [bold]x[/bold]"),
    ],
)
def test_markup_becomes_plain_text(slack: str, shown: str) -> None:
    assert render(slack) == shown


def test_escaped_angle_brackets_are_not_mistaken_for_links() -> None:
    assert render("if a &lt;@U123&gt; b") == "if a <@U123> b"


def test_terminal_control_characters_are_removed() -> None:
    hostile = "ok\x1b[2J\x1b]0;pwned\x07 done\r\x9b31m\x7f\x00"
    assert render(hostile) == "ok[2J]0;pwned done31m"


def test_newlines_and_tabs_survive() -> None:
    assert render("line one\n\tline two") == "line one\n\tline two"


def test_control_characters_cannot_hide_in_labels() -> None:
    assert render("<http://x.io|click\x1b[31m>") == "click[31m (http://x.io)"


def test_first_line_skips_blank_lines_and_trims() -> None:
    assert first_line("\n\n   the server is down  \nmore", 40) == "the server is down"


def test_first_line_cuts_long_lines_with_an_ellipsis() -> None:
    assert first_line("abcdefghij", 10) == "abcdefghij"
    assert first_line("abcdefghijk", 10) == "abcdefghi…"
    assert first_line("abc", 0) == ""


def test_first_line_counts_wide_characters_as_two_cells() -> None:
    assert first_line("日本語のテキスト", 7) == "日本語…"


def test_first_line_of_nothing_is_empty() -> None:
    assert first_line("  \n ", 20) == ""


# --- bidirectional controls: shown, never obeyed ----------------------------------------------

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize(
    ("slack", "shown"),
    [
        # "Trojan source": the override would show the file name as "invoiceexe.pdf".
        ("see invoice\u202efdp.exe", "see invoice⟪RLO⟫fdp.exe"),
        ("a\u202dLRO\u202c b", "a⟪LRO⟫LRO b"),
        ("\u202bembedded\u202c and \u202aleft\u202c", "⟪RLE⟫embedded and ⟪LRE⟫left"),
        ("isolates \u2066one\u2069 \u2067two\u2069 \u2068three\u2069", "isolates ⟪LRI⟫one "
         "⟪RLI⟫two ⟪FSI⟫three"),
        ("stray terminators\u202c\u2069 vanish", "stray terminators vanish"),
        ("<http://x.io|click\u202egnp.exe>", "click⟪RLO⟫gnp.exe (http://x.io)"),
        ("<@U999|\u202enimda>", "@⟪RLO⟫nimda"),
        ("deprecated \u206a\u206bformat\u206f marks", "deprecated format marks"),
        ("\u202e\x1b[31mred", "⟪RLO⟫[31mred"),
    ],
)  # fmt: skip
def test_bidirectional_controls_become_visible_markers(slack: str, shown: str) -> None:
    rendered = render(slack)
    assert rendered == shown
    assert not set(rendered) & set(BIDI_CONTROLS)


@pytest.mark.parametrize(
    "text",
    [
        "👩\u200d💻 shipped it ❤\ufe0f",  # ZWJ sequence and emoji presentation selector
        "\u05e9\u05dc\u05d5\u05dd \u200fמערכת\u200e ok",  # Hebrew with RLM/LRM
        "\u0645\u0631\u062d\u0628\u0627\u061c 42",  # Arabic with ALM
        "\u0915\u094d\u200d\u0937 and \u200cZWNJ",  # Devanagari joiner, ZWNJ
        "text\ufe0e style ☎\ufe0e",
    ],
)
def test_marks_that_text_and_emoji_need_are_kept(text: str) -> None:
    assert render(text) == text


def test_unicode_line_separators_become_newlines() -> None:
    assert render("one\u2028two\u2029three") == "one\ntwo\nthree"


def test_first_line_is_inert_too() -> None:
    assert first_line("  invoice\u202efdp.exe \x1b[2J", 40) == "invoice⟪RLO⟫fdp.exe [2J"


def test_inert_text_cannot_be_reordered_in_any_string() -> None:
    # Every character of the controls, alone and around text, anywhere in the string.
    for control in BIDI_CONTROLS:
        for text in (control, f"a{control}b", f"{control}{control}x", f"x\n{control}y"):
            assert not set(inert(text)) & set(BIDI_CONTROLS), repr(text)
