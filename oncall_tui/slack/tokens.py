"""Where the Slack tokens come from: the environment first, then the OS keyring.

Keyring calls block (they may talk to D-Bus or show an unlock prompt), so they belong to CLI
start-up, before the app runs, never to the event loop.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import keyring
import keyring.errors

KEYRING_SERVICE = "oncall-tui"

TokenKind = Literal["slack", "app"]


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


@dataclass(frozen=True, slots=True)
class TokenLookup:
    """The token found (None when there is none) and a one-line note of where it came from."""

    token: str | None
    hint: str

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


def find_token(env: Mapping[str, str] | None = None) -> TokenLookup:
    """The Slack Web API token: SLACK_TOKEN in the environment, else the OS keyring."""
    return _find("slack", os.environ if env is None else env)


def find_app_token(env: Mapping[str, str] | None = None) -> TokenLookup:
    """The Socket Mode app token: SLACK_APP_TOKEN in the environment, else the OS keyring."""
    return _find("app", os.environ if env is None else env)


def store_token(token: str, kind: TokenKind = "slack") -> None:
    """Save a token in the OS keyring after checking its shape."""
    spec = _SPECS[kind]
    cleaned = check_token_shape(token, kind)
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
    try:
        keyring.delete_password(KEYRING_SERVICE, spec.keyring_user)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as error:
        raise TokenError(
            f"could not reach the OS keyring ({type(error).__name__}) to delete the token"
        ) from None
    return True


def _find(kind: TokenKind, env: Mapping[str, str]) -> TokenLookup:
    spec = _SPECS[kind]
    from_env = env.get(spec.env_var, "")
    if from_env.strip():
        return TokenLookup(check_token_shape(from_env, kind), f"from ${spec.env_var}")

    place = f'OS keyring (service "{KEYRING_SERVICE}", user "{spec.keyring_user}")'
    try:
        from_keyring = keyring.get_password(KEYRING_SERVICE, spec.keyring_user)
    except keyring.errors.NoKeyringError:
        return TokenLookup(None, f"${spec.env_var} is not set and there is no OS keyring here")
    except Exception as error:
        # Backends fail in their own ways (D-Bus errors, a PYTHON_KEYRING_BACKEND that is not
        # installed raises ModuleNotFoundError): any of them just means "no token from there".
        return TokenLookup(
            None,
            f"${spec.env_var} is not set and the OS keyring failed ({type(error).__name__}): "
            f"set {spec.env_var}",
        )
    if from_keyring is None or not from_keyring.strip():
        return TokenLookup(None, f"${spec.env_var} is not set and the {place} has no token")
    try:
        token = check_token_shape(from_keyring, kind)
    except TokenError:
        raise TokenError(
            f"the token in the {place} is not a {spec.description} token "
            f"(expected {' or '.join(spec.prefixes)}): store a new one"
        ) from None
    return TokenLookup(token, f"from the {place}")
