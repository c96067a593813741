"""`oncall-tui doctor`: one ✓/✗ line per thing the app needs, with the fix for each ✗.

Exit code 0 when nothing failed, 1 otherwise. Lines marked "-" were skipped (an earlier check
failed) or are optional. No line ever shows a token: every line goes through `redact`.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from slack_sdk.errors import SlackApiError

from oncall_tui.commands.auth import keyring_backend, token_kind
from oncall_tui.commands.base import (
    UsageError,
    add_config_option,
    add_data_dir_option,
    config_path,
    data_dir,
)
from oncall_tui.commands.slack_checks import (
    MANIFEST_HINT,
    TokenCheck,
    check_app_token,
    check_token,
)
from oncall_tui.config import ConfigError, Settings, load_settings
from oncall_tui.runtime.wiring import DB_FILE_NAME
from oncall_tui.slack.api import Json, SlackApi, SlackCallError
from oncall_tui.slack.client import (
    SlackAuthError,
    SlackUnreachable,
    api_url_from,
    make_client,
    slack_error_code,
)
from oncall_tui.slack.internal_channels import UNREADABLE, InternalChannel, check_readable
from oncall_tui.slack.pacing import TIER_3, Pacer
from oncall_tui.slack.poll_plan import plan_polls
from oncall_tui.slack.tokens import (
    TokenError,
    TokenFileTooOpen,
    TokenLookup,
    find_app_token,
    find_token,
    redact,
)
from oncall_tui.store.store import Store, StoreError

SUMMARY = "check the set-up: config, token, scopes, channels, Socket Mode, keyring, data"

LIST_PAGE_SIZE: Final = 200
_MARKS: Final = {True: "✓", False: "✗", None: "-"}


@dataclass(frozen=True, slots=True)
class Check:
    passed: bool | None  # None: skipped, or optional and not set up
    what: str
    detail: str
    fix: str = ""

    def line(self) -> str:
        text = f"{_MARKS[self.passed]} {self.what}: {self.detail}"
        return redact(f"{text} → {self.fix}" if self.fix else text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_config_option(parser)
    add_data_dir_option(parser)


def run(args: argparse.Namespace) -> int:
    doctor = Doctor(os.environ)
    doctor.examine(config_path(args), data_dir(args))
    failed = sum(1 for check in doctor.checks if check.passed is False)
    if failed:
        print(f"{failed} problem{'s' if failed > 1 else ''}: fix the ✗ lines above.")
        return 1
    passed = sum(1 for check in doctor.checks if check.passed)
    print(f"All {passed} checks passed.")
    return 0


class Doctor:
    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.checks: list[Check] = []

    def report(self, check: Check) -> None:
        self.checks.append(check)
        print(check.line(), flush=True)

    def examine(self, config: Path, data: Path) -> None:
        settings = self.config(config)
        lookup = self.token(data)
        self.keyring(lookup)
        try:
            api_url = api_url_from(settings, self.env)
        except ValueError as error:
            self.report(Check(False, "Slack API", str(error)))
        else:
            token = lookup.token if lookup else None
            asyncio.run(self.slack(api_url, token, settings, data))
        self.data_dir(data)
        self.database(data / DB_FILE_NAME)

    # -- on this machine ------------------------------------------------------------------------

    def config(self, path: Path) -> Settings | None:
        try:
            settings = load_settings(path)
        except ConfigError as error:
            self.report(Check(False, "config", str(error)))
            return None
        self.report(Check(True, "config", f"{path} reads fine"))
        return settings

    def token(self, data: Path) -> TokenLookup | None:
        """The Slack token and where it came from; None when looking for it failed."""
        login = "run `oncall-tui auth login`, or export SLACK_TOKEN=…"
        try:
            lookup = find_token(self.env, data_dir=data)
        except TokenFileTooOpen as error:
            detail = f"{error.path} is {error.mode:04o}: other users may read the token in it"
            self.report(Check(False, "Slack token", detail, f"chmod 600 {error.path}"))
            return None
        except TokenError as error:
            self.report(Check(False, "Slack token", str(error), login))
            return None
        if lookup.token is None:
            self.report(Check(False, "Slack token", f"none found ({lookup.hint})", login))
        else:
            self.report(Check(True, "Slack token", f"{token_kind(lookup.token)}, {lookup.hint}"))
        return lookup

    def keyring(self, lookup: TokenLookup | None) -> None:
        usable, backend = keyring_backend()
        source = lookup.source if lookup else None
        if usable:
            self.report(Check(True, "OS keyring", backend))
        elif source == "environment":
            self.report(Check(True, "OS keyring", f"none ({backend}); fine: $SLACK_TOKEN is set"))
        elif source == "file":
            self.report(
                Check(True, "OS keyring", f"none ({backend}); fine: the token file is used")
            )
        else:
            fix = (
                "export SLACK_TOKEN=… in your shell profile instead, or keep it in a 0600 file "
                "with `oncall-tui auth login --token-file`"
            )
            self.report(Check(False, "OS keyring", f"none usable ({backend})", fix))

    def data_dir(self, path: Path) -> None:
        if not path.exists():
            self.report(Check(True, "data dir", f"{path} (not there yet: created 0700 next)"))
            return
        if not path.is_dir():
            fix = "move it aside, or choose another place with --data-dir"
            self.report(Check(False, "data dir", f"{path} is not a directory", fix))
            return
        if not os.access(path, os.W_OK | os.X_OK):
            fix = f"make it yours (chown) and writable, or use --data-dir; then chmod 700 {path}"
            self.report(Check(False, "data dir", f"{path} is not writable", fix))
            return
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            detail = f"{path} is {mode:04o}: others may read the customer messages in it"
            self.report(Check(False, "data dir", detail, f"chmod 700 {path}"))
            return
        self.report(Check(True, "data dir", f"{path} ({mode:04o}, writable)"))

    def database(self, path: Path) -> None:
        fix = (
            "run `oncall-tui purge` (the next start reads everything again from Slack), "
            f"or restore {path.name} from a backup"
        )
        try:
            damage = asyncio.run(_open_store(path))
        except StoreError as error:
            self.report(Check(False, "database", str(error), fix))
            return
        if damage:
            detail = f"{path} is damaged: {'; '.join(damage)}"
            self.report(Check(False, "database", detail, fix))
            return
        self.report(Check(True, "database", f"{path} opens and reads whole"))

    # -- with Slack -----------------------------------------------------------------------------

    async def slack(
        self, api_url: str, token: str | None, settings: Settings | None, data: Path
    ) -> None:
        checked = await self.api_and_token(api_url, token)
        if checked is not None:
            self.scopes(checked)
        if settings is None or checked is None or token is None:
            self.report(Check(None, "channels", "not checked (needs the config and a valid token)"))
        else:
            await self.channels(SlackApi(make_client(token, api_url), Pacer()), settings)
        await self.socket_mode(api_url, settings, data)

    async def api_and_token(self, api_url: str, token: str | None) -> TokenCheck | None:
        """auth.test, also without a token: any answer from Slack shows the API is reachable."""
        try:
            checked = await check_token(token or "", api_url)
        except SlackUnreachable as error:
            fix = "check the network or proxy, and SLACK_API_URL / [slack] api_url"
            self.report(Check(False, "Slack API", str(error), fix))
            self.report(Check(None, "token valid", "not checked (Slack not reachable)"))
            return None
        except SlackAuthError as error:
            self.report(Check(True, "Slack API", f"reachable at {api_url}"))
            if token is not None:
                fix = "create a new token and run `oncall-tui auth login`"
                self.report(Check(False, "token valid", str(error), fix))
            return None
        except SlackApiError as error:
            detail = f"{api_url} answered auth.test with {slack_error_code(error)}"
            fix = "is it a Slack API URL? Slack's is https://slack.com/api/"
            self.report(Check(False, "Slack API", detail, fix))
            return None
        self.report(Check(True, "Slack API", f"reachable at {api_url}"))
        self.report(Check(True, "token valid", checked.describe_identity()))
        return checked

    def scopes(self, checked: TokenCheck) -> None:
        if checked.granted_scopes is None:
            self.report(Check(None, "scopes", "Slack did not list them (no x-oauth-scopes)"))
        elif checked.missing_scopes:
            missing = ", ".join(checked.missing_scopes)
            self.report(Check(False, "scopes", f"the token lacks {missing}", MANIFEST_HINT))
        else:
            self.report(Check(True, "scopes", "every scope in slack-app-manifest.yaml"))

    async def channels(self, api: SlackApi, settings: Settings) -> None:
        wanted = [(f"customer {c.name}", c.channel) for c in settings.customers]
        if settings.slack.handoff_channel:
            wanted.append(("handoff channel", settings.slack.handoff_channel))
        if not settings.customers:
            if settings.slack.discover_shared_channels:
                detail = "none in [[customers]]; every Slack Connect channel you see is watched"
                self.report(Check(None, "customer channels", detail))
            else:
                fix = "add [[customers]] blocks, or set discover_shared_channels = true"
                detail = "none in [[customers]] and discover_shared_channels is off"
                self.report(Check(False, "customer channels", detail, fix))
        listing: dict[str, Json] = {}
        if any(reference.startswith("#") for _, reference in wanted):
            try:
                listing = {str(raw.get("name")): raw for raw in await api.channels(LIST_PAGE_SIZE)}
            except SlackCallError as error:
                fix = "the token needs channels:read and groups:read"
                self.report(Check(False, "channels", f"cannot list them ({error.code})", fix))
                return
        for what, reference in wanted:
            self.report(await _membership(api, listing, what, reference))
        await self.poll_budget(api, settings, listing)
        for check in await internal_channel_checks(api, settings):
            self.report(check)

    async def poll_budget(
        self, api: SlackApi, settings: Settings, listing: Mapping[str, Json]
    ) -> None:
        """Whether `poll_seconds` fits Slack's history limit for the channels watched."""
        seen: list[Json] = list(listing.values())
        if not seen and settings.slack.discover_shared_channels:
            try:
                seen = await api.channels(LIST_PAGE_SIZE)
            except SlackCallError:
                seen = []
        by_name = {str(raw.get("name")): str(raw.get("id")) for raw in seen}
        watched = {
            by_name.get(c.channel[1:], c.channel) if c.channel.startswith("#") else c.channel
            for c in settings.customers
        }
        if settings.slack.discover_shared_channels:
            watched |= {str(raw.get("id")) for raw in seen if raw.get("is_ext_shared") is True}
        poll = settings.slack.poll_seconds
        plan = plan_polls(poll, 0, len(watched), TIER_3)
        if plan.over_budget:
            fix = f"set [slack] poll_seconds = {math.ceil(plan.achievable_seconds)} or more"
            self.report(Check(None, "poll budget", "⚠ " + plan.budget_line(), fix))
            return
        per_minute = 60 * len(watched) / poll
        detail = (
            f"poll_seconds = {poll:g} for {len(watched)} channels: "
            f"{per_minute:.0f} history calls/min of Slack's ~{TIER_3}"
        )
        self.report(Check(True, "poll budget", detail))

    async def socket_mode(self, api_url: str, settings: Settings | None, data: Path) -> None:
        try:
            lookup = find_app_token(self.env, data_dir=data)
        except TokenFileTooOpen as error:
            detail = f"{error.path} is {error.mode:04o}: other users may read the token in it"
            self.report(Check(False, "Socket Mode", detail, f"chmod 600 {error.path}"))
            return
        except TokenError as error:
            self.report(
                Check(False, "Socket Mode", str(error), "run `oncall-tui auth login --app`")
            )
            return
        if lookup.token is None:
            poll = settings.slack.poll_seconds if settings else None
            every = f"every {poll:g} s" if poll else "instead"
            detail = (
                f"off, the app polls Slack {every} (for live updates: an app-level token with "
                "connections:write, stored with `oncall-tui auth login --app`)"
            )
            self.report(Check(None, "Socket Mode", detail))
            return
        try:
            await check_app_token(lookup.token, api_url)
        except (UsageError, SlackUnreachable) as error:
            self.report(Check(False, "Socket Mode", str(error)))
            return
        self.report(Check(True, "Socket Mode", f"apps.connections.open works ({lookup.hint})"))


async def internal_channel_checks(api: SlackApi, settings: Settings) -> list[Check]:
    """Swarm watch: which `[internal]` channels (and group DMs) can be read."""
    internal = settings.internal
    if not internal.channels and not internal.group_dms:
        return [Check(None, "internal channels", "none in [internal] channels (swarm watch off)")]
    customer_ids = {c.channel for c in settings.customers if not c.channel.startswith("#")}
    found = await check_readable(api, internal, customer_ids)
    if found.list_error is not None:
        detail = f"cannot list them ({found.list_error})"
        return [Check(False, "internal channels", detail, MANIFEST_HINT)]
    checks = []
    if found.readable:
        names = ", ".join(_internal_label(c) for c in found.readable)
        checks.append(Check(True, "internal channels", f"readable: {names}"))
    for channel, code in found.unreadable:
        reason = UNREADABLE.get(code, code)
        fix = MANIFEST_HINT if code == "missing_scope" else f"join {_internal_label(channel)}"
        checks.append(Check(False, f"internal {_internal_label(channel)}", reason, fix))
    for pattern in found.unmatched:
        fix = "check the name in [internal] channels, or ask to be invited (private channels)"
        checks.append(Check(False, "internal channels", f"{pattern} matches no channel", fix))
    return checks


def _internal_label(channel: InternalChannel) -> str:
    return "a group DM" if channel.kind == "group DM" else f"#{channel.name}"


async def _membership(api: SlackApi, listing: Mapping[str, Json], what: str, ref: str) -> Check:
    if ref.startswith("#"):
        raw = listing.get(ref[1:])
        if raw is None:
            detail = f"no channel {ref} is visible to you"
            fix = "check the name in the config, or ask to be invited (private channels)"
            return Check(False, what, detail, fix)
    else:
        try:
            raw = await api.channel(ref)
        except SlackCallError as error:
            fix = "check the channel id in the config, or ask to be invited"
            return Check(False, what, f"conversations.info on {ref} failed ({error.code})", fix)
    label = f"#{raw.get('name')}" if raw.get("name") else ref
    if raw.get("is_member") is True:
        return Check(True, what, f"{label}: you are a member")
    return Check(False, what, f"{label}: you are not a member", f"join {label} in Slack")


async def _open_store(path: Path) -> list[str]:
    """Open the store (refused, untouched, when it is not ours) and say what is damaged."""
    store = await Store.open(path)
    try:
        return await store.damage()
    finally:
        await store.close()
