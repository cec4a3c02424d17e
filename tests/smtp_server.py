"""Loopback SMTP servers for the robustness tests, and the `briefing run` subprocess they talk to.

`SmtpServer` (aiosmtpd) records, refuses, requires AUTH or SIGKILLs its client on cue; `ScriptedServer`
(plain sockets) follows a per-connection script: silence, a hang-up in the middle of DATA, 4xx/5xx replies.

Every server binds 127.0.0.1 only and is a context manager that stops it in `finally`, so a failing test
never leaves a thread or a port behind.
"""
from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Received:
    """One message the server said 250 to."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    message: EmailMessage = field(repr=False)

    @property
    def message_id(self) -> str:
        return str(self.message.get("Message-ID", ""))

    @property
    def day(self) -> str:
        return str(self.message.get("X-Briefing-Date", ""))


class _Handler:
    """aiosmtpd hooks; behaviour chosen by the owning server's attributes, read at call time so a test
    can change them between runs ("fix the server")."""

    def __init__(self, owner: SmtpServer):
        self.owner = owner

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.owner.refuse_rcpt:
            return self.owner.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        o = self.owner
        with o.lock:
            o.data_seen += 1
        if o.kill_at == "DATA":
            # the client dies before our reply: nothing was accepted, the client never learns the outcome
            o.kill_client()
            with o.lock:
                o.aborted += 1
            return "451 client gone"
        if o.refuse_data:
            return o.refuse_data
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with o.lock:
            o.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                       envelope.original_content or envelope.content, msg))
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        # smtplib sends QUIT only after it has read the 250 to DATA: killing here means "the server has the
        # message, the client knows it, but died before it could write anything down"
        if self.owner.kill_at == "QUIT" and self.owner.received:
            self.owner.kill_client()
        return "221 Bye"


class _Auth:
    def __init__(self, owner: SmtpServer):
        self.owner = owner

    def __call__(self, server, session, envelope, mechanism, auth_data):
        o = self.owner
        if isinstance(auth_data, LoginPassword):
            with o.lock:
                o.logins.append((auth_data.login.decode("utf-8", "replace"),
                                 auth_data.password.decode("utf-8", "replace")))
            ok = (auth_data.login.decode("utf-8", "replace") == o.user
                  and auth_data.password.decode("utf-8", "replace") == o.password)
            if not ok and o.echo_auth:
                # a careless server that quotes the credentials back in its refusal, as base64
                token = base64.b64encode(b"\0" + auth_data.login + b"\0" + auth_data.password).decode()
                plain = base64.b64encode(auth_data.password).decode()
                return AuthResult(success=False, handled=False,
                                  message=f"535 5.7.8 credentials rejected: {token} ({plain})")
            return AuthResult(success=ok, handled=False)
        return AuthResult(success=False, handled=False)


class SmtpServer:
    """An aiosmtpd server on loopback that keeps what it accepts.

    refuse_rcpt / refuse_data: a reply such as "550 5.1.1 no such user" or "451 4.3.0 try later".
    kill_at: "DATA" = SIGKILL `kill_pid` when the message arrives, before answering 250;
             "QUIT" = SIGKILL it after it has read our 250 (when it says QUIT).
    user/password: require AUTH (PLAIN/LOGIN without TLS, loopback only) with these credentials.
    """

    def __init__(self, *, user: str | None = None, password: str | None = None):
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.logins: list[tuple[str, str]] = []
        self.data_seen = 0
        self.aborted = 0
        self.refuse_rcpt: str | None = None
        self.refuse_data: str | None = None
        self.kill_at: str | None = None
        self.kill_pid: int | None = None
        self.killed: list[int] = []
        self.user, self.password = user, password
        self.echo_auth = False  # quote the rejected credentials (base64) in the 535 reply
        self.port = free_port()
        kwargs: dict = {}
        if user is not None:
            kwargs = {"authenticator": _Auth(self), "auth_required": True, "auth_require_tls": False}
        self.controller = Controller(_Handler(self), hostname=HOST, port=self.port, **kwargs)

    def kill_client(self) -> None:
        pid = self.kill_pid
        if pid is None or pid in self.killed:
            return
        self.killed.append(pid)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def by_day(self) -> dict[str, list[Received]]:
        out: dict[str, list[Received]] = {}
        for r in list(self.received):
            out.setdefault(r.day, []).append(r)
        return out

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


class ScriptedServer:
    """A hand-rolled SMTP peer whose every connection follows the next step of a script, for the failures
    aiosmtpd will not produce (silence, a hang-up in the middle of DATA) and for changing behaviour from one
    retry to the next within a single run.

    Steps: "ok" (accept), "silent" (accept the TCP connection, never send a byte), "drop" (take part of the
    DATA, then close without a reply), "rcpt:<reply>" / "data:<reply>" (answer RCPT / the end of DATA with
    that reply, e.g. "rcpt:550 5.1.1 no such user"), "trickle" (send the greeting one byte every
    `trickle_every` seconds, for ever), "noanswer" (take the whole message, keep it, never answer the end
    of DATA), "auth535hex" (offer AUTH PLAIN and refuse it with 535, quoting the decoded credentials in
    hex). When the script runs out, `default` is used.
    """

    def __init__(self, script: list[str], default: str = "ok"):
        self.script = list(script)
        self.default = default
        self.port = free_port()
        self.steps: list[str] = []  # the step each connection got, in order
        self.trickle_every = 5.0
        self.auth_lines: list[bytes] = []
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((HOST, self.port))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self._stop = threading.Event()
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, name="scripted-smtp", daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                step = self.script.pop(0) if self.script else self.default
                self.steps.append(step)
                self._open.append(conn)
            if step == "trickle":
                threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()
            elif step != "silent":
                threading.Thread(target=self._talk, args=(conn, step), daemon=True).start()

    def _trickle(self, conn: socket.socket) -> None:
        """One byte of an endless greeting every `trickle_every` s: never idle long enough for a timeout."""
        try:
            while not self._stop.is_set():
                conn.sendall(b"2")
                if self._stop.wait(self.trickle_every):
                    return
        except OSError:
            return

    def _talk(self, conn: socket.socket, step: str) -> None:
        conn.settimeout(20)
        f = conn.makefile("rb")
        where, _, reply = step.partition(":")
        mail_from, rcpts = "", []
        try:
            conn.sendall(b"220 scripted.test ESMTP\r\n")
            while True:
                line = f.readline()
                if not line:
                    return
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    auth = b"250-AUTH PLAIN\r\n" if where == "auth535hex" else b""
                    conn.sendall(b"250-scripted.test\r\n" + auth + b"250-8BITMIME\r\n250 SMTPUTF8\r\n")
                elif verb == b"AUTH" and where == "auth535hex":
                    with self._lock:
                        self.auth_lines.append(line)
                    token = line.split()[-1]
                    creds = base64.b64decode(token + b"=" * (-len(token) % 4))
                    conn.sendall(b"535 5.7.8 authentication failed for " + creds.hex().encode() + b"\r\n")
                elif verb == b"MAIL":
                    mail_from = line.decode("utf-8", "replace").strip()
                    conn.sendall(b"250 OK\r\n")
                elif verb == b"RCPT":
                    if where == "rcpt":
                        conn.sendall(reply.encode() + b"\r\n")
                    else:
                        rcpts.append(line.decode("utf-8", "replace").strip())
                        conn.sendall(b"250 OK\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    if where == "drop":
                        f.read(512)  # part of the message, then hang up mid-stream
                        return
                    chunks = []
                    while True:
                        chunk = f.readline()
                        if not chunk or chunk == b".\r\n":
                            break
                        chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                    if where == "data":
                        conn.sendall(reply.encode() + b"\r\n")
                        continue
                    raw = b"".join(chunks)
                    msg = email.message_from_bytes(raw, policy=email.policy.default)
                    with self._lock:
                        self.received.append(Received(mail_from, rcpts, raw, msg))
                    if where == "noanswer":  # the message is here; the client never learns it
                        self._stop.wait()
                        return
                    conn.sendall(b"250 accepted\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                elif verb == b"RSET":
                    rcpts = []
                    conn.sendall(b"250 OK\r\n")
                else:
                    conn.sendall(b"250 OK\r\n")
        except OSError:
            return
        finally:
            f.close()
            conn.close()

    def by_day(self) -> dict[str, list[Received]]:
        out: dict[str, list[Received]] = {}
        for r in list(self.received):
            out.setdefault(r.day, []).append(r)
        return out

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        with self._lock:
            for c in self._open:
                try:
                    c.close()
                except OSError:
                    pass
        self._sock.close()


# ------------------------------------------------------------------------ the briefing run in a subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples", "bulletins")
DAY = "2025-02-20"
SENDER = "briefing@example.org"
RECIPIENT = "editor@example.org"


@dataclass
class Run:
    """What one `briefing run` process did."""

    rc: int | None
    stdout: str
    stderr: str
    seconds: float

    @property
    def killed(self) -> bool:
        return self.rc == -signal.SIGKILL

    def tail(self, n: int = 3000) -> str:
        return f"rc={self.rc}\n--- stdout\n{self.stdout[-n:]}\n--- stderr\n{self.stderr[-n:]}"


BROKEN = f"broken-daily_{DAY}_p01.pdf"


def make_inbox(folder, pattern: str = DAY, broken: bool = False) -> list[str]:
    """Copy the shipped sample bulletins of one day into `folder`; returns their names. `broken` adds a
    truncated PDF, which the run must list as failed and set aside."""
    os.makedirs(folder, exist_ok=True)
    names = sorted(n for n in os.listdir(SAMPLES) if pattern in n)
    for n in names:
        shutil.copy2(os.path.join(SAMPLES, n), os.path.join(folder, n))
    if broken:
        with open(os.path.join(SAMPLES, next(n for n in names if n.endswith(".pdf"))), "rb") as fh:
            head = fh.read(700)  # a download cut short: a PDF header and nothing usable
        with open(os.path.join(folder, BROKEN), "wb") as fh:
            fh.write(head)
        names = sorted([*names, BROKEN])
    return names


def write_config(path, *, port: int, user: str | None = None, timeout: float = 5.0,
                 password_block: str | None = None, extra: str = "") -> str:
    """A config TOML whose e-mail goes to a loopback server without TLS."""
    lines = ["[email]", "enabled = true", f'host = "{HOST}"', f"port = {port}", 'tls = "none"',
             f'from = "{SENDER}"', f'to = ["{RECIPIENT}"]', f"timeout = {timeout}"]
    if user:  # loopback without TLS: AUTH over plain TCP must be allowed explicitly
        lines += [f'user = "{user}"', "allow_plaintext_auth = true"]
    if password_block:
        lines.append(f'password_block = "{password_block}"')
    text = (extra.strip() + "\n\n" if extra.strip() else "") + "\n".join(lines) + "\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return str(path)


def run_env(**extra: str) -> dict[str, str]:
    """The test process's environment without anything that could point the run elsewhere (a real Prefect
    API, the user's BRIEFING_* settings), with a loud log level so the secrets test sees every line."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("BRIEFING_") and k not in ("PREFECT_API_URL", "PREFECT_API_KEY", "PREFECT_PROFILE")}
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env["PREFECT_LOGGING_LEVEL"] = "INFO"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def start_briefing(args: list[str], *, cwd, env: dict[str, str]):
    """Start `briefing <args>` in its own session (so a kill can take its Prefect server child with it).
    Output goes to files, not pipes: an orphaned grandchild holding a pipe would block the reader."""
    out = tempfile.TemporaryFile(dir=cwd)
    err = tempfile.TemporaryFile(dir=cwd)
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", *args], cwd=cwd, env=env,
                            stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
    proc._briefing_files = (out, err)  # type: ignore[attr-defined]
    proc._briefing_t0 = time.monotonic()  # type: ignore[attr-defined]
    return proc


def finish_briefing(proc, timeout: float = 240.0) -> Run:
    """Wait for the process (SIGKILL it after `timeout`), then kill whatever is left of its session."""
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        rc = None
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the temporary Prefect server of a killed run
    except (ProcessLookupError, PermissionError):
        pass
    if rc is None:
        proc.wait(timeout=30)
    out, err = proc._briefing_files
    texts = []
    for fh in (out, err):
        fh.seek(0)
        texts.append(fh.read().decode("utf-8", "replace"))
        fh.close()
    return Run(rc, texts[0], texts[1], time.monotonic() - proc._briefing_t0)


def run_briefing(args: list[str], *, cwd, env: dict[str, str], timeout: float = 240.0,
                 on_start=None) -> Run:
    proc = start_briefing(args, cwd=cwd, env=env)
    try:
        if on_start is not None:
            on_start(proc)
    finally:
        result = finish_briefing(proc, timeout)
    return result


# ------------------------------------------------------------------------------------- state on disk

def read_json(path) -> object:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def check_day(out, inbox, names: list[str], day: str = DAY) -> dict:
    """Every bulletin of the day is in the day's briefing exactly once (as articles or as a failure), no
    article appears twice, and the ledger is valid JSON recording each bulletin under this day.
    Returns the briefing."""
    briefing = read_json(os.path.join(out, day, "briefing.json"))
    seen: dict[tuple[str, int], int] = {}
    for section in briefing["sections"]:
        for item in section["items"]:
            for a in item["appearances"]:
                seen[(a["file"], a["index"])] = seen.get((a["file"], a["index"]), 0) + 1
    twice = {k: n for k, n in seen.items() if n > 1}
    assert not twice, f"articles briefed more than once: {twice}"
    failed = [f["file"] for f in briefing["failed"]]
    assert len(failed) == len(set(failed)), f"a failure listed twice: {failed}"
    briefed = {f for f, _ in seen}
    assert not briefed & set(failed), f"files both briefed and failed: {briefed & set(failed)}"
    assert briefed | set(failed) == set(names), (
        f"missing from the briefing: {set(names) - briefed - set(failed)}; "
        f"unexpected: {(briefed | set(failed)) - set(names)}")
    ledger = read_json(os.path.join(out, ".state", "ledger.json"))
    assert isinstance(ledger, dict)
    for n in names:
        path = os.path.join(inbox, n)
        if not os.path.exists(path):
            path = os.path.join(inbox, "failed", n)
        with open(path, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        assert digest in ledger, f"{n} is not in the ledger"
        assert ledger[digest]["date"] == day, f"{n} recorded under {ledger[digest]['date']}, not {day}"
    return briefing


def state_files_valid(out) -> None:
    """Whatever a killed run left in the state folder is either absent or whole JSON (atomic writes)."""
    state = os.path.join(out, ".state")
    for name in ("ledger.json", "deliveries.json"):
        path = os.path.join(state, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                json.load(fh)
