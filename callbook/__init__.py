"""Callbook: the call log a solo sales rep keeps open all day."""

__version__ = "0.1.0"
