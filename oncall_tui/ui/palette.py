"""The command palette (ctrl+p) offers the same actions as the keys of the screen it opens on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from oncall_tui.ui.keys import registered


class ScreenActions(Provider):
    """Every binding of the key registry (keymap.py) active on the screen, by its description."""

    def _actions(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            spec = registered(binding)
            if spec is None or not spec.description or spec.description in seen:
                continue
            seen.add(spec.description)
            key = self.app.get_key_display(binding)
            run = partial(self._run, binding.action, active.node)
            yield spec.description, key, run

    def _run(self, action: str, node: DOMNode) -> None:
        self.app.call_later(self.app.run_action, action, node)

    async def discover(self) -> Hits:
        for description, key, run in self._actions():
            yield DiscoveryHit(description, run, help=f"key: {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, key, run in self._actions():
            score = matcher.match(description)
            if score > 0:
                yield Hit(score, matcher.highlight(description), run, help=f"key: {key}")
