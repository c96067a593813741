"""Trials through the terminal where a person types: paste then ctrl+s at once, and SIGKILLs
after ctrl+s, while typing, and while a post is in flight. Each returns a table Row; the tests
assert on it and benchmarks/terminal_faults.py runs more of the same."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from oncall_tui.ui.screens import editor_base
from tests.e2e.app_rig import (
    AppRig,
    composer_of,
    composer_shows,
    reopen_composer,
    showing,
    stored_texts,
)
from tests.e2e.fake_slack import FakeSlackProcess, wait_for_tags
from tests.e2e.table import Row, copies_of, typed_text

SEND_DELAYS = (0.0, 0.05, 0.2)
# The debounce of draft saves (the composer's), plus what a key takes from tmux to the app on a
# busy 2-core machine: a kill while typing may lose the keystrokes of this last window, no more.
DRAFT_WINDOW = editor_base.DRAFT_WINDOW + 0.3
DELIVERY_SECONDS = 40.0


def _input_modes(rig: AppRig) -> dict[str, Callable[[str], None]]:
    term = rig.term
    return {
        "typed": term.type_text,
        "bracketed paste": term.paste_escapes,
        "tmux paste-buffer -p": term.paste_buffer,
    }


def back_to_dashboard(rig: AppRig) -> None:
    """Close a composer left open (esc keeps its draft); fail the trial run if it stays."""
    for _ in range(3):
        if rig.composer_closed(2):
            return
        rig.term.key("Escape")
    raise AssertionError(f"the composer does not close; the screen:\n{rig.term.screen()}")


def fresh_composer(rig: AppRig) -> str:
    """Open the reply composer on the top row, emptied of any draft left there."""
    back_to_dashboard(rig)
    rig.to_top()
    screen = rig.open_composer()
    rig.term.key("F7")  # the editor's "select all" (ctrl+u would clear one wrapped row only)
    rig.term.key("BSpace")
    time.sleep(0.2)
    return screen


def paste_then_send(rig: AppRig, slack: FakeSlackProcess, trials: int, seed: int) -> Row:
    rng = random.Random(seed)
    row = Row("paste, then ctrl+s at once")
    modes = _input_modes(rig)
    sent: list[tuple[str, str, str]] = []
    stayed_open: set[str] = set()
    for trial in range(trials):
        delay = SEND_DELAYS[trial % len(SEND_DELAYS)]
        mode = list(modes)[(trial // len(SEND_DELAYS)) % len(modes)]
        tag = f"P{trial:03d}."
        text = typed_text(rng, tag)
        fresh_composer(rig)
        modes[mode](text)
        if delay:
            time.sleep(delay)
        rig.term.key("C-s")
        what = f"{tag} {mode}, ctrl+s after {delay * 1000:.0f} ms"
        if not rig.composer_closed(10):
            row.problems.append(f"{what}: the composer did not close after ctrl+s")
            stayed_open.add(tag)
            back_to_dashboard(rig)
        sent.append((tag, text, what))
    texts = wait_for_tags(slack, [tag for tag, _, _ in sent], DELIVERY_SECONDS)
    for tag, text, what in sent:
        row.count(text, copies_of(tag, texts), what=what, kept=tag in stayed_open)
    row.notes.append(f"{len(text)} characters; modes {', '.join(modes)}; delays 0/50/200 ms")
    return row


def _landed(slack: FakeSlackProcess, tag: str) -> None:
    """Wait for the reply to reach Slack and the board to move it off the top, so the next
    trial types in another conversation (and finds it again after a restart)."""
    wait_for_tags(slack, [tag], 15, quiet=0.5)
    time.sleep(1.0)


def _restart(rig: AppRig) -> None:
    rig.start()
    rig.wait_dashboard()


def kill_after_send(rig: AppRig, slack: FakeSlackProcess, trials: int, seed: int) -> Row:
    """The text is on screen, ctrl+s, then SIGKILL 0-400 ms later; restart on the same data.
    A text the composer still held is a draft: the user reopens it and sends it again."""
    rng = random.Random(seed)
    row = Row("SIGKILL 0-400 ms after ctrl+s")
    sent: list[tuple[str, str, str]] = []
    kept_as_draft = 0
    for trial in range(trials):
        tag = f"K{trial:03d}."
        text = typed_text(rng, tag)
        delay = rng.uniform(0.0, 0.4)
        what = f"{tag} killed {delay * 1000:.0f} ms after ctrl+s"
        conversation = composer_of(fresh_composer(rig))
        rig.term.type_text(text)
        rig.term.wait_for(showing(text), "the typed text", 15)
        rig.term.key("C-s")
        time.sleep(delay)
        rig.kill()
        outbox, drafts = stored_texts(rig.db_path)
        _restart(rig)
        sent.append((tag, text, what))
        in_slack = any(str(m["text"]).startswith(tag) for m in slack.our_messages())
        if text in outbox or in_slack:
            _landed(slack, tag)
            continue
        if text in drafts:
            kept_as_draft += 1
            screen = reopen_composer(rig, conversation)
            if screen is None or not composer_shows(screen, text):
                row.problems.append(f"{what}: the draft was stored but not shown on reopening")
                back_to_dashboard(rig)
                continue
            rig.term.key("C-s")
            rig.composer_closed(10, sent=True)
            _landed(slack, tag)
            continue
        partial = [d for d in drafts if d.startswith(tag)]
        if partial:
            row.problems.append(f"{what}: only a draft of {len(partial[0])} characters kept")
    texts = wait_for_tags(slack, [tag for tag, _, _ in sent], DELIVERY_SECONDS)
    for tag, text, what in sent:
        row.count(text, copies_of(tag, texts), what=what)
    row.notes.append(f"{kept_as_draft} kept as a draft and sent after the restart")
    return row


def kill_while_typing(rig: AppRig, slack: FakeSlackProcess, trials: int, seed: int) -> Row:
    """Typing at a person's pace (1-4 characters every 30-200 ms, now and then a pause), killed
    at a random moment. The draft must hold what was typed up to DRAFT_WINDOW before the kill;
    after the restart the user finishes the text and sends it."""
    rng = random.Random(seed)
    row = Row("SIGKILL while typing")
    sent: list[tuple[str, str, str]] = []
    unsent: set[str] = set()
    beyond_window = 0
    for trial in range(trials):
        tag = f"D{trial:03d}."
        text = typed_text(rng, tag)
        kill_at = rng.uniform(1.0, 4.0)
        conversation = composer_of(fresh_composer(rig))
        typed_by: list[tuple[float, int]] = []  # (when sent to the terminal, characters so far)
        start, done = time.monotonic(), 0
        while done < len(text) and time.monotonic() - start < kill_at:
            step = rng.randint(1, 4)
            rig.term.type_text(text[done : done + step])
            done = min(len(text), done + step)
            typed_by.append((time.monotonic(), done))
            time.sleep(rng.uniform(0.6, 1.2) if rng.random() < 0.08 else rng.uniform(0.03, 0.2))
        killed_at = time.monotonic()
        rig.kill()
        _, drafts = stored_texts(rig.db_path)
        draft = max((d for d in drafts if text.startswith(d)), key=len, default="")
        strays = [d for d in drafts if d[1:5] == tag[1:5] and not text.startswith(d)]
        if strays:
            row.problems.append(f"{tag}: a draft that is not what was typed: {strays[0]!r}")
        owed = max((n for at, n in typed_by if at <= killed_at - DRAFT_WINDOW), default=0)
        what = f"{tag} killed after {done} characters, draft {len(draft)}"
        if len(draft) < owed:
            beyond_window += 1
            row.problems.append(
                f"{what}: the draft lost {done - len(draft)} characters, more than the last "
                f"{DRAFT_WINDOW:.1f} s of typing ({done - owed} characters)"
            )
        _restart(rig)
        screen = reopen_composer(rig, conversation)
        if screen is None:
            row.problems.append(f"{what}: the conversation's composer was not found again")
            back_to_dashboard(rig)
            unsent.add(tag)
            sent.append((tag, text, what))
            continue
        if draft and not composer_shows(screen, draft):
            row.problems.append(f"{what}: the saved draft was not in the reopened composer")
        if not draft or strays or not composer_shows(screen, draft):
            rig.term.key("F7")  # start again from nothing
            rig.term.key("BSpace")
            time.sleep(0.2)
            draft = ""
        rig.term.type_text(text[len(draft) :])
        try:
            rig.term.wait_for(showing(text), "the finished text", 15)
        except AssertionError as missing:
            row.problems.append(f"{what}: {str(missing).splitlines()[0]}")
        rig.term.key("C-s")
        if not rig.composer_closed(10, sent=True):
            row.problems.append(f"{what}: the composer did not close after ctrl+s")
            unsent.add(tag)
            back_to_dashboard(rig)
        else:
            _landed(slack, tag)
        sent.append((tag, text, what))
    texts = wait_for_tags(slack, [tag for tag, _, _ in sent], DELIVERY_SECONDS)
    for tag, text, what in sent:
        row.count(text, copies_of(tag, texts), what=what, kept=tag in unsent)
    row.notes.append(
        f"drafts beyond the {DRAFT_WINDOW:.1f} s window: {beyond_window} of {trials}; "
        "finished and sent after the restart"
    )
    return row


def kill_in_flight(rig: AppRig, slack: FakeSlackProcess, trials: int, seed: int) -> Row:
    """chat.postMessage answers 3 s late (carried out at once, or only when it answers); the
    app is killed while waiting for the answer and restarted."""
    rng = random.Random(seed)
    row = Row("SIGKILL during a 3 s post")
    sent: list[tuple[str, str, str]] = []
    for trial in range(trials):
        tag = f"F{trial:03d}."
        text = typed_text(rng, tag)
        apply = ("at_once", "late")[trial % 2]
        slack.control("slow", method="chat.postMessage", seconds=3.0, apply=apply)
        fresh_composer(rig)
        rig.term.type_text(text)
        rig.term.wait_for(showing(text), "the typed text", 15)
        rig.term.key("C-s")
        rig.composer_closed(10, sent=True)
        deadline = time.monotonic() + 20
        while slack.get("calls")["slow_armed"]:  # the post has arrived and is held
            if time.monotonic() > deadline:
                row.problems.append(f"{tag}: the post never started")
                break
            time.sleep(0.05)
        delay = rng.uniform(0.0, 2.8)
        time.sleep(delay)
        rig.kill()
        slack.control("clear")
        _restart(rig)
        sent.append((tag, text, f"{tag} ({apply}) killed {delay:.1f} s into the post"))
    texts = wait_for_tags(slack, [tag for tag, _, _ in sent], DELIVERY_SECONDS)
    for tag, text, what in sent:
        row.count(text, copies_of(tag, texts), what=what)
    deletes = sum(1 for post in slack.posts() if post["method"] == "chat.delete")
    row.notes.append(f"half carried out at once, half late; chat.delete calls: {deletes}")
    return row
