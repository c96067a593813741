"""Getting the engineer's attention when they are not looking: alerts and the tab title."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace

from oncall_tui.domain.alerts import AlertKind, AlertSettings, AlertTracker, waiting_title
from oncall_tui.domain.board import Board
from oncall_tui.domain.dashboard import assess_all
from oncall_tui.domain.model import ConversationState
from oncall_tui.domain.snooze import is_snoozed
from oncall_tui.domain.swarm import SilentSwarm, swarm_alerts_due
from oncall_tui.domain.swarm_board import swarm_alert_body
from oncall_tui.ui.terminal_signals import TerminalSignals

# Between board changes (which are checked at once), a look every half minute catches targets
# coming due; more often would cost CPU on a board of thousands of conversations.
CHECK_EVERY_SECONDS = 30.0


class Attention:
    """Looks at the board every few seconds; rings, notifies and retitles when it matters."""

    def __init__(
        self,
        settings: AlertSettings,
        notify_mode: str,
        write: Callable[[str], None],
        toast: Callable[[str, str], None],
        muted: tuple[str, ...] = (),
        swarm_alerted: Callable[[tuple[SilentSwarm, ...], float], object] | None = None,
    ) -> None:
        self._tracker = AlertTracker(settings)
        # Silent swarms: one alert per episode, remembered by the store through this.
        self._swarm_alerted = swarm_alerted
        self._swarm_episodes: set[str] = set()
        self._muted_refs = muted  # channel ids or #names, resolved against the board
        self._signals = TerminalSignals(write, notify_mode, os.environ)
        self._toast = toast
        self._last_check = float("-inf")

    def check(self, board: Board, now: float, *, force: bool = False, announce: bool) -> None:
        """`announce` is False until the first sync is in: until then nothing is news."""
        if not force and now - self._last_check < CHECK_EVERY_SECONDS:
            return
        self._last_check = now
        if self._muted_refs:
            by_name = {name: channel_id for channel_id, name in board.channel_names.items()}
            muted = frozenset(
                by_name.get(ref[1:], ref) if ref.startswith("#") else ref
                for ref in self._muted_refs
            )
            self._tracker.settings = replace(self._tracker.settings, muted_channels=muted)
        awake = [
            conversation
            for conversation in board.known_conversations  # unread threads: not yet known
            if not is_snoozed(conversation, now, board.snapshot.users, board.workspace)
        ]
        assessed = assess_all(awake, board.policy, now)
        waiting = sum(1 for c, _ in assessed if c.state is ConversationState.WAITING_ON_US)
        self._signals.set_title(waiting_title(waiting, board.snapshot.team_name))
        alert = self._tracker.observe(assessed, now, announce=announce)
        if alert is not None:
            self._signals.notify(alert.title, alert.body)
            self._toast(alert.title, alert.body)
        self._check_swarms(board, now, {c.key for c in awake}, announce=announce)

    def _check_swarms(self, board: Board, now: float, awake: set[str], *, announce: bool) -> None:
        """A silent swarm alerts once per episode (it ends with our next customer update),
        across restarts: the episodes are kept in the store. One already going when the app
        starts is on screen, not news: it is kept without an alert."""
        if board.provisional:
            return  # drawn from the saved heads: the internal threads are not read yet
        fired = board.snapshot.internal.swarm_alerted | self._swarm_episodes
        due = swarm_alerts_due(
            (s for key, s in board.silent_swarms(now).items() if key in awake), fired
        )
        if not due:
            return
        self._swarm_episodes.update(swarm.episode for swarm in due)
        if self._swarm_alerted is not None:
            self._swarm_alerted(due, now)
        if not announce:
            return
        wanted = [
            swarm
            for swarm in due
            if self._tracker.wants(
                AlertKind.SILENT_SWARM, board.by_key[swarm.conversation_key].channel_id, now
            )
        ]
        if wanted:
            customers = {
                s.conversation_key: board.by_key[s.conversation_key].customer for s in wanted
            }
            body = swarm_alert_body(wanted, customers)
            self._signals.notify("oncall-tui: silent swarm", body)
            self._toast("oncall-tui: silent swarm", body)
