"""Signals to the terminal around the app: desktop notifications (OSC 9 / OSC 777), the bell, and
the tab title (OSC 2), passed through tmux when the app runs inside it.

Text from customers goes into these sequences, so it is stripped of every control character
first: nothing received from Slack can end a sequence early or start another one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from oncall_tui.domain.alerts import NOTIFY_MODES
from oncall_tui.domain.slack_text import inert

__all__ = ["NOTIFY_MODES", "TerminalSignals", "notification", "pick_mode", "through_tmux"]

ESC = "\x1b"
BEL = "\x07"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


# Terminals known to show OSC 777 "notify" (others that take OSC 9 are listed below).
_OSC777_TERMINALS = ("foot", "ghostty", "rxvt", "konsole")
_OSC9_PROGRAMS = ("iTerm.app", "WezTerm", "vscode", "mintty")


def clean(text: str, limit: int = 200) -> str:
    """`text` safe to put inside a terminal control sequence (and short)."""
    flat = inert(_CONTROL.sub(" ", text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def pick_mode(configured: str, env: Mapping[str, str]) -> str:
    """Which way to notify in this terminal: what config says, or a guess from the environment."""
    if configured != "auto":
        return configured
    program = env.get("TERM_PROGRAM", "")
    term = env.get("TERM", "")
    if program in _OSC9_PROGRAMS or env.get("WT_SESSION"):
        return "osc9"
    if any(name in term or name in program.lower() for name in _OSC777_TERMINALS):
        return "osc777"
    return "bell"


def through_tmux(sequence: str, env: Mapping[str, str]) -> str:
    """tmux swallows OSC sequences unless wrapped in its passthrough (escapes doubled)."""
    if not env.get("TMUX"):
        return sequence
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ESC}\\"


def notification(title: str, body: str, mode: str) -> str:
    if mode == "osc9":
        return f"{ESC}]9;{clean(title)}: {clean(body)}{BEL}"
    if mode == "osc777":
        # Fields are separated by ';' in OSC 777, so none may appear inside one.
        heading, text = clean(title).replace(";", ","), clean(body).replace(";", ",")
        return f"{ESC}]777;notify;{heading};{text}{BEL}"
    if mode == "bell":
        return BEL
    return ""


def window_title(title: str) -> str:
    return f"{ESC}]2;{clean(title, 80)}{BEL}"


class TerminalSignals:
    """Writes signals through `write` (the app's driver), remembering the last title sent."""

    def __init__(self, write: Callable[[str], None], mode: str, env: Mapping[str, str]) -> None:
        self._write = write
        self._mode = pick_mode(mode, env)
        self._env = env
        self._title = ""

    @property
    def mode(self) -> str:
        return self._mode

    def notify(self, title: str, body: str) -> None:
        sequence = notification(title, body, self._mode)
        if not sequence:
            return
        self._write(sequence if sequence == BEL else through_tmux(sequence, self._env))

    def set_title(self, title: str) -> None:
        if title != self._title:
            self._title = title
            self._write(through_tmux(window_title(title), self._env))
