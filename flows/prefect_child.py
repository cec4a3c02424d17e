"""The temporary Prefect server of a `briefing run`: started by us, early, lean, and dead with the run.

Without PREFECT_API_URL, Prefect starts a uvicorn server as a child process the first time a client needs
one. This module starts the same server itself, for three reasons:

- **It dies with the run.** A SIGKILL of the run skipped Prefect's atexit stop and the server stayed alive (19
  of 30 kills). The child is started from the main thread with `prctl(PR_SET_PDEATHSIG, SIGKILL)`, so the
  kernel kills it when the run dies however it dies. Its pid (and start time, so a reused pid is never
  mistaken for it) is written to `<state>/prefect-server.<run pid>.pid`; the next run removes any record whose
  run is gone and kills a server still alive under it (for kernels or containers where the death signal did
  not arrive). The server's output goes to `<state>/prefect-server.log`.
- **It starts before Prefect is imported.** The server's start is ~3 s of CPU (its imports); started first,
  it runs on the other core while this process imports Prefect and the flow and loads jieba.
- **It shares this process's import of Prefect.** On Linux, with no other thread running, the server is
  forked from this process once it has imported Prefect's core (~0.7 s of CPU the server no longer repeats),
  and only the fork imports the server's modules; elsewhere it is spawned as `python -c` (`_SERVE`). The
  fork names itself `prefect-server` (`/proc/<pid>/comm`), since its command line is this process's.
- **The client does not import the server.** Prefect's client imports `prefect.server.api.server` (~1.5 s
  of CPU) just to start it. Here the client is pointed at the started server through PREFECT_API_URL, set
  in this process only for the run (`TemporaryServer.used`), and inherited by Dask's local workers, which
  otherwise would each start a server of their own.

The server is told to skip what a one-run server never uses (`LEAN_SETTINGS`: block registration at start,
the scheduler, automations, the event stream to UI clients, the periodic services); it still records the
run, its task runs and events in PREFECT_HOME's database, as Prefect's own temporary server does. None of
this applies when PREFECT_API_URL names a server: then nothing is started and nothing is changed.
"""
from __future__ import annotations

import atexit
import contextlib
import ctypes
import http.client
import importlib.util
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1
_PATTERN = "prefect-server.*.pid"
_MARK = "prefect.server.api.server:create_app"
_NAME = "prefect-server"  # the forked server's /proc/<pid>/comm (at most 15 bytes)
PR_SET_NAME = 15
PORTS = range(8000, 9000)  # Prefect's own range for its temporary server
PORT_TAKEN = 3  # uvicorn's exit status when the port is taken between our check and its bind

# What Prefect sets for its temporary server, plus what a server living for one run never uses. Each
# costs the server CPU at start or in the background; none of them is set when PREFECT_API_URL is given.
LEAN_SETTINGS = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
    # block types are registered by the `Secret.save` that creates a block; registering all of them at
    # start (or hashing them to find it was done) imports every Prefect collection, Dask included
    "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",
    "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",  # deployments live on a real server
    "PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_FOREMAN_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_CLEANUP_RECONCILER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",  # automations
    "PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED": "false",  # events pushed to UI clients: none
}

# `python -m uvicorn ...` as Prefect runs it, except that the app is built first with the garbage collector
# off, then its objects are frozen out of later collections: the server's start is mostly imports and
# pydantic model building, objects that live as long as the server, and the collector's passes over them
# were ~25 % of that CPU. uvicorn's own call of the factory then gets the app Prefect cached.
_SERVE = ("import gc, sys; gc.disable(); from prefect.server.api.server import create_app; create_app(); "
          "gc.freeze(); gc.enable(); sys.argv[0] = 'uvicorn'; from uvicorn.main import main; main()")

_libc: Any = None
_current: TemporaryServer | None = None


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


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def is_server(pid: int) -> bool:
    """pid runs a temporary Prefect server: spawned (Prefect's app on its command line, ours or Prefect's
    own) or forked by a run (its name)."""
    return _MARK in _cmdline(pid) or _comm(pid) == _NAME


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
        if _start_time(int(pid)) == start and is_server(int(pid)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
                killed.append(int(pid))
        with contextlib.suppress(OSError):
            rec.unlink()
    return killed


def _free_port() -> int:
    """A port of Prefect's range that nothing listens on now (uvicorn exits with PORT_TAKEN if that changed)."""
    for _ in range(20):
        port = random.choice(PORTS)
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def api_url_named() -> bool:
    """PREFECT_API_URL names a server (the environment, or a profile once Prefect is imported)."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    if "prefect.settings" not in sys.modules:
        return False
    from prefect.settings import PREFECT_API_URL

    return bool(PREFECT_API_URL.value())


def can_fork() -> bool:
    """Fork the server only where it is safe and pays: Linux (the death signal), Prefect already imported
    (what the fork saves), and no other thread (a fork copies only the calling thread, and any lock another
    thread held stays locked in the child)."""
    return (sys.platform.startswith("linux") and _libc is not None and "prefect" in sys.modules
            and threading.active_count() == 1)


def _flush_std() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


class Forked:
    """What TemporaryServer needs of a Popen (pid, poll, wait, terminate, kill), for a forked child."""

    def __init__(self, body: Callable[[], int]):
        _flush_std()  # nothing buffered here is written twice by the child
        pid = os.fork()
        if pid == 0:  # the child runs body and never returns into the caller's code
            code = 1
            try:
                code = body()
            finally:
                _flush_std()  # what it printed reaches its log
                os._exit(code)
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere (a SIGCHLD handler): it is gone
                self.returncode = -1
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"pid {self.pid}", timeout or 0)
            time.sleep(0.02)
        assert self.returncode is not None
        return self.returncode

    def terminate(self) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)

    def kill(self) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def _serve_forked(parent: int, log_fd: int, port: int) -> int:
    """The forked server: what `_SERVE` does, minus the interpreter's start and Prefect's core import,
    which it shares with the run, and minus uvicorn's second `create_app` call (its factory option: ~0.2 s
    of settings hashing and logging setup again). Returns 0, or PORT_TAKEN when uvicorn did not start (as
    its command line does), so `ready` tries another port."""
    _die_with_parent(parent)
    with contextlib.suppress(OSError, AttributeError):
        _libc.prctl(PR_SET_NAME, _NAME.encode(), 0, 0, 0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(log_fd, 1)
    os.dup2(log_fd, 2)
    server = None
    try:
        os.environ.update(LEAN_SETTINGS)
        _refresh_prefect_settings()
        import gc

        gc.disable()
        from prefect.server.api.server import create_app

        app = create_app()
        gc.freeze()
        gc.enable()
        import uvicorn

        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="on"))
        server.run()
    except SystemExit:  # uvicorn exits when it cannot bind
        pass
    except BaseException:  # noqa: BLE001 - the child's only outlet is its log
        import traceback

        traceback.print_exc()
        return 1
    return 0 if server is not None and server.started else PORT_TAKEN


class TemporaryServer:
    """One run's Prefect server: `start` (no Prefect import), then `ready` (waits for its health check),
    then `used()` around the flow. Stopped at exit (terminate, then kill after 5 s), or by `stop`."""

    def __init__(self, state_dir: Path):
        self.state_dir = Path(state_dir)
        self.log_path = self.state_dir / "prefect-server.log"
        self.proc: subprocess.Popen | Forked | None = None
        self.port = 0
        self.record: Path | None = None
        self.healthy = False

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> TemporaryServer:
        """Start Prefect's app under uvicorn, as Prefect's own SubprocessASGIServer does, plus LEAN_SETTINGS:
        forked from this process where `can_fork`, else spawned."""
        global _libc
        if sys.platform.startswith("linux") and _libc is None:
            with contextlib.suppress(OSError):
                _libc = ctypes.CDLL(None, use_errno=True)
        self.port = _free_port()
        parent = os.getpid()
        with contextlib.suppress(OSError):
            if self.log_path.stat().st_size > 1 << 20:  # keep the last runs' output, not all of it
                self.log_path.unlink()
        # the server's own output (shutdown races of its services logged as tracebacks) is not the run's: it
        # goes to a log file in the state folder, not the terminal
        with open(self.log_path, "ab") as log:
            if can_fork():
                self.proc = Forked(lambda: _serve_forked(parent, log.fileno(), self.port))
            else:
                self.proc = self._spawn(parent, log)
        self.record = self.state_dir / f"prefect-server.{parent}.pid"
        self.record.write_text(f"{parent} {_start_time(parent)} {self.proc.pid} {_start_time(self.proc.pid)}\n")
        atexit.register(self.stop)
        return self

    def _spawn(self, parent: int, log: Any) -> subprocess.Popen:
        """`python -c _SERVE`: a fresh interpreter that imports Prefect (found here without importing it)."""
        spec = importlib.util.find_spec("prefect")
        if spec is None or spec.origin is None:
            raise RuntimeError("Prefect is not installed")
        app_dir = str(Path(spec.origin).parent.parent)
        return subprocess.Popen(
            [sys.executable, "-c", _SERVE, "--app-dir", app_dir, "--factory", _MARK, "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "error", "--lifespan", "on"],
            env={**os.environ, **LEAN_SETTINGS}, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=lambda: _die_with_parent(parent))

    def _health(self) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            conn.request("GET", "/api/health")
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

    def ready(self, timeout: float | None = None) -> str:
        """Wait until the server answers its health check; its API URL. A port taken meanwhile is retried
        on another; a server that exits or does not answer within `timeout` (default
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, else 20 s) raises RuntimeError."""
        if self.healthy:
            return self.api_url
        if timeout is None:
            timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS") or 20)
        deadline = time.monotonic() + timeout
        assert self.proc is not None, "start() first"
        while time.monotonic() < deadline:
            code = self.proc.poll()
            if code == PORT_TAKEN:
                self._forget()
                self.start()
                continue
            if code is not None:
                raise RuntimeError(f"it exited with status {code}")
            if self._health():
                self.healthy = True
                return self.api_url
            time.sleep(0.05)
        raise RuntimeError(f"it did not answer within {timeout:g} s")

    @contextlib.contextmanager
    def used(self) -> Iterator[str]:
        """Point this process's Prefect client (and the Dask workers it spawns) at this server for the
        block, as if PREFECT_API_URL named it; the environment is restored after."""
        url = self.ready()
        before = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = url
        _refresh_prefect_settings()
        try:
            yield url
        finally:
            if before is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = before
            _refresh_prefect_settings()

    def _forget(self) -> None:
        with contextlib.suppress(ValueError):
            atexit.unregister(self.stop)
        if self.record is not None:
            with contextlib.suppress(OSError):
                self.record.unlink()
        self.proc = None

    def stop(self) -> None:
        """Terminate the server (kill it if it has not gone after 5 s) and remove its record."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._forget()
        self.healthy = False


def _refresh_prefect_settings() -> None:
    """Prefect reads its settings once into a global context; have it read the environment again."""
    if "prefect.context" in sys.modules:
        sys.modules["prefect.context"].refresh_global_settings_context()


def start_server(state_dir: Path) -> TemporaryServer | None:
    """Start this run's temporary Prefect server now, as a child that dies with this process, or reuse the
    one this process started before; None when PREFECT_API_URL names a server (nothing to start). Call from
    the main thread: the death signal follows the thread that started the child. Leftover servers of killed
    runs recorded in `state_dir` are killed first."""
    global _current
    if api_url_named():
        return None
    state_dir = Path(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    for pid in kill_leftovers(state_dir):
        print(f"briefing: stopped a temporary Prefect server (pid {pid}) left behind by a killed run",
              file=sys.stderr, flush=True)
    if _current is not None and _current.alive():
        return _current
    _current = TemporaryServer(state_dir).start()
    return _current


def server_failed(server: TemporaryServer, exc: Exception) -> SystemExit:
    """The one-line error of a server that did not start (as every other error of `briefing run`)."""
    return SystemExit(f"briefing: error: the temporary Prefect server did not start: {exc} (its output: "
                      f"{server.log_path})")
