"""Writing settings back as a configuration file, derived from the settings dataclasses alone.

Every field of the top-level settings class whose type is a settings record is a `[name]`
table, a tuple of records is `[[name]]` blocks, a mapping is a table of free keys (`[keys]`);
each record's fields are the table's keys. So a section added to the settings is written (and
read: config.py takes its tables from `section_kinds` too) without another list to keep in
step. The notes of the file `oncall-tui init` writes come from the same place: a record's
docstring (or the field's `doc(...)` metadata) above its section, a field's `doc(...)` above
its key.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping
from dataclasses import Field, asdict, fields, is_dataclass
from typing import Any, Literal, get_args, get_origin, get_type_hints

from oncall_tui.config_sections import BARE_KEY

SectionKind = Literal["table", "list", "map"]


def doc(note: str, example: str | None = None) -> Mapping[str, str]:
    """Field metadata for the file `oncall-tui init` writes: the note above the key, and for an
    optional key left unset, a commented-out example value (as TOML)."""
    return {"doc": note} if example is None else {"doc": note, "example": example}


def _section_of(hint: object) -> tuple[SectionKind, type[Any] | None] | None:
    if isinstance(hint, type) and is_dataclass(hint):
        return "table", hint
    arguments = get_args(hint)
    item = arguments[0] if arguments else None
    if get_origin(hint) is tuple and isinstance(item, type) and is_dataclass(item):
        return "list", item
    if get_origin(hint) is Mapping:
        return "map", None
    return None


def section_kinds(settings_type: type[Any]) -> dict[str, tuple[SectionKind, type[Any] | None]]:
    """Section name -> ("table", record), ("list", record) or ("map", None), in field order;
    fields of another type (the source path) are not in the file."""
    return {
        name: kind
        for name, hint in get_type_hints(settings_type).items()
        if (kind := _section_of(hint)) is not None
    }


def section_keys(settings_type: type[Any], name: str) -> tuple[str, ...]:
    """The keys of a section, in field order; () for a table of free keys ([keys])."""
    record = section_kinds(settings_type)[name][1]
    return tuple(f.name for f in fields(record)) if record is not None else ()


def section_note(settings_type: type[Any], name: str) -> str | None:
    """The note above a section: the field's doc(...), else its record's docstring."""
    field_of: dict[str, Field[Any]] = {f.name: f for f in fields(settings_type)}
    note = field_of[name].metadata.get("doc")
    if note:
        return str(note)
    record = section_kinds(settings_type)[name][1]
    text = inspect.getdoc(record) if record is not None else None
    # A dataclass without a docstring is given its signature as one.
    if record is None or not text or text.startswith(f"{record.__name__}("):
        return None
    return text


def key_note(settings_type: type[Any], section: str, key: str) -> Mapping[str, str]:
    """The "doc" and commented-out "example" of one key, where it has them."""
    record = section_kinds(settings_type)[section][1]
    for record_field in fields(record) if record is not None else ():
        if record_field.name == key:
            return {name: str(value) for name, value in record_field.metadata.items()}
    return {}


def settings_to_toml(settings: Any) -> str:
    """The settings as a configuration file that `parse_settings` reads back unchanged: every
    section, the single tables first, then the tables of free keys, then the [[blocks]]."""
    tables: list[str] = []
    maps: list[str] = []
    lists: list[str] = []
    for name, (kind, _) in section_kinds(type(settings)).items():
        value = getattr(settings, name)
        if kind == "table":
            tables.append(_toml_table(f"[{name}]", asdict(value)))
        elif kind == "map":
            maps.append(_toml_table(f"[{name}]", value))
        else:
            lists.extend(_toml_table(f"[[{name}]]", asdict(item)) for item in value)
    return "\n\n".join(tables + maps + lists) + "\n"


def _toml_table(header: str, values: Mapping[str, object]) -> str:
    lines = [header]
    lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in values.items() if v is not None)
    return "\n".join(lines)


def _toml_key(key: str) -> str:
    return key if BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    # JSON string escapes are valid TOML; DEL is the one control character JSON leaves raw.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
