"""oncall-tui: every open customer thread in view, with live left-on-read timers."""

__version__ = "0.1.0"
