"""The stable entry point for "does this customer message close the conversation?".

The rule itself lives in `closing.py`; callers keep importing `is_pleasantry` from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from oncall_tui.domain.closing import is_closing
from oncall_tui.domain.closing_words import CLOSING_PHRASES

# Phrases that close a conversation on their own; `[conversations] pleasantries` adds to them.
DEFAULT_PLEASANTRIES: tuple[str, ...] = CLOSING_PHRASES


def is_pleasantry(text: str, extra: Iterable[str] = ()) -> bool:
    """Whether the customer's `text` only thanks, approves, confirms or signs off, so nobody
    owes anyone a reply. `extra` adds phrases a team uses ("merci vielmals")."""
    return is_closing(text, extra)
