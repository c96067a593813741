"""`oncall-tui init`: from a token to a working config file in one sitting, driven through stdin."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncall_tui.commands.init import system_timezone
from oncall_tui.config import load_settings
from oncall_tui.slack.tokens import find_token
from tests.integration.cli_harness import (
    FakeSlack,
    MemoryKeyring,
    Outcome,
    no_keyring,
    run_cli,
    use_keyring,
)

# The demo engineer sees six Slack Connect channels, listed by name:
# 1 #ext-acme-corp, 2 #ext-globex, 3 #ext-hooli, 4 #ext-initech, 5 #ext-stark-logistics,
# 6 #ext-umbrella-health.


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "conf" / "config.toml"


def init(
    config: Path,
    answers: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Outcome:
    text = "".join(answer + "\n" for answer in answers)
    return run_cli(["init", "--config", str(config)], capsys, monkeypatch, text)


def test_a_newcomer_gets_a_working_config(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = slack.credentials.user_token
    # The list is by organisation: Acme Corp, Contoso Retail (the busy channel), Globex, Hooli…
    answers = [token, "1,4", "#support-handoff", "Alex", "Mon-Thu 08:00-16:00", "Europe/Lisbon"]
    outcome = init(config, answers, capsys, monkeypatch)

    assert outcome.code == 0, outcome.text
    assert "Acme Corp" in outcome.out and "Umbrella Health" in outcome.out  # organisations
    assert outcome.lines()[-1] == f"Next: run `oncall-tui --config {config}`"
    settings = load_settings(config)
    assert [(c.name, c.channel) for c in settings.customers] == [
        ("Acme Corp", "C0EXTACME1"),
        ("Hooli", "C0EXTHOOL1"),
    ]
    assert settings.slack.discover_shared_channels is False  # only the picked ones
    assert settings.slack.handoff_channel == "#support-handoff"
    assert settings.engineer.name == "Alex"
    assert settings.engineer.working_hours == "Mon-Thu 08:00-16:00"
    assert settings.engineer.timezone == "Europe/Lisbon"
    assert find_token({}).token == token
    assert token not in outcome.text
    assert token not in config.read_text(encoding="utf-8")


def test_defaults_watch_every_customer_and_new_ones(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = [slack.credentials.user_token, "", "", "", "", "UTC"]
    outcome = init(config, answers, capsys, monkeypatch)
    assert outcome.code == 0, outcome.text
    settings = load_settings(config)
    assert len(settings.customers) == 7  # six customers and the busy channel's
    assert settings.slack.discover_shared_channels is True
    assert settings.slack.handoff_channel == "#support-handoff"  # the one named like it
    assert settings.engineer.name == "Alex"  # from the Slack profile
    assert settings.engineer.working_hours == "Mon-Fri 09:00-18:00"


def test_wrong_answers_are_asked_again_with_the_reason(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = [
        "xoxp-not-issued",
        slack.credentials.user_token,
        "3,9",
        "3",
        "#no-such-channel",
        "-",
        "",
        "weekdays",
        "",
        "Mars/Olympus_Mons",
        "Asia/Tokyo",
    ]
    outcome = init(config, answers, capsys, monkeypatch)
    assert outcome.code == 0, outcome.text
    problems = [line for line in outcome.lines() if line.startswith("✗")]
    assert len(problems) == 5, problems
    for fragment in ("invalid_auth", "'9'", "#no-such-channel", "weekdays", "Mars/Olympus_Mons"):
        assert any(fragment in line for line in problems), fragment
    settings = load_settings(config)
    assert [c.name for c in settings.customers] == ["Globex"]
    assert settings.slack.handoff_channel is None
    assert settings.engineer.timezone == "Asia/Tokyo"


def test_an_existing_config_is_kept_unless_replacing_is_confirmed(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config.parent.mkdir()
    config.write_text("# mine, hand-written\n", encoding="utf-8")
    kept = init(config, [""], capsys, monkeypatch)
    assert kept.code == 1
    assert config.read_text(encoding="utf-8") == "# mine, hand-written\n"
    assert slack.server.call_counts()["auth.test"] == 0  # asked before anything else

    answers = ["y", slack.credentials.user_token, "1", "-", "Sam", "", "UTC"]
    replaced = init(config, answers, capsys, monkeypatch)
    assert replaced.code == 0, replaced.text
    assert load_settings(config).engineer.name == "Sam"


def test_a_token_already_set_up_is_used_as_it_is(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_TOKEN", slack.credentials.user_token)
    outcome = init(config, ["", "1", "-", "", "", "UTC"], capsys, monkeypatch)
    assert outcome.code == 0, outcome.text
    assert "found one from $SLACK_TOKEN" in outcome.out
    assert memory_keyring.passwords == {}  # nothing to store: the app finds it already
    assert outcome.lines()[-1].startswith("Next: run `oncall-tui")


def test_without_a_keyring_the_config_is_still_written_and_the_next_step_says_so(
    slack: FakeSlack,
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_keyring(monkeypatch, no_keyring())
    answers = [slack.credentials.user_token, "1", "-", "", "", "UTC"]
    outcome = init(config, answers, capsys, monkeypatch)
    assert outcome.code == 0, outcome.text
    assert any("no OS keyring here" in line for line in outcome.lines())
    assert outcome.lines()[-1].startswith("Next: export SLACK_TOKEN=… in your shell profile")
    assert config.exists()


def test_running_out_of_answers_writes_nothing(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outcome = init(config, [slack.credentials.user_token, "1"], capsys, monkeypatch)
    assert outcome.code == 2
    assert outcome.err.startswith("oncall-tui: no answer to 'Handoff channel")
    assert "Traceback" not in outcome.err
    assert not config.exists()


def test_the_commented_out_examples_in_the_file_work_when_uncommented(
    slack: FakeSlack,
    memory_keyring: MemoryKeyring,
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = [slack.credentials.user_token, "1", "-", "", "", "UTC"]
    assert init(config, answers, capsys, monkeypatch).code == 0
    text = config.read_text(encoding="utf-8")
    examples = [line for line in text.splitlines() if line.startswith("# ") and " = " in line]
    assert any(line.startswith("# business_hours = ") for line in examples)
    for example in examples:
        if example.startswith(("# business_hours", "# meeting_link", "# email")):
            text = text.replace(example, example.removeprefix("# "))
    config.write_text(text, encoding="utf-8")
    settings = load_settings(config)
    assert settings.sla.business_hours is not None
    assert settings.engineer.meeting_link is not None
    assert settings.engineer.email is not None


def test_system_time_zone_comes_from_tz_then_etc_timezone_then_localtime(tmp_path: Path) -> None:
    etc_timezone = tmp_path / "timezone"
    localtime = tmp_path / "localtime"
    zone_file = tmp_path / "usr/share/zoneinfo/America/Chicago"
    zone_file.parent.mkdir(parents=True)
    zone_file.write_bytes(b"")
    localtime.symlink_to(zone_file)

    assert system_timezone({}, etc_timezone, localtime) == "America/Chicago"
    etc_timezone.write_text("Europe/Oslo\n", encoding="utf-8")
    assert system_timezone({}, etc_timezone, localtime) == "Europe/Oslo"
    assert system_timezone({"TZ": ":Asia/Tokyo"}, etc_timezone, localtime) == "Asia/Tokyo"
    assert system_timezone({"TZ": "nonsense"}, etc_timezone, localtime) == "Europe/Oslo"
    assert system_timezone({}, tmp_path / "none", tmp_path / "none") == "UTC"
