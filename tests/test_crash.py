"""A run SIGKILLed at any point is simply run again: nothing lost, nothing briefed twice, one mail a day.

Each scenario runs `briefing run --email` in a subprocess against its own loopback SMTP server, kills it
(at a `flows.faults.checkpoint`, or from the SMTP server while the message is in flight), runs it again,
and compares what is on disk and in the mailbox with an uninterrupted run of the same inbox. The scenarios
are independent (own folders, own server), so they run side by side; each test then checks one of them.
"""
from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from smtp_server import (  # noqa: E402
    BROKEN,
    DAY,
    Run,
    SmtpServer,
    check_day,
    make_inbox,
    read_json,
    run_briefing,
    run_env,
    write_config,
)

pytest.importorskip("aiosmtpd", reason="aiosmtpd provides the loopback SMTP server")

FORMATS = ("md", "txt", "html", "json")
CHECKPOINTS = ("after_ingest", "after_render", "before_send", "after_send", "before_ledger")
# what the mailbox holds right after the kill, per checkpoint
SENT_BEFORE_RERUN = {"after_ingest": 0, "after_render": 0, "before_send": 0, "after_send": 1, "before_ledger": 1}
SMTP_KILLS = ("DATA", "QUIT")  # before the server's 250 / after the client read it
NEXT_DAY = "2025-02-21"
SCENARIOS = ("reference", *CHECKPOINTS, *(f"smtp-{k}" for k in SMTP_KILLS))


@dataclass
class Scenario:
    name: str
    tmp: Path
    names: list[str] = field(default_factory=list)
    killed: Run | None = None
    rerun: Run | None = None
    mailed_after_kill: list[str] = field(default_factory=list)  # Message-IDs
    state_after_kill: set[str] = field(default_factory=set)  # files in <out>/.state and <out>/<day>
    aborted: int = 0
    mailed: dict[str, list[str]] = field(default_factory=dict)  # day -> Message-IDs, at the end
    next_day: Run | None = None  # before_ledger only: the run of the day after, same inbox
    error: str | None = None

    @property
    def out(self) -> Path:
        return self.tmp / "out"


def _args(sc: Scenario, cfg: str) -> list[str]:
    return ["run", "--inbox", str(sc.tmp / "inbox"), "--out", str(sc.out), "--date", DAY, "--email",
            "--config", cfg]


def _play(sc: Scenario) -> Scenario:
    """Kill (unless this is the reference), look at what was left, run again."""
    try:
        sc.names = make_inbox(sc.tmp / "inbox", broken=True)
        with SmtpServer() as srv:
            cfg = write_config(sc.tmp / "config.toml", port=srv.port)
            if sc.name != "reference":
                env = run_env()
                on_start = None
                if sc.name in CHECKPOINTS:
                    env["BRIEFING_KILL_AT"] = sc.name
                else:
                    srv.kill_at = sc.name.removeprefix("smtp-")
                    on_start = lambda p: setattr(srv, "kill_pid", p.pid)  # noqa: E731
                sc.killed = run_briefing(_args(sc, cfg), cwd=sc.tmp, env=env, on_start=on_start)
                srv.kill_at = None
                sc.mailed_after_kill = [m.message_id for m in srv.received]
                sc.aborted = srv.aborted
                sc.state_after_kill = {str(p.relative_to(sc.out)) for p in sc.out.rglob("*") if p.is_file()
                                       and not p.name.startswith(".") and p.name != "lock"}
            sc.rerun = run_briefing(_args(sc, cfg), cwd=sc.tmp, env=run_env())
            if sc.name == "before_ledger":
                args = _args(sc, cfg)
                args[args.index(DAY)] = NEXT_DAY
                sc.next_day = run_briefing(args, cwd=sc.tmp, env=run_env())
            sc.mailed = {d: [m.message_id for m in ms] for d, ms in srv.by_day().items()}
    except Exception as exc:  # reported by the scenario's own test
        sc.error = f"{type(exc).__name__}: {exc}"
    return sc


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory) -> dict[str, Scenario]:
    todo = [Scenario(name, tmp_path_factory.mktemp(f"crash-{name}")) for name in SCENARIOS]
    workers = max(2, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        return {sc.name: sc for sc in pool.map(_play, todo)}


def _files(out: Path) -> dict[str, bytes]:
    return {fmt: (out / DAY / f"briefing.{fmt}").read_bytes() for fmt in FORMATS}


def _check_recovered(sc: Scenario, ref: Scenario) -> None:
    """After the rerun: the day is whole, mailed exactly once, and identical to an uninterrupted run."""
    assert sc.error is None, sc.error
    assert sc.rerun is not None and sc.rerun.rc == 0, sc.rerun.tail() if sc.rerun else "no rerun"
    assert sc.mailed.get(DAY) == ref.mailed[DAY], f"expected exactly one message for {DAY}, got {sc.mailed}"
    assert set(sc.mailed) <= {DAY, NEXT_DAY}, sc.mailed
    check_day(sc.out, sc.tmp / "inbox", sc.names)
    # the broken bulletin is listed as failed and set aside once, however often the day was run
    assert [f["file"] for f in read_json(sc.out / DAY / "briefing.json")["failed"]] == [BROKEN]
    assert sorted(p.name for p in (sc.tmp / "inbox" / "failed").iterdir()) == [BROKEN]
    assert _files(sc.out) == _files(ref.out), "the recovered briefing differs from an uninterrupted one"
    assert read_json(sc.out / ".state" / "deliveries.json")[DAY]["message_id"] == ref.mailed[DAY][0]


@pytest.mark.slow
def test_uninterrupted_run_mails_once(scenarios: dict[str, Scenario]) -> None:
    ref = scenarios["reference"]
    assert ref.error is None, ref.error
    assert ref.rerun is not None and ref.rerun.rc == 0, ref.rerun.tail() if ref.rerun else ""
    assert list(ref.mailed) == [DAY] and len(ref.mailed[DAY]) == 1, ref.mailed
    check_day(ref.out, ref.tmp / "inbox", ref.names)
    assert (ref.tmp / "inbox" / "failed" / BROKEN).exists(), "a bulletin that cannot be read is set aside"


@pytest.mark.slow
@pytest.mark.parametrize("point", CHECKPOINTS)
def test_sigkill_at_checkpoint_then_rerun(point: str, scenarios: dict[str, Scenario]) -> None:
    sc, ref = scenarios[point], scenarios["reference"]
    assert sc.error is None, sc.error
    assert sc.killed is not None and sc.killed.killed, (
        f"the run was not killed at {point!r}; is the checkpoint in the flow?\n{sc.killed.tail() if sc.killed else ''}")
    assert f"checkpoint {point!r}" in sc.killed.stderr
    assert len(sc.mailed_after_kill) == SENT_BEFORE_RERUN[point], sc.mailed_after_kill
    if point in ("after_ingest", "after_render", "before_send"):
        # nothing was committed: no delivery record, no ledger
        assert not {".state/ledger.json", ".state/deliveries.json"} & sc.state_after_kill, sc.state_after_kill
    if point == "after_render":
        assert f"{DAY}/briefing.json" in sc.state_after_kill, "after_render must follow the write"
    if point in ("after_send", "before_ledger"):
        assert ".state/deliveries.json" in sc.state_after_kill, "the delivery must be recorded once it is sent"
        assert ".state/ledger.json" not in sc.state_after_kill
    _check_recovered(sc, ref)
    if point == "before_ledger":
        # the ledger the rerun saved keeps the day's bulletins out of the next day's briefing
        nxt = sc.next_day
        assert nxt is not None and nxt.rc == 0, nxt.tail() if nxt else ""
        path = sc.out / NEXT_DAY / "briefing.json"
        if path.exists():
            again = {a["file"] for s in read_json(path)["sections"] for it in s["items"] for a in it["appearances"]}
            assert not again & set(sc.names), f"briefed on {DAY} and again on {NEXT_DAY}: {again & set(sc.names)}"
        assert len(sc.mailed.get(NEXT_DAY, [])) <= 1, sc.mailed


@pytest.mark.slow
def test_sigkill_while_server_receives_data_before_250(scenarios: dict[str, Scenario]) -> None:
    """Killed after sending the whole message but before the server said 250: not delivered, so the
    rerun must deliver it (once)."""
    sc = scenarios["smtp-DATA"]
    assert sc.error is None, sc.error
    assert sc.killed is not None and sc.killed.killed, sc.killed.tail() if sc.killed else ""
    assert sc.aborted == 1 and not sc.mailed_after_kill
    assert ".state/deliveries.json" not in sc.state_after_kill
    _check_recovered(sc, scenarios["reference"])


@pytest.mark.slow
def test_sigkill_after_server_said_250(scenarios: dict[str, Scenario]) -> None:
    """Killed after the server accepted the message (the client read the 250 and said QUIT) but before
    send_message returned. The server has it; the rerun must not send it again, which holds only if the
    delivery is recorded as soon as the 250 arrives, before QUIT."""
    sc = scenarios["smtp-QUIT"]
    assert sc.error is None, sc.error
    assert sc.killed is not None and sc.killed.killed, sc.killed.tail() if sc.killed else ""
    assert len(sc.mailed_after_kill) == 1
    assert ".state/deliveries.json" in sc.state_after_kill, "the 250 was read, but no delivery was recorded"
    _check_recovered(sc, scenarios["reference"])


def test_checkpoint_is_inert_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checkpoints stay in production code: unset, empty or naming another point, they do nothing
    (this test process would die otherwise)."""
    from flows.faults import KILL_ENV, checkpoint

    monkeypatch.delenv(KILL_ENV, raising=False)
    checkpoint("after_ingest")
    monkeypatch.setenv(KILL_ENV, "before_send")
    checkpoint("after_ingest")
    monkeypatch.setenv(KILL_ENV, "")
    checkpoint("")  # an empty variable is "unset", not a point named ""
    # reaching this line is the assertion: a checkpoint that fired would have SIGKILLed this test process


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
