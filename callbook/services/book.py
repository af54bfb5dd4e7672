"""The open call book as the window holds it: a handle it passes to services, never opens."""

from __future__ import annotations

from callbook.store.engine import Store
from callbook.store.errors import StoreError

__all__ = ["Store", "StoreError"]
