"""The inbox is a boundary: which paths a run reads, which it names as failed and why, and how names are shown.

Only a regular file whose real path lies inside the inbox is read. A symbolic link that leads out of it (to
/etc/passwd, /dev/zero, a FIFO, a folder) or round in a loop, a device, a FIFO, a socket or a folder is named
in the day's failed list with its cause and left where it is, never opened: entries are examined with lstat,
and files are opened with O_NOFOLLOW | O_NONBLOCK and checked with fstat on the open descriptor, so neither a
FIFO nor a link swapped in after the check can make the run block or read elsewhere. Files named on the
command line are the user's explicit choice: links are followed, but a FIFO or device is still refused.

Every file name that reaches a terminal, a log or the briefing goes through `printable` first, so a name
holding CR/LF or an escape sequence cannot forge a log line or drive the terminal.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from bulletins.decode import kind_of
from flows.ledger import Ledger
from flows.naming import display_name

FAILED_DIR = "failed"
SKIP_SUFFIXES = (".part", ".tmp", ".crdownload", "~")

# C0 and C1 controls, DEL, line/paragraph separators, bidi overrides and isolates, BOM/zero-width no-break
_UNSAFE = {c for c in range(0x20)} | {0x7F} | set(range(0x80, 0xA0)) | {0x2028, 0x2029, 0xFEFF} \
    | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(name: str | os.PathLike[str]) -> str:
    """A file name or path as one safe line for a terminal or a log: GBK names decoded (`display_name`),
    control characters shown as `repr` shows them (`\\r`, `\\n`, `\\x1b`, `\\u202e`); everything else as is."""
    text = display_name(os.fspath(name))
    if not any(ord(c) in _UNSAFE for c in text):
        return text
    out = []
    for c in text:
        o = ord(c)
        if o in _UNSAFE:
            out.append(_SHORT.get(c) or (f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"))
        else:
            out.append(c)
    return "".join(out)


class Unreadable(Exception):
    """A path the run will not or cannot read; `cause` says why in words, `key` identifies it for the ledger."""

    def __init__(self, cause: str, key: str | None = None):
        super().__init__(cause)
        self.cause = cause
        self.key = key


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def boundary_check(path: Path, root_real: str) -> str:
    """The path to read for an inbox entry, or Unreadable naming why it is not read (nothing is opened)."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise Unreadable(f"cannot read the file ({exc.strerror or exc})") from None
    if stat.S_ISREG(st.st_mode):
        return str(path)
    if not stat.S_ISLNK(st.st_mode):
        raise Unreadable(f"{kind_of(st.st_mode)}, not a regular file; left in place, not read")
    target = os.readlink(path)
    try:
        real_st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unreadable("a loop of symbolic links; left in place, not read") from None
        raise Unreadable(f"a broken symbolic link (to {printable(target)}); left in place") from None
    real = os.path.realpath(path)
    if not _inside(real, root_real):
        what = "a file" if stat.S_ISREG(real_st.st_mode) else kind_of(real_st.st_mode)
        raise Unreadable(f"a symbolic link to {what} outside the inbox ({printable(real)}); left in place, "
                         "not read")
    if not stat.S_ISREG(real_st.st_mode):
        raise Unreadable(f"a symbolic link to {kind_of(real_st.st_mode)}; left in place, not read")
    return real


def file_digest(path: str, *, follow_links: bool) -> str:
    """sha256 of a regular file's bytes, opened so that a FIFO cannot block and (unless `follow_links`)
    a link is not followed; Unreadable otherwise."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow_links else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unreadable("a symbolic link (replaced after the check?); not read") from None
        raise Unreadable(f"cannot read the file ({exc.strerror or exc})", _name_key(path)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable(f"{kind_of(st.st_mode)}, not a regular file; not read")
        os.set_blocking(fd, True)
        h = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
        return h.hexdigest()
    except OSError as exc:
        raise Unreadable(f"cannot read the file ({exc.strerror or exc})", _name_key(path)) from None
    finally:
        os.close(fd)


def _name_key(path: str) -> str | None:
    """No content hash for an unreadable file: the ledger keys it by name, size and mtime (kept by the move
    to failed/)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    ident = f"{Path(path).name}\0{st.st_size}\0{st.st_mtime_ns}".encode("utf-8", "surrogateescape")
    return "unreadable:" + hashlib.sha256(ident).hexdigest()


def _entries(folder: Path) -> list[Path]:
    try:
        names = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [folder / n for n in names if not n.startswith(".") and not n.endswith(SKIP_SUFFIXES)]


def scan(inbox: str | None, files: list[str] | None, state_dir: str, date: str) -> dict:
    """The bulletins this run briefs, by content hash, and the inbox entries it refuses.

    Inbox mode: a file is taken if its hash was never seen or was first seen for this same date (so a rerun
    of the day briefs the same set); files already in `<inbox>/failed/` are taken on the same terms so a
    rerun still names them. A file that failed on an earlier day and is back in the inbox is named again
    (and set aside again). Entries outside the boundary are taken with an error and `stay` (not moved).
    Explicit files are always taken. Two files with the same bytes are one bulletin.
    """
    ledger = Ledger.load(state_dir)
    taken: list[dict] = []
    skipped: list[dict] = []
    seen: dict[str, str] = {}
    if files is not None:
        paths = [(Path(f), False) for f in files]
        root_real = ""
    else:
        root = Path(inbox or ".")
        root_real = os.path.realpath(root)
        paths = [(p, False) for p in _entries(root) if p.name != FAILED_DIR or not p.is_dir() or p.is_symlink()]
        failed_dir = root / FAILED_DIR
        if failed_dir.is_dir() and not failed_dir.is_symlink():
            paths += [(p, True) for p in _entries(failed_dir)]
    for path, in_failed in paths:
        name = printable(path.name)  # what the briefing, the log and the ledger call it
        read_path = str(path)
        try:
            if files is None:
                read_path = boundary_check(path, root_real)
            try:
                digest = file_digest(read_path, follow_links=files is not None)
            except OSError as err:
                raise Unreadable(f"cannot read the file ({err.strerror or err})", _name_key(read_path)) from None
        except Unreadable as exc:
            key = exc.key
            if key is None:  # outside the boundary: named every day it is there, left in place
                taken.append({"path": str(path), "file": name, "hash": None, "in_failed": in_failed,
                              "error": exc.cause, "stay": True})
                continue
            if files is None and in_failed and not ledger.is_new(key, date):
                old = ledger.entries[key]
                skipped.append({"file": name, "reason": f"unreadable, named on {old.get('date')}"})
                continue
            taken.append({"path": str(path), "file": name, "hash": key, "in_failed": in_failed,
                          "error": exc.cause})
            continue
        if digest in seen:
            twin = {"twin_of": seen[digest]} if not in_failed else {}  # one set aside already stays unnamed
            skipped.append({"file": name, "reason": f"same content as {seen[digest]}", **twin,
                            "path": read_path, "in_failed": in_failed})
            continue
        if files is None and not ledger.is_new(digest, date):
            old = ledger.entries[digest]
            if old.get("status") == "failed" and not in_failed:
                # back in the inbox after failing on an earlier day: named again, set aside again
                taken.append({"path": read_path, "file": name, "hash": digest, "in_failed": False,
                              "error": f"failed already on {old.get('date')}: {old.get('cause') or 'unreadable'}"})
                seen[digest] = name
                continue
            skipped.append({"file": name, "reason": f"already briefed on {old.get('date')} as {old.get('file')}"})
            continue
        seen[digest] = name
        taken.append({"path": read_path, "file": name, "hash": digest, "in_failed": in_failed})
    return {"taken": taken, "skipped": skipped}
