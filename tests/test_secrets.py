"""The SMTP password, whether it comes from the environment or from a Prefect Secret block, reaches the SMTP
server and nothing else: no log line, no output or state file, no Prefect artifact or log, no exception
text, even when the server quotes the credentials back in its refusal.
"""
from __future__ import annotations

import base64
import json
import logging
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from smtp_server import (  # noqa: E402
    DAY,
    HOST,
    RECIPIENT,
    SENDER,
    SmtpServer,
    make_inbox,
    run_briefing,
    run_env,
    write_config,
)

from flows.config import EmailConfig  # noqa: E402
from flows.mail import DeliveryError, build_message, send_message  # noqa: E402

pytest.importorskip("aiosmtpd", reason="aiosmtpd provides the loopback SMTP server")
# AUTH without TLS is what we want here: a loopback server whose traffic the test reads
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

PASSWORD = "S3cr3t-p@ss-不要泄露"
USER = "bot@briefing.example.org"
BLOCK = "smtp-password"


def leak_forms(password: str = PASSWORD, user: str = USER) -> list[str]:
    """The password as text, escaped as JSON/Python would write it, and base64 as AUTH PLAIN sends it."""
    pw = password.encode("utf-8")
    return sorted({
        password,
        json.dumps(password)[1:-1],                   # \u4e0d\u8981... (ensure_ascii)
        password.encode("unicode_escape").decode(),   # \u4e0d... in a repr of bytes-ish text
        base64.b64encode(pw).decode(),
        base64.b64encode(b"\0" + user.encode() + b"\0" + pw).decode(),
        pw.decode("latin-1"),                         # mojibake of the UTF-8 bytes
    })


def assert_clean(text: str, where: str) -> None:
    for form in leak_forms():
        assert form not in text, f"the SMTP password leaks into {where} (as {form!r})"


def test_auth_failure_text_and_traceback_hold_no_password(caplog: pytest.LogCaptureFixture) -> None:
    """A server that refuses the login and quotes the credentials back (base64): the DeliveryError, its
    whole traceback chain and every log record are clean, and still say what went wrong."""
    caplog.set_level(logging.DEBUG)
    with SmtpServer(user=USER, password="the-right-one") as srv:
        srv.echo_auth = True
        email = EmailConfig(enabled=True, host=HOST, port=srv.port, tls="none", user=USER, sender=SENDER,
                            allow_plaintext_auth=True,
                            recipients=[RECIPIENT], timeout=5)
        msg = build_message({"date": DAY, "sections": []}, {"txt": "正文", "html": "<p>正文</p>"}, email)
        with pytest.raises(DeliveryError) as info:
            send_message(msg, email, PASSWORD)
        assert srv.logins == [(USER, PASSWORD)], "the password must reach the server intact (UTF-8)"
        assert not srv.received
    exc = info.value
    text = str(exc)
    assert f"{HOST}:{srv.port}" in text and "535" in text, text
    assert_clean(text, "the DeliveryError message")
    assert_clean(repr(exc), "the DeliveryError repr")
    chain = "".join(traceback.format_exception(exc))
    ctx = exc.__context__
    while ctx is not None:  # `raise ... from None` hides the context from printing, not from code
        chain += "".join(traceback.format_exception(ctx))
        ctx = ctx.__context__
    assert_clean(chain, "the traceback chain")
    client = [r for r in caplog.records if not r.name.startswith("mail.log")]  # aiosmtpd logs the server side
    assert any(r.name.startswith("flows") for r in client)
    assert_clean("\n".join(r.getMessage() for r in client), "the log records")


def _prefect(code: str, env: dict[str, str], cwd: Path) -> str:
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


SAVE_BLOCK = f"""
import os
from prefect.blocks.system import Secret
Secret(value=os.environ["SECRET_VALUE"]).save({BLOCK!r}, overwrite=True)
"""

READ_BACK = """
import asyncio, json
from prefect.client.orchestration import get_client

async def main():
    async with get_client() as client:
        arts = await client.read_artifacts()
        logs = await client.read_logs()
    print(json.dumps({
        "artifacts": [{"key": a.key, "type": a.type, "description": a.description, "data": str(a.data)}
                      for a in arts],
        "logs": [l.message for l in logs],
    }, ensure_ascii=False))

asyncio.run(main())
"""


@pytest.mark.slow
def test_password_from_env_and_secret_block_never_leaks(tmp_path: Path) -> None:
    prefect_home = tmp_path / "prefect-home"
    base = run_env(PREFECT_HOME=str(prefect_home))
    _prefect(SAVE_BLOCK, dict(base, SECRET_VALUE=PASSWORD), tmp_path)
    make_inbox(tmp_path / "inbox")
    out = tmp_path / "out"
    args = ["run", "--inbox", str(tmp_path / "inbox"), "--out", str(out), "--date", DAY, "--email"]
    runs = []
    with SmtpServer(user=USER, password=PASSWORD) as srv:
        env_cfg = write_config(tmp_path / "env.toml", port=srv.port, user=USER)
        block_cfg = write_config(tmp_path / "block.toml", port=srv.port, user=USER, password_block=BLOCK)

        # 1. the password from the environment
        runs.append(run_briefing([*args, "--config", env_cfg], cwd=tmp_path,
                                 env=dict(base, BRIEFING_SMTP_PASSWORD=PASSWORD)))
        assert runs[-1].rc == 0, runs[-1].tail()
        # 2. from the Prefect Secret block (no environment variable)
        runs.append(run_briefing([*args, "--force", "--config", block_cfg], cwd=tmp_path, env=base))
        assert runs[-1].rc == 0, runs[-1].tail()
        assert srv.logins == [(USER, PASSWORD)] * 2
        assert len(srv.received) == 2
        # 3. the server refuses the login and quotes the credentials back: a failed run, retried
        srv.password, srv.echo_auth = "another-password", True
        runs.append(run_briefing([*args, "--force", "--config", block_cfg], cwd=tmp_path, env=base))
        failed = runs[-1]
        assert failed.rc not in (0, None), failed.tail()
        assert f"{HOST}:{srv.port}" in failed.stderr and "535" in failed.stderr, failed.tail()
        assert len(srv.logins) >= 3 and all(pw == PASSWORD for _, pw in srv.logins)
    for i, run in enumerate(runs, 1):
        assert_clean(run.stdout, f"run {i}'s stdout")
        assert_clean(run.stderr, f"run {i}'s stderr")

    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name == "ledger.json" for p in files) and any(p.name == "briefing.html" for p in files)
    for p in files:  # everything under the out dir, the state dir (<out>/.state) included
        assert_clean(p.read_bytes().decode("utf-8", "replace"), str(p.relative_to(tmp_path)))

    back = json.loads(_prefect(READ_BACK, base, tmp_path))
    assert back["artifacts"], "the flow should have published its briefing as an artifact"
    assert back["logs"], "the runs' logs should be readable from the Prefect API"
    assert_clean(json.dumps(back, ensure_ascii=False), "the Prefect artifacts and logs")
    assert_clean(json.dumps(back), "the Prefect artifacts and logs (escaped)")
    # Prefect's database (runs, states, logs, parameters) holds the Secret block only encrypted
    home = [p for p in prefect_home.rglob("*") if p.is_file()]
    assert any(p.name.startswith("prefect.db") for p in home)
    for p in home:
        assert_clean(p.read_bytes().decode("utf-8", "replace"), f"PREFECT_HOME/{p.relative_to(prefect_home)}")
