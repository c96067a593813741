"""Which thread's replies to read first, when a sync cannot read them all at once.

The rule (a test states it too): read first what is most likely a customer waiting on us.

1. Threads whose parent is a customer's and whose `reply_users` include none of us: nobody of
   ours has said a word there, so the customer may be waiting. Oldest parent first: the
   longest wait is the worst one.
2. Then every other thread, the newest `latest_reply` first: the liveliest threads are where
   the conversation has moved most recently.

"Us" is known before any users.info call from what the history page itself shows: our own user
id (auth.test), people stored with our team, and authors whose `user_team` is ours. A replier
who cannot be placed that way counts as not ours: reading a thread early costs less than
leaving a waiting customer for later. A parent with no team at all counts as the customer's
unless its author is one of ours or it is a bot's post.

The result is an urgency for the pacer (higher goes first): group 1 above every group 2.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from oncall_tui.domain.model import ts_to_epoch

Json = Mapping[str, Any]

# Above any epoch: a likely waiting customer's thread outranks every other thread.
LIKELY_WAITING_BASE = 1e11


def our_people(
    history: Iterable[Json], our_team_id: str, known_ours: Collection[str]
) -> frozenset[str]:
    """User ids of ours: those already known, and authors on the page from our team."""
    found = set(known_ours)
    for raw in history:
        user = raw.get("user")
        if isinstance(user, str) and _team_of(raw) == our_team_id:
            found.add(user)
    return frozenset(found)


def is_likely_waiting(parent: Json, our_team_id: str, ours: Collection[str]) -> bool:
    """A customer's parent to which none of us has replied."""
    team = _team_of(parent)
    user = parent.get("user")
    if team is None:
        customers = isinstance(user, str) and user not in ours and parent.get("bot_id") is None
    else:
        customers = team != our_team_id
    if not customers:
        return False
    repliers = parent.get("reply_users")
    if not isinstance(repliers, list):
        return True
    return not any(isinstance(u, str) and u in ours for u in repliers)


def thread_urgency(parent: Json, our_team_id: str, ours: Collection[str]) -> float:
    """The pacer's urgency for reading this thread's replies (higher first)."""
    if is_likely_waiting(parent, our_team_id, ours):
        return LIKELY_WAITING_BASE - _epoch(parent.get("ts"))
    return _epoch(parent.get("latest_reply")) or _epoch(parent.get("ts"))


def _team_of(raw: Json) -> str | None:
    team = raw.get("user_team") or raw.get("team")
    return team if isinstance(team, str) and team else None


def _epoch(ts: object) -> float:
    if not isinstance(ts, str) or not ts:
        return 0.0
    try:
        return ts_to_epoch(ts)
    except ValueError:
        return 0.0
