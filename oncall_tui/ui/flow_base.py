"""What every one-key flow shares: titles, previews, template variables, queueing a post."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.text import Text

from oncall_tui.actions.context import mentionable
from oncall_tui.actions.service import ActionService
from oncall_tui.domain.model import Conversation, OutboxItem, OutboxState
from oncall_tui.domain.outgoing_text import OutgoingTextError, customer_view, prepare_outgoing_text
from oncall_tui.domain.promises import promise_text
from oncall_tui.domain.templates import template_variables, unfilled_problem
from oncall_tui.ui.flow_host import FlowHost
from oncall_tui.ui.screens.composer import Preview

STATUS_DRAFT = "status_update"  # the draft kind, and the outbox purpose that clears it
CALL_DRAFT = "call_proposal"


class FlowBase:
    def __init__(self, host: FlowHost) -> None:
        self.host = host

    # --- helpers ------------------------------------------------------------------------------

    @property
    def actions(self) -> ActionService:
        return self.host.actions

    def _title(self, verb: str, conversation: Conversation) -> Text:
        channel = self.host.board.channel_names.get(
            conversation.channel_id, conversation.channel_id
        )
        return Text.assemble(
            (f" {verb} ", "bold reverse"), "  ", (conversation.customer, "bold"), f"  #{channel}"
        )

    def _preview(self, conversation: Conversation) -> Preview:
        names = mentionable(conversation, self.host.board.snapshot.users)

        def preview(text: str) -> tuple[str, str | None]:
            try:
                prepared = prepare_outgoing_text(text, names)
            except OutgoingTextError as error:
                return "", str(error)
            return customer_view(prepared, self.host.board.user_names), unfilled_problem(text)

        return preview

    def _variables(self, conversation: Conversation, next_update: str = "") -> dict[str, str]:
        settings = self.host.settings
        return template_variables(
            conversation,
            self.host.board.snapshot.users,
            settings.engineer.name or "",
            next_update,
            settings.engineer.meeting_link or "",
            workspace=self.host.board.workspace,
        )

    def _customer_tz_of(self, conversation: Conversation) -> ZoneInfo:
        return self.host.policies.customer_tz(conversation, self.host.board)

    def _failed_item(self, conversation: Conversation) -> OutboxItem | None:
        failed = [
            item
            for item in self.host.board.snapshot.outbox
            if item.conversation_key == conversation.key and item.state is OutboxState.FAILED
        ]
        return max(failed, key=lambda item: item.created_at) if failed else None

    def _promised_text(self, conversation: Conversation) -> str:
        """The update time already promised, for a snippet's {next_update}, or ""."""
        promised = conversation.promised_update_by
        now = self.host.now()
        if promised is None or promised <= now:
            return ""
        return promise_text(promised, self._customer_tz_of(conversation), now)

    async def _editor_closed(self) -> None:
        """After any editor: the board shows what was queued, and which rows wait with a
        draft."""
        self.host.refresh_board()
        self.mark_drafts()

    def mark_drafts(self) -> None:
        self.host.spawn(self._mark_drafts(), "draft-marks")

    async def _mark_drafts(self) -> None:
        if self.host.runtime.store is None:
            return
        self.host.show_drafts(await self.host.runtime.draft_keys())

    async def _queue(
        self,
        conversation: Conversation,
        text: str,
        *,
        purpose: str,
        promised_update_by: float | None = None,
    ) -> OutboxItem:
        """Store the post in the outbox (raises, with one line, when it cannot be)."""
        started = self.host.now()
        try:
            item = await self.actions.post(
                conversation,
                text,
                purpose=purpose,
                mentionable=mentionable(conversation, self.host.board.snapshot.users),
                promised_update_by=promised_update_by,
            )
        except Exception as error:
            item = await self._queued_anyway(conversation, purpose, started, error)
        self.host.queued(item)
        return item

    async def _queued_anyway(
        self, conversation: Conversation, purpose: str, started: float, error: Exception
    ) -> OutboxItem:
        """After a failure: the post if it was queued before a later step failed (it is sent
        all the same, so the editor must not offer it again); otherwise the error again."""
        queued = [
            item
            for item in await self.host.runtime.outbox_items()
            if item.conversation_key == conversation.key
            and item.purpose == purpose
            and item.created_at >= started
        ]
        if not queued:
            raise error
        self.host.notify(f"queued; then: {error}", severity="warning")
        return queued[-1]
