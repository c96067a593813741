"""Trials through the terminal against a misbehaving Slack or store: a post answered past the
app's timeout, a full disk then freed, a revoked token then restored, a corrupt store."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.e2e.app_rig import (
    DB_FILE,
    WRITE_TIMEOUT_SECONDS,
    AppRig,
    composer_shows,
    read_store,
)
from tests.e2e.fake_slack import FakeSlackProcess, wait_for_tags
from tests.e2e.table import Row, copies_of, typed_text
from tests.e2e.typing_trials import DELIVERY_SECONDS, fresh_composer

# The app's timeout for a post (the post's answer comes later than this).
APP_TIMEOUT = WRITE_TIMEOUT_SECONDS
# After Slack's late answer, this long for the app to settle: at most one copy must remain.
SETTLE_SECONDS = 30.0
TRACEBACK = "Traceback"


def _type_and_send(rig: AppRig, text: str) -> None:
    fresh_composer(rig)
    rig.term.type_text(text)
    rig.term.wait_for(lambda s: composer_shows(s, text), "the typed text", 15)
    rig.term.key("C-s")


def _state_of(rig: AppRig, text: str) -> str | None:
    rows = read_store(rig.db_path, "SELECT state FROM outbox WHERE text = ?", (text,))
    return str(rows[0][0]) if len(rows) == 1 else None


def slow_posts(
    rig: AppRig, slack: FakeSlackProcess, cases: list[tuple[float, str]], seed: int
) -> Row:
    """Each case: chat.postMessage answers `seconds` late ("late": it lands in Slack only
    then; "at_once": at once). After the bound, exactly one copy must be in Slack."""
    rng = random.Random(seed)
    row = Row("slow chat.postMessage past the timeout")
    for index, (seconds, apply) in enumerate(cases):
        tag = f"S{index:03d}."
        text = typed_text(rng, tag)
        slack.control("slow", method="chat.postMessage", seconds=seconds, apply=apply)
        _type_and_send(rig, text)
        rig.composer_closed(10, sent=True)
        sent_at = time.monotonic()
        bound = seconds + SETTLE_SECONDS
        copies: list[str] = []
        while time.monotonic() - sent_at < bound:
            copies = copies_of(tag, [str(m["text"]) for m in slack.our_messages()])
            landed = time.monotonic() - sent_at > seconds + 3
            if landed and len(copies) == 1 and _state_of(rig, text) == "sent":
                break  # the app holds it sent and Slack has it once: nothing more will come
            time.sleep(0.5)
        slack.control("clear")
        row.count(text, copies, what=f"{tag} answered {seconds:.0f} s late ({apply})")
    calls = slack.get("calls")["calls"]
    deletes = sum(1 for post in slack.posts() if post["method"] == "chat.delete")
    row.notes.append(
        f"app timeout {APP_TIMEOUT:.0f} s; answers {', '.join(f'{s:.0f} s {a}' for s, a in cases)}"
        f"; checked up to {SETTLE_SECONDS:.0f} s after; chat.postMessage calls "
        f"{calls.get('chat.postMessage', 0)}, chat.delete {deletes}"
    )
    return row


def _customer_of(slack: FakeSlackProcess, channel: str) -> str:
    messages = slack.get("messages", channel=channel)["messages"]
    return next(
        str(m["user"])
        for m in messages
        if m["user"] and m["user"] != slack.engineer_id and m["subtype"] is None
    )


def _truncate_wal(db: Path) -> None:
    """Fold the write-ahead log into the database and cut it to nothing, as SQLite does now and
    then by itself: a log with room left would take the next writes even on a full disk, and
    the fault would not be one."""
    time.sleep(1)  # the app's first writes after its first frame
    connection = sqlite3.connect(db, timeout=10)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def _fill(path: Path) -> None:
    """Write `path` until the filesystem has no byte left."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (1 << 16, 512, 1):
            with contextlib.suppress(OSError):
                while os.write(descriptor, b"\0" * size) > 0:
                    pass
    finally:
        os.close(descriptor)


def mount_small_disk(mountpoint: Path, megabytes: int = 16) -> str | None:
    """A tmpfs of `megabytes` at `mountpoint`; None, or why not (not root, no mount rights)."""
    mountpoint.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0700", "tmpfs", str(mountpoint)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return None if done.returncode == 0 else (done.stderr.strip() or f"exit {done.returncode}")


def unmount(mountpoint: Path) -> None:
    subprocess.run(["umount", "-l", str(mountpoint)], capture_output=True, timeout=30)


def disk_full(rig: AppRig, slack: FakeSlackProcess, filler: Path, seed: int) -> Row:
    """The data dir's filesystem fills up; a reply is sent; the space is freed."""
    rng = random.Random(seed)
    row = Row("disk full, then freed")
    tag = "X000."
    text = typed_text(rng, tag)
    rig.start()
    rig.wait_dashboard()
    _truncate_wal(rig.db_path)
    _fill(filler)
    _type_and_send(rig, text)
    time.sleep(3)
    screen = rig.term.screen()
    if not rig.alive():
        row.problems.append("the app exited on a full disk")
    if TRACEBACK in screen:
        row.problems.append("a traceback on screen")
    said = TRACEBACK not in screen and any(
        word in line.lower()
        for line in screen.splitlines()
        for word in ("disk is full", "disk full", "cannot write", "can't write", "not saved")
    )
    row.notes.append(f"said the store cannot write: {'yes' if said else 'no'}")
    if not said:
        row.problems.append("no line saying the store cannot write")
    held = composer_shows(screen, text)
    if not held:
        row.problems.append("the typed text is no longer on screen while the disk is full")
    filler.unlink()
    time.sleep(2)
    if rig.alive() and composer_shows(rig.term.screen(), text):
        rig.term.key("C-s")  # still in the composer: the user sends again
        rig.composer_closed(10, sent=True)
    channel = "C0EXTACME1"
    customer_text = f"{tag} customer writes after the disk was freed"
    slack.control("post_as", channel=channel, user=_customer_of(slack, channel), text=customer_text)
    texts = wait_for_tags(slack, [tag], DELIVERY_SECONDS)
    row.count(text, [t for t in copies_of(tag, texts) if t != customer_text], what=tag)
    deadline = time.monotonic() + 30
    stored = False
    while not stored and time.monotonic() < deadline:
        found = read_store(rig.db_path, "SELECT 1 FROM messages WHERE text = ?", (customer_text,))
        stored = bool(found)
        time.sleep(0.5)
    row.notes.append(f"writes resumed (a new customer message stored): {'yes' if stored else 'no'}")
    if not stored:
        row.problems.append("after the space came back, a new customer message was not stored")
    if TRACEBACK in rig.term.screen():
        row.problems.append("a traceback on screen after the space came back")
    return row


def auth_recovers(rig: AppRig, slack: FakeSlackProcess, seed: int) -> Row:
    """invalid_auth on every call; a reply queued; the token works again; ctrl+r."""
    rng = random.Random(seed)
    row = Row("invalid_auth, then fixed")
    tag = "A000."
    text = typed_text(rng, tag)
    rig.start()
    rig.wait_dashboard()
    pid = rig.term.pane_pid()
    slack.control("revoke", error="invalid_auth")
    _type_and_send(rig, text)
    rig.composer_closed(10, sent=True)
    try:
        rig.term.wait_for(lambda s: "not sent" in s, "⚠ not sent on the row", 20)
        row.notes.append("row showed not sent")
    except AssertionError:
        row.problems.append("the queued reply's row never showed that it was not sent")
        row.notes.append("row did not show not sent")
    slack.control("restore_token")
    time.sleep(1)
    rig.term.key("C-r")
    texts = wait_for_tags(slack, [tag], DELIVERY_SECONDS)
    row.count(text, copies_of(tag, texts), what=f"{tag} after the token was restored and ctrl+r")
    if not rig.alive() or rig.term.pane_pid() != pid:
        row.problems.append("the app was not the same process throughout")
    return row


def _corrupt_page(db: Path, page: int, rng: random.Random) -> None:
    page_size = int(sqlite3.connect(db).execute("PRAGMA page_size").fetchone()[0])
    with db.open("r+b") as file:
        file.seek((page - 1) * page_size)
        file.write(bytes(rng.randrange(256) for _ in range(page_size)))


def _foreign_file(db: Path) -> None:
    connection = sqlite3.connect(db)
    connection.executescript(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
        "INSERT INTO notes (body) VALUES ('someone else''s notes');"
        "PRAGMA user_version = 3;"
    )
    connection.commit()
    connection.close()
    db.chmod(0o644)


def prepared_store(root: Path, slack: FakeSlackProcess) -> Path:
    """A data dir the app filled from Slack and quit cleanly, its WAL folded in."""
    rig = AppRig(root / "base", slack)
    try:
        rig.start()
        rig.wait_dashboard()
        rig.term.key("q")
        deadline = time.monotonic() + 20
        while rig.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        rig.close()
    connection = sqlite3.connect(rig.db_path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return rig.data_dir


def corrupt_stores(root: Path, slack: FakeSlackProcess, trials: int, seed: int) -> Row:
    """Start on a store with a page overwritten (the root page of a table, or a random page),
    or on another program's SQLite file: never "nobody waiting on us"; a clear error."""
    rng = random.Random(seed)
    row = Row("corrupt store at start")
    base = prepared_store(root, slack)
    tables = read_store(
        base / DB_FILE, "SELECT name, rootpage FROM sqlite_master WHERE type = 'table'"
    )
    roots = {str(name): int(str(page)) for name, page in tables}
    pages = (base / DB_FILE).stat().st_size // 4096
    variants = [
        *(f"root page of {t}" for t in ("messages", "conversation_marks", "outbox") if t in roots),
        "another program's SQLite file",
    ]
    false_clear = clear = 0
    for trial in range(trials):
        random_page = rng.randrange(2, max(3, pages))
        variant = variants[trial] if trial < len(variants) else f"page {random_page} of {pages}"
        data = root / f"corrupt-{trial}"
        shutil.copytree(base, data, ignore=shutil.ignore_patterns("oncall.lock"))
        db = data / DB_FILE
        if variant.startswith("root page of "):
            _corrupt_page(db, roots[variant.removeprefix("root page of ")], rng)
        elif variant.startswith("page "):
            _corrupt_page(db, random_page, rng)
        else:
            db.unlink()
            _foreign_file(db)
        before = (hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mode & 0o777)
        rig = AppRig(root / f"run-{trial}", slack, data_dir=data)
        screens: list[str] = []
        try:
            rig.start()
            deadline = time.monotonic() + 8
            while time.monotonic() < deadline:
                screens.append(rig.term.screen())
                time.sleep(0.2)
        finally:
            rig.close()
        row.trials += 1
        seen = "\n".join(screens)
        last = screens[-1] if screens else ""
        if "nobody waiting" in seen:
            false_clear += 1
            row.problems.append(f"{variant}: showed 'nobody waiting on us'")
        if any(word in last for word in ("doctor", "purge", "restore")):
            clear += 1
        else:
            shown = " | ".join(line.strip() for line in last.splitlines() if line.strip())[:160]
            row.problems.append(
                f"{variant}: no clear error naming doctor/purge/restore; the screen: {shown}"
            )
        if TRACEBACK in seen:
            row.problems.append(f"{variant}: a traceback on screen")
        if variant == "another program's SQLite file":
            after = (hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mode & 0o777)
            if after != before:
                row.problems.append(
                    f"{variant}: the file was changed (mode {before[1]:o} -> {after[1]:o})"
                )
    row.notes.append(
        f"false all-clear {false_clear} of {row.trials}; clear error screen {clear} of {row.trials}"
    )
    return row
