"""Questions on the terminal: plain answers, hidden ones for secrets, yes/no.

On a terminal a secret is read with getpass (no echo). When stdin is not a terminal (a script,
a test, `pass show slack | oncall-tui auth login`) answers are read line by line from it, so
everything can be driven without a TTY.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import TextIO, TypeVar

T = TypeVar("T")


class PromptAborted(Exception):
    """The input ended (Ctrl-D, or a script ran out of answers) before a question was answered."""


class Prompter:
    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self._in = stdin or sys.stdin
        self._out = stdout or sys.stdout

    def say(self, line: str = "") -> None:
        print(line, file=self._out, flush=True)

    def ask(self, question: str, default: str = "") -> str:
        """An answer, stripped; `default` (shown in brackets) when the answer is empty."""
        shown = f"{question} [{default}]: " if default else f"{question}: "
        self._out.write(shown)
        self._out.flush()
        line = self._in.readline()
        if not self._in.isatty():
            self._out.write("\n")  # a terminal echoes the Enter; a script's answers do not
        if not line:
            raise PromptAborted(f"no answer to {question!r}: input ended")
        return line.strip() or default

    def ask_secret(self, question: str) -> str:
        """An answer that is never echoed."""
        if self._in.isatty():
            try:
                return getpass.getpass(f"{question}: ", stream=self._out).strip()
            except EOFError:
                raise PromptAborted(f"no answer to {question!r}: input ended") from None
        self._out.write(f"{question}: ")
        self._out.flush()
        line = self._in.readline()
        self._out.write("\n")  # what a hidden prompt shows after Enter
        if not line:
            raise PromptAborted(f"no answer to {question!r}: input ended")
        return line.strip()

    def confirm(self, question: str, *, default: bool) -> bool:
        hint = "Y/n" if default else "y/N"
        while True:
            answer = self.ask(f"{question} ({hint})").lower()
            if not answer:
                return default
            if answer in ("y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            self.say("Please answer y or n.")

    def ask_valid(self, question: str, read: Callable[[str], T], default: str = "") -> T:
        """Ask until `read` accepts the answer; its ValueError says what was wrong."""
        while True:
            answer = self.ask(question, default)
            try:
                return read(answer)
            except ValueError as error:
                self.say(f"✗ {error}")
