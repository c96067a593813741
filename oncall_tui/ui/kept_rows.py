"""The dashboard's rows kept between boards, by conversation, in urgency order.

A board a live event changed (domain/board_reducer.py) holds the very same Conversation objects
for everything the event did not touch. Their assessments, rows and places in the order from the
last full refresh are kept, as the tick keeps rows off screen between full refreshes (the order
of the rest does not change meanwhile, every waiting clock advances alike); only conversations
that are new objects, and the rows on screen (whose timers the tick keeps to the second), are
computed again, and only they are taken out of the order and put back in their place (a sort
of every conversation per event would cost more than the event).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Collection, Mapping, Sequence

from oncall_tui.domain.dashboard import DashboardRow, assess_all, rows_of
from oncall_tui.domain.model import Conversation, ConversationState
from oncall_tui.domain.ordering import Assessed, UrgencyKey, urgency_key
from oncall_tui.domain.sla import SlaPolicy, promise_missed

_NOT_BY_PROMISE = (ConversationState.RESOLVED, ConversationState.RESOLVED_UNSURE)


class KeptRows:
    def __init__(self) -> None:
        self._assessed: dict[str, Assessed] = {}
        self._rows: dict[str, tuple[Conversation, DashboardRow]] = {}
        # Every conversation assessed, most urgent first (urgency_key), and what each was placed
        # by; those placed before their promised update was missed, with the promise's time.
        self._order: list[UrgencyKey] = []
        self._placed: dict[str, tuple[Assessed, UrgencyKey]] = {}
        self._promised: dict[str, float] = {}
        self.at = float("-inf")  # when every kept row was last computed

    def assess(
        self,
        conversations: Sequence[Conversation],
        policy: SlaPolicy,
        now: float,
        *,
        reuse: bool,
        fresh: Collection[str] = (),
    ) -> list[Assessed]:
        """Every conversation assessed; with `reuse`, one kept from the last call is taken
        as it was when it is the same object and not in `fresh`."""
        kept = self._assessed if reuse else {}
        out: list[Assessed] = []
        todo: list[Conversation] = []
        for conversation in conversations:
            item = kept.get(conversation.key)
            if item is None or item[0] is not conversation or conversation.key in fresh:
                todo.append(conversation)
            else:
                out.append(item)
        out.extend(assess_all(todo, policy, now))
        self._assessed = {item[0].key: item for item in out}
        return out

    def rows(
        self,
        assessed: Sequence[Assessed],
        now: float,
        user_names: Mapping[str, str],
        channel_names: Mapping[str, str],
        titles: Mapping[str, str],
        *,
        reuse: bool,
        fresh: Collection[str] = (),
    ) -> list[DashboardRow]:
        """The open conversations' rows, most urgent first: `urgency_order` of `assessed` at
        `now`, as domain/dashboard.rows_of gives them."""
        if not reuse:
            self.at = now
            rows = rows_of(assessed, now, user_names, channel_names, titles=titles)
            by_key = {item[0].key: item[0] for item in assessed}
            self._rows = {row.key: (by_key[row.key], row) for row in rows}
            self._order, self._placed, self._promised = [], {}, {}
            self._order = sorted(self._place(item, now) for item in assessed)
            return rows
        self._place_changed(assessed, now)
        kept, placed = self._rows, self._placed
        out: list[DashboardRow] = []
        now_kept: dict[str, tuple[Conversation, DashboardRow]] = {}
        for place in self._order:
            key = place[-1]
            item = placed[key][0]
            conversation = item[0]
            if conversation.state is ConversationState.RESOLVED:
                continue
            was = kept.get(key)
            if was is not None and was[0] is conversation and key not in fresh:
                row = was[1]
            else:
                (row,) = rows_of([item], now, user_names, channel_names, titles=titles)
            now_kept[key] = (conversation, row)
            out.append(row)
        self._rows = now_kept
        return out

    def _place_changed(self, assessed: Sequence[Assessed], now: float) -> None:
        """Take out of the order what changed since it was placed (a new assessment, gone,
        or its promised update missed meanwhile: it moves to the top) and put it back."""
        placed = self._placed
        held = {item[0].key: item for item in assessed}
        for key in placed.keys() - held.keys():
            self._unplace(key)
        changed = {key for key, item in held.items() if placed.get(key, (None,))[0] is not item}
        changed.update(key for key, at in self._promised.items() if at < now)
        for key in changed:
            self._unplace(key)
            insort(self._order, self._place(held[key], now))

    def _place(self, item: Assessed, now: float) -> UrgencyKey:
        """Note `item`'s place (not yet in the order) and return it."""
        conversation = item[0]
        place = urgency_key(item, now)
        self._placed[conversation.key] = (item, place)
        promised = conversation.promised_update_by
        if (
            promised is not None
            and conversation.state not in _NOT_BY_PROMISE
            and not promise_missed(conversation, now)
            and promise_missed(conversation, max(now, promised) + 1.0)
        ):
            self._promised[conversation.key] = promised  # its place changes once it is missed
        else:
            self._promised.pop(conversation.key, None)
        return place

    def _unplace(self, key: str) -> None:
        was = self._placed.pop(key, None)
        self._promised.pop(key, None)
        if was is None:
            return
        order = self._order
        index = bisect_left(order, was[1])
        if index < len(order) and order[index] == was[1]:
            del order[index]
