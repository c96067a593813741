"""Slack markup to safe, readable terminal text."""

from __future__ import annotations

import pytest

from oncall_tui.domain.slack_text import first_line, render_slack_text

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
