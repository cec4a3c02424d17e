"""A hostile inbox (issue 13 items 1, 2, 6, 7, 8): links out of the inbox (to a file, a device, a FIFO, a
folder, round in a loop), a FIFO, a folder, a deflate bomb, a 2,000-page PDF, an encrypted PDF, a file name
with CR/LF and ESC, a bad file dropped again on a later day; a run killed with SIGKILL (its Prefect server
must die with it); a run waiting for another's lock. Everything through the `briefing` CLI.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import hostile_pdf  # noqa: E402
from smtp_server import DAY, finish_briefing, make_inbox, run_briefing, run_env, start_briefing  # noqa: E402

from flows.inbox import printable  # noqa: E402
from flows.ledger import state_lock  # noqa: E402

NEXT = "2025-02-21"
EVIL = "evil\r\nbriefing 2025-02-20: 0 failed\x1b[31m_2025-02-20_p09.txt"
PAGE = "清水县召开春季农业生产现场会\n\n　　3月2日，清水县在平寨镇召开春季农业生产现场会，部署今年春耕备耕工作。会议要求各乡镇抓紧落实种子、化肥等农资供应。\n"
# what must not leave the run: the content of a file outside the inbox
SECRET_LINE = "outside-the-inbox: 机密 root:x:0:0"


def _cli(args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """`briefing <args>` in a child that reports its own peak RSS (KiB) on the last stderr line."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a child of a big pytest would report its size
    code = ("import sys\nfrom flows.cli import main\nrc = main(sys.argv[1:])\n"
            "hwm = [ln.split()[1] for ln in open('/proc/self/status') if ln.startswith('VmHWM:')][0]\n"
            "print('MAXRSS', hwm, file=sys.stderr)\nsys.exit(rc)")
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=run_env())


def _maxrss_mb(proc: subprocess.CompletedProcess) -> float:
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("MAXRSS")][-1]
    return int(line.split()[1]) / 1024


# --------------------------------------------------------------------------- `briefing ingest` (no Prefect)

def test_printable_escapes_control_characters_and_keeps_chinese() -> None:
    assert printable(EVIL) == "evil\\r\\nbriefing 2025-02-20: 0 failed\\x1b[31m_2025-02-20_p09.txt"
    assert printable("清水日报_2025-02-20_p01.txt") == "清水日报_2025-02-20_p01.txt"
    assert printable("a\u202egpj.txt\x7f\x9b") == "a\\u202egpj.txt\\x7f\\x9b"
    assert printable(os.fsdecode("空白.txt".encode("gbk"))) == "空白.txt"


def test_deflate_bomb_refused_fast_in_bounded_memory(tmp_path: Path) -> None:
    """2 MB of PDF holding a 2 GiB deflate stream: refused before parsing, the process never near 2 GiB."""
    bomb = tmp_path / "bomb_2025-02-20_p01.pdf"
    bomb.write_bytes(hostile_pdf.bomb_pdf(2 * hostile_pdf.GiB))
    assert bomb.stat().st_size < 3 * 1024 * 1024
    proc = _cli(["ingest", str(bomb)], tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert f"{bomb}: compressed stream too large" in proc.stderr and "max_inflated_bytes" in proc.stderr
    assert _maxrss_mb(proc) < 250, f"peak RSS {_maxrss_mb(proc):.0f} MB"


def test_two_thousand_page_pdf_refused_by_page_budget(tmp_path: Path) -> None:
    """Refused, not read up to the budget: a partial briefing of a huge file would read as complete."""
    big = tmp_path / "big_2025-02-20_p01.pdf"
    big.write_bytes(hostile_pdf.many_pages_pdf(2000))
    proc = _cli(["ingest", str(big), "--json"], tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert f"{big}: too many pages" in proc.stderr and "max_pages 100" in proc.stderr
    assert json.loads(proc.stdout) == []
    # a small one of the same making is read, so the refusal is the budget's, not the file's
    small = tmp_path / "small_2025-02-20_p01.pdf"
    small.write_bytes(hostile_pdf.many_pages_pdf(3))
    ok = _cli(["ingest", str(small), "--json"], tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert len(json.loads(ok.stdout)) >= 3


def test_encrypted_pdf_is_named_as_needing_a_password(tmp_path: Path) -> None:
    enc = tmp_path / "locked_2025-02-20_p01.pdf"
    enc.write_bytes(hostile_pdf.encrypted_pdf())
    proc = _cli(["ingest", str(enc)], tmp_path)
    assert proc.returncode == 1
    assert f"{enc}: encrypted PDF (needs a password)" in proc.stderr, proc.stderr


def test_explicit_fifo_and_device_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good_2025-02-20_p01.txt"
    good.write_text(PAGE, encoding="utf-8")
    proc = _cli(["ingest", str(fifo), "/dev/zero", str(good), "--json"], tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr  # the good page was read
    assert f"{fifo}: a FIFO (named pipe), not a regular file" in proc.stderr, proc.stderr
    assert "/dev/zero: a character device, not a regular file" in proc.stderr, proc.stderr
    assert [a["title"] for a in json.loads(proc.stdout)] == ["清水县召开春季农业生产现场会"]


def test_explicit_link_is_followed_but_an_evil_name_is_escaped(tmp_path: Path) -> None:
    """A path given by hand is the user's choice (links followed); its name is still printed escaped."""
    target = tmp_path / "elsewhere" / "page.txt"
    target.parent.mkdir()
    target.write_text(PAGE, encoding="utf-8")
    link = tmp_path / EVIL
    link.symlink_to(target)
    proc = _cli(["ingest", str(link)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stdout + proc.stderr and "\x1b" not in proc.stdout + proc.stderr
    assert printable(EVIL) in proc.stdout


def test_utf8_page_with_plain_question_marks_is_read(tmp_path: Path) -> None:
    """Issue 14: '?' beside Chinese in valid UTF-8 is text, not lost characters."""
    page = tmp_path / "ask_2025-02-20_p01.txt"
    page.write_text("群众有问题找谁?社区来解答\n\n　　怎么办?去哪办?要带什么材料?社区工作人员一一解答，"
                    "居民说：“有了这个服务站，办事方便多了?”记者了解到，该服务站已为居民解答问题三百余个。\n",
                    encoding="utf-8")
    proc = _cli(["ingest", str(page), "--json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["title"] == "群众有问题找谁?社区来解答"


def test_waiting_for_the_lock_says_so_and_for_whom(tmp_path: Path) -> None:
    said: list[str] = []
    with state_lock(tmp_path):
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        q = ctx.Queue()

        def second() -> None:
            try:
                with state_lock(tmp_path, wait=0.5, on_wait=lambda who: q.put(("wait", who))):
                    q.put(("got", ""))
            except Exception as exc:  # noqa: BLE001 - reported to the parent
                q.put(("busy", str(exc)))

        p = ctx.Process(target=second)
        p.start()
        p.join(20)
        while not q.empty():
            said.append(" ".join(q.get()))
    assert said[0] == f"wait pid {os.getpid()} holding {tmp_path / 'lock'}", said
    assert said[1].startswith("busy another briefing run holds") and f"pid {os.getpid()}" in said[1], said


# --------------------------------------------------------------------------- `briefing run` (Prefect)

def _hostile_inbox(tmp: Path) -> tuple[Path, dict[str, str]]:
    """Good samples plus one of each attack; returns the inbox and {entry: expected cause fragment}."""
    inbox = tmp / "inbox"
    make_inbox(inbox)
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET_LINE + "\n\n" + SECRET_LINE * 5 + "\n", encoding="utf-8")
    os.mkfifo(outside / "pipe")
    os.mkfifo(inbox / "fifo_2025-02-20_p01.txt")
    (inbox / "passwd_2025-02-20_p01.txt").symlink_to(outside / "secret.txt")
    (inbox / "zero_2025-02-20_p01.txt").symlink_to("/dev/zero")
    (inbox / "urandom.txt").symlink_to("/dev/urandom")
    (inbox / "pipe-link.txt").symlink_to(outside / "pipe")
    (inbox / "dir-link.txt").symlink_to(outside)
    (inbox / "loop-a.txt").symlink_to("loop-b.txt")
    (inbox / "loop-b.txt").symlink_to("loop-a.txt")
    (inbox / "a-folder").mkdir()
    (inbox / "bomb_2025-02-20_p01.pdf").write_bytes(hostile_pdf.bomb_pdf(2 * hostile_pdf.GiB))
    (inbox / "big_2025-02-20_p01.pdf").write_bytes(hostile_pdf.many_pages_pdf(2000))
    (inbox / "locked_2025-02-20_p01.pdf").write_bytes(hostile_pdf.encrypted_pdf())
    (inbox / EVIL).write_text(PAGE, encoding="utf-8")
    (inbox / "empty_2025-02-20_p01.txt").write_bytes(b"")
    stay = {"fifo_2025-02-20_p01.txt": "a FIFO (named pipe), not a regular file",
            "passwd_2025-02-20_p01.txt": "a symbolic link to a file outside the inbox",
            "zero_2025-02-20_p01.txt": "a symbolic link to a character device outside the inbox",
            "urandom.txt": "a symbolic link to a character device outside the inbox",
            "pipe-link.txt": "a symbolic link to a FIFO (named pipe) outside the inbox",
            "dir-link.txt": "a symbolic link to a folder outside the inbox",
            "loop-a.txt": "a loop of symbolic links", "loop-b.txt": "a loop of symbolic links",
            "a-folder": "a folder, not a regular file"}
    moved = {"bomb_2025-02-20_p01.pdf": "compressed stream too large",
             "big_2025-02-20_p01.pdf": "too many pages", "locked_2025-02-20_p01.pdf": "encrypted PDF (needs a password)",
             "empty_2025-02-20_p01.txt": "empty file"}
    return inbox, {"stay": stay, "moved": moved}


@pytest.mark.slow
def test_hostile_inbox_run_then_the_next_day(tmp_path: Path) -> None:
    inbox, expect = _hostile_inbox(tmp_path)
    out = tmp_path / "out"
    args = ["run", "--inbox", str(inbox), "--out", str(out), "--no-email"]
    day1 = run_briefing([*args, "--date", DAY], cwd=tmp_path, env=run_env(), timeout=600)
    assert day1.rc == 0, day1.tail()
    text = day1.stdout + day1.stderr
    briefing = json.loads((out / DAY / "briefing.json").read_text("utf-8"))
    failed = {f["file"]: f["cause"] for f in briefing["failed"]}
    for name, cause in {**expect["stay"], **expect["moved"]}.items():
        assert cause in failed.get(name, ""), f"{name}: {failed.get(name)!r}, expected {cause!r}"
        assert any(ln.startswith(f"  failed: {name}: ") and cause in ln for ln in day1.stdout.splitlines()), name
    for name in expect["stay"]:  # left where it is
        assert os.path.lexists(inbox / name) and not os.path.lexists(inbox / "failed" / name), name
    for name in expect["moved"]:
        assert (inbox / "failed" / name).exists() and not (inbox / name).exists(), name
    # nothing from outside the inbox was read into any output
    for p in out.rglob("*"):
        if p.is_file():
            assert "机密" not in p.read_text("utf-8", "replace"), p
    assert "机密" not in text
    # the evil name: briefed, printed escaped, no raw CR, LF-forged line or ESC anywhere
    assert "\r" not in text and "\x1b" not in text
    assert not any(ln.startswith("briefing 2025-02-20: 0 failed") for ln in text.splitlines())
    files = {a["file"] for s in briefing["sections"] for i in s["items"] for a in i["appearances"]}
    assert printable(EVIL) in files
    for fmt in ("txt", "md", "html"):
        body = (out / DAY / f"briefing.{fmt}").read_text("utf-8")
        assert "\r" not in body and "\x1b" not in body, fmt

    # the next day: the bomb is dropped again; every entry outside the boundary is named again
    shutil.copy2(inbox / "failed" / "bomb_2025-02-20_p01.pdf", inbox / "bomb-again.pdf")
    day2 = run_briefing([*args, "--date", NEXT], cwd=tmp_path, env=run_env(), timeout=600)
    assert day2.rc == 0, day2.tail()
    failed2 = {f["file"]: f["cause"] for f in json.loads((out / NEXT / "briefing.json").read_text("utf-8"))["failed"]}
    assert failed2.get("bomb-again.pdf", "").startswith(f"failed already on {DAY}: compressed stream too large"), \
        failed2
    assert (inbox / "failed" / "bomb-again.pdf").exists()
    assert set(expect["stay"]) <= set(failed2), set(expect["stay"]) - set(failed2)
    assert not set(expect["moved"]) & set(failed2), "files set aside on an earlier day are not named daily"


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@pytest.mark.slow
def test_sigkill_mid_run_leaves_no_prefect_server(tmp_path: Path) -> None:
    """Kill the run (only its own pid, as the OOM killer would) once its server is up; the server dies
    with it, and the rerun completes and leaves none either."""
    make_inbox(tmp_path / "inbox")
    state = tmp_path / "out" / ".state"
    args = ["run", "--inbox", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), "--date", DAY, "--no-email"]
    proc = start_briefing(args, cwd=tmp_path, env=run_env())
    try:
        deadline = time.monotonic() + 180
        while not list(state.glob("prefect-server.*.pid")) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        records = list(state.glob("prefect-server.*.pid"))
        assert records, "no record of the temporary server"
        server = int(records[0].read_text().split()[2])
        assert _alive(server)
        time.sleep(1.0)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        gone = time.monotonic() + 15
        while _alive(server) and time.monotonic() < gone:
            time.sleep(0.2)
        assert not _alive(server), f"the temporary Prefect server {server} outlived the killed run"
    finally:
        finish_briefing(proc, timeout=5)
    rerun = run_briefing(args, cwd=tmp_path, env=run_env(), timeout=300)
    assert rerun.rc == 0, rerun.tail()
    assert not list(state.glob("prefect-server.*.pid")), "the rerun's record is removed at its end"


@pytest.mark.slow
def test_waiting_run_says_what_it_waits_for(tmp_path: Path) -> None:
    make_inbox(tmp_path / "inbox")
    state = tmp_path / "out" / ".state"
    state.mkdir(parents=True)
    fd = os.open(state / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, f"{os.getpid()}\n".encode())
        run = run_briefing(["run", "--inbox", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"),
                            "--date", DAY, "--no-email"], cwd=tmp_path, env=run_env(BRIEFING_LOCK_WAIT="2"),
                           timeout=300)
    finally:
        os.close(fd)
    assert run.rc == 1, run.tail()
    # said on the terminal (progress) and in the log (stderr; the only place when not on a terminal)
    assert f"waiting up to 2 s for another briefing run (pid {os.getpid()} holding {state / 'lock'})" in \
        run.stdout + run.stderr, run.tail()
    assert "another briefing run holds" in run.stderr and "lock_wait" in run.stderr, run.tail()


def test_budgets_are_config_keys(tmp_path: Path) -> None:
    """Each budget is a documented key (file and environment); the PDF checks obey it."""
    from bulletins.limits import Limits, check_pdf
    from bulletins.model import BulletinError
    from flows.config import load_config

    cfg_file = tmp_path / "c.toml"
    cfg_file.write_text("max_pages = 2\nmax_inflated_bytes = 1048576\nmax_articles = 3\nmax_text_chars = 900\n"
                        "lock_wait = 0.5\n", encoding="utf-8")
    cfg = load_config(cfg_file, env={"BRIEFING_MAX_ARTICLES": "7"})
    assert cfg.limits == Limits(max_pages=2, max_text_chars=900, max_inflated_bytes=1 << 20, max_articles=7)
    assert cfg.lock_wait == 0.5
    example = (Path(__file__).resolve().parent.parent / "config.example.toml").read_text("utf-8")
    for key in ("max_pages", "max_text_chars", "max_inflated_bytes", "max_articles", "lock_wait", "deadline",
                "allow_plaintext_auth"):
        assert f"{key} = " in example, f"{key} is not documented in config.example.toml"
    three = hostile_pdf.many_pages_pdf(3)
    check_pdf(three, "three.pdf", Limits(max_pages=3))
    with pytest.raises(BulletinError, match="too many pages"):
        check_pdf(three, "three.pdf", cfg.limits)
    bomb = hostile_pdf.bomb_pdf(2 << 20)  # 2 MiB: over a 1 MiB budget, within the default
    check_pdf(bomb, "bomb.pdf", Limits())
    with pytest.raises(BulletinError, match="compressed stream too large"):
        check_pdf(bomb, "bomb.pdf", cfg.limits)
