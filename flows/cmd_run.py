"""`briefing run` (one run now, on Prefect's embedded default) and `briefing serve` (a cron deployment).

Everything that can be checked before Prefect starts (~4 s for the embedded server) is checked here, so a
typo in an option or the config file costs no wait and gets `briefing: error: <what>: expected ...`, exit 2.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import gc
import logging
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "bulletins"
REPO_OUTPUTS = REPO / "outputs"


def _error(message: object, code: int = 2) -> int:
    print(f"briefing: error: {message}", file=sys.stderr)
    return code


def _show(path: str | Path) -> str:
    """Paths relative to the working folder when inside it: shorter progress lines. Printable even when
    a file name is not valid UTF-8 (GBK names from a Windows zip)."""
    from flows.inbox import printable

    p = Path(path)
    try:
        text = str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        text = str(p)
    return printable(text)


def _check_date(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise ValueError(f"--date: expected a date YYYY-MM-DD, got {text!r}")


def _default_out(cfg, args: argparse.Namespace) -> str | None:
    """The repo's outputs/ unless an option, the environment or a config file chose another folder."""
    from flows.config import Config

    if args.out is not None:
        return args.out
    if cfg.out == Config.out and "BRIEFING_OUT" not in os.environ:
        return str(REPO_OUTPUTS)
    return None


def sample_files() -> tuple[list[str], str | None]:
    """The shipped sample pages of their latest date (the samples include the day before, for ledger tests)."""
    from flows.naming import parse_name

    pages = sorted(p for p in SAMPLES.iterdir() if p.is_file() and p.suffix.lower() in (".txt", ".pdf"))
    dates = sorted({d for d in (parse_name(p.name).date for p in pages) if d})
    latest = dates[-1] if dates else None
    return [str(p) for p in pages if parse_name(p.name).date in (latest, None)], latest


def main_run(args: argparse.Namespace) -> int:
    """Brief FILES, the inbox, or (no argument) the shipped samples; print the paths written, and progress
    when a person is watching (flows.progress)."""
    from flows import progress
    from flows.config import Config, ConfigError, load_config
    from flows.naming import common_date

    progress.restart_clock()
    show = progress.wanted(sys.stdout)

    try:
        date = _check_date(args.date)
    except ValueError as exc:
        return _error(exc)
    try:
        cfg = load_config(args.config, inbox=args.inbox, out=args.out, templates=args.templates,
                          max_bytes=args.max_bytes, email=args.email)
    except ConfigError as exc:
        return _error(exc)
    from flows.mail import check_delivery_config

    try:  # a mail setup that cannot work is refused now, before any work (issue 15)
        for warning in ([] if args.dry_run else check_delivery_config(cfg.email)):
            print(f"briefing: warning: {warning}", file=sys.stderr)
    except ConfigError as exc:
        return _error(exc)
    out = _default_out(cfg, args)
    from flows.render import RenderError, check_templates

    try:
        check_templates(cfg.templates)
    except RenderError as exc:
        return _error(exc)

    files: list[str] | None = None
    news: tuple[int, int] | None = None
    if args.files:
        absent = [f for f in args.files if not Path(f).is_file()]
        if absent:
            why = ("a folder; to brief the files in it use --inbox" if Path(absent[0]).is_dir()
                   else "no such file")
            return _error(f"FILES: expected existing bulletin files, got {absent[0]!r} ({why})")
        files = [str(Path(f).resolve()) for f in args.files]
        date = date or common_date([Path(f).name for f in files])
        where = f"{len(files)} file(s) given"
    elif args.inbox is not None or cfg.inbox != Config.inbox:
        if not Path(cfg.inbox).is_dir():
            what = "--inbox" if args.inbox is not None else "inbox (from the configuration)"
            return _error(f"{what}: expected an existing folder, got {str(cfg.inbox)!r}")
        where = f"inbox {_show(cfg.inbox)}"
        news = _inbox_news(Path(cfg.inbox), Path(cfg.state_dir), date or _today(cfg.timezone))
    else:
        if not SAMPLES.is_dir():
            return _error(f"no FILES, no --inbox, and the samples folder {SAMPLES} is missing")
        files, latest = sample_files()
        date = date or latest
        where = f"the shipped samples in {_show(SAMPLES)} (read-only)"

    if out is not None and out != args.out:
        cfg = cfg.with_out(out)  # the repo's outputs/: as the flow would load it, without a second load
    # a loaded machine can take more than Prefect's default 20 s to start the temporary server
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    # the temporary server's background services log cancelled UI-event flushes as tracebacks when the
    # process ends; they are not the run's errors (those come from the flow's logger and the exit code)
    os.environ.setdefault("PREFECT_LOGGING_SERVER_LEVEL", "CRITICAL")
    if show:
        # the progress lines say what Prefect's INFO lines would; warnings and errors still show
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from flows.prefect_child import api_url_named, server_failed, start_server

    # Prefect's core first (~0.7 s of CPU), then the temporary Prefect server, forked from this process so it
    # does not import that core again; as our child it dies with this run even on SIGKILL, and it imports
    # its own modules on the other core while this process imports the flow and loads jieba
    # (flows.prefect_child). Prefect and the flow's imports build objects that live as long as the run: the
    # garbage collector's passes over them while importing are wasted (~0.3 s), and once frozen later
    # passes skip them
    if show:
        progress.say(progress.stamp(f"briefing {where}" + (f", date {date}" if date else "")))
    gc.disable()
    try:
        import prefect  # noqa: F401

        try:
            server = start_server(cfg.state_dir)
        except RuntimeError as exc:  # no free port
            return _error(f"the temporary Prefect server did not start: {exc}", 1)
        if show:
            api = os.environ.get("PREFECT_API_URL")
            progress.say(progress.stamp(f"loading Prefect, then connecting to {api}" if api else
                                        "loading Prefect and starting its temporary local server (5-30 s)"))
        from flows.daily import daily_briefing, prewarm, settings_given, stdout_gone, with_dask
        from flows.ledger import LockBusy, StateError
        from flows.mail import DeliveryError
    finally:
        gc.freeze()
        gc.enable()

    if server is not None and api_url_named():  # a Prefect profile names a server: use that one
        server.stop()
        server = None
    _quiet_tracebacks(LockBusy, StateError, ConfigError, DeliveryError, RenderError)
    flow_fn = with_dask() if args.task_runner == "dask" else daily_briefing
    # jieba and the summarizers' tables load while the temporary server starts; under Dask too: the
    # workers brief the bulletins, but compose re-summarises merged stories in this process
    prewarm()
    with contextlib.ExitStack() as stack:
        if server is not None:
            try:
                stack.enter_context(server.used())
            except RuntimeError as exc:
                raise server_failed(server, exc) from None
        stack.enter_context(settings_given(cfg))  # the flow uses this configuration: one load per run
        try:
            result = flow_fn(inbox=None if files is not None else str(cfg.inbox), files=files, out=out,
                             date=date, email=args.email, force=args.force, dry_run=args.dry_run,
                             config=args.config, templates=args.templates, max_bytes=args.max_bytes, echo=show)
        except (LockBusy, StateError, ConfigError, RenderError) as exc:
            return _error(exc, 1)
        except DeliveryError as exc:
            return _error(f"delivery failed after retries (the briefing is written; run again to retry): {exc}",
                          1)
    try:
        return _report(result, news)
    except BrokenPipeError:  # `briefing run | head`: the run is done, only its report was cut short
        stdout_gone()
        return 0


class _NoTraceback(logging.Filter):
    """Keep Prefect's one-line record of a failed task or flow run, drop its traceback, for the errors whose
    message already says what to do: a user who mistyped a template or whose SMTP server is down needs the
    one line `briefing: error: ...`, not 60 lines of Prefect internals. Any other exception (a bug) keeps
    its traceback."""

    def __init__(self, expected: tuple[type[BaseException], ...]):
        super().__init__()
        self.expected = expected

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self.expected):
            record.exc_info = None
            record.exc_text = None
        return True


def _quiet_tracebacks(*expected: type[BaseException]) -> None:
    for name in ("prefect.task_runs", "prefect.flow_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoTraceback) for f in logger.filters):
            logger.addFilter(_NoTraceback(expected))


def _today(tz: str) -> str:
    import zoneinfo

    return dt.datetime.now(zoneinfo.ZoneInfo(tz)).date().isoformat()


def _inbox_news(inbox: Path, state_dir: Path, date: str) -> tuple[int, int]:
    """(new since the last run, already briefed for this same date) among the inbox's files, from the ledger
    as it was before this run, so a rerun of the day does not call its files new."""
    from flows.ledger import Ledger, file_hash

    try:
        entries = Ledger.load(state_dir).entries
    except Exception:  # an unreadable ledger is the flow's to report, with its own message
        return 0, 0
    new = again = 0
    seen: set[str] = set()
    for path in sorted(inbox.iterdir()):
        if not path.is_file() or path.name.startswith(".") or path.name.endswith((".part", ".tmp", ".crdownload", "~")):
            continue
        try:
            digest = file_hash(path)
        except OSError:
            continue
        if digest in seen:
            continue
        seen.add(digest)
        entry = entries.get(digest)
        if entry is None:
            new += 1
        elif entry.get("date") == date:
            again += 1
    return new, again


def _report(result: dict, news: tuple[int, int] | None = None) -> int:
    from flows.progress import plural

    c = result["counts"]
    origin = ""
    if news is not None:
        new, again = news
        parts = [f"inbox: {plural(new, 'file')} new since the last run" if new else
                 "inbox: no file new since the last run"]
        if again:
            parts.append(f"{plural(again, 'file')} already in this date's briefing, briefed again")
        origin = f" ({'; '.join(parts)})"
    print(f"briefing {result['date']}: {plural(c['bulletins'], 'bulletin')}{origin}, "
          f"{plural(c['articles'], 'article')} -> {plural(c['items'], 'item')} ({c['merged']} merged), "
          f"{c['failed']} failed")
    for f in result["failed"]:
        print(f"  failed: {f['file']}: {f['cause']}")
    for m in result["moved"]:
        print(f"  set aside: {_show(m)}")
    if result["missing_sources"]:
        print(f"  missing today: {', '.join(result['missing_sources'])}")
    if result["dry_run"]:
        print("dry run: nothing written, nothing sent, ledger unchanged\n")
        print(result["text"])
        return 0
    print(f"delivery: {result['delivery']['status']}")
    unconfirmed = result["delivery"]["status"] == "unconfirmed"
    if unconfirmed:
        print(f"briefing: error: {result['delivery'].get('detail')}; not retried: check the mailbox, and run "
              "again with --force to send another copy", file=sys.stderr)
    print("wrote:")
    for fmt in ("html", "md", "txt", "json"):
        if fmt in result["paths"]:
            print(f"  {_show(result['paths'][fmt])}")
    return 1 if unconfirmed else 0


def main_serve(args: argparse.Namespace) -> int:
    """Serve the flow on a cron schedule in a time zone, against the Prefect server of PREFECT_API_URL."""
    from prefect.settings import PREFECT_API_URL

    from flows.config import ConfigError, load_config

    try:
        cfg = load_config(args.config, inbox=args.inbox, out=args.out, templates=args.templates,
                          max_bytes=args.max_bytes, cron=args.cron, timezone=args.timezone)
    except ConfigError as exc:
        return _error(str(exc).replace("option cron:", "--cron:").replace("option timezone:", "--timezone:"))
    from flows.mail import check_delivery_config

    try:  # now, not at 7 a.m. in the first scheduled run
        for warning in check_delivery_config(cfg.email):
            print(f"briefing: warning: {warning}", file=sys.stderr)
    except ConfigError as exc:
        return _error(exc)
    from flows.render import RenderError, check_templates

    try:
        check_templates(cfg.templates)  # now, not at 7 a.m. in the first scheduled run
    except RenderError as exc:
        return _error(exc)
    # the environment first: Prefect's settings object is read once per process and may be stale
    if not (os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value()):
        return _error("`briefing serve` needs a running Prefect server, and PREFECT_API_URL is not set. Start "
                      "one with `prefect server start` (in another terminal), then `export "
                      "PREFECT_API_URL=http://127.0.0.1:4200/api` and run `briefing serve` again.")
    api = os.environ.get("PREFECT_API_URL") or str(PREFECT_API_URL.value())
    from flows.doctor import prefect_api_problem

    problem = prefect_api_problem(api)
    if problem:  # else Prefect's client fails 20 s later with a 100-line httpx traceback
        return _error(f"cannot reach the Prefect server at PREFECT_API_URL={api} ({problem}). Start it with "
                      f"`prefect server start` (in another terminal), or point PREFECT_API_URL at the "
                      f"running one, and run `briefing serve` again.")
    out = _default_out(cfg, args)
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    from flows.daily import daily_briefing

    parameters = {"inbox": str(Path(cfg.inbox).resolve()), "out": str(Path(out or cfg.out).resolve()),
                  "config": str(Path(args.config).resolve()) if args.config else None,
                  "templates": str(Path(args.templates).resolve()) if args.templates else None,
                  "max_bytes": args.max_bytes}
    print(f"briefing: serving deployment daily-briefing/{args.name}: cron {cfg.cron!r} in {cfg.timezone}, "
          f"inbox {parameters['inbox']}, out {parameters['out']} (Ctrl-C to stop)", flush=True)
    runner = _runner(args.name)
    try:
        runner.add_flow(daily_briefing, name=args.name, schedules=[Cron(cfg.cron, timezone=cfg.timezone)],
                        parameters={k: v for k, v in parameters.items() if v is not None},
                        entrypoint_type=EntrypointType.MODULE_PATH)
        asyncio.run(runner.start())
    except KeyboardInterrupt:  # Ctrl-C: asyncio cancels the runner, whose exit pauses the deployment
        pass
    except Exception as exc:
        import httpx

        if isinstance(exc, httpx.HTTPError):  # the server went away while we served
            return _error(f"lost the Prefect server at {api} ({type(exc).__name__}: {exc}); start it again "
                          f"and rerun `briefing serve`", 1)
        raise
    print("briefing: serve stopped; its deployment is paused until the next `briefing serve`",
          file=sys.stderr, flush=True)
    return 0


def _runner(name: str):
    """What `flow.serve` builds, except for SIGTERM: Prefect's handler calls `self.stop()` from inside the
    running event loop, which only creates the `astop` coroutine (`RuntimeWarning: coroutine 'Runner.astop'
    was never awaited`) and then exits. Here SIGTERM schedules `astop` on the loop, as Prefect meant: the
    runner cancels its runs and loops, its exit pauses the deployment, and `start()` returns. (Raising
    KeyboardInterrupt from the handler instead would cut into whatever the loop was doing and log
    tracebacks from the half-read connections.)"""
    from prefect.runner import Runner

    class _Runner(Runner):
        def handle_sigterm(self, *args: object, **kwargs: object) -> None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # not serving yet: nothing to stop gracefully
                raise KeyboardInterrupt from None
            self._logger.info("SIGTERM received, stopping...")

            def stop() -> None:
                if not self.stopping and self.started:
                    self._stop_task = loop.create_task(self.astop())  # kept: a task only weakly referenced may vanish

            loop.call_soon_threadsafe(stop)

    return _Runner(name=name, pause_on_shutdown=True)
