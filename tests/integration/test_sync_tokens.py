"""Where the Slack token comes from, and that it never leaks into text."""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.core
import keyring.errors
import pytest

from oncall_tui.slack.tokens import (
    KEYRING_SERVICE,
    TokenError,
    delete_token,
    find_app_token,
    find_token,
    redact,
    store_token,
)

BOT_TOKEN = "xoxb-1111-2222-abcdefABCDEF"
USER_TOKEN = "xoxp-3333-4444-abcdefABCDEF"
APP_TOKEN = "xapp-1-A111-2222-abcdef"


class MemoryKeyring(keyring.backend.KeyringBackend):
    # Below every real backend, so keyring never picks it on its own.
    priority = -10

    def __init__(self) -> None:
        # KeyringBackend.__init__ only reads KEYRING_PROPERTY_* from the environment.
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class NoKeyring(keyring.backend.KeyringBackend):
    """What keyring does on a machine without a desktop session."""

    priority = -10

    def __init__(self) -> None:
        pass

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("no backend")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    # Snapshot the process-wide backend so it is put back after the test.
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)
    keyring.set_keyring(NoKeyring())


def test_env_token_wins_over_keyring(memory_keyring: MemoryKeyring) -> None:
    store_token(USER_TOKEN)
    lookup = find_token({"SLACK_TOKEN": BOT_TOKEN})
    assert lookup.token == BOT_TOKEN
    assert "SLACK_TOKEN" in lookup.hint


def test_keyring_token_is_used_when_env_is_unset(memory_keyring: MemoryKeyring) -> None:
    store_token(USER_TOKEN)
    lookup = find_token({})
    assert lookup.token == USER_TOKEN
    assert "keyring" in lookup.hint
    assert memory_keyring.passwords == {(KEYRING_SERVICE, "slack-token"): USER_TOKEN}


def test_no_token_anywhere_says_where_it_looked(memory_keyring: MemoryKeyring) -> None:
    lookup = find_token({})
    assert lookup.token is None
    assert not lookup.found
    assert "SLACK_TOKEN" in lookup.hint and "keyring" in lookup.hint


def test_missing_keyring_backend_means_not_in_keyring(no_keyring: None) -> None:
    lookup = find_token({})
    assert lookup.token is None
    assert "SLACK_TOKEN" in lookup.hint
    assert "\n" not in lookup.hint


def test_env_token_works_without_any_keyring(no_keyring: None) -> None:
    assert find_token({"SLACK_TOKEN": BOT_TOKEN}).token == BOT_TOKEN


def test_storing_without_a_keyring_says_to_use_the_env_var(no_keyring: None) -> None:
    with pytest.raises(TokenError, match="SLACK_TOKEN"):
        store_token(BOT_TOKEN)


def test_pasted_token_is_trimmed(memory_keyring: MemoryKeyring) -> None:
    assert find_token({"SLACK_TOKEN": f"  {BOT_TOKEN}\n"}).token == BOT_TOKEN


@pytest.mark.parametrize("bad", ["abc", "xapp-1-A1-2", "Bearer xoxb-1", "xoxb-12 34"])
def test_malformed_token_is_a_one_line_error_without_the_value(
    memory_keyring: MemoryKeyring, bad: str
) -> None:
    with pytest.raises(TokenError) as caught:
        find_token({"SLACK_TOKEN": bad})
    message = str(caught.value)
    assert "SLACK_TOKEN" in message
    assert "\n" not in message
    assert bad.strip() not in message


def test_malformed_token_is_not_stored(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(TokenError, match="xoxp- or xoxb-"):
        store_token("not-a-token")
    assert memory_keyring.passwords == {}


def test_app_token_has_its_own_env_var_and_keyring_entry(memory_keyring: MemoryKeyring) -> None:
    store_token(APP_TOKEN, "app")
    assert find_app_token({}).token == APP_TOKEN
    assert find_app_token({"SLACK_APP_TOKEN": "xapp-9-B9-9"}).token == "xapp-9-B9-9"
    assert find_token({}).token is None
    with pytest.raises(TokenError, match="xapp-"):
        find_app_token({"SLACK_APP_TOKEN": BOT_TOKEN})


def test_delete_token_removes_it(memory_keyring: MemoryKeyring) -> None:
    store_token(BOT_TOKEN)
    assert delete_token() is True
    assert find_token({}).token is None
    assert delete_token() is False


def test_redact_masks_every_token_kind() -> None:
    text = f"auth {BOT_TOKEN} then {USER_TOKEN}, app={APP_TOKEN}; xoxe-1-abc"
    masked = redact(text)
    for secret in (BOT_TOKEN, USER_TOKEN, APP_TOKEN, "xoxe-1-abc"):
        assert secret not in masked
    assert masked == "auth xoxb-*** then xoxp-***, app=xapp-***; xoxe-***"


def test_redact_leaves_ordinary_text_alone() -> None:
    assert redact("channel C123 said xoxo to the box-office") == (
        "channel C123 said xoxo to the box-office"
    )
