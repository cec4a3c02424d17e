"""SMTP that refuses, hangs or hangs up: each attempt fails loudly (host:port and the cause), the flow's
delivery task retries with backoff, the run exits non-zero, and the next run against a fixed server
delivers exactly once.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from smtp_server import (  # noqa: E402
    DAY,
    HOST,
    RECIPIENT,
    SENDER,
    ScriptedServer,
    check_day,
    make_inbox,
    read_json,
    run_briefing,
    run_env,
    write_config,
)

from flows.config import EmailConfig  # noqa: E402
from flows.mail import DeliveryError, build_message, send_message  # noqa: E402

BRIEFING = {"date": DAY, "date_zh": "2025年2月20日 星期四", "title": "每日简报", "counts": {"items": 1},
            "sections": [{"name": "时政", "items": [{"title": "县人代会闭幕"}]}]}
RENDERED = {"txt": "县人代会闭幕\n" * 200, "html": "<p>县人代会闭幕</p>" * 200}

# (server step, what the DeliveryError must say besides host:port)
FAILURES = [
    ("rcpt:550 5.1.1 <editor@example.org>: mailbox unavailable", "refused"),
    ("rcpt:451 4.3.0 greylisted, try again later", "refused"),
    ("data:554 5.6.0 message content rejected", "554"),
    ("data:451 4.3.0 local error in processing", "451"),
    ("drop", "closed"),
    ("silent", "timed out"),
]


def _email(port: int, timeout: float = 1.0) -> EmailConfig:
    return EmailConfig(enabled=True, host=HOST, port=port, tls="none", sender=SENDER, recipients=[RECIPIENT],
                       timeout=timeout)


@pytest.mark.parametrize("step,cause", FAILURES, ids=[f[0].split(" ")[0] for f in FAILURES])
def test_each_failure_is_a_delivery_error_naming_server_and_cause(step: str, cause: str) -> None:
    with ScriptedServer([step]) as srv:
        email = _email(srv.port)
        with pytest.raises(DeliveryError) as info:
            send_message(build_message(BRIEFING, RENDERED, email), email, None)
        assert srv.steps == [step]
        assert not srv.received
    text = str(info.value)
    assert f"{HOST}:{srv.port}" in text, text
    assert cause in text, text


def test_the_same_server_fixed_accepts_the_message() -> None:
    """The scripted server itself is a working SMTP peer once the faults are gone (else the tests below
    would prove nothing about recovery)."""
    with ScriptedServer(["data:451 4.3.0 try later"]) as srv:
        email = _email(srv.port)
        msg = build_message(BRIEFING, RENDERED, email)
        with pytest.raises(DeliveryError):
            send_message(msg, email, None)
        send_message(msg, email, None)
        assert [r.message_id for r in srv.received] == [msg["Message-ID"]]
        assert srv.received[0].message.get_body(("plain",)).get_content() == RENDERED["txt"]


def _args(tmp: Path, cfg: str) -> list[str]:
    return ["run", "--inbox", str(tmp / "inbox"), "--out", str(tmp / "out"), "--date", DAY, "--email",
            "--config", cfg]


@pytest.mark.slow
def test_transient_refusals_are_retried_within_the_run(tmp_path: Path) -> None:
    """4xx on DATA, then 4xx on RCPT (greylisting), then a working server: the same run delivers, once."""
    make_inbox(tmp_path / "inbox")
    script = ["data:451 4.3.0 local error in processing", "rcpt:451 4.3.0 greylisted, try again later"]
    with ScriptedServer(script) as srv:
        cfg = write_config(tmp_path / "config.toml", port=srv.port, timeout=2)
        run = run_briefing(_args(tmp_path, cfg), cwd=tmp_path, env=run_env(), timeout=180)
        assert run.rc == 0, run.tail()
        assert srv.steps == [*script, "ok"], srv.steps
        days = {d: len(ms) for d, ms in srv.by_day().items()}
    assert days == {DAY: 1}, days
    log = run.stdout + run.stderr
    assert f"{HOST}:{srv.port}" in log and "451" in log, run.tail()
    assert "delivery: sent" in run.stdout, run.tail()


@pytest.mark.slow
def test_persistent_failure_exits_nonzero_then_next_run_delivers_once(tmp_path: Path) -> None:
    """Every attempt fails differently (hang-up mid-DATA, a silent server, 4xx on DATA, 5xx on RCPT; the
    permanent refusal last, so a flow that stops retrying on 5xx makes the same four attempts): the run
    exits non-zero naming host:port and the cause; the state is left for the next run, which (server
    fixed) delivers exactly once."""
    names = make_inbox(tmp_path / "inbox")
    script = ["drop", "silent", "data:451 4.3.0 local error in processing",
              "rcpt:550 5.1.1 <editor@example.org>: mailbox unavailable"]
    with ScriptedServer(script, default="rcpt:550 5.1.1 <editor@example.org>: mailbox unavailable") as srv:
        cfg = write_config(tmp_path / "config.toml", port=srv.port, timeout=2)
        failed = run_briefing(_args(tmp_path, cfg), cwd=tmp_path, env=run_env(), timeout=240)
        attempts = list(srv.steps)
        srv.script, srv.default = [], "ok"  # the server is fixed
        assert failed.rc not in (0, None), failed.tail()
        assert attempts == script, f"expected 1 attempt + 3 retries, got {attempts}"
        assert not srv.received
        err = failed.stderr
        assert "delivery failed" in err and f"{HOST}:{srv.port}" in err and "refused" in err, failed.tail()
        assert "Traceback" not in err, failed.tail()  # the one-line error says it all
        log = failed.stdout + failed.stderr
        # each attempt's cause is visible in the log (a hang-up reads "closed", or "not connected" when
        # it breaks the client's write)
        for what in (("closed", "not connected"), ("timed out",), ("451",)):
            assert any(w in log for w in what), f"{what} not in the log\n{failed.tail(6000)}"
        # the briefing is written for the reader; nothing is recorded as sent, the ledger is untouched
        assert (tmp_path / "out" / DAY / "briefing.json").exists()
        assert DAY not in (read_json(tmp_path / "out" / ".state" / "deliveries.json")
                           if (tmp_path / "out" / ".state" / "deliveries.json").exists() else {})

        fixed = run_briefing(_args(tmp_path, cfg), cwd=tmp_path, env=run_env(), timeout=180)
        assert fixed.rc == 0, fixed.tail()
        days = {d: len(ms) for d, ms in srv.by_day().items()}
    assert days == {DAY: 1}, days
    check_day(tmp_path / "out", tmp_path / "inbox", names)


def test_a_failure_to_record_the_delivery_is_not_an_smtp_failure() -> None:
    """The server said 250; if writing that down then fails (disk full, state folder gone), the error must
    surface as itself. Reported as a DeliveryError it would be retried by the flow: the same briefing
    mailed up to four times."""
    with ScriptedServer([]) as srv:
        email = _email(srv.port)
        msg = build_message(BRIEFING, RENDERED, email)

        def disk_full() -> None:
            raise OSError(28, "No space left on device")

        with pytest.raises(OSError) as info:
            send_message(msg, email, None, on_accepted=disk_full)
        assert not isinstance(info.value, DeliveryError), info.value
        assert [r.message_id for r in srv.received] == [msg["Message-ID"]]
