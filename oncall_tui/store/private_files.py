"""The data dir and every file in it are private: the folder 0700, each file 0600 from its
first byte. Customer words are in all of them (the database, handoffs, reports, invites).

    note = claim_data_dir(data_dir)      # at start-up; a one-line note if it had to chmod
    write_private_text(data_dir / "reports" / "week.md", text)
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Final

from oncall_tui.store.errors import StoreError

# What oncall-tui itself keeps in its data dir: the database (and SQLite's files beside it), the
# lock, the opt-in token files, who the token spoke for (commands/warm_start.py), and the folders
# of exports.
_OUR_NAMES: Final = re.compile(
    r"oncall\.sqlite3(-wal|-shm|-journal)?|oncall\.lock|slack-token|slack-app-token"
    r"|slack-identity\.json"
    r"|reports|handoffs|calls|crash-reports|\.[\w.-]*\.tmp"
)
_SHOWN: Final = 3


def make_private_dir(folder: Path) -> None:
    """Create `folder` and missing parents as 0700 (mkdir's mode is filtered by the umask)."""
    missing = [parent for parent in (*reversed(folder.parents), folder) if not parent.exists()]
    for parent in missing:
        parent.mkdir(mode=0o700, exist_ok=True)
        os.chmod(parent, 0o700)


def claim_data_dir(data_dir: Path) -> str | None:
    """Make the data dir ours and private: created 0700 when missing; an existing one that is
    empty or holds only our files is made 0700 (the note says so); one that holds anything else
    (`--data-dir ~`) is refused with StoreError, untouched."""
    if not data_dir.exists():
        make_private_dir(data_dir)
        return None
    if not data_dir.is_dir():
        raise StoreError(f"{data_dir}: not a folder; give --data-dir a folder of its own")
    others = sorted(entry.name for entry in data_dir.iterdir() if not _ours(entry.name))
    if others:
        more = len(others) - _SHOWN
        shown = ", ".join(others[:_SHOWN]) + (f" and {more} more" if more > 0 else "")
        raise StoreError(
            f"{data_dir}: holds files that are not oncall-tui's ({shown}); "
            "give --data-dir a folder of its own (it is made private, 0700)"
        )
    mode = stat.S_IMODE(data_dir.stat().st_mode)
    if mode == 0o700:
        return None
    os.chmod(data_dir, 0o700)
    return f"{data_dir} was readable by others ({mode:o}); made it private (700)"


def write_private_text(path: Path, text: str) -> None:
    """Write `text` (UTF-8, line ends as given) to `path`, 0600 from the first byte, replacing
    it whole: a temporary file beside it is fsync'd and renamed over it. Missing folders are
    made 0700."""
    make_private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(
        temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600
    )
    try:
        os.fchmod(descriptor, 0o600)  # an old temporary may have been looser
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            descriptor = -1
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        if descriptor >= 0:
            os.close(descriptor)
        temporary.unlink(missing_ok=True)
        raise


def _ours(name: str) -> bool:
    return _OUR_NAMES.fullmatch(name) is not None
