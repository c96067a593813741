"""What we type -> what goes to Slack as a message's `text` (mrkdwn), safely.

Slack reads `&`, `<` and `>` as markup, so they are escaped: a typed `<!channel>` arrives as the
readable literal text "<!channel>" and pings nobody. A typed `@channel`, `@here` or `@everyone`
gets an invisible WORD JOINER (U+2060) after the `@`: the customer still reads "@channel", but no
client or integration that re-parses the text (Slack's `link_names`, say) sees the keyword. We
chose the joiner over backticks because backticks would change how the word looks.

`@Name` for a person in `mentionable` becomes a real mention `<@U…>`. Names match without regard
to case, the longest first ("@Ana Lopez" before "@Ana"), and only as whole words: `bob@acme.com`
stays an address.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from oncall_tui.domain.slack_text import render_slack_text

MAX_MESSAGE_CHARS = 40_000
WORD_JOINER = "\u2060"
BROADCAST_KEYWORDS = ("channel", "here", "everyone")

_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
# Control characters other than tab and newline: they are never words, and some terminals and
# clients act on them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BROADCAST = re.compile(r"@(" + "|".join(BROADCAST_KEYWORDS) + r")(?!\w)", re.IGNORECASE)


class OutgoingTextError(ValueError):
    """The message cannot be sent as written; one line saying what to change."""


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mention_pattern(names: list[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    # Longest first, because alternation takes the first alternative that matches.
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(r"(?<!\w)@(" + alternatives + r")(?!\w)", re.IGNORECASE)


def _mentionable_by_name(mentionable: Mapping[str, str]) -> dict[str, str]:
    """Display name (casefolded) -> user id, leaving out blank names and malformed ids."""
    by_name: dict[str, str] = {}
    for name, user_id in mentionable.items():
        if name.strip() and _USER_ID.fullmatch(user_id):
            by_name.setdefault(name.strip().casefold(), user_id)
    return by_name


def _with_mentions(text: str, mentionable: Mapping[str, str]) -> str:
    """Escape `text`, turning `@Name` of a known person into `<@U…>`."""
    by_name = _mentionable_by_name(mentionable)
    # A person called "here" must not turn `@here` into anything but harmless text.
    names = [name for name in by_name if name not in BROADCAST_KEYWORDS]
    pattern = _mention_pattern(names)
    if pattern is None:
        return _escaped(text)
    pieces: list[str] = []
    position = 0
    for found in pattern.finditer(text):
        user_id = by_name.get(found.group(1).casefold())
        if user_id is None:  # a case-insensitive match that casefolds differently
            continue
        pieces.append(_escaped(text[position : found.start()]))
        pieces.append(f"<@{user_id}>")
        position = found.end()
    pieces.append(_escaped(text[position:]))
    return "".join(pieces)


def _without_broadcasts(text: str) -> str:
    return _BROADCAST.sub(lambda found: f"@{WORD_JOINER}{found.group(1)}", text)


def prepare_outgoing_text(text: str, mentionable: Mapping[str, str]) -> str:
    """The `text` to send to Slack for what the engineer typed.

    `mentionable` maps display names to user ids. Raises OutgoingTextError for a message that is
    empty or longer than Slack takes.
    """
    cleaned = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not cleaned.strip():
        raise OutgoingTextError("the message is empty: type something to send")
    prepared = _without_broadcasts(_with_mentions(cleaned, mentionable))
    if len(prepared) > MAX_MESSAGE_CHARS:
        grown = " once & < > are escaped" if len(prepared) > len(cleaned) else ""
        raise OutgoingTextError(
            f"the message is {len(prepared):,} characters{grown}; "
            f"Slack takes at most {MAX_MESSAGE_CHARS:,}: shorten it"
        )
    return prepared


def customer_view(prepared: str, user_names: Mapping[str, str]) -> str:
    """What the customer will read, for the composer's preview.

    `user_names` maps user ids to display names. The word joiner is invisible in Slack; it is
    dropped here because terminals do not all draw it as nothing.
    """
    return render_slack_text(prepared, user_names, {}).replace(WORD_JOINER, "")
