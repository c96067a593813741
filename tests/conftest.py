"""Settings shared by every test: a fixed theme and colour mode so snapshots do not churn."""

from __future__ import annotations

import os
import tempfile

os.environ.pop("NO_COLOR", None)
os.environ.pop("TEXTUAL_THEME", None)
os.environ["TEXTUAL_ANIMATIONS"] = "none"
# Keyring must never reach a real backend from tests.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.pop("SLACK_TOKEN", None)
os.environ.pop("SLACK_APP_TOKEN", None)
os.environ.pop("SLACK_API_URL", None)
# No test (nor the app it starts) reads or writes the developer's own data and config folders:
# a token file or a database there would change what a test sees.
_AWAY_FROM_HOME = tempfile.mkdtemp(prefix="oncall-tui-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(_AWAY_FROM_HOME, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_AWAY_FROM_HOME, "config")


def pytest_terminal_summary(terminalreporter: object) -> None:
    """Print the figures tests reported (tests/figures.py) before pytest's closing line."""
    from _pytest.terminal import TerminalReporter

    from tests.figures import FIGURES

    assert isinstance(terminalreporter, TerminalReporter)
    for title, text in FIGURES:
        terminalreporter.write_sep("-", title)
        for line in text.splitlines():
            terminalreporter.write_line(line)
