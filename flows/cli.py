"""The `briefing` command line.

Each subcommand imports its implementation lazily, so `briefing ingest` and `briefing summarize`
never pay for importing Prefect.
"""
from __future__ import annotations

import argparse
import importlib
import sys

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Chinese news bulletins -> morning briefing.")
    from summarizers import METHODS  # a light import (28 ms): no jieba, no model

    methods = ", ".join(METHODS)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="rebuild the articles of bulletin pages (.txt in any Chinese encoding, .pdf)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="bulletin pages: .txt (any Chinese encoding) or .pdf")
    p.add_argument("--json", action="store_true", help="print one JSON array of articles to stdout")
    p.add_argument("--max-bytes", type=_positive_int, default=DEFAULT_MAX_BYTES,
                   help=f"largest bulletin accepted, in bytes (default {DEFAULT_MAX_BYTES})")
    p.set_defaults(module="flows.cmd_ingest")

    p = sub.add_parser("summarize", help="summaries and keywords for a JSONL file of {id, text}")
    p.add_argument("input", metavar="IN.jsonl", help="one JSON object {id, text} per line")
    p.add_argument("--method", default="default", metavar="M",
                   help=f"summary method: {methods} (default: default)")
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--max-chars", type=_positive_int, metavar="N",
                        help="summary length in characters (default 120)")
    budget.add_argument("--budget-from", metavar="FIELD",
                        help="use the length of this field of each object as its max_chars")
    p.add_argument("--keywords", type=int, default=8, metavar="K", help="keywords per article (0 for none)")
    p.add_argument("--user-dict", metavar="FILE", help="a jieba user dictionary honoured by segmentation and keywords")
    p.set_defaults(module="flows.cmd_summarize", entry="main_summarize")

    p = sub.add_parser("eval", help="character ROUGE of each method against reference summaries")
    p.add_argument("--data", required=True, metavar="DEV.jsonl",
                   help="JSONL of articles with reference summaries (e.g. ../shared/eval/dev.jsonl)")
    p.add_argument("--method", action="extend", nargs="+", dest="methods", metavar="M",
                   help=f"methods to score, of {methods} (--method a b, or repeated; default: every method)")
    p.add_argument("--long-min", type=int, default=500, metavar="CHARS",
                   help="articles of at least this many characters count as long (default 500)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON instead of a table")
    p.set_defaults(module="flows.cmd_summarize", entry="main_eval")

    for name, help_text in (("run", "run the daily briefing now, on Prefect's embedded default"),
                            ("serve", "serve the daily briefing on a cron schedule against a Prefect server")):
        p = sub.add_parser(name, help=help_text)
        if name == "run":
            p.add_argument("files", nargs="*", metavar="FILES",
                           help="bulletins to brief (default: the inbox, or the shipped samples)")
            p.add_argument("--date", metavar="YYYY-MM-DD",
                           help="the briefing's date (default: the date in the file names, else today)")
            p.add_argument("--email", action=argparse.BooleanOptionalAction, default=None,
                           help="mail the briefing, or not, whatever [email].enabled says")
            p.add_argument("--force", action="store_true", help="brief and send again even if already done")
            p.add_argument("--dry-run", action="store_true", help="render but change no ledger and send nothing")
            p.add_argument("--task-runner", choices=("default", "dask"), default="default",
                           help="default: one process; dask: bulletins in parallel over Dask workers "
                                "(the [dask] extra)")
        else:
            p.add_argument("--cron", help="cron expression (default from config, else '0 7 * * *')")
            p.add_argument("--timezone", help="IANA time zone (default from config, else Asia/Shanghai)")
            p.add_argument("--name", default="morning-briefing", help="deployment name")
        p.add_argument("--inbox", metavar="DIR", help="folder where the bulletins arrive (default from config)")
        p.add_argument("--out", metavar="DIR", help="briefings go to DIR/<date>/ (default: outputs)")
        p.add_argument("--config", metavar="FILE.toml", help="settings file (default: $BRIEFING_CONFIG, if set)")
        p.add_argument("--templates", metavar="DIR", help="your own Jinja2 template folder")
        p.add_argument("--max-bytes", type=_positive_int, default=None, metavar="N",
                       help=f"larger bulletin files are set aside (default {DEFAULT_MAX_BYTES})")
        p.set_defaults(module="flows.cmd_run", entry=f"main_{name}")
    p = sub.add_parser("doctor", help="check a configuration end to end (folders, templates, SMTP login, Prefect, "
                                      "schedule) without sending anything")
    p.add_argument("--config", metavar="FILE.toml", help="settings file (default: $BRIEFING_CONFIG, if set)")
    p.add_argument("--inbox", metavar="DIR", help="check this inbox instead of the configured one")
    p.add_argument("--out", metavar="DIR", help="check this output folder instead of the configured one")
    p.add_argument("--templates", metavar="DIR", help="check this template folder")
    p.add_argument("--email", action=argparse.BooleanOptionalAction, default=None,
                   help="check the SMTP server even if [email].enabled is false (--no-email: skip it)")
    p.set_defaults(module="flows.doctor", entry="main")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `briefing` console script."""
    args = build_parser().parse_args(argv)
    module = importlib.import_module(args.module)
    return int(getattr(module, getattr(args, "entry", "main"))(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
