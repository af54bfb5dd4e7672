"""The PySide6 window: pages, the contact card, item models and dialogs; no SQL."""
