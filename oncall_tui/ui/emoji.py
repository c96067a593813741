"""Whether the terminal draws emoji: the Linux console and dumb terminals do not, and
`ONCALL_TUI_EMOJI=0` says so for any other. Cells with emoji (`4👥 37💬 3m`, `📞?`) then use
their plain-text forms (`4 ppl 37 msg 3m`, `call?`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final

NO_EMOJI_TERMINALS: Final = frozenset({"linux", "dumb", "vt100", "vt102", "vt220", "ansi"})
OFF: Final = frozenset({"0", "off", "no", "false"})


def draws_emoji(env: Mapping[str, str]) -> bool:
    if env.get("ONCALL_TUI_EMOJI", "").strip().casefold() in OFF:
        return False
    return env.get("TERM", "").strip() not in NO_EMOJI_TERMINALS


EMOJI: Final = draws_emoji(os.environ)
