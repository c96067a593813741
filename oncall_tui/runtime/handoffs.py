"""The newest handoff another engineer left in the handoff channel, kept in the store so it
shows offline too."""

from __future__ import annotations

import json

from oncall_tui.domain.handoff import Handoff, handoff_from_metadata
from oncall_tui.runtime.ports import AppContext
from oncall_tui.store.store import Store


async def read_incoming_handoff(store: Store, context: AppContext, now: float) -> Handoff | None:
    reference = context.settings.slack.handoff_channel
    channel = context.handoff_channel
    if reference and channel is not None:
        found = await channel.newest(reference)
        if found is not None:
            ts, metadata = found
            handoff = handoff_from_metadata(metadata, ts)
            if handoff is not None and handoff.author_id != context.me.user_id:
                await store.handoffs.save_incoming(ts, json.dumps(metadata), now)
    stored = await store.handoffs.latest_incoming()
    if stored is None:
        return None
    ts, text = stored
    return handoff_from_metadata(json.loads(text), ts)
