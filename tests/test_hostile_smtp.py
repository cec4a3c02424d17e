"""A hostile or broken mail server (issue 13 item 4-5, issue 15 items 2-3): a server that trickles one byte
every few seconds cannot keep the run alive past its delivery deadline; a server that takes the whole
message and never answers gets it exactly once (recorded as "unconfirmed", resent only with --force, under a
new Message-ID); AUTH goes over plain TCP only when allowed; a 535 that quotes the credentials back in hex
reaches no output, file or Prefect record; a configuration that cannot work is refused before any work.
"""
from __future__ import annotations

import base64
import json
import sys
import urllib.parse
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from smtp_server import (  # noqa: E402
    DAY,
    HOST,
    RECIPIENT,
    SENDER,
    ScriptedServer,
    make_inbox,
    read_json,
    run_briefing,
    run_env,
    write_config,
)

from flows.config import ConfigError, EmailConfig  # noqa: E402
from flows.mail import (  # noqa: E402
    DeliveryError,
    Unconfirmed,
    build_message,
    check_delivery_config,
    mask,
    send_message,
)

PASSWORD = "S3cr3t-p@ss-不要泄露"
USER = "bot@briefing.example.org"
BRIEFING = {"date": DAY, "date_zh": "2025年2月20日 星期四", "title": "每日简报", "counts": {"items": 1},
            "sections": [{"name": "时政", "items": [{"title": "县人代会闭幕"}]}]}
RENDERED = {"txt": "县人代会闭幕\n" * 50, "html": "<p>县人代会闭幕</p>" * 50}


def leak_forms(password: str = PASSWORD, user: str = USER) -> list[str]:
    pw = password.encode("utf-8")
    creds = b"\0" + user.encode() + b"\0" + pw
    return sorted({password, pw.hex(), pw.hex().upper(), creds.hex(), base64.b64encode(pw).decode(),
                   base64.b64encode(creds).decode(), urllib.parse.quote(password, safe=""),
                   json.dumps(password)[1:-1], pw.decode("latin-1")})


def assert_clean(text: str, where: str) -> None:
    for form in leak_forms():
        assert form not in text, f"the SMTP password leaks into {where} (as {form!r})"


def _email(port: int, **kw) -> EmailConfig:
    base = {"enabled": True, "host": HOST, "port": port, "tls": "none", "sender": SENDER,
            "recipients": [RECIPIENT], "timeout": 2.0}
    base.update(kw)
    return EmailConfig(**base)


# ------------------------------------------------------------------------------------- in-process

@pytest.mark.parametrize("where", ["plain", "base64", "base64-in-auth-plain", "hex", "HEX", "url", "json",
                                   "quoted", "latin1"])
def test_mask_hides_the_password_in_every_form_a_server_could_echo(where: str) -> None:
    pw = PASSWORD.encode()
    for prefix in ("", "x", "xy", "xyz"):  # every base64 alignment
        forms = {
            "plain": PASSWORD, "base64": base64.b64encode(prefix.encode() + pw).decode(),
            "base64-in-auth-plain": base64.b64encode(b"\0" + prefix.encode() + USER.encode() + b"\0" + pw).decode(),
            "hex": (prefix.encode() + pw).hex(), "HEX": (prefix.encode() + pw).hex().upper(),
            "url": urllib.parse.quote(PASSWORD, safe=""), "json": json.dumps(PASSWORD)[1:-1],
            "quoted": repr(PASSWORD), "latin1": pw.decode("latin-1"),
        }
        text = f"535 5.7.8 rejected: {forms[where]} (try again)"
        masked = mask(text, PASSWORD)
        assert masked.startswith("535 5.7.8 rejected: ") and masked.endswith("(try again)"), masked
        assert_clean(masked, f"mask({where})")


def test_mask_leaves_text_without_the_password_alone() -> None:
    text = "535 5.7.8 authentication failed for 00626f7400686578 (see https://example.org/a%20b)"
    assert mask(text, PASSWORD) == text


def test_trickling_server_is_given_up_at_the_deadline() -> None:
    """One byte every 0.5 s never trips a 2 s socket timeout; the 3 s deadline ends it, and says so."""
    with ScriptedServer(["trickle"]) as srv:
        srv.trickle_every = 0.5
        email = _email(srv.port, deadline=3.0)
        with pytest.raises(DeliveryError) as info:
            send_message(build_message(BRIEFING, RENDERED, email), email, None)
    assert info.value.permanent, "a spent deadline must not be retried"
    assert "deadline of 3 s" in str(info.value) and f"{HOST}:{srv.port}" in str(info.value), info.value


def test_unanswered_data_is_unconfirmed_and_the_server_has_it_once() -> None:
    with ScriptedServer(["noanswer"]) as srv:
        email = _email(srv.port)
        accepted = []
        with pytest.raises(Unconfirmed) as info:
            send_message(build_message(BRIEFING, RENDERED, email), email, None, on_accepted=lambda: accepted.append(1))
        assert len(srv.received) == 1
    assert info.value.permanent and not accepted
    assert "never confirmed" in str(info.value), info.value


def test_a_refusal_before_data_is_not_unconfirmed() -> None:
    with ScriptedServer(["rcpt:451 4.3.0 try later"]) as srv:
        email = _email(srv.port)
        with pytest.raises(DeliveryError) as info:
            send_message(build_message(BRIEFING, RENDERED, email), email, None)
    assert not isinstance(info.value, Unconfirmed) and not info.value.permanent


def test_535_echoing_credentials_in_hex_is_masked_and_permanent() -> None:
    with ScriptedServer(["auth535hex"]) as srv:
        email = _email(srv.port, user=USER, allow_plaintext_auth=True)
        with pytest.raises(DeliveryError) as info:
            send_message(build_message(BRIEFING, RENDERED, email), email, PASSWORD)
        assert srv.steps == ["auth535hex"] and len(srv.auth_lines) == 1
    assert info.value.permanent, "a refused login is not retried"
    assert "535" in str(info.value)
    assert_clean(str(info.value), "the DeliveryError")


def test_password_never_goes_over_plain_tcp_unless_allowed() -> None:
    with ScriptedServer([]) as srv:
        email = _email(srv.port, user=USER)
        with pytest.raises(DeliveryError, match="plain TCP") as info:
            send_message(build_message(BRIEFING, RENDERED, email), email, PASSWORD)
        assert info.value.permanent and srv.steps == [], "refused before connecting"


def test_configuration_that_cannot_work_is_refused() -> None:
    with pytest.raises(ConfigError, match="clear text"):
        check_delivery_config(_email(25, user=USER), env={"BRIEFING_SMTP_PASSWORD": PASSWORD})
    warnings = check_delivery_config(_email(25, user=USER, allow_plaintext_auth=True),
                                     env={"BRIEFING_SMTP_PASSWORD": PASSWORD})
    assert any("clear text" in w for w in warnings)
    with pytest.raises(ConfigError, match="no password was found.*BRIEFING_SMTP_PASSWORD"):
        check_delivery_config(_email(587, tls="starttls", user=USER), env={})
    assert check_delivery_config(_email(587, tls="starttls", user=USER, password_block="smtp"), env={}) == []
    assert check_delivery_config(_email(25, tls="none"), env={}) == []  # no login: nothing to protect


def test_message_id_is_stable_and_new_on_force() -> None:
    email = _email(25)
    same = {build_message(BRIEFING, RENDERED, email)["Message-ID"] for _ in range(3)}
    forced = {build_message(BRIEFING, RENDERED, email, fresh=True)["Message-ID"] for _ in range(3)}
    assert len(same) == 1 and len(forced) == 3 and not same & forced


# ------------------------------------------------------------------------------------- the CLI

def _args(tmp: Path, cfg: str, *extra: str) -> list[str]:
    return ["run", "--inbox", str(tmp / "inbox"), "--out", str(tmp / "out"), "--date", DAY, "--email",
            "--config", cfg, *extra]


def test_cli_refuses_plaintext_auth_and_a_user_without_password_before_any_work(tmp_path: Path) -> None:
    """Exit 2 at once, naming the key: no Prefect, no inbox read, no connection."""
    make_inbox(tmp_path / "inbox")
    with ScriptedServer([]) as srv:
        cfg = write_config(tmp_path / "c.toml", port=srv.port)
        Path(cfg).write_text(Path(cfg).read_text().replace("[email]", f'[email]\nuser = "{USER}"'))
        run = run_briefing(_args(tmp_path, cfg), cwd=tmp_path, env=run_env(BRIEFING_SMTP_PASSWORD=PASSWORD),
                           timeout=60)
        assert run.rc == 2, run.tail()
        assert "clear text" in run.stderr and "allow_plaintext_auth" in run.stderr, run.tail()
        Path(cfg).write_text(Path(cfg).read_text().replace('tls = "none"', 'tls = "starttls"'))
        run2 = run_briefing(_args(tmp_path, cfg), cwd=tmp_path, env=run_env(), timeout=60)
        assert srv.steps == []
    assert run2.rc == 2 and "no password was found" in run2.stderr, run2.tail()
    assert not (tmp_path / "out").exists(), "refused before any work"
    assert_clean(run.stdout + run.stderr + run2.stdout + run2.stderr, "the output")


@pytest.mark.slow
def test_cli_trickling_server_ends_at_the_deadline(tmp_path: Path) -> None:
    make_inbox(tmp_path / "inbox")
    with ScriptedServer(["trickle"]) as srv:
        srv.trickle_every = 2.0
        cfg = write_config(tmp_path / "c.toml", port=srv.port, timeout=30)
        Path(cfg).write_text(Path(cfg).read_text() + "deadline = 8\n")
        run = run_briefing(_args(tmp_path, cfg), cwd=tmp_path, env=run_env(), timeout=240)
        steps = list(srv.steps)
    assert run.rc == 1, run.tail()
    assert "deadline of 8 s" in run.stderr, run.tail()
    assert steps == ["trickle"], f"a spent deadline is not retried: {steps}"
    assert (tmp_path / "out" / DAY / "briefing.json").exists()


@pytest.mark.slow
def test_cli_unconfirmed_data_is_sent_once_then_only_with_force(tmp_path: Path) -> None:
    make_inbox(tmp_path / "inbox")
    with ScriptedServer(["noanswer"], default="ok") as srv:
        cfg = write_config(tmp_path / "c.toml", port=srv.port, timeout=3)
        first = run_briefing(_args(tmp_path, cfg), cwd=tmp_path, env=run_env(), timeout=240)
        assert first.rc == 1, first.tail()
        assert "never confirmed" in first.stderr and "--force" in first.stderr, first.tail()
        assert len(srv.received) == 1 and srv.steps == ["noanswer"], srv.steps
        rec = read_json(tmp_path / "out" / ".state" / "deliveries.json")[DAY]
        assert rec["status"] == "unconfirmed"

        again = run_briefing(_args(tmp_path, cfg), cwd=tmp_path, env=run_env(), timeout=240)
        assert again.rc == 0, again.tail()
        assert "not resent" in again.stdout, again.tail()
        assert len(srv.received) == 1, "resent without --force"

        forced = run_briefing(_args(tmp_path, cfg, "--force"), cwd=tmp_path, env=run_env(), timeout=240)
        assert forced.rc == 0, forced.tail()
        ids = [r.message_id for r in srv.received]
    assert len(ids) == 2 and ids[0] != ids[1], ids
    assert ids[0] == rec["message_id"]


@pytest.mark.slow
def test_cli_535_hex_echo_is_masked_everywhere_and_not_retried(tmp_path: Path) -> None:
    make_inbox(tmp_path / "inbox")
    prefect_home = tmp_path / "prefect-home"
    with ScriptedServer(["auth535hex"], default="auth535hex") as srv:
        cfg = write_config(tmp_path / "c.toml", port=srv.port, user=USER)  # allow_plaintext_auth = true
        run = run_briefing(_args(tmp_path, cfg), cwd=tmp_path, timeout=240,
                           env=run_env(BRIEFING_SMTP_PASSWORD=PASSWORD, PREFECT_HOME=str(prefect_home)))
        steps = list(srv.steps)
    assert run.rc == 1, run.tail()
    assert steps == ["auth535hex"], f"a refused login must not be retried: {steps}"
    assert "535" in run.stderr and "login refused" in run.stderr, run.tail()
    assert "clear text" in run.stderr, "allowed plaintext AUTH still warns"
    assert_clean(run.stdout, "stdout")
    assert_clean(run.stderr, "stderr")
    for p in [*(tmp_path / "out").rglob("*"), *prefect_home.rglob("*")]:
        if p.is_file():
            assert_clean(p.read_bytes().decode("latin-1"), str(p.relative_to(tmp_path)))
