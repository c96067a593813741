"""Slack message permalinks found in message text, whatever the host.

A support question is delegated by pasting the customer thread's link into an internal channel,
so a permalink is how an internal thread and a customer conversation find each other. Slack
writes the same message's link in several ways, all of which are recognised:

- `https://<team>.slack.com/archives/C…/p1712345678123456` (the team may be an Enterprise Grid
  org, `<org>.enterprise.slack.com`, or the customer's own subdomain in a Slack Connect channel),
  with `?thread_ts=1712345000.000100&cid=C…` when the message is a thread reply;
- `https://app.slack.com/client/T…/C…/thread/C…-1712345678.123456` (the browser's address of an
  open thread) and `https://app.slack.com/client/T…/C…/p1712345678123456`;
- inside mrkdwn, `<url>` or `<url|label>`, where Slack escapes `&` as `&amp;`.

Only the channel id and the message ts matter: hosts are not compared, since one message has a
link per workspace that can see it. Anything else on a Slack host (files, canvases, user
profiles) and anything on another host is not a message permalink.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

# Public, private, DM and shared-channel ids: C…, G…, D…, upper-case letters and digits.
_CHANNEL_ID = r"[CGD][A-Z0-9]{6,}"
_TEAM_ID = r"[TE][A-Z0-9]{6,}"
# p + 10 digits of seconds + 6 of microseconds: "p1712345678123456".
_P_NUMBER = r"p(\d{10})(\d{6})"
_TS = re.compile(r"\d{10}\.\d{6}")
_ARCHIVES = re.compile(rf"/archives/({_CHANNEL_ID})/{_P_NUMBER}/?")
_CLIENT_MESSAGE = re.compile(rf"/client/{_TEAM_ID}/({_CHANNEL_ID})/{_P_NUMBER}/?")
_CLIENT_THREAD = re.compile(
    rf"/client/{_TEAM_ID}/({_CHANNEL_ID})/thread/({_CHANNEL_ID})-(\d{{10}}\.\d{{6}})/?"
)
_URL = re.compile(r"https?://[^\s<>|\"'`]+", re.IGNORECASE)
_SLACK_DOMAINS = ("slack.com", "slack-gov.com")
# Punctuation that ends a sentence rather than the link: "see https://…/p1712345678123456."
_TRAILING = ".,;:!?)]}>*_~'\""


@dataclass(frozen=True, slots=True)
class Permalink:
    """A link to one Slack message: its channel, its ts, and its thread's ts when it is a reply
    (Slack's `thread_ts` query parameter; None for a top-level message or thread parent)."""

    channel_id: str
    message_ts: str
    thread_ts: str | None = None

    @property
    def root_ts(self) -> str:
        """The ts of the thread the linked message belongs to (its own when top-level)."""
        return self.thread_ts if self.thread_ts is not None else self.message_ts


def _is_slack_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in _SLACK_DOMAINS)


def _thread_ts(query: str) -> str | None:
    values = parse_qs(query).get("thread_ts", [])
    if values and _TS.fullmatch(values[0]):
        return values[0]
    return None


def parse_permalink(url: str) -> Permalink | None:
    """The message a single URL links to, or None when it is not a Slack message permalink."""
    url = url.replace("&amp;", "&").strip().rstrip(_TRAILING)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if not _is_slack_host(parts.hostname):
        return None
    path = parts.path
    found = _ARCHIVES.fullmatch(path) or _CLIENT_MESSAGE.fullmatch(path)
    if found is not None:
        channel_id, seconds, micros = found.groups()
        thread_ts = _thread_ts(parts.query)
        message_ts = f"{seconds}.{micros}"
        return Permalink(channel_id, message_ts, None if thread_ts == message_ts else thread_ts)
    thread = _CLIENT_THREAD.fullmatch(path)
    if thread is not None:
        channel_id, thread_channel, thread_ts = thread.groups()
        if thread_channel != channel_id:
            return None
        return Permalink(channel_id, thread_ts)
    return None


def find_permalinks(text: str) -> tuple[Permalink, ...]:
    """Every Slack message permalink in a message's text (mrkdwn or plain), in order, each once."""
    found: list[Permalink] = []
    for match in _URL.finditer(text):
        link = parse_permalink(match.group())
        if link is not None and link not in found:
            found.append(link)
    return tuple(found)
