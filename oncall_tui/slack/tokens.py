"""Where the Slack tokens come from: the environment first, then the OS keyring, then (only when
the user opted in with `oncall-tui auth login --token-file`) a 0600 file in the data dir.

Keyring calls block (they may talk to D-Bus or show an unlock prompt), so they belong to CLI
start-up or a thread, never to the event loop. `keyring` is imported only when it is asked (it
costs the app's start ~20-30 ms, and `redact` is used everywhere).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from oncall_tui.store.lock import make_private_dir

KEYRING_SERVICE = "oncall-tui"
TOKEN_FILE_MODE: Final = 0o600
# A token is under 300 characters; anything much longer is not a token file.
_TOKEN_FILE_MAX_BYTES: Final = 4096

TokenKind = Literal["slack", "app"]
TokenSource = Literal["environment", "keyring", "file"]


@dataclass(frozen=True, slots=True)
class _TokenSpec:
    env_var: str
    keyring_user: str
    prefixes: tuple[str, ...]
    description: str


_SPECS: dict[TokenKind, _TokenSpec] = {
    "slack": _TokenSpec("SLACK_TOKEN", "slack-token", ("xoxp-", "xoxb-"), "Slack user or bot"),
    "app": _TokenSpec("SLACK_APP_TOKEN", "slack-app-token", ("xapp-",), "Slack app-level"),
}

# xoxb-/xoxp-/xoxa-/xoxe-... and app-level xapp- tokens, as they appear in text or URLs.
_TOKEN_PATTERN = re.compile(r"\b(xox[a-z]-|xapp-)[A-Za-z0-9-]+")


class TokenError(ValueError):
    """A token that is missing, malformed, or cannot be saved; the message says what to fix."""


class TokenFileTooOpen(TokenError):
    """The token file can be read by other users: it is refused until it is 0600 again."""

    def __init__(self, path: Path, mode: int) -> None:
        self.path = path
        self.mode = mode
        super().__init__(
            f"the token file {path} is {mode:04o}, so other users may read it: "
            f"run `chmod 600 {path}`"
        )


@dataclass(frozen=True, slots=True)
class TokenLookup:
    """The token found (None when there is none), a one-line note of where it came from, and
    which place that was."""

    token: str | None
    hint: str
    source: TokenSource | None = None

    @property
    def found(self) -> bool:
        return self.token is not None


def redact(text: str) -> str:
    """`text` with every Slack token masked, keeping only its kind (`xoxb-***`)."""
    return _TOKEN_PATTERN.sub(lambda match: f"{match.group(1)}***", text)


def check_token_shape(token: str, kind: TokenKind = "slack") -> str:
    """The token without surrounding whitespace, or a TokenError saying what it should look like."""
    spec = _SPECS[kind]
    cleaned = token.strip()
    if not cleaned.startswith(spec.prefixes):
        expected = " or ".join(spec.prefixes)
        # Never echo the value: a mistyped token is still mostly a secret.
        raise TokenError(
            f"{spec.env_var} is not a {spec.description} token: it must start with {expected}"
        )
    if any(character.isspace() for character in cleaned):
        raise TokenError(f"{spec.env_var} contains spaces: paste the token as a single word")
    return cleaned


def find_token(
    env: Mapping[str, str] | None = None, *, data_dir: Path | None = None
) -> TokenLookup:
    """The Slack Web API token: SLACK_TOKEN in the environment, else the OS keyring, else the
    token file in `data_dir` (not looked for when `data_dir` is None)."""
    return _find("slack", os.environ if env is None else env, data_dir)


def find_app_token(
    env: Mapping[str, str] | None = None, *, data_dir: Path | None = None
) -> TokenLookup:
    """The Socket Mode app token: SLACK_APP_TOKEN in the environment, else the OS keyring, else
    the app token file in `data_dir` (not looked for when `data_dir` is None)."""
    return _find("app", os.environ if env is None else env, data_dir)


def token_file_path(data_dir: Path, kind: TokenKind = "slack") -> Path:
    """Where `auth login --token-file` keeps a token of this kind."""
    return data_dir / _SPECS[kind].keyring_user


def store_token(token: str, kind: TokenKind = "slack") -> None:
    """Save a token in the OS keyring after checking its shape."""
    spec = _SPECS[kind]
    cleaned = check_token_shape(token, kind)
    import keyring
    import keyring.errors

    try:
        keyring.set_password(KEYRING_SERVICE, spec.keyring_user, cleaned)
    except keyring.errors.KeyringError as error:
        raise TokenError(
            f"could not save the token in the OS keyring ({type(error).__name__}): "
            f"set {spec.env_var} in the environment instead"
        ) from None


def delete_token(kind: TokenKind = "slack") -> bool:
    """Remove a token from the OS keyring; False when there was none (or no keyring)."""
    spec = _SPECS[kind]
    import keyring
    import keyring.errors

    try:
        keyring.delete_password(KEYRING_SERVICE, spec.keyring_user)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as error:
        raise TokenError(
            f"could not reach the OS keyring ({type(error).__name__}) to delete the token"
        ) from None
    return True


def save_token_file(token: str, data_dir: Path, kind: TokenKind = "slack") -> Path:
    """Keep a token in its file in `data_dir` (created 0700 when missing), replacing any older
    one in a single step; the file is 0600 before the first byte goes in. Returns its path."""
    cleaned = check_token_shape(token, kind)
    path = token_file_path(data_dir, kind)
    try:
        make_private_dir(data_dir)
        # mkstemp opens with O_CREAT | O_EXCL and mode 0600: no moment with wider permissions.
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=data_dir)
    except OSError as error:
        raise TokenError(f"could not create the token file {path}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            os.fchmod(file.fileno(), TOKEN_FILE_MODE)
            file.write(cleaned + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise TokenError(f"could not write the token file {path}: {error.strerror}") from None
    return path


def delete_token_file(data_dir: Path, kind: TokenKind = "slack") -> Path | None:
    """Remove a token's file from `data_dir`: its path, or None when there was none."""
    path = token_file_path(data_dir, kind)
    try:
        path.unlink()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise TokenError(f"could not delete the token file {path}: {error.strerror}") from None
    return path


def _find(kind: TokenKind, env: Mapping[str, str], data_dir: Path | None) -> TokenLookup:
    spec = _SPECS[kind]
    from_env = env.get(spec.env_var, "")
    if from_env.strip():
        return TokenLookup(
            check_token_shape(from_env, kind), f"from ${spec.env_var}", "environment"
        )

    place = f'OS keyring (service "{KEYRING_SERVICE}", user "{spec.keyring_user}")'
    from_keyring: str | None = None
    import keyring
    import keyring.errors

    try:
        from_keyring = keyring.get_password(KEYRING_SERVICE, spec.keyring_user)
    except keyring.errors.NoKeyringError:
        keyring_note = "there is no OS keyring here"
    except Exception as error:
        # Backends fail in their own ways (D-Bus errors, a PYTHON_KEYRING_BACKEND that is not
        # installed raises ModuleNotFoundError): any of them just means "no token from there".
        keyring_note = f"the OS keyring failed ({type(error).__name__})"
    else:
        keyring_note = f"the {place} has no token"
    if from_keyring is not None and from_keyring.strip():
        try:
            token = check_token_shape(from_keyring, kind)
        except TokenError:
            raise TokenError(
                f"the token in the {place} is not a {spec.description} token "
                f"(expected {' or '.join(spec.prefixes)}): store a new one"
            ) from None
        return TokenLookup(token, f"from the {place}", "keyring")

    if data_dir is None:
        return TokenLookup(None, f"${spec.env_var} is not set and {keyring_note}")
    path = token_file_path(data_dir, kind)
    from_file = _read_token_file(path)
    if from_file is None:
        return TokenLookup(
            None, f"${spec.env_var} is not set, {keyring_note} and there is no token file {path}"
        )
    try:
        token = check_token_shape(from_file, kind)
    except TokenError:
        raise TokenError(
            f"the token file {path} does not hold a {spec.description} token "
            f"(expected {' or '.join(spec.prefixes)}): store a new one"
        ) from None
    return TokenLookup(token, f"from the token file {path}", "file")


def _read_token_file(path: Path) -> str | None:
    """The file's text, None when there is no such file. Refused when others may read it: the
    permissions are checked on the open file, so a chmod in between cannot slip past."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        reason = "it is a symbolic link" if error.errno == errno.ELOOP else error.strerror
        raise TokenError(f"cannot read the token file {path}: {reason}") from None
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise TokenError(f"the token file {path} is not a regular file: remove it")
        mode = stat.S_IMODE(status.st_mode)
        if mode & 0o077:
            raise TokenFileTooOpen(path, mode)
        raw = file.read(_TOKEN_FILE_MAX_BYTES)
    # Undecodable bytes become U+FFFD and fail the shape check, which never echoes the value.
    return raw.decode("ascii", errors="replace")
