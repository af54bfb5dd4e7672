"""The composition root's parts: each builds one part of the window and connects its signals.

`callbook.app` calls them once the window is painted; nothing else does (the layering test
keeps `ui/` from importing them).
"""
