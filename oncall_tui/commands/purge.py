"""`oncall-tui purge`: wipe the local store (customer messages, drafts, outbox, notes, exports).

Also the way out of a database that cannot be opened, so it never opens the store itself: it
counts unsent posts read-only, and deletes files whether the database is healthy or not.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
from pathlib import Path
from typing import Final

from oncall_tui.commands.base import UsageError, add_data_dir_option, data_dir
from oncall_tui.commands.prompts import Prompter
from oncall_tui.commands.warm_start import REMEMBERED_FILE
from oncall_tui.runtime.wiring import DB_FILE_NAME
from oncall_tui.store.lock import DataDirInUse, DataDirLock

SUMMARY = "delete all local oncall-tui data (messages, drafts, outbox, notes, exports)"
CONFIRM_WORD: Final = "purge"
# SQLite's companions of the database file.
_DB_SUFFIXES: Final = ("", "-wal", "-shm", "-journal")
# Folders the app writes exports into (see ui/day_flows.py, ui/flows.py).
EXPORT_DIRS: Final = ("drafts", "handoffs", "reports", "calls")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir_option(parser)
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def run(args: argparse.Namespace) -> int:
    return purge(data_dir(args), Prompter(), assume_yes=args.yes)


def purge(folder: Path, prompter: Prompter, *, assume_yes: bool) -> int:
    if not purge_targets(folder):
        prompter.say(f"No local oncall-tui data in {folder}; nothing to delete.")
        return 0
    try:
        lock = DataDirLock.acquire(folder, claim=False)
    except DataDirInUse as busy:
        holder = f" (pid {busy.pid})" if busy.pid is not None else ""
        raise UsageError(
            f"an oncall-tui app is running on {folder}{holder}; quit it first, then purge"
        ) from None
    with lock:
        unsent = count_unsent(folder / DB_FILE_NAME)
        if unsent is None:
            prompter.say("The database cannot be read, so unsent posts cannot be counted.")
        elif unsent:
            prompter.say(
                f"Warning: {unsent} post{'s' if unsent != 1 else ''} in the outbox "
                f"{'were' if unsent != 1 else 'was'} never sent to Slack; purging loses "
                f"{'them' if unsent != 1 else 'it'}."
            )
        if not assume_yes:
            question = (
                f"Delete all local oncall-tui data in {folder} (messages, drafts, outbox, "
                f"notes)? Type '{CONFIRM_WORD}' to confirm"
            )
            if prompter.ask(question) != CONFIRM_WORD:
                prompter.say("Nothing deleted.")
                return 1
        # Listed now: counting may have left SQLite's companion files behind.
        for target in purge_targets(folder):
            remove(target)
            prompter.say(f"removed {target}")
    prompter.say(f"Local oncall-tui data in {folder} is gone; Slack itself is untouched.")
    return 0


def purge_targets(folder: Path) -> list[Path]:
    """What purge deletes, in that order: the database files, then the export folders."""
    database = folder / DB_FILE_NAME
    candidates = [database.with_name(database.name + suffix) for suffix in _DB_SUFFIXES]
    candidates += [folder / name for name in EXPORT_DIRS]
    candidates.append(folder / REMEMBERED_FILE)  # who the token spoke for (warm_start.py)
    return [path for path in candidates if path.exists() or path.is_symlink()]


def count_unsent(database: Path) -> int | None:
    """Outbox items not yet in Slack; None when the database cannot be read."""
    if not database.exists():
        return 0
    try:
        # Plain sqlite3, not the store: purge must work on a database the store refuses. Not
        # read-only either: only a writer's close tidies away the -wal and -shm files, and a
        # cancelled purge must leave the folder as it found it.
        connection = sqlite3.connect(database)
        try:
            rows = connection.execute(
                "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending', 'failed')"
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return int(rows[0][0])


def remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError as exc:
        raise UsageError(f"{path}: cannot delete ({exc.strerror or exc})") from None
