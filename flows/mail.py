"""The e-mail digest: one multipart/alternative message (plain text + HTML) sent over SMTP.

Titles come from scraped pages and may reach the Subject, so every header value is folded to one line with
control characters removed (no header injection). The Message-ID is derived from the date and the content,
so a resend of the same briefing is recognisable as such. The SMTP password is fetched at send time, used
for the login only, and scrubbed from anything that could be logged or raised.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from email.utils import formatdate

from flows.config import EmailConfig

log = logging.getLogger(__name__)

_HEADER_JUNK = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]+")
_DOMAIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
SUBJECT_TITLE_CHARS = 30


class DeliveryError(Exception):
    """The briefing could not be handed to the SMTP server; names host:port and the cause, never a password."""

    def __init__(self, host: str, port: int, cause: str):
        super().__init__(f"could not send the briefing via {host}:{port}: {cause}")
        self.host = host
        self.port = port
        self.cause = cause


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


def message_id(briefing: dict, rendered: dict[str, str], sender: str) -> str:
    """Same date and same content -> same Message-ID, so a resend is recognisable (and deduplicated)."""
    digest = hashlib.sha256()
    for key in ("txt", "html"):
        digest.update(rendered.get(key, "").encode("utf-8"))
        digest.update(b"\0")
    day = re.sub(r"[^0-9-]", "", str(briefing.get("date", ""))) or "undated"
    return f"<briefing.{day}.{digest.hexdigest()[:20]}@{_domain(sender)}>"


def build_message(briefing: dict, rendered: dict[str, str], email: EmailConfig) -> EmailMessage:
    """multipart/alternative: the plain-text briefing first, the HTML one preferred by clients that can."""
    msg = EmailMessage()
    msg["Subject"] = build_subject(briefing, email)
    msg["From"] = header_safe(email.sender)
    msg["To"] = ", ".join(header_safe(r) for r in email.recipients if header_safe(r))
    msg["Date"] = formatdate(localtime=True)  # when it was composed; the Message-ID identifies the content
    msg["Message-ID"] = message_id(briefing, rendered, email.sender)
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


_B64 = re.compile(r"[A-Za-z0-9+/]{8,}={0,2}")


def _scrub(text: str, password: str | None) -> str:
    """Remove the password, and any base64 token that decodes to something holding it (AUTH PLAIN/LOGIN
    send it that way), should a server echo them back in an error."""
    if not password:
        return text
    pw = password.encode("utf-8")

    def hide(m: re.Match) -> str:
        token = m.group(0)
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
        except ValueError:
            return token
        return "***" if pw in decoded else token

    text = _B64.sub(hide, text)
    for secret in sorted({password, repr(password)[1:-1], ascii(password)[1:-1]}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _describe(exc: BaseException) -> str:
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


def send_message(msg: EmailMessage, email: EmailConfig, password: str | None,
                 on_accepted: Callable[[], None] | None = None) -> None:
    """Hand the message to the SMTP server; any failure becomes a DeliveryError without the password.

    `on_accepted` runs the moment the server has said 250 to the message, before QUIT: a crash between
    the two must find the delivery already recorded, or the rerun would send the briefing twice.
    """
    host, port = email.host, email.port
    if email.user and not password:
        raise DeliveryError(host, port, f"[email].user is set but no password was found: set the environment "
                                        f"variable {email.password_env} or [email].password_block")
    recipients = [header_safe(r) for r in email.recipients if header_safe(r)]
    if not recipients:
        raise DeliveryError(host, port, "no recipients")
    log.info("sending the briefing to %d recipient(s) via %s:%s (tls=%s)", len(recipients), host, port, email.tls)
    smtp: smtplib.SMTP | None = None
    error: DeliveryError | None = None
    try:
        context = ssl.create_default_context()
        if email.tls == "ssl":
            smtp = smtplib.SMTP_SSL(host, port, timeout=email.timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=email.timeout)
        smtp.ehlo()
        if email.tls == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if email.user:
            _login(smtp, email.user, password or "")
        refused = smtp.send_message(msg, from_addr=header_safe(email.sender), to_addrs=recipients)
    except (smtplib.SMTPException, OSError, ssl.SSLError, ValueError) as exc:
        # built here, raised below, outside the except block: no __context__ holding the SMTP reply or
        # the frames (and their `password` local) of the failed login
        error = DeliveryError(host, port, _scrub(_describe(exc), password))
    if error is not None:
        if smtp is not None:
            smtp.close()
        raise error
    assert smtp is not None
    try:
        if on_accepted is not None:
            on_accepted()  # outside the SMTP try: failing to record is no SMTP failure, and must not resend
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):  # the message is accepted; a lost QUIT changes nothing
            smtp.close()
    if refused:
        log.warning("the SMTP server at %s:%s refused %d recipient(s): %s", host, port, len(refused),
                    ", ".join(sorted(refused)))
    log.info("briefing %s accepted by %s:%s", header_safe(msg.get("Message-ID", "")), host, port)
