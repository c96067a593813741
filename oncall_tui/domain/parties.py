"""Who wrote a message, from the support team's point of view: us, the customer, or nobody whose
words change whose turn it is (system notices and our own auto-responders).

When we cannot tell who an author is (no team on the message and no `users.info` record), we
assume a customer: a timer that starts by mistake is seen and dismissed, a customer silently
taken for one of us is never answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from oncall_tui.domain.model import Party, SlackMessage, SlackUser

# Subtypes that are someone talking. Everything else (channel_join, channel_topic, pinned_item,
# message_deleted, tombstone, bot_add, reminder_add, ...) is a notice: Slack invents new notice
# subtypes over time, so an allow-list keeps unknown ones from starting timers.
CONVERSATIONAL_SUBTYPES: frozenset[str | None] = frozenset(
    {None, "bot_message", "thread_broadcast", "file_share", "me_message"}
)


@dataclass(frozen=True)
class Workspace:
    """Which Slack teams are "us", and which of our bots only auto-respond."""

    our_team_ids: frozenset[str]
    # bot_ids or user ids of our auto-responders ("we got your message..."): their posts are
    # not replies, so they neither answer the customer nor start a clock.
    automated_bots: frozenset[str] = frozenset()


def author_team(message: SlackMessage, users: Mapping[str, SlackUser]) -> str | None:
    """The author's workspace: what Slack put on the message, else the author's user record."""
    if message.author_team_id is not None:
        return message.author_team_id
    author = users.get(message.user_id) if message.user_id is not None else None
    return author.team_id if author is not None else None


def is_guest_or_stranger(user: SlackUser) -> bool:
    return user.is_restricted or user.is_ultra_restricted or user.is_stranger


def is_our_person(user_id: str, users: Mapping[str, SlackUser], workspace: Workspace) -> bool:
    """Whether a user id (say, someone who reacted) is a full member of our team.

    Unknown ids are not ours: a reaction carries no team, and in a shared channel the customer
    can react too.
    """
    user = users.get(user_id)
    if user is None or user.team_id not in workspace.our_team_ids:
        return False
    return not is_guest_or_stranger(user)


def author_name(message: SlackMessage, users: Mapping[str, SlackUser], unknown: str = "?") -> str:
    """Who wrote `message`, as a reader knows them: the person's name, else the name of the bot
    or app it posted as (kept under its bot id), else whichever id Slack gave."""
    for author_id in (message.user_id, message.bot_id):
        if author_id and author_id in users:
            return users[author_id].name
    return message.user_id or message.bot_id or unknown


def party_of(message: SlackMessage, users: Mapping[str, SlackUser], workspace: Workspace) -> Party:
    """Whose message this is: US, CUSTOMER, or IGNORED (notices, our auto-responders)."""
    if message.subtype not in CONVERSATIONAL_SUBTYPES:
        return Party.IGNORED
    automated = workspace.automated_bots
    if (message.bot_id is not None and message.bot_id in automated) or (
        message.user_id is not None and message.user_id in automated
    ):
        return Party.IGNORED
    if author_team(message, users) not in workspace.our_team_ids:
        # Slack Connect authors, the customer's own bots, and authors we cannot place.
        return Party.CUSTOMER
    author = users.get(message.user_id) if message.user_id is not None else None
    if author is not None and is_guest_or_stranger(author):
        # A guest of our workspace is a customer (or contractor) we invited, not the team.
        return Party.CUSTOMER
    return Party.US


def is_automated(message: SlackMessage, users: Mapping[str, SlackUser]) -> bool:
    """A bot, app or workflow post (Slack marks them with a bot_id or the bot_message subtype,
    or the author's user record is a bot)."""
    if message.bot_id is not None or message.subtype == "bot_message":
        return True
    author = users.get(message.user_id) if message.user_id is not None else None
    return author is not None and author.is_bot


def why_party(message: SlackMessage, users: Mapping[str, SlackUser], workspace: Workspace) -> str:
    """Why `party_of` placed this author where it did, in words for the "why?" screen."""
    author = users.get(message.user_id) if message.user_id is not None else None
    name = author_name(message, users)
    if message.subtype not in CONVERSATIONAL_SUBTYPES:
        return f"{message.subtype} notice: nobody's turn changes"
    automated = workspace.automated_bots
    if (message.bot_id is not None and message.bot_id in automated) or (
        message.user_id is not None and message.user_id in automated
    ):
        return f"{name}: an auto-responder named in automated_bots, not an answer"
    team = author_team(message, users)
    if team not in workspace.our_team_ids:
        if team is None:
            return f"{name}: workspace unknown, taken for a customer"
        kind = "a bot of the customer's" if is_automated(message, users) else "a customer"
        return f"{name}: {kind} (workspace {team} is not ours)"
    if author is not None and is_guest_or_stranger(author):
        return f"{name}: a guest of our workspace counts as a customer"
    if is_automated(message, users):
        return f"{name}: a bot of our workspace (ours inside a thread; answers no loose message)"
    return f"{name}: a member of our team"


def is_customer_facing_update(message: SlackMessage, party: Party) -> bool:
    """Whether a message of ours counts as telling the customer something.

    A bare file upload without a word is not an update. Edits never count: an edited message
    keeps its original ts, so it cannot move a timer.
    """
    if party is not Party.US or message.subtype not in CONVERSATIONAL_SUBTYPES:
        return False
    return not (message.has_files and not message.text.strip())
