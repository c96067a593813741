"""The subcommands `oncall-tui NAME ...` knows, each imported only when it is named."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oncall_tui.commands.base import Command


class _Commands(Mapping[str, "Command"]):
    """`oncall-tui NAME ...`: each module parses its own arguments and runs (commands/base.py).
    A module is imported only when its command is named: `doctor` alone costs ~100 ms."""

    _SUMMARIES: dict[str, str] = {
        "init": "set up oncall-tui: token, customer channels, hours; writes the config file",
        "doctor": "check the set-up: config, token, scopes, channels, Socket Mode, keyring, data",
        "auth": "keep the Slack token in the OS keyring (or a 0600 file): login, logout, status",
        "report": "print the week's support report (Markdown or CSV) from local data",
        "purge": "delete all local oncall-tui data (messages, drafts, outbox, notes, exports)",
    }

    def summary(self, name: str) -> str:
        return self._SUMMARIES[name]

    def __getitem__(self, name: str) -> Command:
        if name not in self._SUMMARIES:
            raise KeyError(name)
        module: ModuleType = importlib.import_module(f"oncall_tui.commands.{name}")
        command: Command = module
        return command

    def __iter__(self) -> Iterator[str]:
        return iter(self._SUMMARIES)

    def __len__(self) -> int:
        return len(self._SUMMARIES)


COMMANDS = _Commands()
