"""Settings shared by every test: a fixed theme and colour mode so snapshots do not churn."""

from __future__ import annotations

import os

os.environ.pop("NO_COLOR", None)
os.environ.pop("TEXTUAL_THEME", None)
os.environ["TEXTUAL_ANIMATIONS"] = "none"
# Keyring must never reach a real backend from tests.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.pop("SLACK_TOKEN", None)
os.environ.pop("SLACK_APP_TOKEN", None)
os.environ.pop("SLACK_API_URL", None)
