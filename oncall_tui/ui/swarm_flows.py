"""Swarm watch and the call nudge as the engineer acts on them: the call nudge dismissed, an
internal thread linked by pasting its permalink, a link removed. The silent swarm's customer
update is ActionFlows.swarm_update (the status update, pre-filled)."""

from __future__ import annotations

from rich.text import Text

from oncall_tui.domain.model import Conversation
from oncall_tui.ui.flow_base import FlowBase
from oncall_tui.ui.screens.choice import ChoiceScreen
from oncall_tui.ui.screens.note import NoteScreen

PASTE_HINT = "Paste the Slack link of the internal thread (or a message in it), then esc."


class SwarmFlows(FlowBase):
    async def dismiss_call_nudge(self, conversation: Conversation) -> None:
        if conversation.key not in self.host.board.call_nudges:
            self.host.notify("no call nudge here")
            return
        await self.host.runtime.swarm.dismiss_nudge(conversation.key)
        self.host.notify(f"{conversation.customer}: not a call (until they ask for one)")

    async def link_internal(self, conversation: Conversation) -> None:
        pasted: list[str] = []

        async def keep(text: str) -> None:
            pasted[:] = [text]

        title = self._title("Link an internal thread", conversation)
        title.append_text(Text(f"\n{PASTE_HINT}", style="dim"))
        # A blank (not empty) start: an empty note would open on the handoff note's template.
        await self.host.ask(NoteScreen(title=title, note=" ", save=keep))
        if not pasted or not pasted[0].strip():
            return
        board = self.host.board
        said = await self.host.runtime.swarm.link_by_hand(
            conversation.key,
            pasted[0],
            {channel.channel_id for channel in board.snapshot.channels},
            board.snapshot.our_user_id,
        )
        self.host.notify(said)
        self.host.runtime.sync_now()  # the linked thread is read at once

    async def unlink_internal(self, conversation: Conversation) -> None:
        internal = self.host.board.snapshot.internal
        links = internal.links_of(conversation.key)
        if not links:
            self.host.notify("no internal thread is linked here")
            return
        options = [
            (
                f"{internal.channel_name(link.internal_channel_id)}"
                f" thread {link.internal_thread_ts} ({link.source.value})",
                link.internal_key,
            )
            for link in links
        ]
        chosen = await self.host.ask(
            ChoiceScreen[str](f"Remove which internal link of {conversation.customer}?", options)
        )
        if chosen is None:
            return
        await self.host.runtime.swarm.unlink(conversation.key, chosen)
        self.host.notify("internal link removed (the sync will not link it again)")
