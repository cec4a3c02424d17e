"""The Prefect 3 flow `daily_briefing`: inbox -> ingest -> summarize -> group -> sections -> render -> deliver.

Tasks are coarse on purpose (each costs ~20 ms of orchestration): one to scan the inbox, one per bulletin
(ingest + summaries + keywords of all its articles), one to group and render, one to deliver. State is
committed last: the briefing is written, then mailed (and the delivery recorded), then failed files are set
aside and the ledger saved. A run that dies anywhere before that is simply run again: the same bulletins are
briefed again and nothing is sent twice (deliveries.json remembers the content hash per date).

`generated_at` is derived from the briefing date (midnight in the configured time zone), not the clock, so
two runs on the same input — default or Dask task runner — produce byte-identical files.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sys
import threading
import zoneinfo
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flows.faults import checkpoint
from flows.ledger import Ledger, already_sent, file_hash, missing_sources, record_delivery, state_lock
from flows.naming import attach_provenance, common_date, date_zh, display_name, page_provenance, parse_name
from flows.progress import plural, stamp, step

ARTIFACT_KEY = "daily-briefing"
FAILED_DIR = "failed"
SMTP_RETRIES = 3
SMTP_BACKOFF = 2.0  # seconds before the first retry; then 4, 8
LOCK_WAIT = 30.0
_SKIP_SUFFIXES = (".part", ".tmp", ".crdownload", "~")
_WORK_LOCK = threading.Lock()


def load_settings(config: str | None = None, *, inbox: str | None = None, out: str | None = None,
                  templates: str | None = None, max_bytes: int | None = None, email: bool | None = None) -> Any:
    """flows.config.load_config with only the overrides actually given."""
    from flows.config import load_config

    return load_config(config, inbox=inbox, out=out, templates=templates, max_bytes=max_bytes, email=email)


def today_in(tz: str) -> str:
    return dt.datetime.now(zoneinfo.ZoneInfo(tz)).date().isoformat()


def generated_at(date: str, tz: str) -> str:
    """Midnight of the briefing date in the configured zone: stable across reruns and task runners."""
    return dt.datetime.combine(dt.date.fromisoformat(date), dt.time(0), zoneinfo.ZoneInfo(tz)).isoformat()


def _reading_order(entry: dict) -> tuple:
    """Earlier pages first (page 1 before page 3, whatever the paper), so the original of a reprinted story
    is the page-1 one and a feature on a later page is the one that `repeats`."""
    info = parse_name(entry["file"])
    page = info.page_number
    return (info.date or "", page if page is not None else 999, info.source, entry["file"])


def stdout_gone() -> None:
    """Point stdout at /dev/null once its reader has left, so no later print, nor the interpreter's final
    flush, fails again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def echo_line(*args: Any, **kwargs: Any) -> None:
    """print() for progress lines: `briefing run | head` closes stdout, which must not fail the run."""
    try:
        print(*args, **kwargs)
    except BrokenPipeError:
        stdout_gone()


# --------------------------------------------------------------------------------------------------- tasks

def _candidates(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".") and not p.name.endswith(_SKIP_SUFFIXES))


def _unreadable_key(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    ident = f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}".encode("utf-8", "surrogateescape")
    return "unreadable:" + hashlib.sha256(ident).hexdigest()


@task(name="scan-inbox", cache_policy=NO_CACHE, persist_result=False)
def scan_inbox(inbox: str | None, files: list[str] | None, state_dir: str, date: str) -> dict:
    """The bulletins this run briefs, by content hash.

    Inbox mode: a file is taken if its hash was never seen or was first seen for this same date (so a rerun
    of the day briefs the same set); files already in `<inbox>/failed/` are taken on the same terms so a
    rerun still names them. Explicit files are always taken. Two files with the same bytes are one bulletin.
    """
    ledger = Ledger.load(state_dir)
    taken: list[dict] = []
    skipped: list[dict] = []
    seen: dict[str, str] = {}
    if files is not None:
        paths = [(Path(f), False) for f in files]
    else:
        root = Path(inbox or ".")
        paths = [(p, False) for p in _candidates(root)] + [(p, True) for p in _candidates(root / FAILED_DIR)]
    for path, in_failed in paths:
        name = display_name(path.name)  # what the briefing, the log and the ledger call it
        try:
            digest = file_hash(path)
        except OSError as exc:
            # no content hash, so the ledger keys it by name, size and mtime (kept by the move to failed/):
            # named on the day it arrived and on reruns of that day, not in every later briefing
            key = _unreadable_key(path)
            if files is None and key and not ledger.is_new(key, date):
                old = ledger.entries[key]
                skipped.append({"file": name, "reason": f"unreadable, named on {old.get('date')}"})
                continue
            taken.append({"path": str(path), "file": name, "hash": key, "in_failed": in_failed,
                          "error": f"cannot read the file ({exc.strerror or exc})"})
            continue
        if digest in seen:
            skipped.append({"file": name, "reason": f"same content as {seen[digest]}",
                            "twin_of": seen[digest], "path": str(path), "in_failed": in_failed})
            continue
        if files is None and not ledger.is_new(digest, date):
            old = ledger.entries[digest]
            skipped.append({"file": name, "reason": f"already briefed on {old.get('date')} as {old.get('file')}"})
            continue
        seen[digest] = name
        taken.append({"path": str(path), "file": name, "hash": digest, "in_failed": in_failed})
    return {"taken": taken, "skipped": skipped}


@task(name="brief-bulletin", task_run_name="brief-{file}", cache_policy=NO_CACHE, persist_result=False)
def brief_bulletin(path: str, file: str, max_bytes: int, method: str, max_chars: int, k: int) -> dict:
    """Ingest one bulletin and summarise its articles. A bad file is reported, not raised: retrying cannot
    make it readable, and it must not stop the other bulletins.

    The work runs under a process-wide lock: it is pure Python (GIL-bound, so threads gain nothing), and
    the summarizers' lazily built tables are not thread-safe on a cold start (concurrent first calls gave
    different summaries), which would break "same input, same bytes". Dask workers are processes, so
    `--task-runner dask` still runs bulletins in parallel.
    """
    return _brief_locked(path, file, max_bytes, method, max_chars, k)


def _brief_locked(path: str, file: str, max_bytes: int, method: str, max_chars: int, k: int) -> dict:
    # a plain module function: cloudpickle (which ships the flow to a `serve` subprocess by value) pickles
    # it by reference, so the lock itself is never pickled
    with _WORK_LOCK:
        return _brief(path, file, max_bytes, method, max_chars, k)


def _brief(path: str, file: str, max_bytes: int, method: str, max_chars: int, k: int) -> dict:
    from bulletins.ingest import ingest_one
    from bulletins.model import BulletinError

    try:
        articles = ingest_one(path, max_bytes=max_bytes)
    except BulletinError as exc:
        return {"file": file, "error": exc.cause}
    except Exception as exc:  # a parser bug on one odd file must not sink the day
        return {"file": file, "error": f"unexpected {type(exc).__name__}: {exc}"}
    if not articles:
        return {"file": file, "error": "no article found"}
    import summarizers

    info = parse_name(file)
    prov = page_provenance(path, file, max_bytes)
    records = []
    for a in articles:
        text = a.body or a.title
        sentences = summarizers.summarize(text, method=method, max_chars=max_chars) if text.strip() else []
        kws = summarizers.keywords(f"{a.title}\n{text}", k=k) if k > 0 else []
        records.append({
            "id": f"{file}#{a.index}", "file": file, "source": info.source, "page": info.page, "index": a.index,
            "title": a.title, "kicker": a.kicker, "subtitle": a.subtitle, "byline": a.byline, "body": a.body,
            "sentences": list(sentences), "keywords": list(kws), "notes": list(a.notes), "provenance": prov,
        })
    return {"file": file, "articles": records}


@task(name="compose-briefing", cache_policy=NO_CACHE, persist_result=False)
def compose_briefing(results: list[dict], *, date: str, tz: str, method: str, max_chars: int, k: int,
                     failed: list[dict], missing: list[str], templates: str | None, out: str,
                     write: bool) -> dict:
    """Group the day's articles into items, sort them into sections, render and (unless dry) write."""
    import summarizers
    from flows.group import group_articles, make_items
    from flows.render import render_all, write_rendered
    from flows.sections import arrange

    ok = sorted((r for r in results if "articles" in r), key=_reading_order)
    records = [a for r in ok for a in r["articles"]]
    groups = group_articles([a["body"] or a["title"] for a in records])

    def resummarize(text: str) -> tuple[list[str], list[str]]:
        sents = summarizers.summarize(text, method=method, max_chars=max_chars)
        return list(sents), (list(summarizers.keywords(text, k=k)) if k > 0 else [])

    items = make_items(records, groups, resummarize)
    date_mismatch = attach_provenance(items, records, date)
    sections = arrange(items)
    for item in items:
        item.pop("length", None)
    briefing = {
        "date": date, "date_zh": date_zh(date), "generated_at": generated_at(date, tz), "title": "每日简报",
        "counts": {"bulletins": len(ok), "articles": len(records), "items": len(items),
                   "merged": len(records) - len(items), "failed": len(failed)},
        "sections": sections,
        "failed": failed,
        "missing_sources": missing,
        "date_mismatch": date_mismatch,
        "method": method,
    }
    tpl = Path(templates) if templates else None
    rendered = render_all(briefing, tpl)
    paths = {fmt: str(p) for fmt, p in write_rendered(rendered, date, Path(out)).items()} if write else {}
    return {"briefing": briefing, "rendered": rendered, "paths": paths}


def content_hash(rendered: dict[str, str]) -> str:
    """What a reader receives: the text and HTML parts of the mail."""
    return hashlib.sha256((rendered["txt"] + "\0" + rendered["html"]).encode("utf-8")).hexdigest()


def _retry_smtp_only(task: Any, task_run: Any, state: Any) -> bool:
    """Retry what another SMTP attempt may fix; never a failure after the server said 250 (recording the
    delivery, say): retrying that would mail the briefing again."""
    from flows.mail import DeliveryError

    try:
        state.result()
    except DeliveryError:
        return True
    except Exception:
        return False
    return False


@task(name="deliver-briefing", cache_policy=NO_CACHE, persist_result=False, retries=SMTP_RETRIES,
      retry_delay_seconds=exponential_backoff(backoff_factor=SMTP_BACKOFF), retry_condition_fn=_retry_smtp_only)
def deliver_briefing(briefing: dict, rendered: dict[str, str], email: Any, state_dir: str, force: bool) -> dict:
    """Mail the briefing once per date and content; an SMTP hiccup is retried with backoff."""
    from flows.mail import build_message, resolve_password, send_message

    digest = content_hash(rendered)
    earlier = None if force else already_sent(state_dir, briefing["date"], digest)
    if earlier:
        return {"status": "already sent", "message_id": earlier.get("message_id")}
    msg = build_message(briefing, rendered, email)
    password = resolve_password(email)

    def accepted() -> None:
        record_delivery(state_dir, briefing["date"], digest, msg.get("Message-ID"), len(email.recipients))

    checkpoint("before_send")
    # recorded the moment the server says 250, before QUIT: a kill in between must not send it twice
    send_message(msg, email, password, on_accepted=accepted)
    checkpoint("after_send")
    return {"status": "sent", "message_id": msg.get("Message-ID")}


# ---------------------------------------------------------------------------------------------------- flow

def _set_aside(path: Path, inbox: Path) -> Path:
    """Move a failed bulletin to <inbox>/failed/ (never delete it), without overwriting a namesake."""
    folder = inbox / FAILED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    n = 1
    while target.exists():
        target = folder / f"{path.stem}.{n}{path.suffix}"
        n += 1
    shutil.move(str(path), target)
    return target


@flow(name="daily-briefing", persist_result=False, validate_parameters=True)
def daily_briefing(inbox: str | None = None, files: list[str] | None = None, out: str | None = None,
                   date: str | None = None, email: bool | None = None, force: bool = False,
                   dry_run: bool = False, config: str | None = None, templates: str | None = None,
                   max_bytes: int | None = None, lock_wait: float = LOCK_WAIT, echo: bool = False) -> dict:
    """Brief the bulletins new since the last run (or exactly `files`), publish, deliver, then commit state.

    `dry_run` renders but writes no file, moves nothing, sends nothing and leaves the ledger alone.
    `echo` prints one progress line per bulletin (for the command line).
    """
    log = get_run_logger()
    cfg = load_settings(config, inbox=inbox, out=out, templates=templates, max_bytes=max_bytes, email=email)
    if date is None:
        date = (common_date([Path(f).name for f in files]) if files else None) or today_in(cfg.timezone)
    dt.date.fromisoformat(date)  # a malformed date stops here, before anything is read
    if files is None and not Path(cfg.inbox).is_dir():
        # a scheduled run must not brief "nothing arrived" when the folder itself is gone or mistyped
        raise FileNotFoundError(f"inbox {cfg.inbox}: no such folder (set inbox in the config or --inbox)")
    state_dir = Path(cfg.state_dir)
    say = echo_line if echo else (lambda *a, **k: None)

    def run() -> dict:
        scan = scan_inbox(None if files is not None else str(cfg.inbox), files, str(state_dir), date)
        for s in scan["skipped"]:
            log.info("%s: skipped (%s)", s["file"], s["reason"])
        todo = [t for t in scan["taken"] if "error" not in t]
        futures = [brief_bulletin.submit(t["path"], t["file"], cfg.max_bytes, cfg.method, cfg.max_chars,
                                         cfg.keywords) for t in todo]
        results: list[dict] = [{"file": t["file"], "error": t["error"]} for t in scan["taken"] if "error" in t]
        say(stamp(f"Prefect ready; reading {plural(len(todo), 'bulletin')}"), flush=True)
        for k, (t, fut) in enumerate(zip(todo, futures, strict=True), 1):
            res = fut.result()
            res["hash"] = t["hash"]
            results.append(res)
            if "error" in res:
                say(stamp(f"{step(k, len(todo))} {t['file']}: set aside: {res['error']}"), flush=True)
                log.warning("%s: set aside: %s", t["file"], res["error"])
            else:
                say(stamp(f"{step(k, len(todo))} {t['file']}: {plural(len(res['articles']), 'article')}"), flush=True)
        # a byte-identical copy of a file that failed fails the same way: set it aside and name it too
        errors = {r["file"]: r["error"] for r in results if "error" in r}
        for s in scan["skipped"]:
            if s.get("twin_of") in errors:
                cause = f"same content as {s['twin_of']}: {errors[s['twin_of']]}"
                results.append({"file": s["file"], "error": cause})
                scan["taken"].append({"path": s["path"], "file": s["file"], "hash": None, "in_failed": s["in_failed"]})
                say(stamp(f"{s['file']}: set aside: {cause}"), flush=True)
                log.warning("%s: set aside: %s", s["file"], cause)
        checkpoint("after_ingest")
        failed = sorted(({"file": r["file"], "cause": r["error"]} for r in results if "error" in r),
                        key=lambda f: f["file"])
        ledger = Ledger.load(state_dir)
        present = {parse_name(r["file"]).source for r in results}
        missing = missing_sources(ledger, date, present, cfg.expected_sources)
        say(stamp("grouping, summarising and rendering the briefing"), flush=True)
        done = compose_briefing(results, date=date, tz=cfg.timezone, method=cfg.method,
                                max_chars=cfg.max_chars, k=cfg.keywords, failed=failed, missing=missing,
                                templates=str(cfg.templates) if cfg.templates else None, out=str(cfg.out),
                                write=not dry_run)
        briefing, rendered = done["briefing"], done["rendered"]
        checkpoint("after_render")
        create_markdown_artifact(markdown=rendered["md"], key=ARTIFACT_KEY,
                                 description=f"Daily briefing {date}" + (" (dry run)" if dry_run else ""))
        delivery = {"status": "off"}
        if dry_run:
            delivery = {"status": "dry run"}
        elif cfg.email.enabled:
            say(stamp(f"sending to {plural(len(cfg.email.recipients), 'recipient')} via {cfg.email.host}"),
                flush=True)
            delivery = deliver_briefing(briefing, rendered, cfg.email, str(state_dir), force)
            log.info("delivery: %s", delivery["status"])
        moved = []
        if not dry_run:
            by_file = {t["file"]: t for t in scan["taken"]}
            for r in results:
                t = by_file[r["file"]]
                if files is None and "error" in r and not t["in_failed"] and Path(t["path"]).exists():
                    moved.append(str(_set_aside(Path(t["path"]), Path(cfg.inbox))))
                if t.get("hash"):
                    ledger.record(t["hash"], file=r["file"], date=date,
                                  status="failed" if "error" in r else "ok",
                                  articles=len(r.get("articles", ())), cause=r.get("error"))
            checkpoint("before_ledger")  # failed files already moved, ledger not yet saved: the worst moment
            ledger.save()
        return {"date": date, "paths": done["paths"], "counts": briefing["counts"], "failed": failed,
                "missing_sources": missing, "moved": moved, "delivery": delivery,
                "skipped": scan["skipped"], "dry_run": dry_run,
                "text": rendered["txt"] if dry_run else None}

    if dry_run:  # reads the ledger but takes no lock: it changes nothing, not even the state folder
        return run()
    with state_lock(state_dir, wait=lock_wait):
        return run()


def with_dask(n_workers: int = 2, address: str | None = None) -> Any:
    """The same flow on Dask: a running cluster when `address` (or BRIEFING_DASK_ADDRESS) names its scheduler,
    else a local cluster (spawned workers: callers need the `__main__` guard)."""
    from prefect_dask import DaskTaskRunner

    address = address or os.environ.get("BRIEFING_DASK_ADDRESS") or None
    if address:
        runner = DaskTaskRunner(address=address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": n_workers, "threads_per_worker": 1,
                                                "processes": True, "dashboard_address": None})
    return daily_briefing.with_options(task_runner=runner)


__all__ = ["daily_briefing", "with_dask", "scan_inbox", "brief_bulletin", "compose_briefing", "deliver_briefing"]
