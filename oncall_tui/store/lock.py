"""One oncall-tui per data dir: an exclusive advisory lock on `<data dir>/oncall.lock`.

Two apps on one store would both sync and both send the outbox, so a customer could get a post
twice. `flock` is released by the OS when the process ends, crash or not: a stale lock file never
blocks the next start. The file holds the holder's pid, only so the refusal can name it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import Final

from oncall_tui.store.errors import StoreError
from oncall_tui.store.private_files import claim_data_dir, make_private_dir

__all__ = ["LOCK_FILE_NAME", "DataDirInUse", "DataDirLock", "holder_pid", "make_private_dir"]

LOCK_FILE_NAME: Final = "oncall.lock"


class DataDirInUse(StoreError):
    """Another process holds the data dir's lock."""

    def __init__(self, data_dir: Path, pid: int | None) -> None:
        self.data_dir = data_dir
        self.pid = pid
        holder = f" (pid {pid})" if pid is not None else ""
        super().__init__(
            f"another oncall-tui is running on {data_dir}{holder}; close it or use --data-dir"
        )


class DataDirLock:
    """Held from `acquire` until `release` (or the process ends)."""

    def __init__(self, data_dir: Path, descriptor: int, note: str | None = None) -> None:
        self.data_dir = data_dir
        self._descriptor: int | None = descriptor
        # One line for the engineer when the data dir had to be made private.
        self.note = note

    @classmethod
    def acquire(cls, data_dir: Path, *, claim: bool = True) -> DataDirLock:
        """Take the lock, creating the data dir (0700) and lock file (0600) when missing; an
        existing data dir is made 0700 if it holds only our files (`note` says so).

        Raises DataDirInUse when another process holds it, StoreError when it cannot be made or
        holds files that are not ours (`--data-dir ~`). `claim=False` (purge, which removes
        only our files) locks a folder as it is, creating it if missing.
        """
        path = data_dir / LOCK_FILE_NAME
        try:
            if claim:
                note = claim_data_dir(data_dir)
            else:
                note = None
                make_private_dir(data_dir)
            # Not O_TRUNC: the holder's pid must survive a refused attempt.
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            os.fchmod(descriptor, 0o600)  # an older lock file may have been looser
        except OSError as exc:
            raise StoreError(
                f"{path}: cannot create the lock file ({exc.strerror or exc})"
            ) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise DataDirInUse(data_dir, holder_pid(data_dir)) from None
        except OSError as exc:
            os.close(descriptor)
            raise StoreError(f"{path}: cannot lock ({exc.strerror or exc})") from None
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        return cls(data_dir, descriptor, note)

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def release(self) -> None:
        """Let go of the lock; the file stays (removing it would race a new holder)."""
        if self._descriptor is None:
            return
        descriptor, self._descriptor = self._descriptor, None
        with contextlib.suppress(OSError):
            os.ftruncate(descriptor, 0)
        os.close(descriptor)  # closing the only descriptor releases the flock

    def __enter__(self) -> DataDirLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def holder_pid(data_dir: Path) -> int | None:
    """The pid written by the lock's holder, when it can be read."""
    try:
        text = (data_dir / LOCK_FILE_NAME).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None
