"""Progress a person can see, and only a person.

A manual `briefing run` waits 10-30 s, most of it Prefect starting its temporary server; without a sign of
life the operator wonders whether it hangs. So on a terminal the run says what it is doing (starting Prefect,
bulletin N of M, rendering, sending), each line with the seconds since the start. Under cron, in a pipe or a
log file stdout is not a terminal and these lines would only be noise next to the report and Prefect's own log:
nothing is printed. `BRIEFING_PROGRESS=1` / `=0` overrides the guess (a CI log that wants them, a terminal
that does not).
"""
from __future__ import annotations

import os
import sys
import time
from typing import TextIO

_T0 = time.monotonic()


def wanted(stream: TextIO | None = None) -> bool:
    """True when progress lines would reach a person: stdout is a terminal (not `TERM=dumb`), unless
    BRIEFING_PROGRESS says otherwise."""
    forced = os.environ.get("BRIEFING_PROGRESS", "").strip().lower()
    if forced in ("1", "true", "yes", "on"):
        return True
    if forced in ("0", "false", "no", "off"):
        return False
    stream = sys.stdout if stream is None else stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False
    return tty and os.environ.get("TERM") != "dumb"


def say(line: str) -> None:
    """Print one progress line now; a reader that left (`briefing run | head -1`) is not an error: stdout is
    pointed at /dev/null so no later print fails again."""
    try:
        print(line, flush=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)


def restart_clock() -> None:
    """Seconds in progress lines count from here (the command's start)."""
    global _T0
    _T0 = time.monotonic()


def stamp(message: str) -> str:
    """`[  4.2 s] message`: the elapsed time tells the operator which step is the slow one."""
    return f"[{time.monotonic() - _T0:5.1f} s] {message}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 bulletin`, `2 bulletins` (`many` for irregular words)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def step(k: int, n: int) -> str:
    """`3/9`, padded so the bulletin names line up."""
    return f"{k:>{len(str(n))}}/{n}"


__all__ = ["plural", "restart_clock", "say", "stamp", "step", "wanted"]
