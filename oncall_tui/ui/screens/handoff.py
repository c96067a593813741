"""The handoff to the next engineer: assembled from local state, edited here, posted and saved.

The edited text is kept as a draft like a reply's (esc keeps it, reopening brings it back);
`ctrl+s` closes once the handoff is queued in the outbox.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from oncall_tui.ui.keys import bindings_for
from oncall_tui.ui.screens.editor_base import EditorScreen, SaveDraft
from oncall_tui.ui.widgets.fitting_footer import FittingFooter
from oncall_tui.ui.widgets.steady_text_area import SteadyTextArea


class HandoffScreen(EditorScreen[str | None]):
    """Dismisses with the outbox id of the queued handoff, or None (the draft is kept)."""

    KEY_SCOPE = "handoff_editor"
    BINDINGS = bindings_for("handoff_editor")
    EDITOR_NAME = "handoff.md"

    def __init__(
        self,
        *,
        title: Text,
        markdown: str,
        channel: str,
        submit: Callable[[str], Awaitable[str]],
        save_draft: SaveDraft,
        from_draft: bool = False,
    ) -> None:
        super().__init__(
            save_draft=save_draft, submit=submit, saved_text=markdown if from_draft else None
        )
        self._title_text = title
        self._markdown = markdown
        self._channel = channel
        self._from_draft = from_draft
        self._assembled = None if from_draft else markdown

    def compose(self) -> ComposeResult:
        yield Static(self._title_text, id="composer-title")
        yield SteadyTextArea(self._markdown, soft_wrap=True, id="handoff-text")
        yield Static(id="editor-problem")
        hint = (
            "Your unsent handoff, as you left it. Empty it and press esc for a fresh one. "
            if self._from_draft
            else "Edit notes, next steps and the summary. "
        )
        yield Static(
            Text(
                f"{hint}ctrl+s posts to {self._channel} and saves a Markdown copy in the data dir.",
                style="dim",
            ),
            id="note-hint",
        )
        yield FittingFooter()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#handoff-text", TextArea)

    def draft_text(self) -> str:
        # The handoff as assembled is rebuilt fresh next time: only edits are a draft.
        text = self.editor.text
        return "" if text == self._assembled else text

    def problem_with(self, text: str) -> str | None:
        return "the handoff is empty: write something to post" if not text.strip() else None

    def on_mount(self) -> None:
        self.editor.focus()
