"""Desktop notifications, bell and title as bytes to the terminal: safe and tmux-aware."""

from __future__ import annotations

from oncall_tui.ui.terminal_signals import (
    TerminalSignals,
    notification,
    pick_mode,
    through_tmux,
    window_title,
)


def test_customer_text_cannot_break_out_of_the_sequence() -> None:
    hostile = "Acme\x07\x1b]2;pwned\x1b\\ wrote"
    sequence = notification("oncall-tui", hostile, "osc9")
    assert sequence.startswith("\x1b]9;") and sequence.endswith("\x07")
    assert sequence.count("\x07") == 1 and sequence.count("\x1b") == 1


def test_osc777_fields_cannot_be_split_by_a_semicolon() -> None:
    sequence = notification("oncall-tui", "Acme; Globex wrote", "osc777")
    assert sequence == "\x1b]777;notify;oncall-tui;Acme, Globex wrote\x07"


def test_inside_tmux_sequences_are_wrapped_for_passthrough() -> None:
    wrapped = through_tmux("\x1b]9;hi\x07", {"TMUX": "/tmp/tmux-0/default,1,0"})
    assert wrapped == "\x1bPtmux;\x1b\x1b]9;hi\x07\x1b\\"
    assert through_tmux("\x1b]9;hi\x07", {}) == "\x1b]9;hi\x07"


def test_mode_follows_config_or_guesses_from_the_terminal() -> None:
    assert pick_mode("osc777", {"TERM_PROGRAM": "iTerm.app"}) == "osc777"
    assert pick_mode("auto", {"TERM_PROGRAM": "iTerm.app"}) == "osc9"
    assert pick_mode("auto", {"TERM": "foot"}) == "osc777"
    assert pick_mode("auto", {"TERM": "xterm-256color"}) == "bell"


def test_title_is_written_only_when_it_changes() -> None:
    written: list[str] = []
    signals = TerminalSignals(written.append, "bell", {})
    signals.set_title("(3) waiting · oncall-tui")
    signals.set_title("(3) waiting · oncall-tui")
    signals.set_title("(2) waiting · oncall-tui")
    assert written == [
        window_title("(3) waiting · oncall-tui"),
        window_title("(2) waiting · oncall-tui"),
    ]


def test_bell_mode_rings_and_off_mode_is_silent() -> None:
    written: list[str] = []
    TerminalSignals(written.append, "bell", {"TMUX": "x"}).notify("t", "b")
    TerminalSignals(written.append, "off", {}).notify("t", "b")
    assert written == ["\x07"]
