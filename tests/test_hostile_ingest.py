"""Hundreds of hostile bulletins through `briefing ingest` in one go: nothing crashes, nothing vanishes.

Each bad file must be named on stderr with its cause, every good article must still come out, and a file over
`--max-bytes` must be refused before it is read (memory stays far below its size).
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import tracemalloc
from collections import defaultdict
from pathlib import Path

import hostile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MIN_CASES = 500
BATCH_TIMEOUT = 900  # seconds: a hang detector for the whole batch, not a speed test
ARTICLE_KEYS = {"source", "index", "title", "kicker", "byline", "body", "subheads", "captions", "duplicate_of",
                "subtitle", "position"}
BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


@contextlib.contextmanager
def hang_guard(seconds: int):
    """Turn a hang into a failure with a message (SIGALRM; the tests run in the main thread)."""
    def boom(signum, frame):  # noqa: ARG001
        raise TimeoutError(f"no answer after {seconds} s: a hostile input made ingest hang")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_cli(argv: list[str], timeout: int = BATCH_TIMEOUT) -> tuple[int, str, str]:
    """`briefing ...` in-process: (exit code, stdout, stderr). SystemExit from argparse is an exit code too."""
    from flows.cli import main

    out, err = io.StringIO(), io.StringIO()
    with hang_guard(timeout), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.-])" + re.escape(name) + r"(?![\w.-])")


def lines_naming(stderr: str, name: str) -> list[str]:
    pat = name_pattern(name)
    return [ln for ln in stderr.splitlines() if pat.search(ln)]


def file_of(article: dict) -> str:
    return Path(str(article.get("source", ""))).name


def check_article(a: dict, input_text_has_fffd: bool = False) -> list[str]:
    """Problems with one `ingest --json` article (empty list when well-formed)."""
    problems = []
    missing = ARTICLE_KEYS - set(a)
    if missing:
        problems.append(f"missing keys {sorted(missing)}")
    if not isinstance(a.get("index"), int) or a.get("index", -1) < 0:
        problems.append(f"index {a.get('index')!r}")
    for key in ("title", "body"):
        if not isinstance(a.get(key), str):
            problems.append(f"{key} is {type(a.get(key)).__name__}")
    if not (a.get("title") or "").strip() and not (a.get("body") or "").strip():
        problems.append("neither title nor body")
    for key in ("kicker", "byline", "subtitle", "duplicate_of"):
        if a.get(key) is not None and not isinstance(a.get(key), str):
            problems.append(f"{key} is {type(a.get(key)).__name__}")
    for key in ("subheads", "captions"):
        if not isinstance(a.get(key), list) or not all(isinstance(x, str) for x in a.get(key) or []):
            problems.append(f"{key} not a list of str")
    texts = [a.get(k) for k in ("title", "body", "kicker", "byline", "subtitle")] + list(a.get("subheads") or [])
    for t in texts:
        if isinstance(t, str):
            bad = {c for c in BAD_CHARS.findall(t)}
            if input_text_has_fffd:
                bad.discard("\ufffd")
            if bad:
                problems.append(f"control/replacement characters {sorted(map(repr, bad))} in {t[:40]!r}")
    return problems


# --- fixtures ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def all_cases(samples_dir: Path) -> list[hostile.Case]:
    return hostile.cases(samples_dir)


@pytest.fixture(scope="module")
def written(all_cases, tmp_path_factory) -> dict[str, Path]:
    return hostile.write_cases(all_cases, tmp_path_factory.mktemp("hostile-inbox"))


@pytest.fixture(scope="module")
def batch(all_cases, written) -> dict:
    """ONE `briefing ingest --json` over every case (in-process)."""
    paths = [str(written[c.name]) for c in all_cases]
    code, out, err = run_cli(["ingest", "--json", *paths])
    try:
        articles = json.loads(out)
    except json.JSONDecodeError as exc:
        articles = None
        bad_json = f"{exc}: {out[:300]!r}"
    else:
        bad_json = None
    by_file: dict[str, list[dict]] = defaultdict(list)
    for a in articles or []:
        by_file[file_of(a)].append(a)
    return {"code": code, "out": out, "err": err, "articles": articles, "bad_json": bad_json, "by_file": by_file}


@pytest.fixture(scope="module")
def reference_titles(all_cases, written) -> dict[str, list[str]]:
    """Titles of each good page parsed on its own (no hostile neighbours)."""
    from bulletins.ingest import ingest_paths

    refs: dict[str, list[str]] = {}
    names = [c.name for c in all_cases if c.expected.why in ("good page", "good PDF page")]
    with hang_guard(300):
        articles, errors = ingest_paths([str(written[n]) for n in names])
    assert not errors, f"good pages refused on their own: {[(e.source, e.cause) for e in errors]}"
    for a in articles:
        refs.setdefault(Path(a.source).name, []).append(a.title)
    return refs


# --- the batch --------------------------------------------------------------------------------------------------

def test_enough_cases(all_cases):
    assert len(all_cases) + HYPOTHESIS_EXAMPLES >= MIN_CASES, len(all_cases)


def test_batch_completes_without_traceback(batch):
    assert "Traceback" not in batch["err"], batch["err"][-3000:]
    assert batch["bad_json"] is None, f"stdout is not one JSON array: {batch['bad_json']}"
    assert isinstance(batch["articles"], list)
    assert batch["code"] == 0, f"exit {batch['code']} although good files were given; stderr: {batch['err'][-2000:]}"


def test_refused_files_are_named_with_a_cause(all_cases, batch):
    problems = []
    for case in all_cases:
        if case.expected.verdict != hostile.REJECT:
            continue
        if batch["by_file"].get(case.name):
            problems.append(f"{case.name} ({case.expected.why}): parsed into "
                            f"{[a['title'][:20] for a in batch['by_file'][case.name]][:3]}, should be refused")
            continue
        lines = lines_naming(batch["err"], case.name)
        if not lines:
            problems.append(f"{case.name} ({case.expected.why}): not named on stderr")
            continue
        rest = name_pattern(case.name).sub("", lines[0])
        if len(re.findall(r"\w", rest.split(case.name)[-1])) < 4:
            problems.append(f"{case.name}: no cause in {lines[0]!r}")
        if case.expected.cause and not any(re.search(case.expected.cause, ln, re.I) for ln in lines):
            problems.append(f"{case.name} ({case.expected.why}): cause should match /{case.expected.cause}/, "
                            f"got {lines[0]!r}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_no_file_silently_vanishes(all_cases, batch):
    """Every file yields articles or an error line naming it: a bad bulletin is never lost without a word."""
    lost = [f"{c.name} ({c.expected.why})" for c in all_cases
            if not batch["by_file"].get(c.name) and not lines_naming(batch["err"], c.name)]
    assert not lost, f"{len(lost)} files neither parsed nor reported:\n" + "\n".join(lost)


def test_every_article_is_well_formed(all_cases, batch):
    data = {c.name: c.data for c in all_cases}
    ids = set()
    problems = []
    for a in batch["articles"] or []:
        name = file_of(a)
        has_fffd = "\ufffd".encode() in data.get(name, b"")
        for p in check_article(a, has_fffd):
            problems.append(f"{name}#{a.get('index')}: {p}")
        dup = a.get("duplicate_of")
        if dup is not None and dup not in ids:
            problems.append(f"{name}#{a.get('index')}: duplicate_of {dup!r} is not an earlier article")
        ids.add(f"{a.get('source')}#{a.get('index')}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:80])


def test_good_pages_parse_and_reencodings_reproduce_them(all_cases, batch, reference_titles):
    """A good page, however encoded, gives the same headlines; a wrong decoding must be refused, not parsed."""
    problems = []
    for case in all_cases:
        got = [a["title"] for a in batch["by_file"].get(case.name, [])]
        if case.expected.verdict == hostile.PARSE and not got:
            lines = lines_naming(batch["err"], case.name)
            problems.append(f"{case.name} ({case.expected.why}): no article; stderr: {lines[:1]}")
            continue
        ref = case.expected.same_as
        if ref and got and got != reference_titles.get(ref):
            problems.append(f"{case.name} ({case.expected.why}): titles {[t[:16] for t in got][:4]} "
                            f"!= {ref}: {[t[:16] for t in reference_titles.get(ref, [])][:4]}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_good_articles_survive_hostile_neighbours(batch, reference_titles):
    missing = []
    for name, titles in reference_titles.items():
        got = [a["title"] for a in batch["by_file"].get(name, [])]
        for t in titles:
            if t not in got:
                missing.append(f"{name}: {t!r}")
    assert not missing, "good articles lost in the hostile batch:\n" + "\n".join(missing)


def test_api_never_raises_and_names_each_refused_file(all_cases, written):
    """`ingest_paths` collects one BulletinError per bad file; `ingest_one` raises it."""
    from bulletins.ingest import ingest_one, ingest_paths
    from bulletins.model import BulletinError

    rejects = [c for c in all_cases if c.expected.verdict == hostile.REJECT]
    with hang_guard(300):
        articles, errors = ingest_paths([str(written[c.name]) for c in rejects])
    assert articles == [], [a.source for a in articles][:10]
    named = {Path(e.source).name for e in errors}
    assert named == {c.name for c in rejects}, sorted(named ^ {c.name for c in rejects})
    assert all(isinstance(e, BulletinError) and e.cause.strip() for e in errors)
    for case in rejects[::7]:
        with pytest.raises(BulletinError) as info:
            ingest_one(str(written[case.name]))
        assert case.name in str(info.value) and info.value.cause


def test_exit_code_non_zero_when_no_good_file(all_cases, written):
    rejects = [str(written[c.name]) for c in all_cases if c.expected.verdict == hostile.REJECT]
    code, out, err = run_cli(["ingest", "--json", *rejects], timeout=300)
    assert code != 0
    assert "Traceback" not in err, err[-2000:]
    assert len([ln for ln in err.splitlines() if ln.strip()]) >= len(rejects)


# --- size limit -------------------------------------------------------------------------------------------------

LIMIT = 20 * hostile.MiB


def _limit_mentioned(text: str, limit: int) -> bool:
    mib = limit / hostile.MiB
    forms = [str(limit), f"{limit:,}", f"{mib:g} MiB", f"{mib:g}MiB", f"{mib:g} MB", f"{mib:.1f} MiB"]
    return any(f in text for f in forms)


def test_oversized_file_refused_without_reading_it(tmp_path):
    big = hostile.write_big_file(tmp_path / "huge_2025-02-20_p01.txt", 50 * hostile.MiB)
    tracemalloc.start()
    try:
        code, out, err = run_cli(["ingest", "--json", "--max-bytes", str(LIMIT), str(big)], timeout=120)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code != 0
    lines = lines_naming(err, big.name)
    assert lines, err
    assert _limit_mentioned(" ".join(lines), LIMIT), f"the limit {LIMIT} is not in the error: {lines}"
    assert peak < 5 * hostile.MiB, f"Python allocations peaked at {peak / hostile.MiB:.1f} MiB for a refused file"


def _child_maxrss_kib(argv: list[str]) -> tuple[int, str]:
    """Peak RSS of a child `briefing ...` process, from wait4's rusage."""
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", *argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, cwd=Path(__file__).resolve().parent.parent)
    err = proc.stderr.read().decode("utf-8", "replace")  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss, err


def test_oversized_file_keeps_process_memory_flat(tmp_path):
    """ru_maxrss of a process refusing a 50 MB file is within a few MB of one reading a tiny page."""
    big = hostile.write_big_file(tmp_path / "huge.txt", 50 * hostile.MiB)
    small = tmp_path / "small.txt"
    small.write_text(hostile.synthetic_pages()[0][1], encoding="utf-8")
    base, _ = _child_maxrss_kib(["ingest", "--json", str(small)])
    rss, err = _child_maxrss_kib(["ingest", "--json", "--max-bytes", str(LIMIT), str(big)])
    assert "huge.txt" in err, err
    assert rss - base < 10 * 1024, f"peak RSS {rss} KiB vs {base} KiB for a tiny page: the big file was read"


def test_max_bytes_is_configurable(all_cases, written):
    good = [c for c in all_cases if c.expected.why == "good page"][:3]
    limit = min(len(c.data) for c in good) - 1
    code, out, err = run_cli(["ingest", "--json", "--max-bytes", str(limit), *[str(written[c.name]) for c in good]],
                             timeout=120)
    assert code != 0, "every file is over the limit"
    for c in good:
        lines = lines_naming(err, c.name)
        assert lines and _limit_mentioned(" ".join(lines), limit), (c.name, lines)
    code, out, err = run_cli(["ingest", "--json", "--max-bytes", str(limit + 10 ** 6),
                              *[str(written[c.name]) for c in good]], timeout=120)
    assert code == 0 and json.loads(out), err


# --- hypothesis -------------------------------------------------------------------------------------------------

HYPOTHESIS_EXAMPLES = 150


@settings(max_examples=HYPOTHESIS_EXAMPLES, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(text=hostile.bulletin_text_strategy(),
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-16-le", "big5"]))
def test_hypothesis_pages(tmp_path_factory, text, encoding):
    folder = tmp_path_factory.mktemp("hyp")
    path = folder / "hyp_2025-02-20_p01.txt"
    data = text.encode(encoding, errors="replace")
    path.write_bytes(data)
    code, out, err = run_cli(["ingest", "--json", str(path)], timeout=120)
    assert "Traceback" not in err, err[-2000:]
    articles = json.loads(out) if out.strip() else []
    if code == 0:
        assert articles, f"exit 0 but no article; stderr {err!r}"
        for a in articles:
            assert not check_article(a, "\ufffd" in text), (check_article(a, "\ufffd" in text), a)
    else:
        assert lines_naming(err, path.name), f"exit {code} without naming the file: {err!r}"
