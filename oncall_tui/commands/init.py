"""`oncall-tui init`: a newcomer's first ten minutes. Asks for the token, checks it, keeps it in the
OS keyring, shows the Slack Connect channels it can see, asks which are customers, where handoff
notes go and the engineer's hours, and writes a commented config file."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from oncall_tui.commands.auth import save_token, warn_if_env_wins
from oncall_tui.commands.base import UsageError, add_config_option, config_path
from oncall_tui.commands.config_writer import commented_config, write_config
from oncall_tui.commands.prompts import Prompter
from oncall_tui.commands.slack_checks import TokenCheck, check_token
from oncall_tui.config import (
    CustomerSettings,
    EngineerSettings,
    Settings,
    SlackSettings,
    SlaSettings,
    default_config_path,
)
from oncall_tui.domain.business_hours import BusinessHours
from oncall_tui.slack.api import SlackApi, SlackCallError
from oncall_tui.slack.client import Identity, SlackAuthError, api_url_from, make_client
from oncall_tui.slack.mapping import shared_team_ids
from oncall_tui.slack.pacing import Pacer
from oncall_tui.slack.tokens import TokenError, TokenLookup, check_token_shape, find_token

SUMMARY = "set up oncall-tui: token, customer channels, hours; writes the config file"

DEFAULT_WORKING_HOURS: Final = "Mon-Fri 09:00-18:00"
TOKEN_TRIES: Final = 3
LIST_PAGE_SIZE: Final = 200
HOW_TO_GET_A_TOKEN: Final = """\
oncall-tui reads Slack as you, with a user token (xoxp-…). To get one: at
https://api.slack.com/apps choose Create New App → From a manifest, paste slack-app-manifest.yaml
(in the oncall-tui repository), install the app to your workspace, copy its User OAuth Token."""


@dataclass(frozen=True, slots=True)
class SharedChannel:
    """A Slack Connect channel the token can see, and the other organisation in it."""

    channel_id: str
    name: str
    organisation: str
    is_member: bool


@dataclass(frozen=True, slots=True)
class WorkspaceView:
    shared: tuple[SharedChannel, ...]
    channel_ids_by_name: Mapping[str, str]  # every visible channel, for the handoff channel
    engineer_name: str | None  # the first name on the token's Slack profile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_config_option(parser)


def run(args: argparse.Namespace) -> int:
    prompter = Prompter()
    path = config_path(args)
    prompter.say("Setting up oncall-tui. Press Enter to take the answer in [brackets].")
    if path.exists() and not prompter.confirm(f"{path} already exists. Replace it?", default=False):
        prompter.say(f"Kept {path} as it is; nothing was written.")
        return 1
    try:
        # A config about to be replaced may be broken: only the environment may move the API.
        api_url = api_url_from(None, os.environ)
    except ValueError as error:
        raise UsageError(str(error)) from None

    token, checked, in_keyring = obtain_token(prompter, api_url)
    workspace = asyncio.run(look_around(token, api_url, checked.identity))
    customers = pick_customers(prompter, workspace.shared)
    handoff = pick_handoff_channel(prompter, workspace.channel_ids_by_name)
    name = prompter.ask("Your name, for {engineer} in messages", workspace.engineer_name or "")
    hours = prompter.ask_valid("Your working hours", read_hours, DEFAULT_WORKING_HOURS)
    timezone = prompter.ask_valid("Your time zone", read_timezone, system_timezone(os.environ))

    settings = Settings(
        slack=SlackSettings(
            api_url=api_url,
            handoff_channel=handoff,
            # "all" keeps new Slack Connect channels coming; a pick means only those.
            discover_shared_channels=len(customers) == len(workspace.shared),
        ),
        sla=SlaSettings(timezone=timezone),
        engineer=EngineerSettings(name=name or None, timezone=timezone, working_hours=hours),
        customers=tuple(
            CustomerSettings(name=c.organisation, channel=c.channel_id) for c in customers
        ),
    )
    names = {channel.channel_id: channel.name for channel in workspace.shared}
    write_config(path, commented_config(settings, names))
    prompter.say(f"✓ Wrote {path}")
    run_app = "oncall-tui" if path == default_config_path() else f"oncall-tui --config {path}"
    if in_keyring:
        prompter.say(f"Next: run `{run_app}`")
    else:
        prompter.say(f"Next: export SLACK_TOKEN=… in your shell profile, then run `{run_app}`")
    return 0


def obtain_token(prompter: Prompter, api_url: str) -> tuple[str, TokenCheck, bool]:
    """A token Slack accepts: the one already set up, or one pasted now and kept in the keyring.
    Returns it, what Slack says about it, and whether the app will find it without $SLACK_TOKEN."""
    try:
        existing = find_token()
    except TokenError as error:
        prompter.say(f"✗ {error}")
        existing = TokenLookup(None, "")
    if existing.token is not None:
        question = f"Slack token: found one {existing.hint}; Enter uses it, or paste another"
    else:
        prompter.say(HOW_TO_GET_A_TOKEN)
        question = "Slack user token (xoxp-…, input hidden)"
    for _ in range(TOKEN_TRIES):
        answer = prompter.ask_secret(question)
        try:
            token = check_token_shape(answer or existing.token or "")
            checked = asyncio.run(check_token(token, api_url))
        except (TokenError, SlackAuthError) as error:
            prompter.say(f"✗ {error}")
            continue
        prompter.say(f"✓ Signed in as {checked.describe_identity()}")
        prompter.say(("✗ " if checked.missing_scopes else "✓ ") + checked.describe_scopes())
        if token == existing.token:
            return token, checked, True  # already where the app looks for it
        try:
            save_token(token, "slack")
        except (UsageError, TokenError) as error:
            prompter.say(f"✗ {error}")
            return token, checked, False
        prompter.say("✓ Saved the token in the OS keyring.")
        warn_if_env_wins("slack", prompter)
        return token, checked, True
    raise UsageError(
        f"no working Slack token after {TOKEN_TRIES} tries: see `oncall-tui init` above for "
        "how to get one, then run it again"
    )


async def look_around(token: str, api_url: str, me: Identity) -> WorkspaceView:
    """The channels the token can see, the organisations on the other side of the shared ones,
    and the engineer's name."""
    api = SlackApi(make_client(token, api_url), Pacer())
    try:
        listing = await api.channels(LIST_PAGE_SIZE)
    except SlackCallError as error:
        raise UsageError(
            f"Slack refused to list channels ({error.code}): the token needs channels:read and "
            "groups:read; `oncall-tui doctor` shows what it lacks"
        ) from None
    organisations: dict[str, str | None] = {}
    shared: list[SharedChannel] = []
    for raw in sorted(listing, key=lambda channel: str(channel.get("name", ""))):
        if raw.get("is_ext_shared") is not True:
            continue
        name = str(raw.get("name") or raw.get("id"))
        others = [team for team in shared_team_ids(raw) if team != me.team_id]
        organisation = await _team_name(api, others[0], organisations) if others else None
        shared.append(
            SharedChannel(
                channel_id=str(raw.get("id")),
                name=name,
                organisation=organisation or name,
                is_member=raw.get("is_member") is True,
            )
        )
    by_name = {str(raw["name"]): str(raw.get("id")) for raw in listing if raw.get("name")}
    return WorkspaceView(tuple(shared), by_name, await _first_name(api, me.user_id))


async def _team_name(api: SlackApi, team_id: str, known: dict[str, str | None]) -> str | None:
    if team_id not in known:
        try:
            known[team_id] = await api.team_name(team_id)
        except SlackCallError:
            known[team_id] = None  # team.info may refuse external teams: the channel name will do
    return known[team_id]


async def _first_name(api: SlackApi, user_id: str) -> str | None:
    try:
        user = await api.user(user_id)
    except SlackCallError:
        return None  # only a default for a question: ask without one
    profile = user.get("profile")
    real_name = user.get("real_name") or (
        profile.get("real_name") if isinstance(profile, Mapping) else None
    )
    if isinstance(real_name, str) and real_name.split():
        return real_name.split()[0]
    return None


def pick_customers(prompter: Prompter, shared: Sequence[SharedChannel]) -> list[SharedChannel]:
    if not shared:
        prompter.say(
            "No Slack Connect channels are visible to this token yet; oncall-tui will pick them "
            "up as they appear."
        )
        return []
    prompter.say("Slack Connect channels you can see:")
    width = max(len(channel.name) for channel in shared) + 1
    for number, channel in enumerate(shared, start=1):
        note = "" if channel.is_member else "  (you are not in it: join it in Slack)"
        prompter.say(f"  {number:>2}. #{channel.name:<{width}} {channel.organisation}{note}")

    def read_picks(answer: str) -> list[SharedChannel]:
        return [shared[index] for index in parse_picks(answer, len(shared))]

    return prompter.ask_valid("Which are customers? Numbers like 1,3,4 or all", read_picks, "all")


def parse_picks(answer: str, count: int) -> list[int]:
    """Zero-based indexes of a "1,3,4" (or "all") answer, in list order, without repeats."""
    if answer.strip().lower() == "all":
        return list(range(count))
    picked: set[int] = set()
    for part in answer.replace(" ", ",").split(","):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= count:
            raise ValueError(f"{part!r} is not one of the numbers 1 to {count}")
        picked.add(int(part) - 1)
    if not picked:
        raise ValueError(f"pick at least one number from 1 to {count}, or all")
    return sorted(picked)


def pick_handoff_channel(prompter: Prompter, channel_ids_by_name: Mapping[str, str]) -> str | None:
    handoff_like = sorted(name for name in channel_ids_by_name if "handoff" in name)
    default = f"#{handoff_like[0]}" if handoff_like else "-"

    def read_channel(answer: str) -> str | None:
        if answer == "-":
            return None
        name = answer.removeprefix("#")
        if name not in channel_ids_by_name:
            raise ValueError(f"no channel #{name} is visible to you: give one you can see, or -")
        return f"#{name}"

    return prompter.ask_valid(
        "Handoff channel for shift notes (#name, or - for none)", read_channel, default
    )


def read_hours(answer: str) -> str:
    BusinessHours.parse(answer)  # its ValueError shows the expected form
    return answer


def read_timezone(answer: str) -> str:
    try:
        zoneinfo.ZoneInfo(answer)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{answer!r} is not a time zone: use a name like Europe/Berlin") from None
    return answer


def system_timezone(
    env: Mapping[str, str],
    etc_timezone: Path = Path("/etc/timezone"),
    etc_localtime: Path = Path("/etc/localtime"),
) -> str:
    """The machine's time zone name: $TZ, else /etc/timezone, else the zone /etc/localtime links
    to, else UTC. Only names zoneinfo knows count."""
    candidates = [env.get("TZ", "").removeprefix(":")]
    with contextlib.suppress(OSError, UnicodeDecodeError):
        candidates.append(etc_timezone.read_text(encoding="utf-8").strip())
    with contextlib.suppress(OSError):
        candidates.append(str(etc_localtime.readlink()).split("zoneinfo/", 1)[-1])
    for candidate in candidates:
        try:
            return read_timezone(candidate)
        except ValueError:
            continue
    return "UTC"
