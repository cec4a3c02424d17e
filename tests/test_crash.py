"""A run SIGKILLed at any point is simply run again: nothing lost, nothing briefed twice, one mail a day.

Each case runs `briefing run --email` in a subprocess against a loopback SMTP server, kills it (at a
`flows.faults.checkpoint`, or from the SMTP server while the message is in flight), runs it again, and
compares what is on disk and in the mailbox with an uninterrupted run of the same inbox.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from smtp_server import (  # noqa: E402
    DAY,
    SmtpServer,
    check_day,
    make_inbox,
    read_json,
    run_briefing,
    run_env,
    state_files_valid,
    write_config,
)

pytest.importorskip("aiosmtpd", reason="aiosmtpd provides the loopback SMTP server")

pytestmark = pytest.mark.slow
FORMATS = ("md", "txt", "html", "json")


def _args(inbox: Path, out: Path, cfg: str) -> list[str]:
    return ["run", "--inbox", str(inbox), "--out", str(out), "--date", DAY, "--email", "--config", cfg]


def _files(out: Path) -> dict[str, bytes]:
    return {fmt: (out / DAY / f"briefing.{fmt}").read_bytes() for fmt in FORMATS}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict:
    """An uninterrupted run, then the same run again: the second must send nothing."""
    tmp = tmp_path_factory.mktemp("reference")
    names = make_inbox(tmp / "inbox")
    with SmtpServer() as srv:
        cfg = write_config(tmp / "config.toml", port=srv.port)
        first = run_briefing(_args(tmp / "inbox", tmp / "out", cfg), cwd=tmp, env=run_env())
        assert first.rc == 0, first.tail()
        again = run_briefing(_args(tmp / "inbox", tmp / "out", cfg), cwd=tmp, env=run_env())
        assert again.rc == 0, again.tail()
        days = {d: len(m) for d, m in srv.by_day().items()}
    assert days == {DAY: 1}, f"an uninterrupted run and its rerun should mail once, got {days}"
    check_day(tmp / "out", tmp / "inbox", names)
    return {"names": names, "files": _files(tmp / "out"), "message_id": srv.received[0].message_id}


def _recovered(tmp: Path, srv: SmtpServer, reference: dict, cfg: str) -> None:
    """Run again without any fault and check the day is whole and was mailed exactly once."""
    state_files_valid(tmp / "out")
    rerun = run_briefing(_args(tmp / "inbox", tmp / "out", cfg), cwd=tmp, env=run_env())
    assert rerun.rc == 0, rerun.tail()
    days = {d: [m.message_id for m in ms] for d, ms in srv.by_day().items()}
    assert days == {DAY: [reference["message_id"]]}, f"expected exactly one message for {DAY}, got {days}"
    check_day(tmp / "out", tmp / "inbox", reference["names"])
    assert _files(tmp / "out") == reference["files"], "the recovered briefing differs from an uninterrupted one"
    deliveries = read_json(tmp / "out" / ".state" / "deliveries.json")
    assert deliveries[DAY]["message_id"] == reference["message_id"]


# what the mailbox holds right after the kill, per checkpoint
SENT_BEFORE_RERUN = {"after_ingest": 0, "after_render": 0, "before_send": 0, "after_send": 1, "before_ledger": 1}


@pytest.mark.parametrize("point", list(SENT_BEFORE_RERUN))
def test_sigkill_at_checkpoint_then_rerun(point: str, tmp_path: Path, reference: dict) -> None:
    make_inbox(tmp_path / "inbox")
    with SmtpServer() as srv:
        cfg = write_config(tmp_path / "config.toml", port=srv.port)
        killed = run_briefing(_args(tmp_path / "inbox", tmp_path / "out", cfg), cwd=tmp_path,
                              env=run_env(BRIEFING_KILL_AT=point))
        assert killed.killed, f"the run was not killed at {point!r}; is the checkpoint in the flow?\n{killed.tail()}"
        assert f"checkpoint {point!r}" in killed.stderr
        assert len(srv.received) == SENT_BEFORE_RERUN[point], [m.message_id for m in srv.received]
        if point in ("after_ingest", "after_render", "before_send"):
            # nothing was committed: no delivery record, no ledger
            assert not (tmp_path / "out" / ".state" / "ledger.json").exists()
            assert not (tmp_path / "out" / ".state" / "deliveries.json").exists()
        if point == "after_render":
            assert (tmp_path / "out" / DAY / "briefing.json").exists(), "after_render must follow the write"
        _recovered(tmp_path, srv, reference, cfg)


def test_sigkill_while_server_receives_data_before_250(tmp_path: Path, reference: dict) -> None:
    """Killed after sending the whole message but before the server said 250: not delivered, so the
    rerun must deliver it (once)."""
    make_inbox(tmp_path / "inbox")
    with SmtpServer() as srv:
        cfg = write_config(tmp_path / "config.toml", port=srv.port)
        srv.kill_at = "DATA"
        killed = run_briefing(_args(tmp_path / "inbox", tmp_path / "out", cfg), cwd=tmp_path, env=run_env(),
                              on_start=lambda p: setattr(srv, "kill_pid", p.pid))
        assert killed.killed, killed.tail()
        assert srv.aborted == 1 and not srv.received
        assert not (tmp_path / "out" / ".state" / "deliveries.json").exists()
        srv.kill_at = None
        _recovered(tmp_path, srv, reference, cfg)


def test_sigkill_after_server_said_250(tmp_path: Path, reference: dict) -> None:
    """Killed after the server accepted the message (the client read the 250 and said QUIT) but before
    send_message returned. The server has it; the rerun must not send it again, which holds only if the
    delivery is recorded as soon as the 250 arrives, before QUIT."""
    make_inbox(tmp_path / "inbox")
    with SmtpServer() as srv:
        cfg = write_config(tmp_path / "config.toml", port=srv.port)
        srv.kill_at = "QUIT"
        killed = run_briefing(_args(tmp_path / "inbox", tmp_path / "out", cfg), cwd=tmp_path, env=run_env(),
                              on_start=lambda p: setattr(srv, "kill_pid", p.pid))
        assert killed.killed, killed.tail()
        assert len(srv.received) == 1
        srv.kill_at = None
        _recovered(tmp_path, srv, reference, cfg)


def test_checkpoint_is_inert_without_the_variable(monkeypatch) -> None:
    """The checkpoints stay in production code: without BRIEFING_KILL_AT (or naming another point) they
    must do nothing."""
    from flows.faults import KILL_ENV, checkpoint

    monkeypatch.delenv(KILL_ENV, raising=False)
    checkpoint("after_ingest")
    monkeypatch.setenv(KILL_ENV, "before_send")
    checkpoint("after_ingest")
    monkeypatch.setenv(KILL_ENV, "")
    checkpoint("")  # an empty variable is "unset", not a point named ""
    assert os.getpid() > 0


def test_checkpoint_kills_with_sigkill(tmp_path: Path) -> None:
    """No Python cleanup runs: `finally` blocks and atexit handlers are skipped, as in a power cut."""
    import signal
    import subprocess

    marker = tmp_path / "cleanup-ran"
    code = ("import atexit, pathlib\n"
            f"atexit.register(lambda: pathlib.Path({str(marker)!r}).write_text('x'))\n"
            "from flows.faults import checkpoint\n"
            "try:\n    checkpoint('after_render')\nfinally:\n"
            f"    pathlib.Path({str(marker)!r}).write_text('x')\n")
    env = dict(os.environ, BRIEFING_KILL_AT="after_render")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert "after_render" in proc.stderr
    assert not marker.exists()
