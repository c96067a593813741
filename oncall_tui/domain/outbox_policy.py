"""How the outbox treats Slack's answers: what is worth retrying, when, and what to tell the
engineer about a post that failed for good.

Retries are exact (no jitter): one engineer's app sends a handful of messages, so there is no
crowd of clients to spread out, and tests can assert the schedule.
"""

from __future__ import annotations

import math
import re
from typing import Final

UNDO_SECONDS_DEFAULT: Final = 5.0
FIRST_RETRY_SECONDS: Final = 2.0
MAX_RETRY_SECONDS: Final = 300.0

# The keys the failed-post hints name; the UI binds the same letters.
RETRY_KEY: Final = "R"
DISCARD_KEY: Final = "D"
EDIT_KEY: Final = "E"
_RETRY_OR_DISCARD = f"retry ({RETRY_KEY}) or discard ({DISCARD_KEY})"
_EDIT_OR_DISCARD = f"edit it ({EDIT_KEY}) or discard ({DISCARD_KEY})"

# Slack refused this write and will refuse it again until someone changes something: the item
# stays in the outbox, marked failed, until the engineer edits, retries or discards it.
_PERMANENT_FIXES: Final = {
    "channel_not_found": f"the channel is gone or hidden from the app; check it in Slack, then "
    f"{_RETRY_OR_DISCARD}",
    "not_in_channel": f"join the channel in Slack, then {_RETRY_OR_DISCARD}",
    "is_archived": f"the channel is archived; unarchive it in Slack, then {_RETRY_OR_DISCARD}",
    "msg_too_long": f"Slack finds the message too long; {_EDIT_OR_DISCARD}",
    "no_text": f"the message is empty; {_EDIT_OR_DISCARD}",
    "restricted_action": f"a workspace setting stops posting here; ask a Slack admin, then "
    f"{_RETRY_OR_DISCARD}",
    "invalid_blocks": f"Slack cannot read the message's layout; {_EDIT_OR_DISCARD}",
    "thread_not_found": f"the thread was deleted; {_EDIT_OR_DISCARD}",
    "message_not_found": f"the message was deleted; {_RETRY_OR_DISCARD}",
    "cant_update_message": f"only the author can change that message; {_RETRY_OR_DISCARD}",
    "time_in_past": f"the scheduled time has passed; {_EDIT_OR_DISCARD}",
    "time_too_far": f"Slack schedules at most 120 days ahead; {_EDIT_OR_DISCARD}",
    # Ours, not Slack's: a post that landed twice, and Slack refused to delete the later copy.
    "duplicate": "the post reached Slack twice and Slack refused to delete the later copy; "
    f"delete it in Slack, then discard ({DISCARD_KEY})",
    "missing_scope": f"the token lacks a permission for this (chat:write or reactions:write); "
    f"add it to the Slack app, then {_RETRY_OR_DISCARD}",
}
PERMANENT_ERRORS: Final = frozenset(_PERMANENT_FIXES)
DUPLICATE: Final = "duplicate"

# The token itself is refused: every write would fail, so sending stops altogether (and these
# are deliberately not in PERMANENT_ERRORS, which fail one item and carry on).
_STOPPING_FIXES: Final = {
    "invalid_auth": "the token is not valid: set a new one in SLACK_TOKEN or the keyring",
    "not_authed": "no token was sent: set SLACK_TOKEN or store one in the keyring",
    "token_revoked": "the token was revoked: create a new one and store it",
    "token_expired": "the token expired: create a new one and store it",
    "account_inactive": "the token's user or app was deactivated: use a token of an active one",
    "org_login_required": "the workspace needs a fresh sign-in: create a new token",
    "ekm_access_denied": "an administrator has blocked access: ask a Slack admin",
}
STOPPING_ERRORS: Final = frozenset(_STOPPING_FIXES)

# Slack's way of saying a reaction write was already done: success, not failure
# (already_reacted answers reactions.add, no_reaction answers reactions.remove).
ALREADY_DONE: Final = frozenset({"already_reacted", "no_reaction"})

_CODE = re.compile(r"[a-z0-9_]{1,64}")


def retry_delay(attempt: int, retry_after: float | None) -> float:
    """Seconds to wait before the next try, after `attempt` tries (1 for the first) failed.

    Slack's Retry-After wins when it gave one; otherwise 2, 4, 8, ... seconds, at most 300.
    """
    if attempt < 1:
        raise ValueError(f"attempt counts tries made so far, from 1; got {attempt}")
    if retry_after is not None and math.isfinite(retry_after) and retry_after >= 0:
        return float(retry_after)
    # Capping the exponent keeps huge attempt counts from building huge numbers.
    return min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2.0 ** min(attempt - 1, 16))


# After a post's answer is lost, Slack may still be working on it: the post is looked for (and
# sent again if absent) no sooner than this many client timeouts after the attempt began.
READBACK_TIMEOUTS: Final = 4.0


def readback_seconds(client_timeout: float) -> float:
    """The documented bound: seconds from an attempt whose answer was lost to the look that
    decides whether to send it again (60 s for the default 15 s timeout)."""
    if client_timeout <= 0:
        raise ValueError(f"the client timeout must be above 0 seconds, got {client_timeout}")
    return READBACK_TIMEOUTS * client_timeout


def describe_failure(code: str) -> str:
    """One line for the row of a failed write: the code, then what to do about it.

    "not_in_channel: join the channel in Slack, then retry (R) or discard (D)"
    """
    shown = code.strip() if _CODE.fullmatch(code.strip()) else "unexpected_error"
    fix = _PERMANENT_FIXES.get(shown) or _STOPPING_FIXES.get(shown)
    if fix is None:
        fix = f"Slack refused it; {_RETRY_OR_DISCARD}"
    return f"{shown}: {fix}"
