"""Read by every interpreter started with this folder on PYTHONPATH: watches a real start.

The start benchmark launches the installed `callbook` command itself, unchanged; this is
how that process reports when Today painted. It does nothing unless CALLBOOK_START_PROBE
names what to wait for: `today` (Today painted with rows) or `settled` (the store open and
everything wired). It imports nothing until the window's own modules load.
"""

from __future__ import annotations

import os

if os.environ.get("CALLBOOK_START_PROBE"):
    import sys

    sys.path.append(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # noqa: PTH120, PTH100 - pathlib would be one more import to time
    from probe_hook import watch_start

    watch_start(os.environ["CALLBOOK_START_PROBE"])
