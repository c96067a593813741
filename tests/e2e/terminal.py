"""A tmux session driven as a person would: keys typed or pasted, the screen read back.

Each Terminal has its own tmux server (`-L socket`), so a test never touches another's, and
`close()` ends only that server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

TMUX = shutil.which("tmux")
APP = Path(sys.executable).with_name("oncall-tui")
MISSING = "needs tmux and the installed oncall-tui (.ci/run installs both)"
BRACKETED_PASTE_START = "\x1b[200~"
BRACKETED_PASTE_END = "\x1b[201~"


def available() -> bool:
    return TMUX is not None and APP.exists()


class Terminal:
    def __init__(self, socket: str, session: str) -> None:
        self.socket, self.session = socket, session

    @classmethod
    def start(
        cls,
        socket: str,
        session: str,
        command: str,
        env: Mapping[str, str],
        *,
        width: int = 150,
        height: int = 45,
        keep_dead_pane: bool = False,
    ) -> Terminal:
        """A new tmux server running `command` in a `width` x `height` pane. With
        keep_dead_pane the pane stays after the command ends (to read its last screen, or to
        `respawn` it)."""
        assert TMUX is not None
        options = [";", "set-option", "-g", "remain-on-exit", "on"] if keep_dead_pane else []
        subprocess.run(
            [
                *(TMUX, "-L", socket, "new-session", "-d", "-s", session),
                *("-x", str(width), "-y", str(height), command, *options),
            ],
            check=True,
            env=dict(env),
            timeout=30,
        )
        return cls(socket, session)

    def tmux(self, *args: str, stdin: str | None = None, check: bool = False) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            input=stdin,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args[:3])}: {done.stderr.strip()}")
        return done.stdout

    def keys(self, *keys: str, pause: float = 0.2) -> None:
        """Named keys ("r", "C-s", "Escape"), one at a time with a human pause after each."""
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key, check=True)
            time.sleep(pause)

    def key(self, key: str) -> None:
        """One named key, no pause."""
        self.tmux("send-keys", "-t", self.session, key, check=True)

    def type_text(self, text: str) -> None:
        """`text` as typed keys, all at once (`send-keys -l`: a fast typist or a paste without
        bracketed-paste markers)."""
        # "--": a text starting with "-" is text, not tmux options.
        self.tmux("send-keys", "-t", self.session, "-l", "--", text, check=True)

    def paste_escapes(self, text: str) -> None:
        """A bracketed paste as a terminal sends it: ESC [200~ text ESC [201~."""
        self.type_text(BRACKETED_PASTE_START + text + BRACKETED_PASTE_END)

    def paste_buffer(self, text: str) -> None:
        """tmux's own paste (`paste-buffer -p`): bracketed when the app asked for it."""
        self.tmux("load-buffer", "-b", "e2e", "-", stdin=text, check=True)
        self.tmux("paste-buffer", "-p", "-d", "-b", "e2e", "-t", self.session, check=True)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def pane(self, field: str) -> str:
        return self.tmux("display-message", "-p", "-t", self.session, f"#{{{field}}}").strip()

    def pane_pid(self) -> int:
        return int(self.pane("pane_pid"))

    def pane_dead(self) -> bool:
        return self.pane("pane_dead") == "1"

    def respawn(self, command: str, env: Mapping[str, str] | None = None) -> None:
        """Run `command` again in the (dead) pane, with `env` added to the server's."""
        extra = [arg for name, value in (env or {}).items() for arg in ("-e", f"{name}={value}")]
        self.tmux("respawn-pane", "-k", "-t", self.session, *extra, command)

    def wait_for(self, seen: Callable[[str], bool], what: str, seconds: float = 30) -> str:
        """Read the screen until `seen` says yes (bounded: a missing screen fails the test)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            text = self.screen()
            if seen(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"never saw {what}; the screen was:\n{self.screen()}")

    def close(self) -> None:
        self.tmux("kill-server")


def environment(home: Path, extra: Mapping[str, str]) -> dict[str, str]:
    """The app's environment: no token of the developer's, a home of its own, UTC, UTF-8."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SLACK_")}
    env.update({"HOME": str(home), "TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC"})
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env.update(extra)
    return env
