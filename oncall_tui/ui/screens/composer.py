"""The reply composer: multi-line text, snippets, $EDITOR, and a preview of what the customer sees.

The draft is saved while typing (through the `save_draft` callback), so a crash or `esc` loses
nothing; `ctrl+s` hands the text back to the caller to queue in the outbox.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from oncall_tui.domain.templates import Snippet, fill
from oncall_tui.ui.screens.snippet_picker import SnippetPicker
from oncall_tui.ui.widgets.steady_text_area import SteadyTextArea

DRAFT_SAVE_DELAY = 0.3

Preview = Callable[[str], "tuple[str, str | None]"]
"""Typed text -> (what the customer will see, or an error message)."""


class ComposerScreen(Screen[str | None]):
    """Dismisses with the text to send, or None when closed (the draft is kept)."""

    BINDINGS = [
        Binding("ctrl+s", "send", "Send", id="send", priority=True),
        Binding("escape", "close", "Keep draft & close", id="close_composer"),
        Binding("ctrl+t", "snippets", "Snippets", id="snippets"),
        Binding("ctrl+e", "external_editor", "$EDITOR", id="external_editor"),
    ]

    def __init__(
        self,
        *,
        title: Text,
        context: Text,
        text: str,
        preview: Preview,
        save_draft: Callable[[str], Awaitable[None]],
        snippets: Sequence[Snippet] = (),
        variables: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._title_text = title
        self._context_text = context
        self._initial = text
        self._preview = preview
        self._save_draft = save_draft
        self._snippets = tuple(snippets)
        self._variables = variables or {}
        self._save_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._title_text, id="composer-title")
        with Horizontal(id="composer-body"):
            with Vertical(id="composer-left"):
                with VerticalScroll(id="composer-context"):
                    yield Static(self._context_text)
                yield SteadyTextArea(self._initial, soft_wrap=True, id="composer-text")
            with Vertical(id="composer-right"):
                yield Static("What the customer will see", classes="pane-title")
                with VerticalScroll(id="composer-preview"):
                    yield Static(id="composer-preview-body")
        yield Footer()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#composer-text", TextArea)

    def on_mount(self) -> None:
        self.editor.focus()
        self.editor.move_cursor(self.editor.document.end)
        self._show_preview(self.editor.text)
        self.query_one("#composer-context", VerticalScroll).scroll_end(animate=False)

    @on(TextArea.Changed, "#composer-text")
    def _changed(self, event: TextArea.Changed) -> None:
        self._show_preview(event.text_area.text)
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(DRAFT_SAVE_DELAY, self._save_now)

    def _show_preview(self, text: str) -> None:
        seen, problem = self._preview(text)
        body = Text(seen) if problem is None else Text(problem, style="bold red")
        self.query_one("#composer-preview-body", Static).update(body)

    def _save_now(self) -> None:
        self._persist(self.editor.text)

    @work(group="draft", exit_on_error=False)
    async def _persist(self, text: str) -> None:
        await self._save_draft(text)

    def action_send(self) -> None:
        text = self.editor.text
        _, problem = self._preview(text)
        if problem is not None:
            self.notify(problem, severity="error", markup=False)
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self.dismiss(text)

    async def action_close(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        await self._save_draft(self.editor.text)
        self.dismiss(None)

    def action_snippets(self) -> None:
        def insert(snippet: Snippet | None) -> None:
            if snippet is not None:
                self.editor.insert(fill(snippet.text, self._variables))
                self.editor.focus()

        self.app.push_screen(SnippetPicker(self._snippets), insert)

    def action_external_editor(self) -> None:
        """Edit the text in $EDITOR (the app steps aside and comes back)."""
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.TemporaryDirectory(prefix="oncall-tui-") as scratch:
            path = Path(scratch) / "reply.md"
            path.write_text(self.editor.text, encoding="utf-8")
            try:
                with self.app.suspend():
                    subprocess.run([*shlex.split(command), str(path)], check=False)
            except Exception as error:  # no terminal to hand over, editor missing, ...
                self.notify(f"could not run {command}: {error}", severity="error", markup=False)
                return
            self.editor.text = path.read_text(encoding="utf-8").rstrip("\n")
        self.editor.focus()
