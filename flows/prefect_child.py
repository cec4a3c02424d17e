"""The temporary Prefect server of a `briefing run` lives exactly as long as the run, also when it is killed.

Without PREFECT_API_URL, Prefect starts a uvicorn server as a child process and stops it at exit; a SIGKILL of
the run skips that, and the server stayed alive (19 of 30 kills). Here Prefect's own start is wrapped: the
server is started from the main thread before the flow, with `prctl(PR_SET_PDEATHSIG, SIGKILL)` set in the
child, so the kernel kills it when the run dies however it dies. Its pid (and start time, so a reused pid is
never mistaken for it) is written to `<state>/prefect-server.<run pid>.pid`; the next run removes any record
whose run is gone and kills a server still alive under it (for kernels or containers where the death signal
did not arrive). The server's output goes to `<state>/prefect-server.log`.
"""
from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1
_PATTERN = "prefect-server.*.pid"
_MARK = "prefect.server.api.server:create_app"

_libc: Any = None


def _die_with_parent(parent: int) -> None:
    """In the child, before exec: ask for SIGKILL when the parent (thread) dies; if it already has, go."""
    if _libc is not None:
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _start_time(pid: int) -> str | None:
    """Field 22 of /proc/<pid>/stat: the process's start time, which a reused pid does not share."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[19]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def kill_leftovers(state_dir: Path) -> list[int]:
    """Kill temporary Prefect servers whose run is gone; returns their pids. Records of live runs stay."""
    killed = []
    for rec in sorted(Path(state_dir).glob(_PATTERN)):
        try:
            run_pid, run_start, pid, start = rec.read_text().split()[:4]
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                rec.unlink()
            continue
        if _start_time(int(run_pid)) == run_start:
            continue  # that run is still going (a concurrent run waiting for the lock, say)
        if _start_time(int(pid)) == start and _MARK in _cmdline(int(pid)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
                killed.append(int(pid))
        with contextlib.suppress(OSError):
            rec.unlink()
    return killed


def start_server(state_dir: Path) -> int | None:
    """Start Prefect's temporary server now, as a child that dies with this process; returns its pid, or
    None when PREFECT_API_URL names a server (nothing to start). Call from the main thread: the death
    signal follows the thread that started the child."""
    global _libc
    from prefect.settings import PREFECT_API_URL

    if os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value():
        return None
    state_dir = Path(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    for pid in kill_leftovers(state_dir):
        print(f"briefing: stopped a temporary Prefect server (pid {pid}) left behind by a killed run",
              file=sys.stderr, flush=True)
    if sys.platform.startswith("linux") and _libc is None:
        with contextlib.suppress(OSError):
            _libc = ctypes.CDLL(None, use_errno=True)
    import prefect.server.api.server as server_module

    parent = os.getpid()
    log_path = state_dir / "prefect-server.log"
    with contextlib.suppress(OSError):
        if log_path.stat().st_size > 1 << 20:  # keep the last runs' output, not all of it
            log_path.unlink()

    class _Subprocess:
        """`subprocess` as the server module sees it, with the death signal added to Popen."""

        def __getattr__(self, name: str) -> Any:
            return getattr(subprocess, name)

        @staticmethod
        def Popen(*args: Any, **kwargs: Any) -> subprocess.Popen:  # noqa: N802 - mirrors subprocess.Popen
            kwargs.setdefault("preexec_fn", lambda: _die_with_parent(parent))
            # the server's own output (shutdown races of its services logged as tracebacks) is not the
            # run's: it goes to a log file in the state folder, not the terminal
            with open(log_path, "ab") as log:
                kwargs.setdefault("stdout", log)
                kwargs.setdefault("stderr", subprocess.STDOUT)
                return subprocess.Popen(*args, **kwargs)

    server_module.subprocess = _Subprocess()  # type: ignore[assignment]
    server = server_module.SubprocessASGIServer()  # the singleton Prefect's clients use without an API URL
    try:
        server.start()
    except RuntimeError as exc:  # one line, as every other error of `briefing run`
        raise SystemExit(f"briefing: error: the temporary Prefect server did not start: {exc} (its output: "
                         f"{log_path})") from None
    proc = server.server_process
    if proc is None:
        return None
    rec = state_dir / f"prefect-server.{parent}.pid"
    rec.write_text(f"{parent} {_start_time(parent)} {proc.pid} {_start_time(proc.pid)}\n")

    def cleanup() -> None:  # Prefect's own atexit hook, registered before this one, then stops the server
        with contextlib.suppress(OSError):
            rec.unlink()

    atexit.register(cleanup)
    return proc.pid
