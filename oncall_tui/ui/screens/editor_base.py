"""What every editor shares (reply, status update, handoff, note), so none of them loses a word.

- Send (`ctrl+s`) is an ordinary binding, not a priority one: the key travels through the same
  queues as the keys typed before it, so the text is read only after every key and paste already
  received has landed in the editor (a priority binding ran before them and sent a cut text).
- The editor closes only once the text is durably in the store: `submit` (the outbox write, or
  the note) is awaited while the editor stays on screen, read-only; if it fails, the editor
  stays open with the text and one line saying why.
- The draft is kept in the store at most `DRAFT_WINDOW` seconds behind the editor while typing
  (a timer armed by the first unsaved change, not pushed back by later ones, so steady typing is
  saved too), and at once when the editor loses focus, another screen covers it, `$EDITOR`
  takes over, on `esc`, and before the app quits. A kill loses at most the last
  `DRAFT_WINDOW` seconds of typing (plus the write itself).
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static, TextArea

DRAFT_WINDOW = 0.2
"""Seconds a saved draft may lag behind the editor while typing."""

ResultT = TypeVar("ResultT")

SaveDraft = Callable[[str], Awaitable[None]]


class EditorScreen(Screen[ResultT], Generic[ResultT]):
    """A screen around one TextArea (`editor`) whose text must never be lost.

    Subclasses compose the widgets (the TextArea and a Static `#editor-problem`), and give
    `submit`, which makes the text durable (queues the post) and returns what the screen
    dismisses with; it raises with a one-line message when it cannot.
    """

    EDITOR_NAME = "text.md"  # the file name $EDITOR sees (and its syntax highlighting)

    def __init__(
        self,
        *,
        save_draft: SaveDraft,
        submit: Callable[[str], Awaitable[ResultT]],
        saved_text: str | None = None,
    ) -> None:
        super().__init__()
        self._save_draft = save_draft
        self._submit = submit
        # What the store holds now (None: unknown, so the first save always writes).
        self._saved: str | None = saved_text
        self._draft_timer: Timer | None = None
        self._draft_lock = asyncio.Lock()
        self._sending = False
        self._problem_for: str | None = None  # the text the problem line is about

    # --- what subclasses provide --------------------------------------------------------------

    @property
    def editor(self) -> TextArea:
        raise NotImplementedError

    def draft_text(self) -> str:
        """The text to keep as the draft ("" deletes it)."""
        return self.editor.text

    def problem_with(self, text: str) -> str | None:
        """Why `text` cannot be sent as it is (one line), or None."""
        del text
        return None

    # --- the problem line ---------------------------------------------------------------------

    def show_problem(self, problem: str | None) -> None:
        line = self.query_one("#editor-problem", Static)
        line.display = problem is not None
        line.update(Text(problem or "", style="bold red"))
        self._problem_for = None if problem is None else self.editor.text

    def clear_problem_once_edited(self) -> None:
        """The problem line goes once the text has changed since it was shown (a change
        received before the refused send does not hide it)."""
        if self._problem_for is not None and self.editor.text != self._problem_for:
            self.show_problem(None)

    # --- the draft ----------------------------------------------------------------------------

    @on(TextArea.Changed)
    def _draft_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self.editor:
            return
        self.clear_problem_once_edited()
        if self._draft_timer is not None:
            return
        self._draft_timer = self.set_timer(DRAFT_WINDOW, self._draft_due)

    def _draft_due(self) -> None:
        self._draft_timer = None
        self.run_worker(self.keep_draft(), group="draft", exit_on_error=False)

    async def keep_draft(self) -> bool:
        """Write the draft now unless the store already has it; False if the store refused
        (the text stays on screen, and the problem line says so)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        async with self._draft_lock:
            if self._sending:
                return True  # the send owns the text now
            text = self.draft_text()
            if text == self._saved:
                return True
            try:
                await self._save_draft(text)
            except Exception as error:  # disk full, store closed: say so, keep the text
                self.show_problem(f"draft not saved ({error}); the text is still here")
                return False
            self._saved = text
        return True

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.editor:
            self.run_worker(self.keep_draft(), group="draft", exit_on_error=False)

    def on_screen_suspend(self) -> None:
        # A picker, help or the command palette covers the editor: keep what is typed.
        self.run_worker(self.keep_draft(), group="draft", exit_on_error=False)

    # --- send and close -----------------------------------------------------------------------

    def action_send(self) -> None:
        """Read the text now (every key received before ctrl+s has landed: this binding is not
        a priority one), then make it durable before closing."""
        if self._sending:
            return
        text = self.editor.text
        problem = self.problem_with(text)
        if problem is not None:
            self.show_problem(problem)
            return
        self._sending = True
        self.editor.read_only = True
        self.show_problem(None)
        self.run_worker(self._send(text), group="send", exit_on_error=False)

    async def _send(self, text: str) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        # A draft save under way finishes first, so it cannot bring back a draft the outbox
        # write has just cleared.
        async with self._draft_lock:
            try:
                result = await self._submit(text)
            except Exception as error:
                self._sending = False
                self.editor.read_only = False
                self.show_problem(f"not sent: {error}")
                failed = True
            else:
                failed = False
                self._saved = ""
        if failed:
            await self.keep_draft()
            return
        self.dismiss(result)

    async def action_close(self) -> None:
        """Keep the draft, then close; if the store refuses it, stay open with the text."""
        if self._sending:
            return
        if await self.keep_draft():
            self.dismiss(None)

    # --- $EDITOR ------------------------------------------------------------------------------

    async def action_external_editor(self) -> None:
        """Edit the text in $VISUAL/$EDITOR (the app steps aside and comes back)."""
        if self._sending:
            return
        await self.keep_draft()
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.TemporaryDirectory(prefix="oncall-tui-") as scratch:
            path = Path(scratch) / self.EDITOR_NAME
            path.write_text(self.editor.text, encoding="utf-8")
            try:
                with self.app.suspend():
                    subprocess.run([*shlex.split(command), str(path)], check=False)
            except Exception as error:  # no terminal to hand over, editor missing, ...
                self.show_problem(f"could not run {command}: {error}")
                return
            edited = path.read_text(encoding="utf-8").rstrip("\n")
        if edited != self.editor.text:
            self.editor.text = edited
            self.editor.move_cursor(self.editor.document.end)
        self.editor.focus()
        await self.keep_draft()
