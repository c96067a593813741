"""Regenerate the README screenshots from the demo at a frozen clock.

python scripts/screenshots.py            # SVGs into screenshots/
python scripts/screenshots.py --png      # also PNGs (needs rsvg-convert), to look at them
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import tempfile
from pathlib import Path

from oncall_tui.demo.frozen import SCREEN_SIZE, frozen_demo_app, until_idle, until_synced

OUT = Path(__file__).resolve().parent.parent / "screenshots"

# name -> (keys pressed one by one after the first sync, text typed after them)
SHOTS: dict[str, tuple[list[str], str]] = {
    "dashboard": ([], ""),
    "conversation": (["j", "j", "j", "j", "enter"], ""),  # one with both sides speaking
    "composer": (["r"], "Hi @Dana, thanks for the details. We can reproduce it and are on it."),
    "status-update": (["u", "2"], ""),
    "call": (["c"], ""),
    "wrapup": (["w"], ""),
    "handoff": (["w", "h"], ""),
    "report": (["W"], ""),
    "help": (["question_mark"], ""),
    # Swarm watch: the board with Globex's silent swarm under the cursor, then its conversation
    # with the internal thread below the customer's.
    "silent-swarm": (["slash", *"globex", "enter"], ""),
    "swarm-conversation": (["slash", *"globex", "enter", "enter"], ""),
    # A small terminal: the narrow layout, and help that scrolls.
    "dashboard-80x24": ([], ""),
    "help-80x24": (["question_mark"], ""),
}
SMALL = (80, 24)


async def take(name: str, keys: list[str], typed: str) -> Path:
    with tempfile.TemporaryDirectory() as data_dir, frozen_demo_app(Path(data_dir)) as app:
        size = SMALL if name.endswith("-80x24") else SCREEN_SIZE
        async with app.run_test(size=size) as pilot:
            await until_synced(pilot)
            for key in keys:
                await pilot.press(key)
                await until_idle(pilot)
            if typed:
                await pilot.press(*typed)
                await until_idle(pilot)
            return Path(app.save_screenshot(f"{name}.svg", str(OUT)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--png", action="store_true", help="also write PNGs with rsvg-convert")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    for name, (keys, typed) in SHOTS.items():
        svg = asyncio.run(take(name, keys, typed))
        print(svg.relative_to(OUT.parent))
        if args.png:
            if shutil.which("rsvg-convert") is None:
                raise SystemExit("--png needs rsvg-convert (apt-get install librsvg2-bin)")
            png = svg.with_suffix(".png")
            subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=True)


if __name__ == "__main__":
    main()
