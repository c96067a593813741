"""Everything between the Slack edge and the screen, with no Textual: the store, the sync, live
and outbox runners, the poll and retention schedules, the policies built once from the settings,
and the board it publishes (runtime.py)."""
