"""`briefing doctor`: a configuration checked end to end against real loopback servers, nothing sent.

SMTP: an aiosmtpd server with STARTTLS (a self-signed certificate for 127.0.0.1, trusted through SSL_CERT_FILE
the way a private CA would be) and AUTH only after TLS, as real submission servers do; the same with a wrong
password; and the plain server of tests/smtp_server.py, which offers no STARTTLS. Prefect: an API URL where
nothing listens. Each through the CLI, checking the one line per check and the exit status.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
from smtp_server import HOST, SmtpServer, free_port

from flows.cli import main

ROOT = Path(__file__).resolve().parent.parent
USER, PASSWORD = "briefing@example.org", "correct horse battery staple"


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (cryptography comes with Prefect)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "briefing test SMTP")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class TlsServer(SmtpServer):
    """tests/smtp_server.py's server with STARTTLS, and AUTH offered only once TLS is up."""

    def __init__(self, cert: Path, key: Path):
        import ssl

        from aiosmtpd.controller import Controller
        from smtp_server import _Auth, _Handler

        super().__init__(user=USER, password=PASSWORD)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self.controller = Controller(_Handler(self), hostname=HOST, port=self.port, tls_context=context,
                                     require_starttls=True, authenticator=_Auth(self), auth_required=True,
                                     auth_require_tls=True)


def _config(tmp_path: Path, port: int, *, tls: str = "starttls", user: str | None = USER) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    lines = [f'inbox = "{inbox}"', f'out = "{tmp_path / "out"}"', 'cron = "30 6 * * 1-5"',
             'timezone = "Asia/Shanghai"', "", "[email]", "enabled = true", f'host = "{HOST}"', f"port = {port}",
             f'tls = "{tls}"', f'from = "{USER}"', 'to = ["editor@example.org"]', "timeout = 5"]
    if user:
        lines.append(f'user = "{user}"')
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def certs(tmp_path, monkeypatch):
    cert, key = _self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trusted as a private CA would be
    return cert, key


@pytest.fixture
def no_prefect(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)


def _lines(out: str) -> dict[str, str]:
    """check name -> its line."""
    found = {}
    for line in out.splitlines():
        status, _, rest = line.partition(" ")
        if status in ("ok", "FAIL", "skip"):
            found[rest.strip().split(":", 1)[0]] = line
    return found


def test_good_server_passes_greeting_tls_and_auth_and_sends_nothing(tmp_path, certs, no_prefect, monkeypatch,
                                                                     capsys):
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", PASSWORD)
    with TlsServer(*certs) as srv:
        assert main(["doctor", "--config", str(_config(tmp_path, srv.port))]) == 0
        logins = list(srv.logins)
    out = capsys.readouterr().out
    checks = _lines(out)
    for name in ("config", "inbox", "out", "state", "templates", "smtp greeting", "smtp tls", "smtp auth",
                 "schedule"):
        assert checks[name].startswith("ok "), out
    assert "STARTTLS, TLSv1." in checks["smtp tls"]
    assert f"{USER} accepted" in checks["smtp auth"]
    assert checks["prefect api"].startswith("skip ") and "PREFECT_API_URL is not set" in checks["prefect api"]
    assert logins == [(USER, PASSWORD)]  # AUTH happened, over TLS (the server offers AUTH only after it)
    assert srv.received == [] and srv.data_seen == 0  # nothing sent
    assert PASSWORD not in out
    assert out.rstrip().endswith("doctor: all checks passed (nothing was sent)")


def test_wrong_password_fails_the_auth_line_only(tmp_path, certs, no_prefect, monkeypatch, capsys):
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "wrong " + PASSWORD)
    with TlsServer(*certs) as srv:
        assert main(["doctor", "--config", str(_config(tmp_path, srv.port))]) == 1
    out = capsys.readouterr().out
    checks = _lines(out)
    assert checks["smtp greeting"].startswith("ok ") and checks["smtp tls"].startswith("ok ")
    assert checks["smtp auth"].startswith("FAIL ") and "535" in checks["smtp auth"] and USER in checks["smtp auth"]
    assert "wrong " + PASSWORD not in out
    assert "doctor: 1 check failed" in out


def test_missing_password_is_named_before_any_auth(tmp_path, certs, no_prefect, monkeypatch, capsys):
    monkeypatch.delenv("BRIEFING_SMTP_PASSWORD", raising=False)
    with TlsServer(*certs) as srv:
        assert main(["doctor", "--config", str(_config(tmp_path, srv.port))]) == 1
        assert srv.logins == []
    line = _lines(capsys.readouterr().out)["smtp auth"]
    assert line.startswith("FAIL ") and "BRIEFING_SMTP_PASSWORD" in line


def test_server_without_starttls_fails_the_tls_line(tmp_path, no_prefect, capsys):
    with SmtpServer() as srv:  # plain: no STARTTLS offered
        assert main(["doctor", "--config", str(_config(tmp_path, srv.port, user=None))]) == 1
    out = capsys.readouterr().out
    checks = _lines(out)
    assert checks["smtp greeting"].startswith("ok ")
    assert checks["smtp tls"].startswith("FAIL ") and "does not offer STARTTLS" in checks["smtp tls"]
    assert "smtp auth" not in checks  # no AUTH over a connection that could not be secured


def test_untrusted_certificate_fails_the_tls_line(tmp_path, no_prefect, monkeypatch, capsys):
    cert, key = _self_signed(tmp_path)  # not in SSL_CERT_FILE: an unknown CA
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-bundle.pem"))
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", PASSWORD)
    with TlsServer(cert, key) as srv:
        assert main(["doctor", "--config", str(_config(tmp_path, srv.port))]) == 1
        assert srv.logins == []  # the password never went to a server we could not verify
    line = _lines(capsys.readouterr().out)["smtp tls"]
    assert line.startswith("FAIL ") and "CERTIFICATE_VERIFY_FAILED" in line


def test_no_smtp_server_listening(tmp_path, no_prefect, capsys):
    assert main(["doctor", "--config", str(_config(tmp_path, free_port()))]) == 1
    line = _lines(capsys.readouterr().out)["smtp connect"]
    assert line.startswith("FAIL ") and "connection refused" in line


def test_prefect_server_not_running(tmp_path, monkeypatch, capsys):
    port = free_port()
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{port}/api")
    assert main(["doctor", "--config", str(_config(tmp_path, 25)), "--no-email"]) == 1
    out = capsys.readouterr().out
    checks = _lines(out)
    assert checks["prefect api"].startswith("FAIL ") and f"127.0.0.1:{port}" in checks["prefect api"]
    assert "connection refused" in checks["prefect api"] and "prefect server start" in checks["prefect api"]
    assert checks["smtp"].startswith("skip ")
    assert "Traceback" not in out


def test_folders_and_templates_are_checked(tmp_path, no_prefect, capsys):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "briefing.txt.j2").write_text("{{ title }\n", encoding="utf-8")  # a typo
    cfg = _config(tmp_path, 25)
    assert main(["doctor", "--config", str(cfg), "--inbox", str(tmp_path / "nowhere"), "--templates", str(tpl),
                 "--no-email"]) == 1
    checks = _lines(capsys.readouterr().out)
    assert checks["inbox"].startswith("FAIL ") and "no such folder" in checks["inbox"]
    assert checks["templates"].startswith("FAIL ") and "briefing.txt.j2:1" in checks["templates"]
    assert checks["out"].startswith("ok ")


def test_bad_config_is_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "config.toml"
    path.write_text('[email]\nrecipient = ["a@example.org"]\n', encoding="utf-8")
    assert main(["doctor", "--config", str(path)]) == 2
    out = capsys.readouterr().out
    assert out.startswith("FAIL  config: ") and "[email].recipient: unknown key" in out and "to" in out


def test_schedule_prints_the_next_three_runs_in_local_time(tmp_path):
    """Weekdays at 06:30 in Shanghai, seen from a machine in Berlin: computed here independently, day by day."""
    cfg = _config(tmp_path, 25)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "PREFECT_API"))}
    env.update(TZ="Europe/Berlin", PYTHONPATH=str(ROOT))
    before = dt.datetime.now(dt.UTC)
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "doctor", "--config", str(cfg), "--no-email"],
                          env=env, capture_output=True, text=True, timeout=120)
    after = dt.datetime.now(dt.UTC)
    line = _lines(proc.stdout)["schedule"]
    assert line.startswith("ok ") and "'30 6 * * 1-5' in Asia/Shanghai" in line, proc.stdout + proc.stderr
    shown = line.split("): ", 1)[1].split(", ")
    sh, berlin = zoneinfo.ZoneInfo("Asia/Shanghai"), zoneinfo.ZoneInfo("Europe/Berlin")

    def expected(start: dt.datetime) -> list[str]:
        day = start.astimezone(sh).date()
        runs: list[str] = []
        while len(runs) < 3:
            t = dt.datetime.combine(day, dt.time(6, 30), sh)
            if t.weekday() < 5 and t > start:
                runs.append(t.astimezone(berlin).strftime("%a %Y-%m-%d %H:%M"))
            day += dt.timedelta(days=1)
        return runs

    assert shown in (expected(before), expected(after))
    assert "local time (CET)" in line or "local time (CEST)" in line
