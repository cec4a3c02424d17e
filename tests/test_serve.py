"""`briefing serve`: a real Prefect server in a subprocess, the deployment with its cron schedule and time
zone, one triggered run that writes a briefing; everything stopped at the end."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from flows.cli import main

DAY = "2025-02-20"
CRON, TZ, NAME = "30 6 * * 1-5", "Asia/Shanghai", "test-briefing"


def test_serve_without_a_server_says_how_to_start_one(monkeypatch, capsys):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing: error: ") and "PREFECT_API_URL" in err and "prefect server start" in err


def test_serve_with_an_api_url_but_no_server_gives_one_line(monkeypatch, capsys):
    """PREFECT_API_URL set, nothing listening: a one-line hint, not httpx's 100-line ConnectError traceback."""
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{_free_port()}/api")
    assert main(["serve", "--inbox", str(Path(__file__).parent)]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.startswith("briefing: error: cannot reach the Prefect server at PREFECT_API_URL=http://127.0.0.1:")
    assert "connection refused" in err and "prefect server start" in err
    assert len(err.splitlines()) == 1 and "Traceback" not in captured.err + captured.out


def test_serve_rejects_a_bad_cron_naming_the_option(monkeypatch, capsys):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # never contacted: the check comes first
    assert main(["serve", "--cron", "61 7 * * *"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing: error: --cron:") and "minute" in err
    assert main(["serve", "--timezone", "Mars/Olympus"]) == 2
    assert "--timezone:" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(cmd: list[str], env: dict, log: Path, cwd: Path) -> subprocess.Popen:
    # own session so the whole tree (server workers, flow-run subprocesses) can be stopped; output to a file
    # so no pipe can fill up and block the child
    return subprocess.Popen(cmd, env=env, cwd=cwd, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, 15), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait(predicate, timeout: float, what: str, logs: list[Path]) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs if p.exists())
    pytest.fail(f"timed out after {timeout:g} s waiting for {what}\n{tails}")


@pytest.mark.slow
def test_serve_registers_the_cron_deployment_and_a_triggered_run_writes_a_briefing(tmp_path, samples_dir):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for name in ("lanjiang-daily_2025-02-20_p01.txt", "songhe-news_2025-02-20_p02.txt"):
        shutil.copy2(samples_dir / name, inbox)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BRIEFING_", "PREFECT_"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PYTHONUNBUFFERED="1", PREFECT_RUNNER_POLL_FREQUENCY="2", PREFECT_LOGGING_LEVEL="INFO")
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    logs = [server_log, serve_log]
    server = serve = None
    try:
        server = _start([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                         "--port", str(port)], env, server_log, tmp_path)

        def healthy() -> bool:
            if server.poll() is not None:
                pytest.fail(f"prefect server exited with {server.returncode}\n{server_log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{api}/health", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        _wait(healthy, 150, "the Prefect server's /api/health", logs)
        exe = shutil.which("briefing")
        cmd = [exe] if exe else [sys.executable, "-m", "flows.cli"]
        serve = _start(cmd + ["serve", "--inbox", str(inbox), "--out", str(out), "--cron", CRON,
                              "--timezone", TZ, "--name", NAME], {**env, "PREFECT_API_URL": api}, serve_log, tmp_path)

        with temporary_settings({PREFECT_API_URL: api}), get_client(sync_client=True) as client:
            def deployment():
                if serve.poll() is not None:
                    pytest.fail(f"briefing serve exited with {serve.returncode}\n{serve_log.read_text()[-3000:]}")
                try:
                    return client.read_deployment_by_name(f"daily-briefing/{NAME}")
                except Exception:
                    return None

            dep = _wait(deployment, 120, "the deployment", logs)
            assert len(dep.schedules) == 1
            schedule = dep.schedules[0].schedule
            assert schedule.cron == CRON and schedule.timezone == TZ
            assert dep.parameters["inbox"] == str(inbox.resolve())
            assert dep.entrypoint == "flows.daily.daily_briefing"

            run = client.create_flow_run_from_deployment(dep.id, parameters={"date": DAY})

            def finished():
                state = client.read_flow_run(run.id).state
                return state if state is not None and state.is_final() else None

            state = _wait(finished, 240, "the triggered flow run", logs)
            assert state.is_completed(), f"{state}\n{serve_log.read_text(errors='replace')[-3000:]}"
        # stopped the way systemd and `kill` stop it: no "coroutine 'Runner.astop' was never awaited"
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(60) == 0, serve_log.read_text(errors="replace")[-3000:]
        log = serve_log.read_text(errors="replace")
        assert "never awaited" not in log and "RuntimeWarning" not in log and "Traceback" not in log, log[-3000:]
        assert "briefing: serve stopped" in log
        md = (out / DAY / "briefing.md").read_text(encoding="utf-8")
        assert "澜江干流出境断面水质连续三年保持Ⅱ类" in md
        assert (out / ".state" / "ledger.json").exists()
    finally:
        _stop(serve)
        _stop(server)
