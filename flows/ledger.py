"""What earlier runs saw and sent: the ledger, the delivery record and the run lock.

The ledger is keyed by the sha256 of a file's bytes, not its name, so a renamed or re-dropped bulletin is
recognised and an edited one is new. Both JSON files are replaced atomically (temp file, fsync,
os.replace, fsync of the folder) and the flow writes them only after the briefing is written and
delivered: a run that dies half way leaves the previous state intact and is simply run again.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from flows.naming import parse_name

LEDGER = "ledger.json"
DELIVERIES = "deliveries.json"
LOCK = "lock"


class StateError(Exception):
    """A state file that cannot be read; names the file so the user can inspect or move it."""


class LockBusy(Exception):
    """Another run holds the state lock."""


def file_hash(path: str | Path) -> str:
    """sha256 of the bytes: the identity of a bulletin, whatever it is called."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def atomic_write_json(path: Path, data: object) -> None:
    """Write `data` so that readers see either the old file or the whole new one, even after a crash."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _read_json(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StateError(f"{path}: unreadable state file ({exc}); move it aside to start afresh") from None
    if not isinstance(data, dict):
        raise StateError(f"{path}: expected a JSON object, got {type(data).__name__}")
    return data


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Ledger:
    """hash -> {file, first_seen, date, status, articles}; `date` is the briefing the file first went into."""

    def __init__(self, state_dir: Path, entries: dict[str, dict] | None = None):
        self.state_dir = Path(state_dir)
        self.entries: dict[str, dict] = entries or {}

    @classmethod
    def load(cls, state_dir: str | Path) -> Ledger:
        state_dir = Path(state_dir)
        return cls(state_dir, _read_json(state_dir / LEDGER))

    @property
    def path(self) -> Path:
        return self.state_dir / LEDGER

    def is_new(self, digest: str, date: str) -> bool:
        """New = never seen, or first seen for this same date (a rerun of the day briefs it again)."""
        entry = self.entries.get(digest)
        return entry is None or entry.get("date") == date

    def record(self, digest: str, *, file: str, date: str, status: str, articles: int,
               cause: str | None = None) -> None:
        """Remember a file; the first sighting's name and time stay, so a rename does not rewrite history."""
        old = self.entries.get(digest)
        entry = {
            "file": old["file"] if old else file,
            "first_seen": old["first_seen"] if old else now_iso(),
            "date": old["date"] if old else date,
            "status": status,
            "articles": articles,
        }
        if old and old.get("status") == "failed" and old.get("cause") and status == "failed":
            cause = old["cause"]  # a file failing again keeps its first cause, not "failed already on ..."
        if cause:
            entry["cause"] = cause
        self.entries[digest] = entry

    def save(self) -> None:
        atomic_write_json(self.path, self.entries)

    def sources_by_date(self) -> dict[str, set[str]]:
        """date -> publishers that sent at least one bulletin that day (failed ones count: they did send)."""
        out: dict[str, set[str]] = {}
        for entry in self.entries.values():
            date = entry.get("date")
            if date:
                out.setdefault(date, set()).add(parse_name(entry.get("file", "")).source)
        return out


def missing_sources(ledger: Ledger, date: str, present: Iterable[str], expected: Iterable[str] = (),
                    *, last_runs: int = 7, min_seen: int = 2) -> list[str]:
    """Publishers that usually send (seen on >= `min_seen` of the last `last_runs` earlier dates, or
    configured as expected) but sent nothing for `date`."""
    by_date = ledger.sources_by_date()
    earlier = sorted((d for d in by_date if d < date), reverse=True)[:last_runs]
    seen: dict[str, int] = {}
    for d in earlier:
        for source in by_date[d]:
            seen[source] = seen.get(source, 0) + 1
    usual = {s for s, n in seen.items() if n >= min_seen} | set(expected)
    here = set(present) | by_date.get(date, set())
    return sorted(usual - here)


def load_deliveries(state_dir: str | Path) -> dict[str, dict]:
    return _read_json(Path(state_dir) / DELIVERIES)


def already_sent(state_dir: str | Path, date: str, content_hash: str) -> dict | None:
    """The record of an earlier delivery of exactly this content for this date, if any: sent, or handed
    over without the server's confirmation ("unconfirmed": it may have arrived; resent only with --force)."""
    rec = load_deliveries(state_dir).get(date)
    if rec and rec.get("hash") == content_hash:
        return rec
    return None


def record_delivery(state_dir: str | Path, date: str, content_hash: str, message_id: str | None,
                    recipients: int, status: str = "sent") -> None:
    """Write down a delivery the moment it happened; `status` "unconfirmed" when the whole message went out
    but the server's answer to it never came (it may or may not have been accepted)."""
    state_dir = Path(state_dir)
    data = load_deliveries(state_dir)
    data[date] = {"hash": content_hash, "message_id": message_id, "sent_at": now_iso(), "recipients": recipients,
                  "status": status}
    atomic_write_json(state_dir / DELIVERIES, data)


def _holder(fd: int) -> str:
    """Who holds the lock, from the pid the holder wrote into it."""
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f"pid {text}" if text.isdigit() else "a process that has not written its pid yet"


@contextlib.contextmanager
def state_lock(state_dir: str | Path, wait: float = 0.0, poll: float = 0.2,
               on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold an exclusive flock on state_dir/lock; wait up to `wait` seconds, then raise LockBusy.

    `on_wait(holder)` is called once when the lock is found taken, so a waiting run can say that it waits
    and for whom ("pid 1234 holding outputs/.state/lock") instead of sitting silent.

    flock is released by the kernel when the process dies, so a crashed run never leaves a stale lock.
    """
    state_dir = Path(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(wait, 0.0)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise LockBusy(
                        f"another briefing run holds {path} (waited {wait:g} s), {_holder(fd)}; let it finish, "
                        "then run again (lock_wait sets how long a run waits)") from None
                if on_wait is not None:
                    on_wait(f"{_holder(fd)} holding {path}")
                    on_wait = None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        os.close(fd)
