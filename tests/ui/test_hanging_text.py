"""A long message in a conversation wraps under its own first word, not back to the left edge."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from oncall_tui.ui.widgets.hanging_text import HangingText

BODY = (
    "SSO question: since yesterday some Okta users get `SAML response InResponseTo does not "
    "match` when signing in from a dashboard bookmark. Signing in from the Okta tile works."
)


def rendered(text: Text, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None, legacy_windows=False)
    console.print(HangingText(text))
    return [line.rstrip() for line in console.export_text().rstrip("\n").split("\n")]


def conversation(body: str) -> Text:
    text = Text()
    text.append("   Mon 08:00  ◀ customer  ", style="dim")
    text.append("Dana\n", style="bold")
    text.append(f"{'':14}{body}\n")
    text.append("Handoff note\n")
    return text


def test_a_long_message_hangs_under_its_first_word_and_loses_no_word() -> None:
    for width in (40, 60, 80, 120):
        lines = rendered(conversation(BODY), width)
        body_lines = lines[1:-1]
        assert len(body_lines) > 1, width  # it did wrap
        assert all(line.startswith(" " * 14) and line[14] != " " for line in body_lines), width
        assert all(len(line) <= width for line in lines), width
        assert " ".join(line.strip() for line in body_lines) == BODY, width
        assert lines[0].startswith("   Mon 08:00") and lines[-1] == "Handoff note"


def test_lines_that_fit_or_have_no_indent_are_left_as_they_are() -> None:
    short = conversation("on it")
    assert rendered(short, 80)[1] == f"{'':14}on it"
    flush = Text("x" * 30 + " " + "y" * 30)
    assert rendered(flush, 40) == ["x" * 30, "y" * 30]  # wraps to the edge, as plain text does
    assert str(HangingText(short)) == short.plain  # what tests and copies read


def test_too_narrow_for_the_indent_wraps_to_the_edge_rather_than_one_letter_a_line() -> None:
    lines = rendered(conversation(BODY), 20)
    assert BODY in " ".join(" ".join(lines).split())
    assert all(len(line) <= 20 for line in lines)
    assert any(not line.startswith(" ") for line in lines[1:-1])  # the edge, not 6-wide strips


def test_an_internal_threads_bar_runs_down_its_wrapped_lines() -> None:
    text = Text()
    text.append("▌ ", style="magenta")
    text.append(f"{'':12}{BODY}\n")
    lines = rendered(text, 60)
    assert len(lines) > 1 and all(line.startswith("▌ " + " " * 12) for line in lines)
    assert " ".join(line[14:] for line in lines) == BODY
