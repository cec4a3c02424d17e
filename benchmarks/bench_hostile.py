"""Hostile-input benchmark (issue 13): 500 hostile files plus the good pages through one `briefing run`.

    python3 benchmarks/bench_hostile.py [--hostile 500] [--keep DIR]
    python3 benchmarks/bench_hostile.py --control       # the same number of files, all good, for comparison
    python3 benchmarks/bench_hostile.py --kills 10      # SIGKILL mid-run N times: temporary Prefect servers left

The inbox holds the generated hostile pages of tests/hostile.py (refused ones and may-parse damage), plus the
attacks on the boundary and the budgets: links out of the inbox (to a marker file, /dev/zero, /dev/urandom, a
FIFO, a folder), link loops, FIFOs, folders, deflate bombs (2 GiB in 2 MB), 2,000-page PDFs, encrypted PDFs,
names with CR/LF and ESC. Reported: wall time, peak RSS of the whole process tree (the run and its Prefect
server, sampled every 0.1 s) and of the largest single process, and three checks: nothing lost (every file is
in the inbox or in failed/, every good page's articles in the briefing), nothing outside the inbox read (the
marker's text in no output), no raw control character in the run's output.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
import hostile  # noqa: E402
import hostile_pdf  # noqa: E402

from flows.prefect_child import is_server  # noqa: E402

DAY = "2025-02-20"
MARKER = "OUTSIDE-THE-INBOX 机密 marker"


def _tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over `root` and its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
            status = Path(f"/proc/{d}/status").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(d))
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(d)] = int(line.split()[1])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def build_inbox(base: Path, n_hostile: int) -> dict:
    inbox = base / "inbox"
    inbox.mkdir(parents=True)
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{MARKER}\n\n{MARKER} 正文内容。\n", encoding="utf-8")
    os.mkfifo(outside / "pipe")
    cases = hostile.cases(ROOT / "samples" / "bulletins")
    good = [c for c in cases if c.expected.why in ("good page", "good PDF page")]
    rng = random.Random(13)
    attacks: list[tuple[str, str]] = []  # (name, kind)

    def add(name: str, kind: str) -> None:
        attacks.append((name, kind))

    for i in range(20):
        target = [outside / "secret.txt", Path("/dev/zero"), Path("/dev/urandom"), outside / "pipe", outside][i % 5]
        (inbox / f"link{i:02d}_{DAY}_p01.txt").symlink_to(target)
        add(f"link{i:02d}_{DAY}_p01.txt", "link out")
    for i in range(4):
        (inbox / f"loop{i}a.txt").symlink_to(f"loop{i}b.txt")
        (inbox / f"loop{i}b.txt").symlink_to(f"loop{i}a.txt")
        add(f"loop{i}a.txt", "loop")
        add(f"loop{i}b.txt", "loop")
    for i in range(6):
        os.mkfifo(inbox / f"fifo{i}_{DAY}_p01.txt")
        add(f"fifo{i}_{DAY}_p01.txt", "fifo")
    for i in range(3):
        (inbox / f"folder{i}").mkdir()
        add(f"folder{i}", "folder")
    bomb = hostile_pdf.bomb_pdf(2 * hostile_pdf.GiB)
    for i in range(5):
        (inbox / f"bomb{i}_{DAY}_p01.pdf").write_bytes(bomb + b"%" + str(i).encode() + b"\n")
        add(f"bomb{i}_{DAY}_p01.pdf", "bomb")
    big = hostile_pdf.many_pages_pdf(2000)
    for i in range(3):
        (inbox / f"pages{i}_{DAY}_p01.pdf").write_bytes(big + b"%" + str(i).encode() + b"\n")
        add(f"pages{i}_{DAY}_p01.pdf", "2000 pages")
    for i in range(5):
        (inbox / f"locked{i}_{DAY}_p01.pdf").write_bytes(hostile_pdf.encrypted_pdf(f"pw{i}"))
        add(f"locked{i}_{DAY}_p01.pdf", "encrypted")
    for i in range(5):
        name = f"evil{i}\r\nbriefing {DAY}: 0 failed\x1b[31m_{DAY}_p0{i}.txt"
        (inbox / name).write_bytes(good[i % len(good)].data + f"\n{i}".encode())
        add(name, "evil name")
    rest = n_hostile - len(attacks)
    bad = [c for c in cases if c not in good and not c.name.startswith("-")]
    rejects = [c for c in bad if c.expected.verdict == hostile.REJECT]
    either = [c for c in bad if c.expected.verdict != hostile.REJECT]
    rng.shuffle(either)
    picked = (rejects + either)[:rest]
    hostile.write_cases(picked + good, inbox)
    return {"inbox": inbox, "good": good, "attacks": attacks, "generated": picked,
            "names": sorted(os.listdir(inbox))}


def build_control(base: Path, n_hostile: int) -> dict:
    """The same number of files, all good: the good pages again, each copy made distinct by one line."""
    inbox = base / "inbox"
    inbox.mkdir(parents=True)
    (base / "outside").mkdir()
    good = [c for c in hostile.cases(ROOT / "samples" / "bulletins") if c.expected.why in ("good page", "good PDF page")]
    def utf8(c: hostile.Case) -> bool:
        try:
            c.data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return not c.name.endswith(".pdf") and not c.data.startswith(b"\xef\xbb\xbf")

    texts = [c for c in good if utf8(c)]
    for i in range(n_hostile):
        c = texts[i % len(texts)]
        (inbox / f"copy{i:03d}_{c.name}").write_bytes(c.data + f"\n（第{i}份）\n".encode())
    hostile.write_cases(good, inbox)
    return {"inbox": inbox, "good": good, "attacks": [], "generated": [], "names": sorted(os.listdir(inbox))}


def run_once(n_hostile: int, keep: str | None, control: bool = False) -> dict:
    base = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    if keep and base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True, exist_ok=True)
    info = (build_control if control else build_inbox)(base, n_hostile)
    inbox, out = info["inbox"], base / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_") and k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(base / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONPATH=str(ROOT))
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--inbox", str(inbox), "--out", str(out),
                             "--no-email", "--date", DAY], cwd=base, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    import threading

    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.append(proc.stdout.read()), daemon=True)
    reader.start()
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.1)
    wall = time.monotonic() - t0
    reader.join(10)
    text = b"".join(chunks).decode("utf-8", "replace")
    single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    briefing = json.loads((out / DAY / "briefing.json").read_text("utf-8"))
    now = sorted(os.listdir(inbox))
    aside = sorted(os.listdir(inbox / "failed")) if (inbox / "failed").is_dir() else []
    lost = sorted(set(info["names"]) - (set(now) | set(aside)))
    shown = {a["title"] for s in briefing["sections"] for i in s["items"] for a in i["appearances"]}
    from bulletins.ingest import ingest_paths

    good_dir = base / "good"
    paths = hostile.write_cases(info["good"], good_dir)
    articles, _ = ingest_paths([str(p) for p in paths.values()])
    missing = [a.title for a in articles if a.title and a.title not in shown]
    leaked = [str(p) for p in out.rglob("*") if p.is_file() and "机密 marker" in p.read_text("utf-8", "replace")]
    failed = {f["file"] for f in briefing["failed"]}
    from flows.inbox import printable

    unnamed = [n for n, _ in info["attacks"] if printable(n) not in failed and not n.startswith("evil")]
    return {"rc": proc.returncode, "wall_s": round(wall, 1), "peak_tree_rss_mb": round(peak / 1024),
            "peak_single_rss_mb": round(single / 1024), "files": len(info["names"]),
            "hostile": len(info["attacks"]) + len(info["generated"]), "good_pages": len(info["good"]),
            "failed_named": len(briefing["failed"]), "items": briefing["counts"]["items"],
            "lost_files": lost, "good_articles_missing": missing, "outside_marker_in_outputs": leaked,
            "attacks_not_named": unnamed, "raw_control_chars_in_output": "\r" in text or "\x1b" in text,
            "load_avg": os.getloadavg()[0], "base": str(base)}


def _children_servers(parent: int) -> set[int]:
    """Temporary Prefect servers whose parent is `parent` (our own run): only these are ever counted or
    killed, never a server of another process on the machine."""
    found = set()
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(stat[1]) == parent and is_server(int(d)):
                found.add(int(d))
    return found


def _alive(pid: int, start: str) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return False
    return stat[0] != "Z" and stat[19] == start


def _start(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[19]


def kills(n: int) -> dict:
    """SIGKILL `briefing run` (its pid only) n times once its temporary server is up; count the servers
    (children of that run, identified by pid and start time before the kill) still alive 5 s later."""
    base = Path(tempfile.mkdtemp(prefix="bench-kill-"))
    inbox = base / "inbox"
    inbox.mkdir()
    for p in (ROOT / "samples" / "bulletins").iterdir():
        if DAY in p.name:
            shutil.copy2(p, inbox / p.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_") and k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(base / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    left = []
    for _ in range(n):
        proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--inbox", str(inbox), "--out",
                                 str(base / "out"), "--no-email", "--date", DAY], cwd=base, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        t0 = time.monotonic()
        mine: dict[int, str] = {}
        while time.monotonic() - t0 < 120 and proc.poll() is None and not mine:
            for pid in _children_servers(proc.pid):
                try:
                    mine[pid] = _start(pid)
                except OSError:
                    pass
            time.sleep(0.2)
        time.sleep(2.0)  # mid-run: the server is up, the flow is working
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        time.sleep(5.0)
        alive = [pid for pid, start in mine.items() if _alive(pid, start)]
        left.append(len(alive))
        for pid in alive:  # ours (child of our run, same start time): cleaned up for the next round
            os.kill(pid, signal.SIGKILL)
    return {"kills": n, "servers_left": sum(left), "per_kill": left, "load_avg": os.getloadavg()[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hostile", type=int, default=500)
    ap.add_argument("--keep", help="build the inbox here (kept) instead of a temporary folder")
    ap.add_argument("--kills", type=int, default=0, help="instead: SIGKILL mid-run N times, count servers left")
    ap.add_argument("--control", action="store_true", help="the same number of files, all good (for comparison)")
    args = ap.parse_args()
    result = kills(args.kills) if args.kills else run_once(args.hostile, args.keep, args.control)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
