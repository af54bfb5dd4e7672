"""What the store raises when it cannot open or write: no SQLAlchemy, so the window can catch it."""


class StoreError(Exception):
    """The store cannot be opened or written; the message says why."""
