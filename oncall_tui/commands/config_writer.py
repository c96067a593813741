"""The configuration file `oncall-tui init` writes: `settings_to_toml` with a note on every key,
so the file explains itself, and commented-out examples of the optional keys left unset."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from oncall_tui.config import Settings
from oncall_tui.config_toml import key_note, section_keys, section_note, settings_to_toml

_HEADER: Final = """\
# oncall-tui configuration, written by `oncall-tui init`. Edit freely: unknown keys and bad
# values are reported with the file, the key and what is expected. `oncall-tui doctor` checks it.
# The Slack token is not here: it lives in the OS keyring (or $SLACK_TOKEN).
"""


def commented_config(settings: Settings, channel_names: Mapping[str, str]) -> str:
    """`settings` as a TOML file with notes; `channel_names` (id -> name) labels channel ids."""
    blocks = [_HEADER.rstrip("\n")]
    seen: set[str] = set()
    for block in settings_to_toml(settings).rstrip("\n").split("\n\n"):
        header, *lines = block.split("\n")
        section = header.strip("[]")
        # Repeated blocks ([[customers]]) are explained once, on the first.
        explain = header not in seen
        seen.add(header)
        out: list[str] = []
        note = section_note(Settings, section)
        if note and explain:
            out.extend(f"# {line}" for line in note.splitlines())
        out.append(header)
        written = set()
        for line in lines:
            key = line.split(" = ", 1)[0]
            written.add(key)
            key_doc = key_note(Settings, section, key).get("doc")
            if key_doc and explain:
                out.append(f"# {key_doc}")
            out.append(_label_channel(line, key, channel_names))
        # Optional keys left unset, commented out, so the file shows what else it can say.
        for key in section_keys(Settings, section):
            example = key_note(Settings, section, key)
            if key not in written and "example" in example and explain:
                out.append(f"# {key} = {example['example']}  # {example['doc']}")
        blocks.append("\n".join(out))
    return "\n\n".join(blocks) + "\n"


def _label_channel(line: str, key: str, channel_names: Mapping[str, str]) -> str:
    if key not in ("channel", "handoff_channel"):
        return line
    channel_id = line.split(" = ", 1)[1].strip('"')
    name = channel_names.get(channel_id, "")
    # A name from Slack goes into a comment: only one that cannot end the comment early.
    if not name or not name.isprintable() or any(c.isspace() for c in name):
        return line
    return f"{line}  # #{name}"


def write_config(path: Path, text: str) -> None:
    """Write the whole file or nothing: a half-written config would stop the app."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
