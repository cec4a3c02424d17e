"""The e-mail digest: one multipart/alternative message (plain text + HTML) sent over SMTP.

Titles come from scraped pages and may reach the Subject, so every header value is folded to one line with
control characters removed (no header injection). The Message-ID is derived from the date and the content,
so a resend of the same briefing is recognisable as such. The SMTP password is fetched at send time, used
for the login only, and scrubbed from anything that could be logged or raised.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import os
import quopri
import re
import secrets
import smtplib
import socket
import ssl
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from flows.config import EmailConfig

log = logging.getLogger(__name__)

_HEADER_JUNK = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]+")
_DOMAIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
SUBJECT_TITLE_CHARS = 30


class DeliveryError(Exception):
    """The briefing could not be handed to the SMTP server; names host:port and the cause, never a password.

    `permanent`: no retry can fix it (a refused login, a configuration that cannot work, the deadline spent).
    """

    def __init__(self, host: str, port: int, cause: str, *, permanent: bool = False):
        super().__init__(f"could not send the briefing via {host}:{port}: {cause}")
        self.host = host
        self.port = port
        self.cause = cause
        self.permanent = permanent


class Unconfirmed(DeliveryError):
    """The whole message went out after DATA but the server's answer never came: it may have been accepted.
    Never retried (that is how a reader gets the same briefing four times); resent only with --force."""

    def __init__(self, host: str, port: int, cause: str):
        super().__init__(host, port, f"the message was sent but the server never confirmed it ({cause})",
                         permanent=True)


def retryable(exc: BaseException) -> bool:
    """What another SMTP attempt may fix: a DeliveryError that is not permanent."""
    return isinstance(exc, DeliveryError) and not exc.permanent


def header_safe(value: object) -> str:
    """One line, no control characters: what may go into a header without starting a new one."""
    return " ".join(_HEADER_JUNK.sub(" ", str(value if value is not None else "")).split())


def _top_title(briefing: dict) -> str | None:
    for section in briefing.get("sections") or []:
        for item in section.get("items") or []:
            title = header_safe(item.get("title"))
            if title:
                return title if len(title) <= SUBJECT_TITLE_CHARS else title[: SUBJECT_TITLE_CHARS - 1] + "…"
    return None


def build_subject(briefing: dict, email: EmailConfig) -> str:
    """`晨报 2025年2月20日 星期四 · 12 条｜<first headline>` — the date first, so a mailbox sorts by it."""
    counts = briefing.get("counts") or {}
    n = counts.get("items")
    if n is None:
        n = sum(len(s.get("items") or []) for s in briefing.get("sections") or [])
    parts = [header_safe(email.subject_prefix), header_safe(briefing.get("date_zh") or briefing.get("date"))]
    subject = " ".join(p for p in parts if p) + f" · {header_safe(n)} 条"
    top = _top_title(briefing)
    if top:
        subject += f"｜{top}"
    return subject


def _domain(sender: str) -> str:
    domain = header_safe(sender).rpartition("@")[2].strip(">").strip()
    return domain if _DOMAIN.match(domain) else "briefing.invalid"


def message_id(briefing: dict, rendered: dict[str, str], sender: str, *, fresh: bool = False) -> str:
    """Same date and same content -> same Message-ID, so a retry is recognisable (and deduplicated).
    `fresh` (a resend asked for with --force) adds a random part: a provider would drop a second message
    with the Message-ID of the first as a duplicate."""
    digest = hashlib.sha256()
    for key in ("txt", "html"):
        digest.update(rendered.get(key, "").encode("utf-8"))
        digest.update(b"\0")
    day = re.sub(r"[^0-9-]", "", str(briefing.get("date", ""))) or "undated"
    nonce = f".r{secrets.token_hex(4)}" if fresh else ""
    return f"<briefing.{day}.{digest.hexdigest()[:20]}{nonce}@{_domain(sender)}>"


def build_message(briefing: dict, rendered: dict[str, str], email: EmailConfig, *, fresh: bool = False
                  ) -> EmailMessage:
    """multipart/alternative: the plain-text briefing first, the HTML one preferred by clients that can."""
    msg = EmailMessage()
    msg["Subject"] = build_subject(briefing, email)
    msg["From"] = header_safe(email.sender)
    msg["To"] = ", ".join(header_safe(r) for r in email.recipients if header_safe(r))
    msg["Date"] = formatdate(localtime=True)  # when it was composed; the Message-ID identifies the content
    msg["Message-ID"] = message_id(briefing, rendered, email.sender, fresh=fresh)
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Briefing-Date"] = header_safe(briefing.get("date"))
    # base64: Chinese in quoted-printable costs 9 bytes a character, in base64 four for three bytes
    msg.set_content(rendered["txt"], subtype="plain", charset="utf-8", cte="base64")
    msg.add_alternative(rendered["html"], subtype="html", charset="utf-8", cte="base64")
    msg["Content-Language"] = "zh-CN"  # after set_content, which drops Content-* headers
    return msg


def resolve_password(email: EmailConfig, env: Mapping[str, str] = os.environ) -> str | None:
    """The SMTP password from the environment variable `password_env`, else the Prefect Secret block."""
    value = env.get(email.password_env)
    if value:
        return value
    if not email.password_block:
        return None
    why: str | None = None
    try:
        from prefect.blocks.system import Secret

        block = Secret.load(email.password_block, _sync=True)
        raw = block.value.get_secret_value()  # not .get(): it would json-decode "12345" into an int
    except Exception as exc:  # noqa: BLE001 - any failure to reach or decode the block is a delivery problem
        # only the type: a validation error could quote the stored value
        why = "no block of that name" if "Unable to find" in str(exc) else type(exc).__name__
    if why is not None:  # raised outside the except: no __context__ that could quote the stored value
        raise DeliveryError(email.host or "smtp", email.port,
                            f"cannot load the Prefect Secret block {email.password_block!r} ({why})")
    if not isinstance(raw, str) or not raw:
        raise DeliveryError(email.host or "smtp", email.port,
                            f"the Prefect Secret block {email.password_block!r} does not hold a text password")
    return raw


_B64 = re.compile(r"[A-Za-z0-9+/]{6,}={0,2}")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2}){3,}")
_MASKED: set[str] = set()  # every secret this process has used: masked in all log records from then on


def _b64_cores(pw: bytes) -> list[str]:
    """The base64 characters that depend on `pw` alone, for each of the three alignments it may sit at in
    a longer base64 text (AUTH PLAIN sends "\0user\0password" as one token)."""
    cores = []
    for k in range(3):
        enc = base64.b64encode(b"\0" * k + pw).decode("ascii")
        start, end = -(-8 * k // 6), 8 * (k + len(pw)) // 6
        if end - start >= 4:
            cores.append(enc[start:end])
    return cores


def _forms(password: str) -> list[str]:
    """The password as a server or a formatter could echo it: plain, escaped (repr, ascii, JSON, unicode
    escape), mojibake of its UTF-8 bytes, hex, URL-encoded, quoted-printable. Longest first."""
    pw = password.encode("utf-8")
    forms = {password, repr(password)[1:-1], ascii(password)[1:-1], json.dumps(password)[1:-1],
             password.encode("unicode_escape").decode("ascii"), pw.decode("latin-1"),
             pw.hex(), pw.hex().upper(), urllib.parse.quote(password, safe=""),
             urllib.parse.quote_plus(password), urllib.parse.quote(password, safe="").lower(),
             quopri.encodestring(pw).decode("ascii").replace("=\n", ""), base64.b64encode(pw).decode("ascii")}
    return sorted((f for f in forms if f), key=len, reverse=True)


def mask(text: str, password: str | None) -> str:
    """`text` with the password replaced by *** in every form in which it could have been echoed: the forms
    above, any base64 token that decodes to (or any hex run that spells) bytes holding it, and any base64 run
    holding its bytes at any alignment."""
    if not password or not text:
        return text
    pw = password.encode("utf-8")
    cores = _b64_cores(pw)

    def hide_b64(m: re.Match) -> str:
        token = m.group(0)
        if any(c in token for c in cores):
            return "***"
        for cut in range(4):
            body = token[cut:].rstrip("=")
            try:
                decoded = base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
            except ValueError:
                continue
            if pw in decoded:
                return "***"
        return token

    def hide_hex(m: re.Match) -> str:
        token = m.group(0)
        for cut in (0, 1):
            chunk = token[cut:]
            try:
                if pw in bytes.fromhex(chunk[: len(chunk) // 2 * 2]):
                    return "***"
            except ValueError:
                continue
        return token

    for form in _forms(password):
        text = text.replace(form, "***")
    text = _HEX.sub(hide_hex, text)
    return _B64.sub(hide_b64, text)


def _scrub(text: str, password: str | None) -> str:
    return mask(text, password)


def _mask_all(text: str) -> str:
    for secret in list(_MASKED):
        text = mask(text, secret)
    return text


def install_log_mask(password: str | None) -> None:
    """From now on, every log record this process makes (ours, smtplib's, Prefect's, whose records also go
    to its API and database) is masked before any handler sees it: message, arguments and traceback text."""
    if not password or password in _MASKED:
        return
    _MASKED.add(password)
    factory = logging.getLogRecordFactory()
    if getattr(factory, "_briefing_mask", False):
        return

    def masked(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string is the logger's own error to show
            return record
        record.msg, record.args = _mask_all(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = _mask_all("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        return record

    masked._briefing_mask = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked)


def describe_error(exc: BaseException) -> str:
    """An SMTP or network failure in words an operator acts on (shared by delivery and `briefing doctor`)."""
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"the server does not support it ({exc}); with tls = \"starttls\" it must offer STARTTLS"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"login refused ({exc.smtp_code} {detail.strip()})"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "every recipient was refused: " + ", ".join(
            f"{addr} ({code} {reply.decode('utf-8', 'replace') if isinstance(reply, bytes) else reply})"
            for addr, (code, reply) in sorted(exc.recipients.items()))
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"server answered {exc.smtp_code} {detail.strip()}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"the server closed the connection ({exc})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the SMTP server running?)"
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(exc, socket.gaierror):
        return f"host name not found ({exc.strerror or exc})"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or exc})"
    return f"{type(exc).__name__}: {exc}"


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib.login, except that non-ASCII credentials go as UTF-8 AUTH PLAIN (RFC 4616).

    smtplib encodes AUTH data as ASCII, so a password like "晨报2025" would fail before reaching the server.
    """
    if user.isascii() and password.isascii():
        smtp.login(user, password)
        return
    if not smtp.has_extn("auth") or "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPException("the server offers no AUTH PLAIN, needed for a non-ASCII user name or password")
    token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, reply = smtp.docmd("AUTH", "PLAIN " + token)
    if code == 334:  # server wanted the credentials in a second step
        code, reply = smtp.docmd(token)
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, reply)


class _Deadline(Exception):
    """The delivery's whole-run deadline passed."""


class _Watched:
    """An SMTP session under a deadline for everything (connect, TLS, every command and reply), not just a
    per-read socket timeout that a server trickling one byte every 5 s never trips: at the deadline a timer
    shuts the socket down (through a duplicate of its descriptor), which ends any blocked read at once.
    It also notes whether the whole message went out after DATA, so a missing answer can be told apart
    from a failure before the message was sent."""

    deadline: float
    expired: bool
    data_sent: bool

    def _setup(self, deadline: float) -> None:
        self.deadline = deadline
        self.expired = False
        self.data_sent = False
        self._in_data = False
        self._watch: socket.socket | None = None
        self._timer: threading.Timer | None = None

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _Deadline
        sock = socket.create_connection((host, port), min(timeout, left), getattr(self, "source_address", None))
        sock.settimeout(timeout)
        self._watch = socket.socket(fileno=os.dup(sock.fileno()))
        self._timer = threading.Timer(max(0.0, self.deadline - time.monotonic()), self._expire)
        self._timer.daemon = True
        self._timer.start()
        if isinstance(self, smtplib.SMTP_SSL):
            return self.context.wrap_socket(sock, server_hostname=host)
        return sock

    def _expire(self) -> None:
        self.expired = True
        watch = self._watch
        if watch is not None:
            with contextlib.suppress(OSError):
                watch.shutdown(socket.SHUT_RDWR)

    def data(self, msg: Any) -> tuple[int, bytes]:
        self._in_data = True
        try:
            return super().data(msg)  # type: ignore[misc]
        finally:
            self._in_data = False

    def send(self, s: Any) -> None:
        super().send(s)  # type: ignore[misc]
        if self._in_data and isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.data_sent = True  # the whole message and its end marker are out

    def release(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._watch is not None:
            self._watch.close()
            self._watch = None


class _Session(_Watched, smtplib.SMTP):
    """Created unconnected (so a failure while connecting still finds the session and its deadline)."""

    def __init__(self, timeout: float, deadline: float):
        self._setup(deadline)
        super().__init__(timeout=timeout)


class _SSLSession(_Watched, smtplib.SMTP_SSL):
    def __init__(self, timeout: float, deadline: float, context: ssl.SSLContext):
        self._setup(deadline)
        super().__init__(timeout=timeout, context=context)


def check_delivery_config(email: EmailConfig, env: Mapping[str, str] = os.environ) -> list[str]:
    """Refuse, before any work, a mail configuration that cannot work; returns warnings to show.

    Called first thing by `briefing run` (an error there costs nothing; at send time it costs the whole run
    and, before, three pointless retries). Raises flows.config.ConfigError.
    """
    from flows.config import ConfigError

    if not email.enabled:
        return []
    where = "[email]"
    warnings = []
    if email.user:
        if email.tls == "none" and not email.allow_plaintext_auth:
            raise ConfigError(f"{where}.tls: \"none\" with a user would send the password in clear text; use "
                              "tls = \"starttls\" or \"ssl\", or set allow_plaintext_auth = true (e.g. a local relay)")
        if email.tls == "none":
            warnings.append(f"the SMTP password goes to {email.host}:{email.port} in clear text "
                            "(tls = \"none\", allow_plaintext_auth = true)")
        if not env.get(email.password_env) and not email.password_block:
            raise ConfigError(f"{where}.user is set ({email.user}) but no password was found: set the environment "
                              f"variable {email.password_env} or [email].password_block, or remove user to "
                              "send without logging in")
    return warnings


# message-id -> time.monotonic() deadline of the delivery, set by `deliver` on its first attempt and kept
# across the task's retries; a direct send_message call gets its own
_DEADLINES: dict[str, float] = {}


def _first_attempt() -> bool:
    try:
        from prefect.runtime import task_run

        return int(task_run.run_count or 1) <= 1
    except Exception:  # noqa: BLE001 - outside a Prefect task every call is a first attempt
        return True


def send_message(msg: EmailMessage, email: EmailConfig, password: str | None,
                 on_accepted: Callable[[], None] | None = None) -> None:
    """Hand the message to the SMTP server; any failure becomes a DeliveryError without the password.

    `on_accepted` runs the moment the server has said 250 to the message, before QUIT: a crash between
    the two must find the delivery already recorded, or the rerun would send the briefing twice. A message
    sent whole without an answer raises Unconfirmed (never retried). Everything, all retries included, ends
    by `email.deadline` seconds after the first attempt.
    """
    host, port = email.host, email.port
    if email.user and not password:
        raise DeliveryError(host, port, f"[email].user is set but no password was found: set the environment "
                                        f"variable {email.password_env} or [email].password_block", permanent=True)
    if email.user and email.tls == "none":
        if not email.allow_plaintext_auth:
            raise DeliveryError(host, port, "refusing to send the password over plain TCP (tls = \"none\"); use "
                                            "starttls or ssl, or set allow_plaintext_auth = true", permanent=True)
        log.warning("sending the SMTP password to %s:%s in clear text (tls = \"none\", allow_plaintext_auth)",
                    host, port)
    install_log_mask(password)
    recipients = [header_safe(r) for r in email.recipients if header_safe(r)]
    if not recipients:
        raise DeliveryError(host, port, "no recipients", permanent=True)
    deadline = _DEADLINES.get(str(msg.get("Message-ID", ""))) or time.monotonic() + email.deadline
    if time.monotonic() >= deadline:
        raise DeliveryError(host, port, f"gave up: the delivery deadline of {email.deadline:g} s ([email].deadline) "
                                        "passed", permanent=True)
    log.info("sending the briefing to %d recipient(s) via %s:%s (tls=%s)", len(recipients), host, port, email.tls)
    smtp: _Watched | None = None
    error: DeliveryError | None = None
    try:
        context = ssl.create_default_context()
        smtp = _SSLSession(email.timeout, deadline, context) if email.tls == "ssl" else \
            _Session(email.timeout, deadline)
        assert isinstance(smtp, smtplib.SMTP)
        code, reply = smtp.connect(host, port)
        if code != 220:
            smtp.close()
            raise smtplib.SMTPConnectError(code, reply)
        smtp.ehlo()
        if email.tls == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if email.user:
            _login(smtp, email.user, password or "")
        refused = smtp.send_message(msg, from_addr=header_safe(email.sender), to_addrs=recipients)
    except (smtplib.SMTPException, OSError, ssl.SSLError, ValueError, _Deadline) as exc:
        # built here, raised below, outside the except block: no __context__ holding the SMTP reply or
        # the frames (and their `password` local) of the failed login
        expired = isinstance(exc, _Deadline) or (smtp is not None and smtp.expired)
        cause = (f"gave up: the delivery deadline of {email.deadline:g} s ([email].deadline) passed "
                 f"(last: {describe_error(exc)})" if expired else describe_error(exc))
        cause = _scrub(cause, password)
        # a reset (not a close) after DATA: the server threw away data it never read, so it did not take
        # the message; a timeout or a clean close leaves it unknown
        reset = isinstance(exc, ConnectionResetError) or isinstance(exc.__context__, ConnectionResetError)
        if smtp is not None and smtp.data_sent and not reset and not isinstance(exc, smtplib.SMTPResponseException):
            error = Unconfirmed(host, port, cause)
        else:
            auth_refused = isinstance(exc, smtplib.SMTPAuthenticationError) and 500 <= exc.smtp_code < 600
            permanent = expired or auth_refused or isinstance(exc, smtplib.SMTPNotSupportedError)
            error = DeliveryError(host, port, cause, permanent=permanent)
    if error is not None:
        if smtp is not None:
            smtp.release()
            smtp.close()  # type: ignore[attr-defined]
        raise error
    assert smtp is not None and isinstance(smtp, smtplib.SMTP)
    try:
        if on_accepted is not None:
            on_accepted()  # outside the SMTP try: failing to record is no SMTP failure, and must not resend
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):  # the message is accepted; a lost QUIT changes nothing
            smtp.close()
        smtp.release()
    if refused:
        log.warning("the SMTP server at %s:%s refused %d recipient(s): %s", host, port, len(refused),
                    ", ".join(sorted(refused)))
    log.info("briefing %s accepted by %s:%s", header_safe(msg.get("Message-ID", "")), host, port)


def deliver(briefing: dict, rendered: dict[str, str], email: EmailConfig, state_dir: str, force: bool,
            digest: str) -> dict:
    """Mail the briefing once per date and content (the deliver task's body).

    Sent, or handed over without an answer ("unconfirmed"), is recorded; either way a rerun does not send it
    again unless `force`, and a forced resend carries a new Message-ID.
    """
    from flows.faults import checkpoint
    from flows.ledger import already_sent, record_delivery

    earlier = None if force else already_sent(state_dir, briefing["date"], digest)
    if earlier:
        if earlier.get("status") == "unconfirmed":
            return {"status": f"not resent: sent on {earlier.get('sent_at')} without the server's confirmation "
                              "(check the mailbox; --force sends another copy)",
                    "message_id": earlier.get("message_id")}
        return {"status": "already sent", "message_id": earlier.get("message_id")}
    msg = build_message(briefing, rendered, email, fresh=force)
    key = f"{state_dir}\0{briefing['date']}\0{digest}"
    if _first_attempt() or key not in _DEADLINES:
        _DEADLINES[key] = time.monotonic() + email.deadline  # the whole delivery, retries included
    _DEADLINES[str(msg.get("Message-ID", ""))] = _DEADLINES[key]  # (a --force retry has a new Message-ID)
    password = resolve_password(email)
    install_log_mask(password)
    recipients = len(email.recipients)

    def accepted() -> None:
        record_delivery(state_dir, briefing["date"], digest, msg.get("Message-ID"), recipients)

    checkpoint("before_send")
    try:
        # recorded the moment the server says 250, before QUIT: a kill in between must not send it twice
        send_message(msg, email, password, on_accepted=accepted)
    except Unconfirmed as exc:
        record_delivery(state_dir, briefing["date"], digest, msg.get("Message-ID"), recipients,
                        status="unconfirmed")
        log.warning("%s; not retried: check the mailbox, and run with --force to send another copy", exc)
        return {"status": "unconfirmed", "message_id": msg.get("Message-ID"), "detail": str(exc)}
    checkpoint("after_send")
    return {"status": "sent", "message_id": msg.get("Message-ID")}
