"""Pure rules of sending one outbox item: whether an earlier attempt may already be in Slack
(look before trying again), whether a lost attempt may still land later, how a sent reaction
shows before the next sync, and the line the action log keeps."""

from __future__ import annotations

from typing import Final

from oncall_tui.domain.model import OutboxItem, OutboxKind, Reaction

# The longest first line of a sent message the action log keeps.
DETAIL_CHARS: Final = 120


def must_look_first(item: OutboxItem) -> bool:
    """Whether an earlier attempt at this post may already be in Slack.

    Any earlier attempt (`attempts` already counts this one) may have: even after a 429, the
    attempt before it may have timed out, and an edit or retry by the engineer clears the error
    that would tell. A look costs one read; a second post cannot be taken back.
    """
    return item.attempts > 1 and item.kind in (OutboxKind.POST, OutboxKind.SCHEDULE)


def may_land_late(item: OutboxItem) -> bool:
    """Whether an attempt whose answer was lost may still put something in Slack later."""
    return item.kind in (OutboxKind.POST, OutboxKind.SCHEDULE)


def with_reaction(
    reactions: tuple[Reaction, ...], name: str, user_id: str, adding: bool
) -> tuple[Reaction, ...]:
    """`reactions` with `user_id`'s `name` added (or taken away): other people's stay, and an
    emoji nobody has any more goes."""
    updated: list[Reaction] = []
    seen = False
    for reaction in reactions:
        if reaction.name != name:
            updated.append(reaction)
            continue
        seen = True
        users = tuple(u for u in reaction.user_ids if u != user_id)
        if adding:
            users = (*users, user_id)
        if users:
            updated.append(Reaction(name, users))
    if adding and not seen:
        updated.append(Reaction(name, (user_id,)))
    return tuple(updated)


def action_detail(item: OutboxItem) -> str:
    """What the action log says was sent: the emoji, or the message's first line (shortened)."""
    if item.kind in (OutboxKind.REACT, OutboxKind.UNREACT):
        return f":{item.text}:"
    first_line = item.text.strip().splitlines()[0] if item.text.strip() else ""
    if len(first_line) > DETAIL_CHARS:
        return first_line[: DETAIL_CHARS - 1] + "…"
    return first_line
