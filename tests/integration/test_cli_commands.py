"""The command line: subcommands beside the app's own options, which keep working as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncall_tui.cli import COMMANDS, main
from tests.integration.cli_harness import run_cli

KEPT_CONFIG = "# hand-written\n"


@pytest.fixture
def existing_config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(KEPT_CONFIG, encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["before", "after"])
def test_config_option_reaches_the_command_on_either_side(
    where: str,
    existing_config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    option = ["--config", str(existing_config)]
    argv = [*option, "init"] if where == "before" else ["init", *option]
    outcome = run_cli(argv, capsys, monkeypatch, "n\n")  # "replace it?" no
    assert outcome.code == 1
    assert f"Kept {existing_config}" in outcome.out
    assert existing_config.read_text(encoding="utf-8") == KEPT_CONFIG


def test_demo_does_not_go_with_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--demo", "doctor"])
    assert exited.value.code == 2
    assert "--demo" in capsys.readouterr().err.splitlines()[-1]


def test_unknown_command_lists_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["frobnicate"])
    assert exited.value.code == 2
    last_line = capsys.readouterr().err.splitlines()[-1]
    assert "frobnicate" in last_line
    assert all(name in last_line for name in COMMANDS)


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(f"    {name} " in out for name in COMMANDS)


def test_interrupting_a_command_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(COMMANDS["init"], "run", interrupted)
    outcome = run_cli(["init"], capsys, monkeypatch)
    assert outcome.code == 130
    assert outcome.err.count("\n") == 1 and "Traceback" not in outcome.err
