"""`briefing run` starts its own lean temporary Prefect server, points the client at it for the run only, does
not import Prefect's server in its own process, loads the configuration once, and leaves no server behind."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows import prefect_child
from flows.config import load_config

ROOT = Path(__file__).resolve().parent.parent
DAY = "2025-02-20"


def test_no_server_is_started_when_prefect_api_url_names_one(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    assert prefect_child.api_url_named()
    assert prefect_child.start_server(tmp_path / "state") is None
    assert not (tmp_path / "state").exists(), "nothing is started, nothing is written"


def test_lean_settings_only_reach_the_server_child(tmp_path, monkeypatch):
    """Spawned (where it cannot be forked): the settings that trim the temporary server go to its
    environment, never to this process's."""
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(prefect_child, "can_fork", lambda: False)
    seen = {}

    class FakePopen:
        pid = os.getpid()  # a live pid with a start time, for the record

        def __init__(self, args, env, **kwargs):
            seen["args"], seen["env"] = args, env

        def poll(self):
            return None

    monkeypatch.setattr(prefect_child.subprocess, "Popen", FakePopen)
    before = dict(os.environ)
    server = prefect_child.TemporaryServer(tmp_path).start()
    try:
        assert "prefect.server.api.server:create_app" in seen["args"]
        for key, value in prefect_child.LEAN_SETTINGS.items():
            assert seen["env"][key] == value, key
        assert dict(os.environ) == before, "this process's environment is left alone"
        record = tmp_path / f"prefect-server.{os.getpid()}.pid"
        assert record.read_text().split()[0] == str(os.getpid())
    finally:
        server.proc = None  # nothing to stop: the fake is this process
        server.stop()
    assert not record.exists(), "stop removes the record"


_FORKED = """
import json, os, sys, urllib.request
import prefect
from flows import prefect_child
server = prefect_child.start_server(sys.argv[1])
url = server.ready(300)
settings = json.load(urllib.request.urlopen(url + "/admin/settings"))["server"]
pid = server.proc.pid
report = {"forked": isinstance(server.proc, prefect_child.Forked),
          "comm": open(f"/proc/{pid}/comm").read().strip(),
          "record": open(server.record).read().split()[2] == str(pid),
          "scheduler": settings["services"]["scheduler"]["enabled"],
          "ui": settings["ui"]["enabled"],
          "env_here": {k: os.environ.get(k) for k in prefect_child.LEAN_SETTINGS},
          "server_module_here": "prefect.server.api.server" in sys.modules}
server.stop()
report["stopped"] = not os.path.exists(f"/proc/{pid}") and server.proc is None
print(json.dumps(report))
"""


@pytest.mark.slow
def test_the_server_is_forked_after_prefect_is_imported_and_runs_lean(tmp_path):
    """In a single-threaded process that has imported Prefect (as `briefing run` has), the server is a fork
    of it (named prefect-server, its pid recorded), its own settings are the lean ones, this process's
    environment and modules are left alone, and stop ends it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "PREFECT_API_URL"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(ROOT))
    for key in prefect_child.LEAN_SETTINGS:
        env.pop(key, None)
    proc = subprocess.run([sys.executable, "-c", _FORKED, str(tmp_path / "state")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=400)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["forked"] and report["comm"] == "prefect-server" and report["record"]
    assert report["scheduler"] is False and report["ui"] is False, "the lean settings reached the server"
    assert set(report["env_here"].values()) == {None}, "this process's environment is left alone"
    assert report["server_module_here"] is False and report["stopped"]
    assert not list((tmp_path / "state").glob("prefect-server.*.pid"))


_TAKEN = """
import os, socket, sys
import prefect
from flows import prefect_child
prefect_child.TemporaryServer(sys.argv[1]).start().stop()  # loads libc as a run does
held = socket.socket()
held.bind(("127.0.0.1", 0))
held.listen()
port = held.getsockname()[1]
me = os.getpid()
with open(os.path.join(sys.argv[1], "server.log"), "ab") as log:
    child = prefect_child.Forked(lambda: prefect_child._serve_forked(me, log.fileno(), port))
    print(child.wait(300))
"""


@pytest.mark.slow
def test_a_forked_server_whose_port_is_taken_says_so(tmp_path):
    """The forked server exits with uvicorn's startup-failure status when its port is taken between the
    check and the bind, so `ready` tries another port (as with the spawned server)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "PREFECT_API_URL"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", _TAKEN, str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=400)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == str(prefect_child.PORT_TAKEN)


def test_a_leftover_forked_server_is_recognised_by_its_name(tmp_path):
    """kill_leftovers kills a recorded server of a dead run whether its command line names Prefect's app
    (spawned) or only its name does (forked), and never a live process that is neither."""
    import signal
    import time

    def child(name: str) -> subprocess.Popen:
        # a stand-in server: renames itself as the fork does, then sleeps
        code = f"import ctypes, time; ctypes.CDLL(None).prctl(15, {name!r}.encode(), 0, 0, 0); time.sleep(60)"
        return subprocess.Popen([sys.executable, "-c", code])

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    forked, other = child("prefect-server"), child("not-a-server")
    try:
        time.sleep(0.5)  # both have renamed themselves
        for proc in (forked, other):
            (tmp_path / f"prefect-server.{proc.pid}.pid").write_text(
                f"{dead} 1 {proc.pid} {prefect_child._start_time(proc.pid)}\n")
        assert prefect_child.kill_leftovers(tmp_path) == [forked.pid]
        assert forked.wait(10) == -signal.SIGKILL
        assert other.poll() is None, "a process that is not a server is left alone"
        assert not list(tmp_path.glob("prefect-server.*.pid")), "the records of dead runs are removed"
    finally:
        for proc in (forked, other):
            proc.kill()
            proc.wait()


def test_with_out_moves_a_derived_state_folder_and_keeps_a_set_one(tmp_path):
    derived = load_config(env={})
    moved = derived.with_out(tmp_path / "o")
    assert moved == load_config(env={}, out=str(tmp_path / "o"))
    assert moved.state_dir == tmp_path / "o" / ".state"
    cfg = tmp_path / "b.toml"
    cfg.write_text(f'state_dir = "{tmp_path / "st"}"\n', encoding="utf-8")
    kept = load_config(cfg, env={}).with_out(tmp_path / "o")
    assert kept == load_config(cfg, env={}, out=str(tmp_path / "o"))
    assert kept.state_dir == tmp_path / "st"


_CHILD = """
import json, os, sys
import flows.config
from flows.cli import main

loads = []
real = flows.config.load_config
def counting(*args, **kwargs):
    loads.append(args[0] if args else kwargs.get("path"))
    return real(*args, **kwargs)
flows.config.load_config = counting
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loads": len(loads),
                  "server_module_in_client": "prefect.server.api.server" in sys.modules,
                  "api_url_after": os.environ.get("PREFECT_API_URL")}))
"""


@pytest.mark.slow
def test_a_run_loads_its_config_once_and_uses_its_own_server(tmp_path):
    """One `briefing run` in a fresh process (a fresh PREFECT_HOME: the server migrates its database): the
    configuration file is read once (the flow uses what the command line loaded), the client never imports
    Prefect's server, PREFECT_API_URL is this process's only during the flow, and the server is stopped and
    its record removed at exit."""
    config = tmp_path / "briefing.toml"
    config.write_text("keywords = 5\n", encoding="utf-8")
    out = tmp_path / "out"
    page = ROOT / "samples" / "bulletins" / f"lanjiang-daily_{DAY}_p01.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "PREFECT_API_URL"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", _CHILD, "run", str(page), "--out", str(out), "--no-email",
                           "--config", str(config)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=400)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report == {"code": 0, "loads": 1, "server_module_in_client": False, "api_url_after": None}
    briefing = json.loads((out / DAY / "briefing.json").read_text("utf-8"))
    assert briefing["counts"]["articles"] > 0
    items = [it for s in briefing["sections"] for it in s["items"]]
    assert items and max(len(it["keywords"]) for it in items) == 5, "the config's keywords = 5 was used"
    assert not list((out / ".state").glob("prefect-server.*.pid")), "the server's record is removed at exit"
    assert not _server_of(tmp_path), "no server of this run is left"


def _server_of(tmp_path: Path) -> bool:
    """A process still running with this test's PREFECT_HOME in its environment."""
    home = f"PREFECT_HOME={tmp_path / 'prefect-home'}".encode()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if home in Path(f"/proc/{pid}/environ").read_bytes():
                return True
        except OSError:
            continue
    return False
