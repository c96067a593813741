"""If the app ever crashes, its report shows no local variables and no Slack token."""

from __future__ import annotations

import pytest

from oncall_tui.ui.app import OncallApp
from tests.ui.harness import SCREEN, wait_until_synced

TOKEN = "xoxp-1234567890-0987654321-secretsecret"


async def test_a_crash_report_masks_tokens_and_shows_no_locals(
    app: OncallApp, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode() -> None:
        token = TOKEN  # a local a traceback with locals would print
        raise RuntimeError(f"Slack said no to {token}")

    # An error nothing handles, raised on the app's loop: Textual ends the app and prints the
    # report on stderr as it closes (run_test then raises the error for the test to see).
    with pytest.raises(RuntimeError, match="Slack said no"):
        async with app.run_test(size=SCREEN) as pilot:
            await wait_until_synced(pilot, app)
            app.call_later(explode)
            await pilot.pause()
    assert app.return_code == 1
    report = capsys.readouterr().err
    unfolded = report.replace("\n", "")  # a long line may be folded at the console's width
    assert "RuntimeError" in report and "explode" in report
    assert TOKEN not in unfolded and "secretsecret" not in unfolded
    assert "xoxp-***" in unfolded
    assert "token = " not in report  # no locals
