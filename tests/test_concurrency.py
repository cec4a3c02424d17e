"""Two `briefing run`s started at once on the same inbox (a cron job and an impatient user): one waits for
the other or steps aside with a clear message; the ledger stays whole and the day is mailed once.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from smtp_server import (  # noqa: E402
    DAY,
    SmtpServer,
    check_day,
    finish_briefing,
    make_inbox,
    run_env,
    start_briefing,
    write_config,
)

pytest.importorskip("aiosmtpd", reason="aiosmtpd provides the loopback SMTP server")


@pytest.mark.slow
def test_two_runs_at_once_mail_once_and_keep_the_ledger_whole(tmp_path: Path) -> None:
    names = make_inbox(tmp_path / "inbox")
    with SmtpServer() as srv:
        cfg = write_config(tmp_path / "config.toml", port=srv.port)
        args = ["run", "--inbox", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), "--date", DAY,
                "--email", "--config", cfg]
        env = run_env()  # one PREFECT_HOME for both, as two runs on one machine would share
        procs = [start_briefing(args, cwd=tmp_path, env=env) for _ in range(2)]
        runs = [finish_briefing(p, timeout=300) for p in procs]
        days = {d: len(ms) for d, ms in srv.by_day().items()}
    for run in runs:
        # a run either completes (it waited for the lock, then found the day already mailed) or steps
        # aside saying why; no other failure
        if run.rc != 0:
            assert run.rc == 1, run.tail()
            assert "another briefing run" in run.stderr, run.tail()
    assert sum(r.rc == 0 for r in runs) >= 1, "\n\n".join(r.tail() for r in runs)
    assert days == {DAY: 1}, f"two concurrent runs must mail the day once, got {days}"
    statuses = sorted(line.split(":", 1)[1].strip() for r in runs if r.rc == 0
                      for line in r.stdout.splitlines() if line.startswith("delivery:"))
    assert statuses[0] == "already sent" or statuses == ["sent"], statuses
    assert "sent" in statuses
    check_day(tmp_path / "out", tmp_path / "inbox", names)
