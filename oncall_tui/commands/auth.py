"""`oncall-tui auth login | logout | status`: the Slack token in the OS keyring.

The token is read hidden, checked with Slack before it is kept, and never printed: not its value,
not a part of it (only its kind, from the prefix every Slack token starts with). Without a usable
keyring it is kept nowhere unless the user asks for the 0600 token file (`--token-file`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import keyring
import keyring.errors
from keyring.backends import fail, null

from oncall_tui.commands.base import (
    UsageError,
    add_config_option,
    add_data_dir_option,
    api_url_for,
    config_path,
    data_dir,
)
from oncall_tui.commands.prompts import Prompter
from oncall_tui.commands.slack_checks import check_app_token, check_token
from oncall_tui.config import default_data_dir
from oncall_tui.slack.tokens import (
    TOKEN_FILE_MODE,
    TokenError,
    TokenKind,
    TokenLookup,
    check_token_shape,
    delete_token,
    delete_token_file,
    find_app_token,
    find_token,
    save_token_file,
    store_token,
    token_file_path,
)

SUMMARY = "keep the Slack token in the OS keyring (or a 0600 file): login, logout, status"
TOKEN_FILE_FLAG: Final = "--token-file"

ENV_VARS: Final[dict[TokenKind, str]] = {"slack": "SLACK_TOKEN", "app": "SLACK_APP_TOKEN"}
_TOKEN_NAMES: Final[dict[TokenKind, str]] = {
    "slack": "Slack token",
    "app": "Socket Mode app-level token",
}
_KINDS_BY_PREFIX: Final = {"xoxp-": "a user token", "xoxb-": "a bot token", "xapp-": "an app token"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="auth_action", metavar="ACTION", required=True)
    login_parser = actions.add_parser(
        "login",
        help="check a token with Slack and keep it in the OS keyring",
        description="Reads the token hidden (or from stdin when it is not a terminal), checks "
        "it with Slack's auth.test and stores it in the OS keyring; with --token-file, in a "
        "file in the data dir that only you can read (mode 0600).",
    )
    login_parser.add_argument(
        "--app",
        action="store_true",
        help="the Socket Mode app-level token (xapp-) instead of the Slack token",
    )
    login_parser.add_argument(
        TOKEN_FILE_FLAG,
        action="store_true",
        help="keep the token in a file only you can read (mode 0600) in the data dir, for "
        "machines without an OS keyring; the file is not encrypted",
    )
    add_config_option(login_parser)
    add_data_dir_option(login_parser)
    logout_parser = actions.add_parser(
        "logout", help="remove the stored tokens from the OS keyring and the token files"
    )
    add_data_dir_option(logout_parser)
    status_parser = actions.add_parser(
        "status", help="where the tokens come from (never the tokens)"
    )
    add_data_dir_option(status_parser)


def run(args: argparse.Namespace) -> int:
    prompter = Prompter()
    folder = data_dir(args)
    if args.auth_action == "login":
        kind: TokenKind = "app" if args.app else "slack"
        if not args.token_file:
            refuse_without_keyring(kind, folder)
        if args.app:
            return login_app(args, prompter, folder)
        return login(args, prompter, folder)
    if args.auth_action == "logout":
        return logout(prompter, folder)
    return status(prompter, folder)


def login(args: argparse.Namespace, prompter: Prompter, folder: Path) -> int:
    api_url = api_url_for(config_path(args))
    token = check_token_shape(prompter.ask_secret("Slack user token (xoxp-…, input hidden)"))
    checked = asyncio.run(check_token(token, api_url))
    prompter.say(f"✓ Slack at {api_url} knows this token: {checked.describe_identity()}")
    prompter.say(("✗ " if checked.missing_scopes else "✓ ") + checked.describe_scopes())
    keep(token, "slack", folder, prompter, in_file=args.token_file)
    return 0


def login_app(args: argparse.Namespace, prompter: Prompter, folder: Path) -> int:
    api_url = api_url_for(config_path(args))
    question = "Socket Mode app-level token (xapp-…, input hidden)"
    app_token = check_token_shape(prompter.ask_secret(question), "app")
    asyncio.run(check_app_token(app_token, api_url))
    prompter.say(f"✓ Slack at {api_url} opens Socket Mode connections for this token")
    keep(app_token, "app", folder, prompter, in_file=args.token_file)
    return 0


def keep(token: str, kind: TokenKind, folder: Path, prompter: Prompter, *, in_file: bool) -> None:
    """Store a token Slack accepted where the user chose, and say if another one would win."""
    if in_file:
        path = save_token_file(token, folder, kind)
        prompter.say(f"✓ Saved in {path} (mode {TOKEN_FILE_MODE:04o}, readable only by you).")
    else:
        save_token(token, kind, folder)
        prompter.say("✓ Saved in the OS keyring.")
    warn_if_env_wins(kind, prompter)
    if in_file:
        warn_if_keyring_wins(kind, prompter)
    else:
        mention_unused_token_file(kind, folder, prompter)


def logout(prompter: Prompter, folder: Path) -> int:
    for kind, name in _TOKEN_NAMES.items():
        removed_file = delete_token_file(folder, kind)
        if removed_file is not None:
            prompter.say(f"✓ Removed the {name} file {removed_file}.")
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


def status(prompter: Prompter, folder: Path) -> int:
    slack_found = _report(prompter, "slack", folder)
    _report(prompter, "app", folder)
    usable, backend = keyring_backend()
    prompter.say(f"OS keyring: {backend}" + ("" if usable else " (none usable)"))
    return 0 if slack_found else 1


def _report(prompter: Prompter, kind: TokenKind, folder: Path) -> bool:
    name = _TOKEN_NAMES[kind]
    try:
        lookup = lookup_token(kind, data_dir=folder)
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


def lookup_token(
    kind: TokenKind, env: Mapping[str, str] | None = None, *, data_dir: Path | None = None
) -> TokenLookup:
    """find_token or find_app_token, by kind."""
    find = find_token if kind == "slack" else find_app_token
    return find(env, data_dir=data_dir)


def without_keyring(kind: TokenKind, folder: Path | None = None) -> str:
    """How to proceed on a machine whose OS keyring cannot keep the token."""
    default = default_data_dir()
    path = token_file_path(folder or default, kind)
    again = "oncall-tui auth login" + (" --app" if kind == "app" else "") + f" {TOKEN_FILE_FLAG}"
    if folder is not None and folder != default:
        again += f" --data-dir {folder}"
    return (
        f"export {ENV_VARS[kind]}=… in your shell profile, or run `{again}` to keep it in "
        f"{path} (mode {TOKEN_FILE_MODE:04o}, not encrypted)"
    )


def refuse_without_keyring(kind: TokenKind, folder: Path) -> None:
    """Before asking for a token: stop when the OS keyring could not keep it."""
    usable, _ = keyring_backend()
    if not usable:
        raise UsageError(f"no OS keyring here: {without_keyring(kind, folder)}")


def save_token(token: str, kind: TokenKind, folder: Path | None = None) -> None:
    """Keep the token in the OS keyring, or say how to proceed without one (never a plaintext
    file behind the user's back). `folder` is the data dir the token file would go in."""
    try:
        store_token(token, kind)
    except TokenError as error:
        # store_token hides the keyring's own exception; a keyring that fails deserves the same
        # way out as a missing one.
        if isinstance(error.__context__, keyring.errors.NoKeyringError):
            raise UsageError(f"no OS keyring here: {without_keyring(kind, folder)}") from None
        if isinstance(error.__context__, keyring.errors.KeyringError):
            failure = type(error.__context__).__name__
            raise UsageError(
                f"the OS keyring could not keep the token ({failure}): "
                f"{without_keyring(kind, folder)}"
            ) from None
        raise
    # Some backends (the null one) accept a password and keep nothing: read it back.
    if lookup_token(kind, {}).token != token:
        raise UsageError(f"no OS keyring here: {without_keyring(kind, folder)}")


def warn_if_env_wins(kind: TokenKind, prompter: Prompter) -> None:
    env_var = ENV_VARS[kind]
    if os.environ.get(env_var, "").strip():
        prompter.say(
            f"Note: ${env_var} is set in this shell and wins over the token just saved: unset "
            "it to use the saved one."
        )


def warn_if_keyring_wins(kind: TokenKind, prompter: Prompter) -> None:
    """After saving to the token file: the OS keyring is looked in first."""
    try:
        in_keyring = lookup_token(kind, {}).source == "keyring"
    except TokenError:
        in_keyring = True  # the keyring holds something, even if not a usable token
    if in_keyring:
        prompter.say(
            f"Note: the OS keyring also holds a {_TOKEN_NAMES[kind]} and wins over the file: "
            "run `oncall-tui auth logout`, then log in again, to use the file."
        )


def mention_unused_token_file(kind: TokenKind, folder: Path, prompter: Prompter) -> None:
    """After saving to the keyring: an older token file is not read any more, but still there."""
    path = token_file_path(folder, kind)
    if path.exists():
        prompter.say(
            f"Note: {path} still holds an older {_TOKEN_NAMES[kind]} (the keyring wins over "
            f"it): delete it with `rm {path}`."
        )


def keyring_backend() -> tuple[bool, str]:
    """Whether an OS keyring can keep the token, and the backend's name."""
    try:
        backend = keyring.get_keyring()
    except Exception as error:  # a PYTHON_KEYRING_BACKEND that is not installed, say
        return False, f"unavailable ({type(error).__name__})"
    usable = not isinstance(backend, fail.Keyring | null.Keyring)
    return usable, str(backend.name)
