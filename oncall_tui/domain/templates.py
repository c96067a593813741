"""Canned replies ("snippets") and the variables that fill them.

Templates use `{name}` for a variable and `{{` / `}}` for a literal brace. Filling never fails:
a variable with no value is left as `{name}`, so the preview shows it; an editor then refuses to
send while one is left (`unfilled_variables`), so no customer ever reads "{next_update}".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from oncall_tui.domain.model import Conversation, Party, SlackMessage, SlackUser
from oncall_tui.domain.parties import Workspace, party_of

DEFAULT_STATUS_TEMPLATE = "Quick update: we're still on this — next update by {next_update}."
KNOWN_VARIABLES = ("customer", "first_name", "next_update", "engineer", "meeting_link")

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SPACE = re.compile(r"\s+")
# Code the engineer quotes is left alone: ```blocks``` and `spans`.
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_KNOWN_PLACEHOLDER = re.compile(r"\{(" + "|".join(KNOWN_VARIABLES) + r")\}")
_CLOSING_PUNCTUATION = ".,;:!?)]}'\"…"


@dataclass(frozen=True)
class Snippet:
    name: str
    text: str


def fill(template: str, variables: Mapping[str, str]) -> str:
    """The template with each `{name}` that has a value replaced by it (values are not re-read
    as templates)."""

    def replacement(found: re.Match[str]) -> str:
        name = found.group(1)
        if name is None:
            return found.group(0)[0]  # "{{" -> "{", "}}" -> "}"
        return variables.get(name, found.group(0))

    return _PLACEHOLDER.sub(replacement, template)


def placeholders(template: str) -> list[str]:
    """The variable names a template uses, in order of first use (for checks and warnings)."""
    seen: list[str] = []
    for found in _PLACEHOLDER.finditer(template):
        name = found.group(1)
        if name is not None and name not in seen:
            seen.append(name)
    return seen


def unfilled_variables(text: str) -> list[str]:
    """The template variables still written as `{name}` in `text`, in order of first use.

    Only the known variable names count (a snippet or the status template can hold nothing
    else: the config refuses other names), and not inside `code`, so a JSON example or a shell
    snippet the engineer pastes is never refused.
    """
    prose = _CODE.sub(" ", text)
    seen: list[str] = []
    for found in _KNOWN_PLACEHOLDER.finditer(prose):
        if found.group(1) not in seen:
            seen.append(found.group(1))
    return seen


def unfilled_problem(text: str) -> str | None:
    """One line refusing to send `text` while a variable is unfilled, or None."""
    missing = unfilled_variables(text)
    if not missing:
        return None
    names = ", ".join(f"{{{name}}}" for name in missing)
    return f"{names} has no value here: replace it with the real text before sending"


def snippet_insertion(before: str, after: str, snippet: str) -> str:
    """What to insert between `before` and `after` (the text either side of the cursor) so the
    snippet reads as its own words: a space where it would touch a word, a line break where a
    snippet of several lines would start or end mid-line, nothing at the start of the editor,
    after a space or line break, or before closing punctuation."""
    body = snippet.strip("\n")
    if not body:
        return ""
    block = "\n" in body
    joiner = "\n" if block else " "
    lead = "" if not before or before[-1].isspace() else joiner
    if block and before and not before.endswith("\n"):
        lead = "\n"  # a block starts on its own line even after "Hi, "
    trail = ""
    if after and not after[0].isspace():
        trail = "\n" if block else ("" if after[0] in _CLOSING_PUNCTUATION else " ")
    return lead + body + trail


def _compact(text: str) -> str:
    return _SPACE.sub("", text.casefold())


def _match_rank(query: str, target: str) -> tuple[int, int] | None:
    """How well `query` matches `target` (lower is better), or None for no match.

    Both are compacted (casefolded, spaces removed). A prefix beats a substring, which beats a
    scattered subsequence; tighter subsequences beat looser ones.
    """
    if target.startswith(query):
        return (0, 0)
    if query in target:
        return (1, 0)
    first = -1
    position = 0
    for character in query:
        position = target.find(character, position)
        if position < 0:
            return None
        if first < 0:
            first = position
        position += 1
    return (2, position - first)


def find_snippets(query: str, snippets: Sequence[Snippet]) -> list[Snippet]:
    """Snippets matching `query`, best first.

    An empty query lists them all in order. A number picks that snippet ("2" -> the second)
    when there is one; otherwise the query is matched as a subsequence of the name, then of the
    text, so "stup" finds "status update". Name matches come before text matches.
    """
    wanted = query.strip()
    if not wanted:
        return list(snippets)
    if wanted.isdigit() and 1 <= int(wanted) <= len(snippets):
        return [snippets[int(wanted) - 1]]
    compact = _compact(wanted)
    ranked: list[tuple[tuple[int, int, int, int], Snippet]] = []
    for index, snippet in enumerate(snippets):
        for field_rank, target in enumerate((snippet.name, snippet.text)):
            rank = _match_rank(compact, _compact(target))
            if rank is not None:
                ranked.append(((field_rank, *rank, index), snippet))
                break
    ranked.sort(key=lambda pair: pair[0])
    return [snippet for _, snippet in ranked]


def first_name(user: SlackUser) -> str:
    """The first word of a person's display name ("Ana Lopez" -> "Ana")."""
    words = user.name.split()
    return words[0] if words else ""


def _customer_author(
    conversation: Conversation,
    users: Mapping[str, SlackUser],
    workspace: Workspace | None,
) -> SlackUser | None:
    def is_person(message: SlackMessage) -> SlackUser | None:
        user = users.get(message.user_id) if message.user_id is not None else None
        if user is None or user.is_bot or message.bot_id is not None:
            return None
        return user

    if workspace is None:
        # Without knowing which team is ours, the person who opened the conversation is the best
        # guess at the customer.
        for message in conversation.messages:
            if (user := is_person(message)) is not None:
                return user
        return None
    for message in reversed(conversation.messages):
        user = is_person(message)
        if user is not None and party_of(message, users, workspace) is Party.CUSTOMER:
            return user
    return None


def template_variables(
    conversation: Conversation,
    users: Mapping[str, SlackUser],
    engineer_name: str | None,
    next_update_text: str | None,
    meeting_link: str | None,
    *,
    workspace: Workspace | None = None,
) -> dict[str, str]:
    """The values for a reply in this conversation. Unknown values are left out, so their
    `{name}` stays visible in the preview rather than becoming an empty gap.

    `first_name` is the first name of the customer who wrote last (needs `workspace` to tell
    customers from us; without it, of the person who opened the conversation).
    """
    variables = {"customer": conversation.customer}
    author = _customer_author(conversation, users, workspace)
    if author is not None and first_name(author):
        variables["first_name"] = first_name(author)
    optional = {
        "engineer": engineer_name,
        "next_update": next_update_text,
        "meeting_link": meeting_link,
    }
    for name, value in optional.items():
        if value is not None and value.strip():
            variables[name] = value.strip()
    return variables
