"""Where the Slack Web API is: $SLACK_API_URL, else the config's [slack] api_url, else Slack's.
Imports nothing of the Slack stack (slack_sdk, aiohttp): the CLI says it before the app's first
frame, which must not wait for that stack."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

DEFAULT_API_URL = "https://slack.com/api/"
API_URL_ENV = "SLACK_API_URL"


class _SlackSection(Protocol):
    @property
    def api_url(self) -> str | None: ...


class _HasSlackSection(Protocol):
    @property
    def slack(self) -> _SlackSection: ...


def api_url_from(settings: _HasSlackSection | None, env: Mapping[str, str]) -> str:
    """The Web API base URL: $SLACK_API_URL, else the config's [slack] api_url, else Slack's."""
    from_env = env.get(API_URL_ENV, "").strip()
    if from_env:
        return _normalise_api_url(from_env, API_URL_ENV)
    configured = settings.slack.api_url if settings is not None else None
    if configured:
        return _normalise_api_url(configured, "[slack] api_url")
    return DEFAULT_API_URL


def _normalise_api_url(url: str, where: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"{where} must be an http:// or https:// URL, got {url!r}")
    return url if url.endswith("/") else url + "/"
