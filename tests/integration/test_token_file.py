"""The opt-in token file: `oncall-tui auth login --token-file` keeps a token Slack accepted in a
0600 file in the data dir, for machines without an OS keyring. Looked for after the environment
and the keyring, refused when others may read it, removed by `auth logout`, never printed."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from oncall_tui.slack.tokens import (
    KEYRING_SERVICE,
    TokenError,
    find_app_token,
    find_token,
    token_file_path,
)
from tests.integration.cli_harness import (
    FakeSlack,
    MemoryKeyring,
    Outcome,
    no_keyring,
    null_keyring,
    run_cli,
    use_keyring,
)

HEALTHY_CONFIG = """\
[slack]
handoff_channel = "#support-handoff"

[[customers]]
name = "Acme Corp"
channel = "#ext-acme-corp"
"""


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of the test's own: the default data dir, and any stray plaintext, land here."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    return tmp_path / "home"


@pytest.fixture
def without_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    use_keyring(monkeypatch, no_keyring())


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def oncall(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answers: str = "",
) -> Outcome:
    return run_cli(argv, capsys, monkeypatch, answers)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def write_token_file(path: Path, token: str, mode: int) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_text(token + "\n", encoding="ascii")
    path.chmod(mode)


def every_file(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


# -- login --------------------------------------------------------------------------------------


def test_login_with_the_flag_keeps_the_token_in_a_0600_file_the_app_finds(
    slack: FakeSlack,
    without_keyring: None,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = slack.credentials.user_token
    argv = ["auth", "login", "--token-file", "--data-dir", str(data)]
    outcome = oncall(argv, capsys, monkeypatch, token + "\n")

    assert outcome.code == 0, outcome.text
    path = data / "slack-token"
    assert mode_of(path) == 0o600
    assert mode_of(data) == 0o700
    assert f"✓ Saved in {path} (mode 0600" in outcome.out
    assert token not in outcome.text
    lookup = find_token({}, data_dir=data)
    assert lookup.token == token
    assert lookup.hint == f"from the token file {path}"
    # Only the token file: no temporary file left behind.
    assert [p.name for p in every_file(data)] == ["slack-token"]

    status = oncall(["auth", "status", "--data-dir", str(data)], capsys, monkeypatch)
    assert status.code == 0
    assert f"from the token file {path}" in status.out
    assert token not in status.text


def test_the_file_is_private_from_its_first_byte_whatever_the_umask(
    slack: FakeSlack,
    without_keyring: None,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    previous = os.umask(0)
    try:
        argv = ["--data-dir", str(data), "auth", "login", "--token-file"]
        outcome = oncall(argv, capsys, monkeypatch, slack.credentials.user_token + "\n")
    finally:
        os.umask(previous)
    assert outcome.code == 0, outcome.text
    assert mode_of(data / "slack-token") == 0o600
    assert mode_of(data) == 0o700


def test_logging_in_again_replaces_a_loose_file_with_a_private_one(
    slack: FakeSlack,
    without_keyring: None,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = data / "slack-token"
    write_token_file(path, "xoxp-an-old-token", 0o644)
    argv = ["auth", "login", "--token-file", "--data-dir", str(data)]
    outcome = oncall(argv, capsys, monkeypatch, slack.credentials.user_token + "\n")
    assert outcome.code == 0, outcome.text
    assert mode_of(path) == 0o600
    assert find_token({}, data_dir=data).token == slack.credentials.user_token


def test_a_token_slack_refuses_is_not_written_to_the_file(
    slack: FakeSlack,
    without_keyring: None,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    argv = ["auth", "login", "--token-file", "--data-dir", str(data)]
    outcome = oncall(argv, capsys, monkeypatch, "xoxp-0000-never-issued\n")
    assert outcome.code == 2
    assert "invalid_auth" in outcome.err
    assert "never-issued" not in outcome.text
    assert not (data / "slack-token").exists()


def test_app_token_login_with_the_flag_has_its_own_file(
    slack: FakeSlack,
    without_keyring: None,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app_token = slack.credentials.app_token
    argv = ["auth", "login", "--app", "--token-file", "--data-dir", str(data)]
    outcome = oncall(argv, capsys, monkeypatch, app_token + "\n")
    assert outcome.code == 0, outcome.text
    assert mode_of(data / "slack-app-token") == 0o600
    assert find_app_token({}, data_dir=data).token == app_token
    assert find_token({}, data_dir=data).token is None
    assert app_token not in outcome.text


@pytest.mark.parametrize("make_backend", [no_keyring, null_keyring], ids=["none", "null"])
@pytest.mark.parametrize(
    ("extra", "env_var", "flags"),
    [([], "SLACK_TOKEN", "--token-file"), (["--app"], "SLACK_APP_TOKEN", "--app --token-file")],
    ids=["slack", "app"],
)
def test_without_a_keyring_login_says_how_to_proceed_and_writes_nothing(
    make_backend: Callable[[], KeyringBackend],
    extra: list[str],
    env_var: str,
    flags: str,
    slack: FakeSlack,
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_keyring(monkeypatch, make_backend())
    token = slack.credentials.app_token if extra else slack.credentials.user_token
    outcome = oncall(["auth", "login", *extra], capsys, monkeypatch, token + "\n")

    assert outcome.code == 2
    [line] = outcome.err.splitlines()
    default_file = (
        home / ".local" / "share" / "oncall-tui" / ("slack-app-token" if extra else "slack-token")
    )
    assert line == (
        f"oncall-tui: no OS keyring here: export {env_var}=… in your shell profile, or run "
        f"`oncall-tui auth login {flags}` to keep it in {default_file} (mode 0600, not encrypted)"
    )
    assert token not in outcome.text
    assert every_file(tmp_path) == []


def test_the_guidance_names_the_data_dir_given(
    slack: FakeSlack,
    without_keyring: None,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    argv = ["auth", "login", "--data-dir", str(data)]
    outcome = oncall(argv, capsys, monkeypatch, slack.credentials.user_token + "\n")
    assert outcome.code == 2
    assert f"`oncall-tui auth login --token-file --data-dir {data}`" in outcome.err
    assert f"keep it in {data / 'slack-token'} " in outcome.err
    assert not data.exists()


def test_a_keyring_token_wins_over_the_file_and_login_says_so(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memory_keyring.passwords[(KEYRING_SERVICE, "slack-token")] = "xoxb-kept-in-keyring"
    argv = ["auth", "login", "--token-file", "--data-dir", str(data)]
    outcome = oncall(argv, capsys, monkeypatch, slack.credentials.user_token + "\n")
    assert outcome.code == 0, outcome.text
    assert "the OS keyring also holds a Slack token and wins over the file" in outcome.out
    assert "kept-in-keyring" not in outcome.text


def test_a_keyring_login_points_at_the_file_it_now_shadows(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = data / "slack-token"
    write_token_file(path, "xoxp-an-old-token", 0o600)
    argv = ["auth", "login", "--data-dir", str(data)]
    outcome = oncall(argv, capsys, monkeypatch, slack.credentials.user_token + "\n")
    assert outcome.code == 0, outcome.text
    assert f"`rm {path}`" in outcome.out
    assert "an-old-token" not in outcome.text


# -- where the app looks ------------------------------------------------------------------------


def test_the_environment_then_the_keyring_then_the_file(
    memory_keyring: MemoryKeyring, data: Path
) -> None:
    path = token_file_path(data)
    write_token_file(path, "xoxp-from-the-file", 0o600)
    assert find_token({}, data_dir=data).token == "xoxp-from-the-file"
    assert find_token({}).token is None  # no data dir: the file is not looked for

    memory_keyring.passwords[(KEYRING_SERVICE, "slack-token")] = "xoxb-from-the-keyring"
    assert find_token({}, data_dir=data).token == "xoxb-from-the-keyring"

    lookup = find_token({"SLACK_TOKEN": "xoxp-from-the-env"}, data_dir=data)
    assert (lookup.token, lookup.hint) == ("xoxp-from-the-env", "from $SLACK_TOKEN")


def test_no_token_anywhere_names_the_file_it_looked_for(without_keyring: None, data: Path) -> None:
    lookup = find_token({}, data_dir=data)
    assert lookup.token is None
    assert lookup.hint == (
        f"$SLACK_TOKEN is not set, there is no OS keyring here and there is no token file "
        f"{data / 'slack-token'}"
    )


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_file_others_may_read_is_refused_with_the_chmod_that_fixes_it(
    mode: int,
    without_keyring: None,
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = "xoxp-7391046285-loose-Q8vT2mZr"
    path = data / "slack-token"
    write_token_file(path, token, mode)
    config = tmp_path / "config.toml"
    config.write_text(HEALTHY_CONFIG, encoding="utf-8")

    outcome = oncall(["--config", str(config), "--data-dir", str(data)], capsys, monkeypatch)

    assert outcome.code == 2
    assert outcome.err == (
        f"oncall-tui: the token file {path} is {mode:04o}, so other users may read it: "
        f"run `chmod 600 {path}`\n"
    )
    assert token not in outcome.text and "Q8vT2mZr" not in outcome.text
    assert mode_of(path) == mode  # refused, not silently "fixed"


def test_a_symbolic_link_is_not_followed(data: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    write_token_file(elsewhere, "xoxp-behind-a-link", 0o600)
    data.mkdir(mode=0o700)
    (data / "slack-token").symlink_to(elsewhere)
    with pytest.raises(TokenError, match="symbolic link") as caught:
        find_token({}, data_dir=data)
    assert "behind-a-link" not in str(caught.value)


def test_a_file_without_a_token_is_one_line_without_its_content(
    without_keyring: None,
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_token_file(data / "slack-token", "hunter2-secret", 0o600)
    config = tmp_path / "config.toml"
    config.write_text(HEALTHY_CONFIG, encoding="utf-8")
    outcome = oncall(["--config", str(config), "--data-dir", str(data)], capsys, monkeypatch)
    assert outcome.code == 2
    [line] = outcome.err.splitlines()
    assert line.startswith(f"oncall-tui: the token file {data / 'slack-token'} does not hold")
    assert "hunter2" not in outcome.text


# -- doctor -------------------------------------------------------------------------------------


def test_doctor_passes_with_the_file_and_no_keyring(
    slack: FakeSlack,
    without_keyring: None,
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    credentials = slack.credentials
    login = ["auth", "login", "--token-file", "--data-dir", str(data)]
    assert oncall(login, capsys, monkeypatch, credentials.user_token + "\n").code == 0
    assert oncall([*login, "--app"], capsys, monkeypatch, credentials.app_token + "\n").code == 0
    config = tmp_path / "config.toml"
    config.write_text(HEALTHY_CONFIG, encoding="utf-8")

    outcome = oncall(
        ["doctor", "--config", str(config), "--data-dir", str(data)], capsys, monkeypatch
    )

    assert outcome.code == 0, outcome.out
    token_line = outcome.line_about("Slack token")
    assert (
        token_line == f"✓ Slack token: a user token (xoxp-), from the token file {data}/slack-token"
    )
    assert outcome.line_about("OS keyring").endswith("fine: the token file is used")
    assert outcome.line_about("token valid").startswith("✓")
    assert f"from the token file {data}/slack-app-token" in outcome.line_about("Socket Mode")
    assert credentials.user_token not in outcome.text
    assert credentials.app_token not in outcome.text


def test_doctor_marks_a_loose_file_with_the_chmod_fix(
    slack: FakeSlack,
    without_keyring: None,
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = data / "slack-token"
    write_token_file(path, slack.credentials.user_token, 0o644)
    config = tmp_path / "config.toml"
    config.write_text(HEALTHY_CONFIG, encoding="utf-8")

    outcome = oncall(
        ["doctor", "--config", str(config), "--data-dir", str(data)], capsys, monkeypatch
    )

    assert outcome.code == 1
    assert outcome.line_about("Slack token") == (
        f"✗ Slack token: {path} is 0644: other users may read the token in it → chmod 600 {path}"
    )
    assert "--token-file" in outcome.line_about("OS keyring")
    assert slack.credentials.user_token not in outcome.text


# -- logout -------------------------------------------------------------------------------------


def test_logout_removes_both_token_files_and_says_so(
    slack: FakeSlack,
    without_keyring: None,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    login = ["auth", "login", "--token-file", "--data-dir", str(data)]
    oncall(login, capsys, monkeypatch, slack.credentials.user_token + "\n")
    oncall([*login, "--app"], capsys, monkeypatch, slack.credentials.app_token + "\n")
    assert (data / "slack-token").exists() and (data / "slack-app-token").exists()

    outcome = oncall(["auth", "logout", "--data-dir", str(data)], capsys, monkeypatch)

    assert outcome.code == 0, outcome.text
    assert f"✓ Removed the Slack token file {data / 'slack-token'}." in outcome.lines()
    removed_app = f"✓ Removed the Socket Mode app-level token file {data / 'slack-app-token'}."
    assert removed_app in outcome.lines()
    assert not (data / "slack-token").exists() and not (data / "slack-app-token").exists()
    assert find_token({}, data_dir=data).token is None
    assert find_app_token({}, data_dir=data).token is None

    again = oncall(["auth", "logout", "--data-dir", str(data)], capsys, monkeypatch)
    assert "Removed" not in again.out


def test_logout_removes_a_loose_file_too(
    memory_keyring: MemoryKeyring,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = data / "slack-token"
    write_token_file(path, "xoxp-1-2-3", 0o644)
    outcome = oncall(["auth", "logout", "--data-dir", str(data)], capsys, monkeypatch)
    assert outcome.code == 0
    assert not path.exists()
    assert "xoxp-1-2-3" not in outcome.text
