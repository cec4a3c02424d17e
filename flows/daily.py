"""The Prefect 3 flow `daily_briefing`: inbox -> ingest -> summarize -> group -> sections -> render -> deliver.

Prefect orchestrates; it does not carry the articles. Tasks are coarse on purpose (each costs ~20 ms of
orchestration plus the embedded server's work): one to scan the inbox, one per batch of up to BATCH_FILES
bulletins (ingest + summaries + keywords + grouping's words of all their articles, written as JSON lines to
the run's folder in the state folder, only the path and per-file outcomes returned), one to group and render
(it reads those files), one to deliver (the mail rendering, capped at [email] max_items items). State is
committed last: the briefing is written, then mailed (and the delivery recorded), then failed files are set
aside and the ledger saved. A run that dies anywhere before that is simply run again: the same bulletins are
briefed again and nothing is sent twice (deliveries.json remembers the content hash per date).

`generated_at` is derived from the briefing date (midnight in the configured time zone), not the clock, so
two runs on the same input — default or Dask task runner — produce byte-identical files.
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import hashlib
import math
import os
import shutil
import sys
import tempfile
import threading
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from flows.faults import checkpoint
from flows.ledger import Ledger, missing_sources, state_lock
from flows.naming import common_date, date_mismatch, date_zh, page_provenance, parse_name
from flows.progress import plural, stamp, step
from flows.records import Briefing, FlowArticle, Item, Section

ARTIFACT_KEY = "daily-briefing"
FAILED_DIR = "failed"
SMTP_RETRIES = 3
SMTP_BACKOFF = 2.0  # seconds before the first retry; then 4, 8
# bulletins per batch task: ~15 ms of work each against ~25 ms of Prefect orchestration (and server work) per
# task, so 50 files make Prefect's share a few per cent; see benchmarks/README.md for the measurement
BATCH_FILES = 50
MIN_BATCHES = 4
# batches worked on at once per process, at most: a runner given by a caller (Prefect's default gives every
# submitted task a thread: 200 at 10,000 files) or a direct caller's threads take a slot in brief_files, so only
# this many hold a batch's pages, parses and analyses in memory at once. Dask's worker processes have one thread.
BATCH_SLOTS = 2
# threads of the flow's own runner: one. Batches are CPU-bound Python under one GIL, so two threads at once
# gained no wall time and cost CPU in switching: paired at 1,000 files (2026-12-07, load ~1), two threads
# 21.6 / 22.4 s of CPU and 19.9 / 20.2 s wall, one thread 20.0 / 19.8 s CPU and 19.3 / 18.4 s wall. Work on
# the other core comes from Dask's worker processes (`with_dask`), not from threads.
RUNNER_THREADS = 1
MAIL_ITEMS = 40  # items in the mail when the configuration does not say ([email] max_items)


# the configuration `briefing run` already loaded and checked, handed to the flow it calls (settings_given)
_GIVEN: contextvars.ContextVar[Any] = contextvars.ContextVar("briefing_settings", default=None)


@contextlib.contextmanager
def settings_given(cfg: Any) -> Iterator[None]:
    """Inside the block, `daily_briefing` uses `cfg` instead of loading the configuration again: one load
    per run. The caller has loaded it with the same file and overrides it passes to the flow. Not a flow
    parameter: parameters are sent to the Prefect server and stored there."""
    token = _GIVEN.set(cfg)
    try:
        yield
    finally:
        _GIVEN.reset(token)


def load_settings(config: str | None = None, *, inbox: str | None = None, out: str | None = None,
                  templates: str | None = None, max_bytes: int | None = None, email: bool | None = None) -> Any:
    """The configuration handed over by `settings_given`, else flows.config.load_config with only the
    overrides actually given (a scheduled or deployed run loads it here, once)."""
    given = _GIVEN.get()
    if given is not None:
        return given
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

@task(name="scan-inbox", cache_policy=NO_CACHE, persist_result=False)
def scan_inbox(inbox: str | None, files: list[str] | None, state_dir: str, date: str) -> dict:
    """The bulletins this run briefs, by content hash, and the inbox entries it refuses (flows.inbox)."""
    from flows.inbox import scan

    return scan(inbox, files, state_dir, date)


def batches(todo: list[dict], size: int | None = None, min_batches: int = MIN_BATCHES) -> list[list[dict]]:
    """The day's bulletins in reading-order slices of at most `size` (BATCH_FILES), and at least
    `min_batches` slices when there are that many files, so two Dask workers get even shares."""
    if not todo:
        return []
    size = max(1, min(size or BATCH_FILES, math.ceil(len(todo) / min_batches)))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


@task(name="brief-batch", task_run_name="brief-batch-{batch}", cache_policy=NO_CACHE, persist_result=False)
def brief_batch(batch: int, todo: list[dict], work_dir: str, max_bytes: int, method: str, max_chars: int,
                k: int, limits: dict | None = None, follow_links: bool = True) -> dict:
    """Ingest and summarise a batch of bulletins; the articles go to `<work_dir>/batch-NNNNN.jsonl` and only
    the path and one line per file come back (Prefect carries names, not articles). A bad file is reported,
    not raised: retrying cannot make it readable, and it must not stop the other bulletins.

    No lock: the summarizers are safe to call from threads (their shared tables are built under their own
    lock), each batch writes its own file, and compose reads the files in batch order, so batches running
    at once on a runner's threads, or in Dask's worker processes, give the same bytes.
    """
    return brief_files(batch, todo, work_dir, max_bytes, method, max_chars, k, limits, follow_links)


def brief_files(batch: int, todo: list[dict], work_dir: str, max_bytes: int, method: str, max_chars: int,
                k: int, limits: dict | None = None, follow_links: bool = True) -> dict:
    """brief_batch's body, without Prefect: {"path": the batch file, "files": [{file, hash, articles|error}]}.

    At most BATCH_SLOTS batches of one process work at once, whatever runs them: a runner with a thread per
    batch (Prefect's default: 200 at 10,000 files) would have each hold its page, parse and analyses in
    memory while the GIL lets only one of them run; the others wait here holding nothing but their files.
    """
    with _batch_slots:
        return _brief_files(batch, todo, work_dir, max_bytes, method, max_chars, k, limits, follow_links)


_batch_slots = threading.BoundedSemaphore(BATCH_SLOTS)


def _brief_files(batch: int, todo: list[dict], work_dir: str, max_bytes: int, method: str, max_chars: int,
                 k: int, limits: dict | None, follow_links: bool) -> dict:
    path = Path(work_dir) / f"batch-{batch:05d}.jsonl"
    tmp = path.with_suffix(".tmp")
    files: list[dict] = []
    with open(tmp, "w", encoding="utf-8") as fh:
        for t in todo:
            res = _brief(t["path"], t["file"], max_bytes, method, max_chars, k, limits, follow_links)
            if isinstance(res, str):
                files.append({"file": t["file"], "hash": t.get("hash"), "error": res})
                continue
            for a in res:
                fh.write(a.to_line())
            files.append({"file": t["file"], "hash": t.get("hash"), "articles": len(res)})
    os.replace(tmp, path)
    return {"path": str(path), "files": files}


def prewarm() -> threading.Thread:
    """Load jieba's dictionary and the summarizers' tables (~1.5 s) in a background thread, started before
    the flow: the embedded Prefect server takes seconds to start, and the main process only waits for it
    meanwhile. The tables are built under the summarizers' own lock, so the first bulletin simply waits for
    the thread if it is not done yet."""
    from summarizers import nlp

    thread = threading.Thread(target=nlp.warm, name="briefing-prewarm", daemon=True)
    thread.start()
    return thread


def analyze_article(title: str, text: str, method: str, max_chars: int, k: int, *, kicker: str | None = None,
                    subtitle: str | None = None) -> tuple[list[str], list[str], list[list[str]], str]:
    """Summary sentences, keywords, grouping's paragraph words and the section of one article: everything the
    briefing needs of its text, in one place and from the article alone (so an article is filed the same
    whatever else is briefed that day). All four come from one `summarizers.analyze` of the article: it is
    segmented once. The section reads the default summary and 8 keywords: when the run asks for those (the
    configuration's defaults), they are the ones just made, not made again."""
    import summarizers
    from flows.daywords import paragraph_words
    from flows.sections import classify, classify_article

    if not text.strip():
        return [], [], paragraph_words(text), classify_article(title, "", kicker=kicker, subtitle=subtitle)
    analysis = summarizers.analyze(text, title=title)
    sentences = summarizers.summarize(text, method=method, max_chars=max_chars, analysis=analysis)
    kws = summarizers.keywords(text, k=k, analysis=analysis) if k > 0 else []
    if method == "default" and max_chars == SECTION_SUMMARY_CHARS and k >= SECTION_KEYWORDS:
        # classify_article's own inputs (summarize(text) and keywords(text, k=8)): the first 8 of k keywords
        # are the 8 keywords (the choice is greedy, best first)
        section = classify((kicker or "") + title + (subtitle or ""), kws[:SECTION_KEYWORDS], "".join(sentences))
    else:
        section = classify_article(title, text, kicker=kicker, subtitle=subtitle, analysis=analysis)
    return list(sentences), list(kws), paragraph_words(text, analysis), section


SECTION_SUMMARY_CHARS = 120  # what flows.sections.classify_article reads: the default summary (120 characters)...
SECTION_KEYWORDS = 8  # ...and 8 keywords


def _brief(path: str, file: str, max_bytes: int, method: str, max_chars: int, k: int,
           limits: dict | None = None, follow_links: bool = True) -> list[FlowArticle] | str:
    """The articles of one bulletin, or why there are none."""
    from bulletins.ingest import ingest_one
    from bulletins.limits import Limits
    from bulletins.model import BulletinError

    try:
        articles = ingest_one(path, max_bytes=max_bytes, limits=Limits(**(limits or {})),
                              follow_links=follow_links)
    except BulletinError as exc:
        return exc.cause
    except Exception as exc:  # a parser bug on one odd file must not sink the day
        return f"unexpected {type(exc).__name__}: {exc}"
    if not articles:
        return "no article found"
    info = parse_name(file)
    prov = page_provenance(path, file, max_bytes)
    out = []
    for a in articles:
        text = a.body or a.title
        sentences, kws, words, section = analyze_article(a.title, text, method, max_chars, k, kicker=a.kicker,
                                                         subtitle=a.subtitle)
        # grouping compares bodies: an article without one is grouped by its title, as before
        out.append(FlowArticle.from_article(a, file, info, sentences, kws, words, prov, section))
    return out


def read_batches(paths: list[str], vocabulary: Any = None) -> list[FlowArticle]:
    """Every article the batch tasks wrote, in reading order (earlier pages first); with a
    `flows.daywords.Vocabulary`, their paragraph words as word ids (4 bytes a word, not a string each).
    Holds the whole day: compose itself keeps only where each article is (flows.daywords.read_day)."""
    from flows.records import BatchLines

    records = [FlowArticle.from_line(line, vocabulary) for _, _, line in BatchLines(paths).scan()]
    order = {f: _reading_order({"file": f}) for f in {a.file for a in records}}
    records.sort(key=lambda a: (order[a.file], a.index))
    return records


def _arrange(items: Iterable[Item], keep: Callable[[Item], Any] | None = None) -> list[Section]:
    """flows.sections' rules on typed items (the rules stay in one place, sections.rank and sections.order).
    Each item is ranked as it comes and then only `keep(item)` is held (the item itself by default; compose
    keeps a StoredItem, the item being written to disk), so a day's items need not all be in memory."""
    from flows.sections import order, rank

    ranked = []
    for it in items:
        view = {"id": it.id, "title": it.title, "kicker": it.kicker, "subtitle": it.subtitle,
                "keywords": it.keywords, "summary": it.summary, "length": it.length, "section": it.section,
                "appearances": [{"page": a.page, "index": a.index} for a in it.appearances]}
        rank(view)
        it.section, it.importance = view["section"], view["importance"]
        ranked.append((it.section, it.importance, it.id, keep(it) if keep else it))
    return [Section(name, members) for name, members in order(ranked)]


@task(name="compose-briefing", cache_policy=NO_CACHE, persist_result=False)
def compose_briefing(batch_paths: list[str], *, date: str, tz: str, method: str, max_chars: int, k: int,
                     failed: list[dict], missing: list[str], templates: str | None, out: str,
                     write: bool, mail_items: int = MAIL_ITEMS) -> dict:
    """Group the day's articles into items, sort them into sections, render and (unless dry) write.

    Returns what the flow needs and no more: the paths written, the counts, the capped rendering for the
    mail and the artifact (with its briefing dict), and the full text on a dry run.

    Memory (issue 14): no article and no rendering is held whole. Reading keeps each article's place in its
    batch file and writes grouping's word ids to a file beside the batches (grouping reads article i's at its
    step i); grouping holds its shingles and indexes; items are made one group at a time from the lines read
    again, written to a file and held as (id, section, importance, offset); each format is streamed to its
    file item by item; the mail renders only the items it carries.
    """
    import gc
    import types

    import summarizers
    from flows.daywords import Vocabulary, read_day
    from flows.group import group_day, iter_items
    from flows.records import BatchLines, ItemStore, StoredItem
    from flows.render import mail_rendering, render_text, write_streamed

    lines = BatchLines(batch_paths)
    files: set[str] = set()
    printed_elsewhere: list[Any] = []  # date_mismatch's input: the few articles whose page prints another date

    def visit(a: FlowArticle) -> None:
        files.add(a.file)
        if (a.provenance or {}).get("date") not in (None, "", date):
            printed_elsewhere.append(types.SimpleNamespace(file=a.file, provenance=a.provenance,
                                                           key=(_reading_order({"file": a.file}), a.index)))

    def article(i: int) -> FlowArticle:
        return lines.article(*locs[i])

    def text_of(i: int) -> str:
        a = article(i)
        return a.body or a.title

    def resummarize(text: str) -> list[str]:
        return list(summarizers.summarize(text, method=method, max_chars=max_chars))

    # compose's own files (grouping's word ids, the items) go beside the batch files, in the run's folder
    with tempfile.TemporaryDirectory(prefix="compose-", dir=Path(batch_paths[0]).parent if batch_paths else None) \
            as folder:
        vocabulary = Vocabulary()
        words, locs = read_day(lines, vocabulary, lambda f: _reading_order({"file": f}), visit,
                               spill=Path(folder) / "words.bin")
        n_articles = len(locs)
        try:
            groups = group_day(words, len(vocabulary), text_of)
        finally:
            words.close()
        totals = words.totals  # each article's normalised length, for its item
        del words, vocabulary
        gc.collect()  # grouping's shingle arrays and indexes: the largest part of compose at 10,000 files
        store = ItemStore(Path(folder) / "items.jsonl")
        try:
            sections = _arrange(iter_items(groups, article, resummarize, totals.__getitem__),
                                keep=lambda it: StoredItem(it.id, it.section, it.importance, store.add(it), store))
            n_items = len(groups)
            del groups
            store.seal()
            printed_elsewhere.sort(key=lambda r: r.key)
            briefing = Briefing(
                date=date, date_zh=date_zh(date), generated_at=generated_at(date, tz), title="每日简报",
                counts={"bulletins": len(files), "articles": n_articles, "items": n_items,
                        "merged": n_articles - n_items, "failed": len(failed)},
                sections=sections, failed=failed, missing_sources=missing, method=method,
                date_mismatch=date_mismatch(printed_elsewhere, date))
            tpl = Path(templates) if templates else None
            paths = {fmt: str(p) for fmt, p in write_streamed(briefing, Path(out), tpl).items()} if write else {}
            text = None if write else render_text(briefing, "txt", tpl)
            mail_briefing, mail = mail_rendering(briefing, tpl, mail_items, paths.get("html"))
        finally:
            store.close()
            lines.close()
    return {"counts": briefing.counts, "paths": paths, "mail_briefing": mail_briefing, "mail": mail,
            "text": text}


def content_hash(rendered: dict[str, str]) -> str:
    """What a reader receives: the text and HTML parts of the mail."""
    return hashlib.sha256((rendered["txt"] + "\0" + rendered["html"]).encode("utf-8")).hexdigest()


def _retry_smtp_only(task: Any, task_run: Any, state: Any) -> bool:
    """Retry what another SMTP attempt may fix; never a refused login, a spent deadline, a message sent
    without an answer, nor a failure after the server said 250 (recording the delivery, say): retrying
    those would fail the same way or mail the briefing again."""
    from flows.mail import retryable

    try:
        state.result()
    except Exception as exc:  # noqa: BLE001 - the task's own failure, judged by flows.mail
        return retryable(exc)
    return False


@task(name="deliver-briefing", cache_policy=NO_CACHE, persist_result=False, retries=SMTP_RETRIES,
      retry_delay_seconds=exponential_backoff(backoff_factor=SMTP_BACKOFF), retry_condition_fn=_retry_smtp_only)
def deliver_briefing(briefing: dict, rendered: dict[str, str], email: Any, state_dir: str, force: bool) -> dict:
    """Mail the briefing once per date and content (flows.mail.deliver); an SMTP hiccup is retried with backoff."""
    from flows.mail import deliver

    return deliver(briefing, rendered, email, state_dir, force, content_hash(rendered))


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


@flow(name="daily-briefing", persist_result=False, validate_parameters=True,
      task_runner=ThreadPoolTaskRunner(max_workers=RUNNER_THREADS))
def daily_briefing(inbox: str | None = None, files: list[str] | None = None, out: str | None = None,
                   date: str | None = None, email: bool | None = None, force: bool = False,
                   dry_run: bool = False, config: str | None = None, templates: str | None = None,
                   max_bytes: int | None = None, lock_wait: float | None = None, echo: bool = False) -> dict:
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
        work_dir = _work_dir(state_dir, date, dry_run)
        try:
            return finish(scan, todo, work_dir)
        finally:
            shutil.rmtree(work_dir, ignore_errors=True)

    def finish(scan: dict, todo: list[dict], work_dir: Path) -> dict:
        futures = [brief_batch.submit(n, chunk, str(work_dir), cfg.max_bytes, cfg.method, cfg.max_chars,
                                      cfg.keywords, dataclasses.asdict(cfg.limits), files is not None)
                   for n, chunk in enumerate(batches(todo))]
        results: list[dict] = [{"file": t["file"], "hash": t["hash"], "error": t["error"]}
                               for t in scan["taken"] if "error" in t]
        batch_paths = []
        say(stamp(f"Prefect ready; reading {plural(len(todo), 'bulletin')}"), flush=True)
        k = 0
        for fut in futures:
            done_batch = fut.result()
            batch_paths.append(done_batch["path"])
            for res in done_batch["files"]:
                results.append(res)
                k += 1
                if "error" in res:
                    say(stamp(f"{step(k, len(todo))} {res['file']}: set aside: {res['error']}"), flush=True)
                    log.warning("%s: set aside: %s", res["file"], res["error"])
                else:
                    say(stamp(f"{step(k, len(todo))} {res['file']}: {plural(res['articles'], 'article')}"),
                        flush=True)
        # a byte-identical copy of a file that failed fails the same way: set it aside and name it too
        errors = {r["file"]: r["error"] for r in results if "error" in r}
        for s in scan["skipped"]:
            if s.get("twin_of") in errors:
                cause = f"same content as {s['twin_of']}: {errors[s['twin_of']]}"
                results.append({"file": s["file"], "hash": None, "error": cause})
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
        done = compose_briefing(batch_paths, date=date, tz=cfg.timezone, method=cfg.method,
                                max_chars=cfg.max_chars, k=cfg.keywords, failed=failed, missing=missing,
                                templates=str(cfg.templates) if cfg.templates else None, out=str(cfg.out),
                                write=not dry_run, mail_items=cfg.email.max_items)
        briefing, rendered = done["mail_briefing"], done["mail"]
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
                if files is None and "error" in r and not t["in_failed"] and not t.get("stay") \
                        and Path(t["path"]).exists():
                    moved.append(str(_set_aside(Path(t["path"]), Path(cfg.inbox))))
                if t.get("hash"):
                    ledger.record(t["hash"], file=r["file"], date=date,
                                  status="failed" if "error" in r else "ok",
                                  articles=r.get("articles", 0), cause=r.get("error"))
            checkpoint("before_ledger")  # failed files already moved, ledger not yet saved: the worst moment
            ledger.save()
        return {"date": date, "paths": done["paths"], "counts": done["counts"], "failed": failed,
                "missing_sources": missing, "moved": moved, "delivery": delivery,
                "skipped": scan["skipped"], "dry_run": dry_run, "text": done["text"]}

    if dry_run:  # reads the ledger but takes no lock: it changes nothing, not even the state folder
        return run()
    def waiting(holder: str) -> None:
        log.warning("waiting up to %g s for another briefing run (%s) to finish", wait, holder)
        say(f"briefing: waiting up to {wait:g} s for another briefing run ({holder}) to finish", flush=True)

    wait = cfg.lock_wait if lock_wait is None else lock_wait
    with state_lock(state_dir, wait=wait, on_wait=waiting):
        return run()


def _work_dir(state_dir: Path, date: str, dry_run: bool) -> Path:
    """Where the batch tasks write the day's articles: the run's own folder in the state folder (a dry run
    changes nothing there, so it uses a temporary folder). Removed when the run ends."""
    if dry_run:
        return Path(tempfile.mkdtemp(prefix=f"briefing-{date}-"))
    root = state_dir / "runs"
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{date}-", dir=root))


def run_plain(todo: list[dict], cfg: Any, date: str, state_dir: str) -> dict:
    """The flow's work without Prefect (benchmarks/bench_scale.py's baseline): batches, then compose."""
    work = _work_dir(Path(state_dir), date, False)
    try:
        paths = [brief_files(n, chunk, str(work), cfg.max_bytes, cfg.method, cfg.max_chars, cfg.keywords,
                             dataclasses.asdict(cfg.limits))["path"]
                 for n, chunk in enumerate(batches(todo))]
        return compose_briefing.fn(paths, date=date, tz=cfg.timezone, method=cfg.method, max_chars=cfg.max_chars,
                                   k=cfg.keywords, failed=[], missing=[], templates=None, out=str(cfg.out),
                                   write=True, mail_items=cfg.email.max_items)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fork_workers_warm() -> None:
    """Local workers are forked from a forkserver that has imported the flow and loaded jieba once
    (flows.dask_worker), instead of spawned fresh, each doing it again: ~3 s of CPU less per worker."""
    import multiprocessing
    from multiprocessing import forkserver

    import dask
    from distributed import utils as dask_utils

    dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"})
    multiprocessing.get_context("forkserver").set_forkserver_preload(["distributed", "flows.dask_worker"])
    # distributed would otherwise set its own preload list on first use, importing numpy and pandas here
    dask_utils._forkserver_preload_set = True
    # the forkserver starts now, not when the flow builds the cluster: its imports and jieba's load (~2.5 s of
    # CPU) then overlap the temporary Prefect server's start instead of following it
    forkserver.ensure_running()


def with_dask(n_workers: int = 2, address: str | None = None) -> Any:
    """The same flow on Dask: a running cluster when `address` (or BRIEFING_DASK_ADDRESS) names its scheduler,
    else a local cluster of `n_workers` processes forked warm (`_fork_workers_warm`; callers need the `__main__`
    guard)."""
    from prefect_dask import DaskTaskRunner

    address = address or os.environ.get("BRIEFING_DASK_ADDRESS") or None
    if address:
        runner = DaskTaskRunner(address=address)
    else:
        _fork_workers_warm()
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": n_workers, "threads_per_worker": 1,
                                                "processes": True, "dashboard_address": None})
    return daily_briefing.with_options(task_runner=runner)


__all__ = ["daily_briefing", "with_dask", "scan_inbox", "brief_batch", "compose_briefing", "deliver_briefing"]
