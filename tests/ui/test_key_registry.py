"""The key registry (oncall_tui/keymap.py) is the one list of keys: every action it names exists
on the class that runs it (a typo fails here, not when a user presses the key), every class with
keys takes them from it, and [keys] in the config is checked against it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.actions import parse
from textual.binding import Binding
from textual.dom import DOMNode

import oncall_tui.ui
from oncall_tui.config import ConfigError, parse_settings
from oncall_tui.demo.launcher import demo_settings
from oncall_tui.demo.seed import DemoCredentials
from oncall_tui.demo.server import FakeSlackServer
from oncall_tui.demo.workspace import Workspace
from oncall_tui.domain.clock import FrozenClock
from oncall_tui.keymap import BINDING_IDS, BY_ID, EDITING_SCREENS, SCOPES, SCREENS
from oncall_tui.ui.app import OncallApp
from oncall_tui.ui.day_flows import DayFlows
from oncall_tui.ui.flows import ActionFlows
from oncall_tui.ui.keys import bindings_for
from oncall_tui.ui.welcome import WelcomeApp
from tests.app_factory import AppFactory
from tests.ui.harness import SCREEN, screen_text, table_rows, wait_until_synced

# The welcome app runs before there is a config, so its keys cannot be remapped.
NOT_REMAPPABLE = (WelcomeApp,)


def ui_classes() -> Iterator[type[DOMNode]]:
    for module_info in pkgutil.walk_packages(oncall_tui.ui.__path__, "oncall_tui.ui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                yield cls


def owners() -> dict[str, list[type[DOMNode]]]:
    """Scope -> the classes whose own BINDINGS are that scope's."""
    found: dict[str, list[type[DOMNode]]] = {}
    for cls in ui_classes():
        own = cls.__dict__.get("BINDINGS")
        if not own or issubclass(cls, NOT_REMAPPABLE):
            continue
        ids = [b.id for b in own if isinstance(b, Binding)]
        scopes = [name for name, specs in SCOPES.items() if [s.id for s in specs] == ids]
        assert scopes, f"{cls.__name__}: BINDINGS {ids} are not one scope of keymap.SCOPES"
        found.setdefault(scopes[0], []).append(cls)
    return found


def screens_with(scope: str) -> list[type[DOMNode]]:
    """The screen classes on which the bindings of `scope` are live."""
    classes = [cls for cls in ui_classes() if "KEY_SCOPE" in cls.__dict__]
    names = [screen for screen, scopes in SCREENS.items() if scope in scopes]
    return [cls for cls in classes if cls.__dict__["KEY_SCOPE"] in names]


def test_every_scope_has_its_classes_and_every_class_takes_its_keys_from_the_registry() -> None:
    found = owners()
    assert sorted(found) == sorted(SCOPES)
    for scope, classes in found.items():
        for cls in classes:
            built = bindings_for(scope)
            assert [(b.key, b.action, b.id) for b in cls.BINDINGS if isinstance(b, Binding)] == [
                (b.key, b.action, b.id) for b in built if isinstance(b, Binding)
            ]
    screens = {cls.__dict__["KEY_SCOPE"] for cls in ui_classes() if "KEY_SCOPE" in cls.__dict__}
    assert screens == set(SCREENS)
    assert screens >= EDITING_SCREENS


@pytest.mark.parametrize(
    ("scope", "spec"),
    [
        pytest.param(scope, spec, id=f"{scope}-{spec.id}")
        for scope, specs in SCOPES.items()
        for spec in specs
    ],
)
def test_every_action_exists_on_what_runs_it(scope: str, spec: object) -> None:
    from oncall_tui.keymap import KeySpec

    assert isinstance(spec, KeySpec)
    namespace, name, arguments = parse(spec.action)
    if namespace == "app" and name in ("act", "day"):
        flows = ActionFlows if name == "act" else DayFlows
        flow, *rest = arguments
        assert isinstance(flow, str)
        method = getattr(flows, flow, None)
        assert method is not None, f"{spec.id}: {flows.__name__} has no flow {flow!r}"
        assert inspect.iscoroutinefunction(method)
        # act(flow) passes the conversation; day(flow, *arguments) passes the arguments.
        wanted = 1 if name == "act" else len(rest)
        assert len(inspect.signature(method).parameters) - 1 == wanted, spec.id
        return
    if namespace == "app":
        targets: list[type[DOMNode]] = [OncallApp]
    elif namespace == "screen":
        targets = screens_with(scope)
    else:
        targets = owners()[scope]
    assert targets, spec.id
    for target in targets:
        assert hasattr(target, f"action_{name}"), f"{spec.id}: {target.__name__}.action_{name}"


def test_an_id_is_one_key_and_one_text_wherever_it_is_bound() -> None:
    for specs in SCOPES.values():
        for spec in specs:
            assert (spec.keys, spec.description) == (
                BY_ID[spec.id].keys,
                BY_ID[spec.id].description,
            )


def test_a_misspelt_flow_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above fails for a typo (the registry with `replly` in place of `reply`)."""
    monkeypatch.delattr(ActionFlows, "reply")
    with pytest.raises(AssertionError, match="no flow 'reply'"):
        test_every_action_exists_on_what_runs_it("dashboard", BY_ID["reply"])


# --- [keys] in the config -----------------------------------------------------------------


def config_error(keys: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_settings(f"[keys]\n{keys}\n", "config.toml")
    return str(caught.value)


def test_an_unknown_binding_id_names_the_file_and_key_and_suggests_one() -> None:
    error = config_error('repyl = "p"')
    assert error.startswith("config.toml: [keys] repyl: no such key binding (did you mean reply?)")
    assert "cursor_down" in error and "\n" not in error


@pytest.mark.parametrize(
    ("keys", "blamed", "says"),
    [
        ('reply = "j"', "reply", "cursor_down"),  # the table's j, on the dashboard
        ('filter = "?"', "filter", "help"),  # "?" is question_mark, the app's help
        ('why = "x"', "why", "resolve"),
        ('back = "r"', "back", "reply"),  # on the conversation screen
        ('close_composer = "ctrl+t"', "close_composer", "snippets"),
        ('send = "ctrl+e"', "send", "external_editor"),  # the text box's key
        ('snooze = "e"\nclaim = "e"', "claim", "snooze"),  # the later line is named
    ],
)
def test_a_key_two_bindings_of_one_screen_would_share_is_refused(
    keys: str, blamed: str, says: str
) -> None:
    error = config_error(keys)
    assert error.startswith(f"config.toml: [keys] {blamed}: key "), error
    assert says in error and "pick another key" in error and "\n" not in error


@pytest.mark.parametrize(
    "keys",
    [
        'reply = "p"',
        'reply = "r"',  # its own default
        'cursor_down = "j,down"',
        'quit = "ctrl+q"\nback = "b"',
        'back = "escape,q,b"',  # back shadowing quit is by design
        'help_down = "down"\nscroll_down = "down"',  # different screens
        'reply = "k"\ncursor_up = "up"\nscroll_up = "up"',  # k freed on both screens first
    ],
)
def test_remaps_that_keep_every_screen_unambiguous_are_read(keys: str) -> None:
    read = parse_settings(f"[keys]\n{keys}\n", "config.toml")
    assert set(read.keys) <= set(BINDING_IDS)


# --- a remap through the running app ------------------------------------------------------


def column(app: OncallApp, heading: str) -> int:
    headings = [str(col.label) for col in app.dashboard.table.columns.values()]
    return headings.index(heading)


async def test_a_character_key_from_the_config_works_and_the_help_shows_it(
    server: FakeSlackServer,
    seeded: tuple[Workspace, DemoCredentials],
    clock: FrozenClock,
    tmp_path: Path,
    new_app: AppFactory,
) -> None:
    keys = parse_settings('[keys]\nfilter = "!"\nwhy = "f13"\n', "config.toml").keys
    assert dict(keys) == {"filter": "exclamation_mark", "why": "f13"}
    settings = replace(demo_settings(), keys=keys)
    app = new_app(settings=settings)
    async with app.run_test(size=SCREEN) as pilot:
        await wait_until_synced(pilot, app)
        await pilot.press("question_mark")
        help_text = screen_text(app)
        assert "!" in help_text and "Filter" in help_text
        assert "/" not in help_text.split("Filter")[0].splitlines()[-1]
        await pilot.press("escape", "exclamation_mark", *"hooli", "enter")
        assert {row[column(app, "Customer")] for row in table_rows(app)} == {"Hooli"}
