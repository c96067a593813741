"""The store's one error type, and its refusal to keep Slack tokens."""

from __future__ import annotations

import re
from typing import Final

# A whole token (prefix and body), so that merely naming the prefix ("your xoxb- token") in a
# reply is still allowed.
_WHOLE_TOKEN: Final = re.compile(r"\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]{8,}")
# Slack token prefixes alone: bot, user, app-level, refresh, config tokens.
_TOKEN_PREFIX: Final = re.compile(r"\bxox[a-z]-|\bxapp-")


class StoreError(Exception):
    """The database cannot be used; the message says which file and what to do."""


class StoreReadError(StoreError):
    """A read failed (a corrupt page, a file that is not ours): nothing read may be shown as
    the whole truth."""


def refuse_tokens(what: str, text: str) -> None:
    """Raise if `text` holds something shaped like a Slack token: the database is not encrypted."""
    if _WHOLE_TOKEN.search(text):
        raise StoreError(f"{what}: refusing to store what looks like a Slack token; take it out")


def refuse_token_prefixes(what: str, text: str) -> None:
    """Stricter, for values no one types (meta): even a bare token prefix is refused. Tokens live
    in the keyring only; the database is not encrypted."""
    if _TOKEN_PREFIX.search(text):
        raise StoreError(f"{what}: refusing to store what looks like a Slack token")
