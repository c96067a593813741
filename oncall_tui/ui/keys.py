"""The Textual `Binding`s of the app, its screens and widgets, built from the key registry
(oncall_tui/keymap.py): each BINDINGS is `bindings_for("<scope>")`, so what `[keys]` may remap,
what the footer, help and palette show and what is bound are one list."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from oncall_tui.keymap import BY_ID, EDITING_SCREENS, SCOPES, KeySpec


def _binding(spec: KeySpec) -> Binding:
    return Binding(
        spec.keys,
        spec.action,
        spec.description,
        show=spec.show,
        key_display=spec.key_display,
        id=spec.id,
    )


def bindings_for(scope: str) -> list[BindingType]:
    """The bindings of one scope of the registry, in its order."""
    return [_binding(spec) for spec in SCOPES[scope]]


def registered(binding: Binding) -> KeySpec | None:
    """The registry entry of a bound key; None for Textual's own (widget internals)."""
    return BY_ID.get(binding.id) if binding.id is not None else None


def is_editing(screen: DOMNode) -> bool:
    """A screen holding typed text or a pending choice, where `q` must not quit."""
    return getattr(screen, "KEY_SCOPE", None) in EDITING_SCREENS
