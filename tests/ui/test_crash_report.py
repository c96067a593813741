"""If the app ever crashes, its report shows no local variables and no Slack token."""

from __future__ import annotations

from oncall_tui.ui.app import OncallApp
from tests.ui.harness import SCREEN, wait_until_synced

TOKEN = "xoxp-1234567890-0987654321-secretsecret"


async def test_a_crash_report_masks_tokens_and_shows_no_locals(app: OncallApp) -> None:
    def explode() -> None:
        token = TOKEN  # a local a traceback with locals would print
        raise RuntimeError(f"Slack said no to {token}")

    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        try:
            explode()
        except RuntimeError:
            app._fatal_error()  # what Textual calls on an unhandled error
        report = "".join(str(renderable) for renderable in app._exit_renderables)
    assert "RuntimeError" in report and "explode" in report
    assert TOKEN not in report and "secretsecret" not in report
    assert "xoxp-***" in report
