"""The suite keeps to its layers: tests read the app through what it shows and says, not through
its private members, and every layer shares the one fixture set of tests/conftest.py."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

from tests.figures import report_figures

TESTS = Path(__file__).resolve().parent

# Private members the suite once read instead of what the user sees, and what replaced them:
FORBIDDEN = {
    "_order": "tests.ui.harness.row_keys / select_row (the table's rows as shown)",
    "_live": "the rows and the status line on screen",
    "_notifications": "app.notices (what the engineer was told)",
    "_compositor": "tests.ui.harness.screen_text",
    "_exit_renderables": "the crash report on stderr (capsys)",
    "_fatal_error": "an unhandled error on the app's loop (app.call_later)",
    "_swarm_alerted": "app.notices",
    "_connection": "tests.store_damage.disk_full / space_is_back",
}
# The one place each may still be read, and why (said where it is read).
ALLOWED = {
    ("ui/harness.py", "_compositor"),  # Textual has no public way to read the screen as text
    ("store_damage.py", "_connection"),  # SQLite's page limit is set per connection
}


def private_reads(source: str) -> list[tuple[int, str]]:
    """(line, member) for every `<something>._member` in Python source, comments and strings
    left out (`self._x` inside a test's own helper class is its own business)."""
    found = []
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)
    ]
    for before, dot, name in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if dot.string != "." or name.type != tokenize.NAME or not name.string.startswith("_"):
            continue
        if before.string in ("self", "cls") or name.string.startswith("__"):
            continue
        found.append((name.start[0], name.string))
    return found


def test_the_guard_sees_private_reads_and_nothing_else() -> None:
    source = (
        "rows = app.dashboard.table._order  # ._notifications in a comment\n"
        'text = "app._compositor"\n'
        "self._order = []\n"
        "x = (\n    app\n    ._live\n)\n"
    )
    assert private_reads(source) == [(1, "_order"), (6, "_live")]


def test_no_test_reads_a_private_member_the_app_shows_publicly() -> None:
    every_read = [
        (path.relative_to(TESTS).as_posix(), line, member)
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != Path(__file__).name
        for line, member in private_reads(path.read_text(encoding="utf-8"))
    ]
    report_figures(
        "private members the tests still read (the guard forbids the app's listed ones)",
        "\n".join(f"{where}:{line} .{member}" for where, line, member in every_read),
    )
    reads = [
        f"{where}:{line} reads .{member}: use {FORBIDDEN[member]}"
        for where, line, member in every_read
        if member in FORBIDDEN and (where, member) not in ALLOWED
    ]
    assert reads == []


def fixtures_defined(conftest: Path) -> set[str]:
    """The names of the pytest fixtures a conftest defines."""
    tree = ast.parse(conftest.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if ast.unparse(target) in ("pytest.fixture", "fixture"):
                names.add(node.name)
    return names


def test_the_shared_fixtures_are_defined_once() -> None:
    shared = fixtures_defined(TESTS / "conftest.py")
    assert {"clock", "seeded", "server", "store", "slack_client", "new_app", "app"} <= shared
    again = {
        conftest.relative_to(TESTS).as_posix(): sorted(fixtures_defined(conftest) & shared)
        for conftest in sorted(TESTS.glob("*/**/conftest.py"))
    }
    assert {path: names for path, names in again.items() if names} == {}
    # And no folder conftest hands on another folder's fixtures (a re-export is a second set).
    for conftest in TESTS.glob("*/**/conftest.py"):
        assert "from tests.ui.conftest" not in conftest.read_text(encoding="utf-8")
        assert "from tests.integration.conftest" not in conftest.read_text(encoding="utf-8")
