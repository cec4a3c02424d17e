"""`briefing doctor [--config F]`: check a configuration end to end, sending nothing.

What fails at 7:00 (an inbox folder that is not there, a template typo, an SMTP server that has no STARTTLS or
refuses the password, a Prefect server that is down, a cron that fires at 7:00 in the wrong zone) is found
now, one line per check:

    ok    inbox: /srv/briefing/inbox (3 files waiting)
    FAIL  smtp auth: 535 5.7.8 authentication failed (user briefing@example.org)
    skip  prefect api: PREFECT_API_URL is not set (`briefing run` starts a temporary server)

The SMTP conversation is EHLO, STARTTLS (or an SSL connection), EHLO, AUTH, QUIT: no MAIL FROM, so nothing
is sent. Exit status 0 when no check failed, 1 otherwise, 2 when the configuration itself cannot be read.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import smtplib
import socket
import ssl
import sys
import urllib.error
import urllib.request
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.mail import describe_error

OK, FAIL, SKIP = "ok", "FAIL", "skip"


@dataclass
class Check:
    status: str  # ok | FAIL | skip
    name: str
    detail: str

    def line(self) -> str:
        return f"{self.status:<5} {self.name}: {self.detail}"


def prefect_api_problem(api: str, timeout: float = 5.0) -> str | None:
    """None when `<api>/health` answers, else what went wrong in a few words."""
    url = api.rstrip("/") + "/health"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - the user's own API URL
            if resp.status == 200:
                return None
            return f"HTTP {resp.status} from {url}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code} from {url}"
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ConnectionRefusedError):
            return "connection refused: no server listening there"
        if isinstance(reason, socket.gaierror):
            return f"unknown host ({reason.strerror or reason})"
        return str(getattr(reason, "strerror", None) or reason)
    except (OSError, ValueError) as exc:
        return str(exc) or type(exc).__name__


# ------------------------------------------------------------------------------------------------- checks

def _folder(name: str, path: Path, *, create_ok: bool) -> Check:
    if path.is_dir():
        if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
            return Check(FAIL, name, f"{path}: not readable and writable by this user")
        waiting = ""
        if name == "inbox":
            n = sum(1 for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            waiting = f" ({n} file{'' if n == 1 else 's'} waiting)"
        return Check(OK, name, f"{path.resolve()}{waiting}")
    if path.exists():
        return Check(FAIL, name, f"{path}: not a folder")
    if not create_ok:
        return Check(FAIL, name, f"{path}: no such folder (create it, or set `{name}` in the config)")
    parent = next((p for p in path.parents if p.exists()), None)
    if parent is not None and os.access(parent, os.W_OK | os.X_OK):
        return Check(OK, name, f"{path.resolve()} (does not exist yet; the first run creates it)")
    return Check(FAIL, name, f"{path}: does not exist and {parent} is not writable")


def _templates(cfg: Any) -> Check:
    from flows.render import RenderError, check_templates, render_all

    where = str(cfg.templates) if cfg.templates else "the built-in templates"
    try:
        check_templates(cfg.templates)
        sample = {"date": "2025-02-20", "date_zh": "2025年2月20日 星期四", "title": "每日简报",
                  "counts": {"bulletins": 1, "articles": 1, "items": 1, "merged": 0, "failed": 0},
                  "sections": [{"name": "时政", "items": [{
                      "id": "x#1", "title": "标题", "kicker": "澜江市：", "summary": "摘要。", "keywords": ["词"],
                      "notes": ["title guessed"], "appearances": [{
                          "file": "x_2025-02-20_p01.txt", "source": "x", "page": "p01", "index": 1, "title": "标题",
                          "provenance": {"paper": "澜江日报", "date": "2025-02-20", "edition": "第1版 要闻",
                                         "file": "x_2025-02-20_p01.txt"}}]}]}],
                  "failed": [], "missing_sources": [], "date_mismatch": [], "method": "default"}
        render_all(sample, cfg.templates)
    except RenderError as exc:
        return Check(FAIL, "templates", str(exc))
    return Check(OK, "templates", f"{where}: html, md and txt compile and render a sample item")


def _smtp(email: Any, password_of: Callable[[Any], str | None]) -> list[Check]:
    """Greeting, TLS and AUTH, then QUIT: the same steps as a delivery, without MAIL FROM."""
    host, port = email.host, email.port
    where = f"{host}:{port}"
    checks: list[Check] = []
    context = ssl.create_default_context()
    try:
        if email.tls == "ssl":
            smtp = smtplib.SMTP_SSL(host, port, timeout=email.timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=email.timeout)
    except ssl.SSLError as exc:
        return [Check(FAIL, "smtp connect", f"{where}: TLS handshake failed ({exc.reason or exc})")]
    except smtplib.SMTPConnectError as exc:
        return [Check(FAIL, "smtp connect", f"{where}: greeting refused: {exc.smtp_code} {_text(exc.smtp_error)}")]
    except (OSError, smtplib.SMTPException) as exc:
        return [Check(FAIL, "smtp connect", f"{where}: {describe_error(exc)}")]
    try:
        code, banner = smtp.ehlo()
        if code != 250:
            return [Check(FAIL, "smtp greeting", f"{where}: EHLO answered {code} {_text(banner)}")]
        checks.append(Check(OK, "smtp greeting", f"{where}: {_text(banner).splitlines()[0][:80]}"))
        if email.tls == "starttls":
            if not smtp.has_extn("starttls"):
                checks.append(Check(FAIL, "smtp tls", f"{where} does not offer STARTTLS (tls = \"starttls\"); "
                                                      f"use the server's STARTTLS port, or tls = \"ssl\" on 465"))
                return checks
            try:
                smtp.starttls(context=context)
                smtp.ehlo()
            except ssl.SSLError as exc:
                checks.append(Check(FAIL, "smtp tls", f"{where}: STARTTLS handshake failed ({exc.reason or exc})"))
                return checks
            checks.append(Check(OK, "smtp tls", f"STARTTLS, {smtp.sock.version()}, certificate valid for {host}"))
        elif email.tls == "ssl":
            checks.append(Check(OK, "smtp tls", f"SSL, {smtp.sock.version()}, certificate valid for {host}"))
        else:
            checks.append(Check(OK, "smtp tls", "none (tls = \"none\": the password and the briefing travel "
                                                "in clear; only for a relay on this host or network)"))
        if not email.user:
            checks.append(Check(SKIP, "smtp auth", "no [email].user: the server must accept mail without login"))
        else:
            try:
                password = password_of(email)
            except Exception as exc:  # the Secret block cannot be read: the message says which and why
                checks.append(Check(FAIL, "smtp auth", str(exc)))
                return checks
            if not password:
                checks.append(Check(FAIL, "smtp auth", f"[email].user is {email.user!r} but no password: set "
                                                       f"{email.password_env} (or [email].password_block)"))
            elif not smtp.has_extn("auth"):
                checks.append(Check(FAIL, "smtp auth", f"{where} offers no AUTH on this connection"))
            else:
                try:
                    smtp.login(email.user, password)
                    checks.append(Check(OK, "smtp auth", f"{email.user} accepted"))
                except smtplib.SMTPAuthenticationError as exc:
                    checks.append(Check(FAIL, "smtp auth", f"{exc.smtp_code} {_text(exc.smtp_error, password)} "
                                                           f"(user {email.user})"))
                except smtplib.SMTPException as exc:
                    checks.append(Check(FAIL, "smtp auth", _text(str(exc), password)))
    except (OSError, smtplib.SMTPException) as exc:
        checks.append(Check(FAIL, "smtp", f"{where}: {describe_error(exc)}"))
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return checks


def _text(value: Any, secret: str | None = None) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    if secret:
        text = text.replace(secret, "***")
    return " ".join(text.split()) if "\n" not in text else text.strip()


def _prefect() -> Check:
    api = os.environ.get("PREFECT_API_URL", "").strip()
    if not api:
        return Check(SKIP, "prefect api", "PREFECT_API_URL is not set: `briefing run` starts a temporary server; "
                                          "`briefing serve` needs a running one")
    problem = prefect_api_problem(api)
    if problem:
        return Check(FAIL, "prefect api", f"{api}: {problem} (start it with `prefect server start`)")
    return Check(OK, "prefect api", f"{api} answers /health")


def next_runs(cron: str, tz: str, n: int = 3, start: dt.datetime | None = None) -> list[dt.datetime]:
    """The next `n` times the schedule fires, computed as Prefect's server computes them (DST included)."""
    import asyncio

    from prefect.server.schemas.schedules import CronSchedule

    start = start or dt.datetime.now(dt.UTC)
    dates = asyncio.run(CronSchedule(cron=cron, timezone=tz).get_dates(n, start=start))
    return [dt.datetime.fromtimestamp(d.timestamp(), zoneinfo.ZoneInfo(tz)) for d in dates]


def _schedule(cfg: Any) -> Check:
    try:
        runs = next_runs(cfg.cron, cfg.timezone)
    except Exception as exc:  # the config already validated both; this is Prefect disagreeing
        return Check(FAIL, "schedule", f"cron {cfg.cron!r} in {cfg.timezone}: {exc}")
    local = [r.astimezone() for r in runs]
    zone = local[0].tzname() if local else ""
    shown = ", ".join(t.strftime("%a %Y-%m-%d %H:%M") for t in local)
    return Check(OK, "schedule", f"cron {cfg.cron!r} in {cfg.timezone}; next runs in local time ({zone}): {shown}")


# --------------------------------------------------------------------------------------------------- main

def run_checks(cfg: Any, *, email: bool | None = None) -> Iterator[Check]:
    """Each check as it completes (an SMTP timeout must not hide the lines before it)."""
    from flows.mail import resolve_password

    yield _folder("inbox", Path(cfg.inbox), create_ok=False)
    yield _folder("out", Path(cfg.out), create_ok=True)
    yield _folder("state", Path(cfg.state_dir), create_ok=True)
    yield _templates(cfg)
    if email is False or not (cfg.email.enabled or email):
        yield Check(SKIP, "smtp", "e-mail is off ([email].enabled = false or --no-email; --email checks it anyway)")
    elif not cfg.email.host:
        yield Check(FAIL, "smtp", "no [email].host")
    else:
        yield from _smtp(cfg.email, resolve_password)
    yield _prefect()
    yield _schedule(cfg)


def main(args: argparse.Namespace) -> int:
    """Print one line per check; exit 1 when any failed."""
    from flows.config import ConfigError, load_config

    try:
        cfg = load_config(args.config, inbox=args.inbox, out=args.out, templates=args.templates)
    except ConfigError as exc:
        print(f"FAIL  config: {exc}", flush=True)
        return 2
    print(f"ok    config: {cfg.source or 'built-in defaults (no --config, no BRIEFING_CONFIG)'}", flush=True)
    failed = 0
    for check in run_checks(cfg, email=args.email):
        print(check.line(), flush=True)
        failed += check.status == FAIL
    print(f"doctor: {failed} check{'' if failed == 1 else 's'} failed" if failed else
          "doctor: all checks passed (nothing was sent)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover - `briefing doctor` is the entry point
    from flows.cli import main as cli_main

    sys.exit(cli_main(["doctor", *sys.argv[1:]]))
