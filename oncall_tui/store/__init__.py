"""The local SQLite store: the one owner of database writes."""

from oncall_tui.store.store import Store, StoreError

__all__ = ["Store", "StoreError"]
