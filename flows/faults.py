"""Crash injection for the robustness tests: die exactly here, the way a power cut or the OOM killer would.

`checkpoint(name)` SIGKILLs the current process when the environment variable `BRIEFING_KILL_AT` equals
`name`, and does nothing otherwise. SIGKILL, not an exception: no `finally`, no atexit, no flushing, no
Prefect state change runs, so a test that recovers from it proves the state on disk alone is enough.
Cheap enough to leave in production code: one dictionary lookup.
"""
from __future__ import annotations

import os
import signal
import sys

KILL_ENV = "BRIEFING_KILL_AT"
POINTS = ("after_ingest", "after_render", "before_send", "after_send", "before_ledger")


def checkpoint(name: str) -> None:
    """SIGKILL this process if `BRIEFING_KILL_AT` names this point; a no-op otherwise."""
    target = os.environ.get(KILL_ENV)
    if not target or target != name:
        return
    # say where we die before dying, so a test log shows the kill was reached (stderr is unbuffered)
    print(f"faults: killed at checkpoint {name!r} (pid {os.getpid()})", file=sys.stderr, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
