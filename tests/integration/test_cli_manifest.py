"""slack-app-manifest.yaml asks for exactly the scopes the code needs: no method the app calls
lacks one, and no scope is there without a method or event that uses it."""

from __future__ import annotations

import re
from pathlib import Path

from oncall_tui.commands.slack_checks import REQUIRED_SCOPES
from oncall_tui.demo.records import TokenKind
from oncall_tui.demo.server import GRANTED_SCOPES

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "slack-app-manifest.yaml"
SLACK_CODE = ROOT / "oncall_tui" / "slack"

# Why each scope is there: the Web API methods (or events) that need it.
SCOPE_USES = {
    "channels:history": ("conversations.history", "conversations.replies"),
    "groups:history": ("conversations.history", "conversations.replies"),
    "channels:read": ("conversations.list", "conversations.info"),
    "groups:read": ("conversations.list", "conversations.info"),
    "users:read": ("users.info",),
    "team:read": ("team.info",),
    "chat:write": ("chat.postMessage", "chat.scheduleMessage", "chat.delete"),
    "reactions:write": ("reactions.add", "reactions.remove"),
    "im:write": ("conversations.open",),
    "mpim:history": ("conversations.history", "conversations.replies"),
    "mpim:read": ("conversations.list",),
    "reactions:read": ("event:reaction_added", "event:reaction_removed"),
}
# Methods Slack lets any token call.
NEEDS_NO_SCOPE = {"auth.test", "chat.getPermalink", "chat.scheduledMessages.list"}

_METHOD_STRING = re.compile(r'"((?:auth|apps|chat|conversations|reactions|team|users)\.[\w.]+)"')
_SDK_CALL = re.compile(r"client\.((?:auth|apps|chat|conversations|reactions|team|users)_\w+)\(")


def read_manifest(text: str) -> dict[str, list[str] | str]:
    """The subset of YAML the manifest uses: nested keys, scalars and lists of scalars, with
    comments. Keys come back dotted ("oauth_config.scopes.user")."""
    entries: dict[str, list[str] | str] = {}
    parents: list[tuple[int, str]] = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        if body.startswith("- "):
            key = ".".join(name for _, name in parents)
            item = entries.setdefault(key, [])
            assert isinstance(item, list), f"{key} is both a value and a list"
            item.append(body[2:].strip())
            continue
        while parents and parents[-1][0] >= indent:
            parents.pop()
        name, colon, value = body.partition(":")
        assert colon, f"not a YAML key line: {raw!r}"
        if value.strip():
            entries[".".join([*(n for _, n in parents), name])] = value.strip().strip('"')
        else:
            parents.append((indent, name))
    return entries


def manifest() -> dict[str, list[str] | str]:
    return read_manifest(MANIFEST.read_text(encoding="utf-8"))


def methods_the_code_calls() -> set[str]:
    found: set[str] = set()
    for path in SLACK_CODE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        found.update(_METHOD_STRING.findall(source))
        found.update(name.replace("_", ".") for name in _SDK_CALL.findall(source))
    return found


def test_manifest_user_scopes_are_the_ones_doctor_checks_and_the_fake_grants() -> None:
    scopes = manifest()["oauth_config.scopes.user"]
    assert isinstance(scopes, list)
    assert len(scopes) == len(set(scopes))
    assert set(scopes) == set(REQUIRED_SCOPES) == set(SCOPE_USES)
    assert set(GRANTED_SCOPES[TokenKind.USER]) == set(scopes)


def test_every_method_the_code_calls_is_covered_by_a_scope() -> None:
    called = methods_the_code_calls()
    assert "conversations.history" in called  # the scan finds what it should
    covered = {use for uses in SCOPE_USES.values() for use in uses} | NEEDS_NO_SCOPE
    assert called - covered == set()


def test_every_scope_is_used_by_the_code_or_an_event() -> None:
    called = methods_the_code_calls()
    events = manifest()["settings.event_subscriptions.user_events"]
    assert isinstance(events, list)
    for scope, uses in SCOPE_USES.items():
        used = [u for u in uses if u in called or u.removeprefix("event:") in events]
        assert used, f"{scope}: nothing in oncall_tui/slack/ or the events needs it"


def test_socket_mode_settings_and_events() -> None:
    entries = manifest()
    assert entries["settings.socket_mode_enabled"] == "true"
    assert entries["settings.event_subscriptions.user_events"] == [
        "message.channels",
        "message.groups",
        "message.mpim",
        "reaction_added",
        "reaction_removed",
    ]
    assert entries["display_information.name"] == "oncall-tui"
    # connections:write belongs to the app-level token: a comment explains it, no scope list has it.
    text = MANIFEST.read_text(encoding="utf-8")
    assert "connections:write" in text
    assert all("connections:write" not in v for v in entries.values() if isinstance(v, list))
