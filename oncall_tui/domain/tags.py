"""Kinds of work: each conversation can be tagged with one kind (`t`), and the week's report
totals them.

The list is configurable (`[tags] kinds`). A tag stays a plain string on the conversation, so a
kind later removed from the list still counts in reports instead of vanishing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

DEFAULT_KINDS = ("bug", "question", "how-to", "feature request", "incident", "configuration")
UNTAGGED = "untagged"
# Long enough for "configuration change request", short enough for a report column.
MAX_KIND_CHARS = 40


class TagError(ValueError):
    """A list of kinds that cannot be used, as one line saying what to fix."""


def check_kinds(kinds: Sequence[object]) -> tuple[str, ...]:
    """The kinds, trimmed; raises TagError naming the first bad item (numbered from 1).

    Kinds must be non-empty one-line text, unique regardless of case ("Bug" repeats "bug"),
    and may not be the word used for conversations without a kind.
    """
    if not kinds:
        raise TagError('expected at least one kind, like ["bug", "question"]')
    checked: list[str] = []
    first_use: dict[str, int] = {}
    for number, kind in enumerate(kinds, start=1):
        if not isinstance(kind, str) or not kind.strip():
            raise TagError(f'item {number}: expected a kind of work like "bug"')
        text = kind.strip()
        if "\n" in text or "\r" in text:
            raise TagError(f"item {number}: a kind must fit on one line")
        if len(text) > MAX_KIND_CHARS:
            raise TagError(f"item {number}: at most {MAX_KIND_CHARS} characters, got {len(text)}")
        folded = text.casefold()
        if folded == UNTAGGED:
            raise TagError(f'item {number}: "{UNTAGGED}" is what conversations without a kind show')
        if folded in first_use:
            raise TagError(f'item {number}: "{text}" repeats item {first_use[folded]}')
        first_use[folded] = number
        checked.append(text)
    return tuple(checked)


def kind_totals(
    tags: Mapping[str, str], keys: Iterable[str], kinds: Sequence[str] = DEFAULT_KINDS
) -> list[tuple[str, int]]:
    """How many of the conversations `keys` carry each kind, biggest first.

    Ties keep the configured order; kinds no longer configured follow in alphabetical order;
    conversations without a tag count under UNTAGGED, last. Kinds with no conversation are left
    out.
    """
    counts = Counter(tags.get(key) or UNTAGGED for key in keys)
    order = {kind: position for position, kind in enumerate(kinds)}

    def rank(item: tuple[str, int]) -> tuple[bool, int, int, str]:
        kind, count = item
        return (kind == UNTAGGED, -count, order.get(kind, len(order)), kind)

    return sorted(counts.items(), key=rank)
