"""Use cases: one transaction per user action, each returning what changed."""
