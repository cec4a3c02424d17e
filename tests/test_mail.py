"""The e-mail digest, built with the stdlib and sent to a real SMTP server (aiosmtpd) on loopback."""
from __future__ import annotations

import email
import email.policy
import logging
import socket
import sys
import threading
import traceback
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_render import make_big_briefing, make_briefing  # noqa: E402  (the shared realistic day)

from flows.config import EmailConfig  # noqa: E402
from flows.mail import DeliveryError, build_message, build_subject, resolve_password, send_message  # noqa: E402
from flows.render import render_all  # noqa: E402

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller", reason="aiosmtpd provides the loopback server")
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

PASSWORD = "s3cr3t-Pa55-晨报"  # non-ASCII: smtplib alone cannot send it
ASCII_PASSWORD = "s3cr3t-Pa55-word"
USER = "bot@briefing.example.org"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Collector:
    """aiosmtpd handler keeping every envelope it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class Authenticator:
    def __init__(self, password: str):
        self.password = password
        self.seen: list[tuple[bytes, bytes]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            self.seen.append((auth_data.login, auth_data.password))
            ok = auth_data.login == USER.encode() and auth_data.password == self.password.encode("utf-8")
            return AuthResult(success=ok, handled=False)
        return AuthResult(success=False, handled=False)


@pytest.fixture
def smtp_server():
    handler = Collector()
    controller = aiosmtpd_controller.Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@pytest.fixture(params=[PASSWORD, ASCII_PASSWORD], ids=["utf8-password", "ascii-password"])
def auth_server(request):
    handler, auth = Collector(), Authenticator(request.param)
    controller = aiosmtpd_controller.Controller(handler, hostname="127.0.0.1", port=free_port(),
                                                authenticator=auth, auth_required=True, auth_require_tls=False)
    controller.start()
    try:
        yield controller, handler, auth
    finally:
        controller.stop()


def email_config(port: int, **kw) -> EmailConfig:
    # loopback servers without TLS: AUTH over plain TCP must be allowed explicitly (issue 13)
    base = EmailConfig(enabled=True, host="127.0.0.1", port=port, tls="none", user=None,
                       sender="briefing@qdn.example.org", recipients=["editor@qdn.example.org", "desk@kl.example.org"],
                       timeout=5.0, allow_plaintext_auth=True)
    return replace(base, **kw)


def parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def no_secret_anywhere(exc: BaseException, *texts: str, password: str = PASSWORD) -> None:
    tb = "".join(traceback.format_exception(exc))
    for text in (str(exc), repr(exc), tb, *texts):
        assert password not in text


# ---------------------------------------------------------------------------------------------- the message

def test_build_message_is_multipart_alternative_with_both_bodies():
    b = make_briefing()
    rendered = render_all(b)
    msg = build_message(b, rendered, email_config(25))
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" and p["Content-Transfer-Encoding"] == "base64" for p in parts)
    assert msg["Content-Language"] == "zh-CN" and msg["Auto-Submitted"] == "auto-generated"
    # round trip through bytes, as a server sees it
    back = parse(msg.as_bytes())
    assert back.get_body(preferencelist=("plain",)).get_content() == rendered["txt"]
    assert back.get_body(preferencelist=("html",)).get_content() == rendered["html"]
    assert str(back["Subject"]) == "晨报 2025年2月20日 星期四 · 4 条｜州委常委会召开会议 研究部署春季农业生产工作"
    assert str(back["From"]) == "briefing@qdn.example.org"
    assert [a.addr_spec for a in back["To"].addresses] == ["editor@qdn.example.org", "desk@kl.example.org"]
    sent = back["Date"].datetime
    assert sent.tzinfo is not None and abs((datetime.now(UTC) - sent).total_seconds()) < 300


def test_message_id_is_deterministic_and_tracks_content():
    b = make_briefing()
    cfg = email_config(25)
    first = build_message(b, render_all(b), cfg)["Message-ID"]
    assert first == build_message(make_briefing(), render_all(make_briefing()), cfg)["Message-ID"]
    assert first.startswith("<briefing.2025-02-20.") and first.endswith("@qdn.example.org>")
    b["sections"][0]["items"][0]["summary"] = "会议改期。"
    assert build_message(b, render_all(b), cfg)["Message-ID"] != first


def test_long_headline_is_shortened_in_subject():
    b = make_big_briefing(100)
    b["sections"][0]["items"][0]["title"] = "黔东南州召开全州重点项目建设现场观摩会暨二〇二五年一季度项目集中开工仪式"
    subject = build_subject(b, email_config(25, subject_prefix="黔东南晨报"))
    assert subject.startswith("黔东南晨报 2025年2月20日 星期四 · 100 条｜黔东南州召开全州")
    assert subject.endswith("…") and len(subject.split("｜", 1)[1]) == 30


def test_no_header_injection_from_titles_or_settings():
    b = make_briefing()
    b["sections"][0]["items"][0]["title"] = "春耕\r\nBcc: evil@attacker.example\r\n\r\n<h1>正文</h1>"
    b["date_zh"] = "2025年2月20日\n星期四"
    cfg = email_config(25, subject_prefix="晨报\r\nX-Injected: 1",
                       recipients=["editor@qdn.example.org\r\nBcc: evil2@attacker.example"])
    msg = build_message(b, render_all(b), cfg)
    raw = msg.as_bytes()
    back = parse(raw)
    assert back["Bcc"] is None and back["X-Injected"] is None
    assert not any(line.lower().startswith((b"bcc:", b"x-injected:")) for line in raw.splitlines())
    subject = str(back["Subject"])
    assert "\n" not in subject and "\r" not in subject
    assert subject.startswith("晨报 X-Injected: 1 2025年2月20日 星期四 · 4 条｜春耕 Bcc: evil@attack")
    assert [a.addr_spec for a in back["To"].addresses] == ["editor@qdn.example.org"]


# ---------------------------------------------------------------------------------------------- loopback SMTP

# aiosmtpd warns that AUTH without TLS is unsafe: on loopback, in a test, it is what we want to exercise
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

def test_send_to_real_smtp_server_on_loopback(smtp_server):
    controller, handler = smtp_server
    b = make_briefing()
    rendered = render_all(b)
    cfg = email_config(controller.port)
    send_message(build_message(b, rendered, cfg), cfg, password=None)
    assert len(handler.envelopes) == 1
    env = handler.envelopes[0]
    assert env.mail_from == "briefing@qdn.example.org"
    assert env.rcpt_tos == ["editor@qdn.example.org", "desk@kl.example.org"]
    msg = parse(env.original_content or env.content)
    assert msg.get_content_type() == "multipart/alternative"
    assert "Bcc" not in msg
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    for item in (it for s in b["sections"] for it in s["items"]):
        # the text part wraps at 72 columns for terminal mail clients (issue 15): compare without whitespace
        flat = "".join(text.split())
        assert "".join(item["title"].split()) in flat and item["title"] in html
        assert "".join(item["summary"].split()) in flat and item["summary"] in html
    assert str(msg["Subject"]).startswith("晨报 2025年2月20日 星期四 · 4 条")
    assert msg["Message-ID"].startswith("<briefing.2025-02-20.")


def test_auth_without_tls_on_loopback_keeps_the_password_out_of_logs(auth_server, caplog, capsys):
    controller, handler, auth = auth_server
    b = make_briefing()
    cfg = email_config(controller.port, user=USER)
    with caplog.at_level(logging.DEBUG):
        send_message(build_message(b, render_all(b), cfg), cfg, password=auth.password)
    assert auth.seen == [(USER.encode(), auth.password.encode("utf-8"))]
    assert len(handler.envelopes) == 1
    out = capsys.readouterr()
    assert "127.0.0.1" in caplog.text  # it did log, just not the secret
    for text in (caplog.text, out.out, out.err):
        assert auth.password not in text


def test_refused_login_raises_without_the_password(auth_server, caplog):
    controller, handler, auth = auth_server
    b = make_briefing()
    cfg = email_config(controller.port, user=USER)
    wrong = auth.password + "-old"
    with caplog.at_level(logging.DEBUG), pytest.raises(DeliveryError) as info:
        send_message(build_message(b, render_all(b), cfg), cfg, password=wrong)
    exc = info.value
    assert f"127.0.0.1:{controller.port}" in str(exc) and "login refused (535" in str(exc)
    no_secret_anywhere(exc, caplog.text, password=wrong)
    assert handler.envelopes == []


def test_server_requiring_auth_refuses_anonymous_mail(auth_server):
    controller, handler, _ = auth_server
    b = make_briefing()
    cfg = email_config(controller.port)
    with pytest.raises(DeliveryError, match="530"):
        send_message(build_message(b, render_all(b), cfg), cfg, password=None)
    assert handler.envelopes == []


def test_server_down_fails_fast_with_host_and_port(caplog):
    port = free_port()  # nothing listens there any more
    cfg = email_config(port, user=USER, timeout=3.0)
    b = make_briefing()
    with caplog.at_level(logging.DEBUG), pytest.raises(DeliveryError) as info:
        send_message(build_message(b, render_all(b), cfg), cfg, password=PASSWORD)
    # "connection refused", not "timed out": the refusal is reported as such, without waiting the timeout out
    assert str(info.value) == (f"could not send the briefing via 127.0.0.1:{port}: "
                               "connection refused (is the SMTP server running?)")
    no_secret_anywhere(info.value, caplog.text)


def test_starttls_and_ssl_against_a_plain_server_fail_clearly(smtp_server):
    controller, handler = smtp_server
    b = make_briefing()
    for mode, expected in (("starttls", "STARTTLS"), ("ssl", "TLS failed")):
        cfg = email_config(controller.port, tls=mode, timeout=5.0)
        with pytest.raises(DeliveryError) as info:
            send_message(build_message(b, render_all(b), cfg), cfg, password=None)
        assert expected in str(info.value) and f"127.0.0.1:{controller.port}" in str(info.value)
    assert handler.envelopes == []


def test_user_without_password_is_refused_before_connecting():
    cfg = email_config(free_port(), user=USER, password_env="MY_SMTP_PW")
    b = make_briefing()
    with pytest.raises(DeliveryError, match="MY_SMTP_PW"):
        send_message(build_message(b, render_all(b), cfg), cfg, password=None)


def _echoing_server(port: int, ready: threading.Event, password: str) -> None:
    """A hostile SMTP server that quotes the AUTH line back in its refusal."""
    with socket.socket() as srv:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", port))
        srv.listen(1)
        ready.set()
        conn, _ = srv.accept()
        with conn, conn.makefile("rwb") as f:
            f.write(b"220 echo ESMTP\r\n")
            f.flush()
            for line in f:
                cmd = line.strip()
                if cmd.upper().startswith(b"EHLO"):
                    f.write(b"250-echo\r\n250 AUTH PLAIN\r\n")
                elif cmd.upper().startswith(b"AUTH"):
                    f.write(b"535 refused: " + cmd + b" / " + password.encode() + b"\r\n")
                elif cmd.upper().startswith(b"QUIT"):
                    f.write(b"221 bye\r\n")
                    f.flush()
                    return
                else:
                    f.write(b"250 ok\r\n")
                f.flush()


@pytest.mark.parametrize("password", [PASSWORD, ASCII_PASSWORD])
def test_password_echoed_by_a_hostile_server_is_scrubbed(caplog, password):
    port, ready = free_port(), threading.Event()
    thread = threading.Thread(target=_echoing_server, args=(port, ready, password), daemon=True)
    thread.start()
    assert ready.wait(5)
    cfg = email_config(port, user=USER)
    b = make_briefing()
    with caplog.at_level(logging.DEBUG), pytest.raises(DeliveryError) as info:
        send_message(build_message(b, render_all(b), cfg), cfg, password=password)
    thread.join(5)
    assert "login refused (535 refused: AUTH PLAIN *** / ***)" in str(info.value)
    no_secret_anywhere(info.value, caplog.text, password=password)


# ---------------------------------------------------------------------------------------------- the password

def test_resolve_password_from_environment():
    cfg = EmailConfig(password_env="MY_SMTP_PW")
    assert resolve_password(cfg, env={"MY_SMTP_PW": PASSWORD}) == PASSWORD
    assert resolve_password(cfg, env={"BRIEFING_SMTP_PASSWORD": PASSWORD}) is None
    assert resolve_password(EmailConfig(), env={"BRIEFING_SMTP_PASSWORD": PASSWORD}) == PASSWORD
    assert resolve_password(cfg, env={"MY_SMTP_PW": ""}) is None  # set but empty: no password, no login


@pytest.mark.slow
def test_resolve_password_from_a_prefect_secret_block():
    """Real Prefect (the tests' private PREFECT_HOME, embedded server): save a Secret block, read it back."""
    from prefect.blocks.system import Secret

    Secret(value="12345").save("briefing-test-smtp", overwrite=True)  # digits: must stay a string
    cfg = EmailConfig(host="smtp.example.org", port=465, password_block="briefing-test-smtp")
    assert resolve_password(cfg, env={}) == "12345"
    with pytest.raises(DeliveryError) as info:
        resolve_password(replace(cfg, password_block="no-such-block"), env={})
    assert str(info.value) == ("could not send the briefing via smtp.example.org:465: cannot load the Prefect "
                               "Secret block 'no-such-block' (no block of that name)")
