"""`oncall-tui auth login | logout | status`: the Slack token in the OS keyring.

The token is read hidden, checked with Slack before it is kept, and never printed: not its value,
not a part of it (only its kind, from the prefix every Slack token starts with).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from typing import Final

import keyring
import keyring.errors
from keyring.backends import fail, null

from oncall_tui.commands.base import UsageError, add_config_option, api_url_for, config_path
from oncall_tui.commands.prompts import Prompter
from oncall_tui.commands.slack_checks import check_app_token, check_token
from oncall_tui.slack.tokens import (
    TokenError,
    TokenKind,
    check_token_shape,
    delete_token,
    find_app_token,
    find_token,
    store_token,
)

SUMMARY = "keep the Slack token in the OS keyring: login, logout, status"

ENV_VARS: Final[dict[TokenKind, str]] = {"slack": "SLACK_TOKEN", "app": "SLACK_APP_TOKEN"}
_TOKEN_NAMES: Final[dict[TokenKind, str]] = {
    "slack": "Slack token",
    "app": "Socket Mode app-level token",
}
_KINDS_BY_PREFIX: Final = {"xoxp-": "a user token", "xoxb-": "a bot token", "xapp-": "an app token"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="auth_action", metavar="ACTION", required=True)
    login = actions.add_parser(
        "login",
        help="check a token with Slack and keep it in the OS keyring",
        description="Reads the token hidden (or from stdin when it is not a terminal), checks "
        "it with Slack's auth.test and stores it in the OS keyring.",
    )
    login.add_argument(
        "--app",
        action="store_true",
        help="the Socket Mode app-level token (xapp-) instead of the Slack token",
    )
    add_config_option(login)
    actions.add_parser("logout", help="remove the stored tokens from the OS keyring")
    actions.add_parser("status", help="where the tokens come from (never the tokens)")


def run(args: argparse.Namespace) -> int:
    prompter = Prompter()
    if args.auth_action == "login":
        return login_app(args, prompter) if args.app else login(args, prompter)
    if args.auth_action == "logout":
        return logout(prompter)
    return status(prompter)


def login(args: argparse.Namespace, prompter: Prompter) -> int:
    api_url = api_url_for(config_path(args))
    token = check_token_shape(prompter.ask_secret("Slack user token (xoxp-…, input hidden)"))
    checked = asyncio.run(check_token(token, api_url))
    prompter.say(f"✓ Slack at {api_url} knows this token: {checked.describe_identity()}")
    prompter.say(("✗ " if checked.missing_scopes else "✓ ") + checked.describe_scopes())
    save_token(token, "slack")
    prompter.say("✓ Saved in the OS keyring.")
    warn_if_env_wins("slack", prompter)
    return 0


def login_app(args: argparse.Namespace, prompter: Prompter) -> int:
    api_url = api_url_for(config_path(args))
    question = "Socket Mode app-level token (xapp-…, input hidden)"
    app_token = check_token_shape(prompter.ask_secret(question), "app")
    asyncio.run(check_app_token(app_token, api_url))
    prompter.say(f"✓ Slack at {api_url} opens Socket Mode connections for this token")
    save_token(app_token, "app")
    prompter.say("✓ Saved in the OS keyring.")
    warn_if_env_wins("app", prompter)
    return 0


def logout(prompter: Prompter) -> int:
    for kind, name in _TOKEN_NAMES.items():
        try:
            removed = delete_token(kind)
        except TokenError as error:
            if isinstance(error.__context__, keyring.errors.NoKeyringError):
                prompter.say(f"No OS keyring here, so no {name} was stored in one.")
                continue
            raise
        if removed:
            prompter.say(f"✓ Removed the {name} from the OS keyring.")
        else:
            prompter.say(f"No {name} in the OS keyring; nothing to remove.")
    for kind, env_var in ENV_VARS.items():
        if os.environ.get(env_var, "").strip():
            prompter.say(
                f"${env_var} is still set in this shell: unset it (and remove it from your "
                f"shell profile) to stop using the {_TOKEN_NAMES[kind]}."
            )
    return 0


def status(prompter: Prompter) -> int:
    slack_found = _report(prompter, "slack")
    _report(prompter, "app")
    usable, backend = keyring_backend()
    prompter.say(f"OS keyring: {backend}" + ("" if usable else " (none usable)"))
    return 0 if slack_found else 1


def _report(prompter: Prompter, kind: TokenKind) -> bool:
    name = _TOKEN_NAMES[kind]
    try:
        lookup = find_token() if kind == "slack" else find_app_token()
    except TokenError as error:
        prompter.say(f"{name}: {error}")
        return False
    if lookup.token is None:
        prompter.say(f"{name}: none ({lookup.hint})")
        return False
    prompter.say(f"{name}: {token_kind(lookup.token)}, {lookup.hint}")
    return True


def token_kind(token: str) -> str:
    """What kind of token this is, from its prefix: safe to show, unlike the token."""
    for prefix, kind in _KINDS_BY_PREFIX.items():
        if token.startswith(prefix):
            return f"{kind} ({prefix})"
    return "a token"


def save_token(token: str, kind: TokenKind) -> None:
    """Keep the token in the OS keyring, or say how to proceed without one (never a plaintext
    file behind the user's back)."""
    no_keyring = f"no OS keyring here: export {ENV_VARS[kind]}=… in your shell profile instead"
    try:
        store_token(token, kind)
    except TokenError as error:
        # store_token hides the keyring's own exception; a missing backend deserves its own fix.
        if isinstance(error.__context__, keyring.errors.NoKeyringError):
            raise UsageError(no_keyring) from None
        raise
    # Some backends (the null one) accept a password and keep nothing: read it back.
    kept = find_token({}) if kind == "slack" else find_app_token({})
    if kept.token != token:
        raise UsageError(no_keyring)


def warn_if_env_wins(kind: TokenKind, prompter: Prompter) -> None:
    env_var = ENV_VARS[kind]
    if os.environ.get(env_var, "").strip():
        prompter.say(
            f"Note: ${env_var} is set in this shell and wins over the keyring: unset it to use "
            "the token just saved."
        )


def keyring_backend() -> tuple[bool, str]:
    """Whether an OS keyring can keep the token, and the backend's name."""
    try:
        backend = keyring.get_keyring()
    except Exception as error:  # a PYTHON_KEYRING_BACKEND that is not installed, say
        return False, f"unavailable ({type(error).__name__})"
    usable = not isinstance(backend, fail.Keyring | null.Keyring)
    return usable, str(backend.name)
