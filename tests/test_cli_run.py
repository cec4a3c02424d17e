"""`briefing run`: the samples by default, progress and paths, option errors, and Dask == default."""
from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main

DAY = "2025-02-20"
FORMATS = ("html", "md", "txt", "json")


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_argument_run_briefs_the_samples_read_only_and_again(tmp_path, samples_dir, capsys):
    before = _tree_digest(samples_dir)
    out = tmp_path / "out"
    assert main(["run", "--out", str(out)]) == 0
    first = capsys.readouterr().out
    lines = first.splitlines()
    # one progress line per bulletin of the samples' latest date, then the paths
    progress = [ln for ln in lines if ln.startswith("  ") and ln.strip().endswith(("article", "articles"))]
    assert len(progress) == 9 and all(DAY in ln for ln in progress)
    assert lines[-5] == "wrote:"
    assert [Path(ln.strip()).name for ln in lines[-4:]] == [f"briefing.{f}" for f in FORMATS]
    assert all(Path(ln.strip()).resolve().is_relative_to(out.resolve()) for ln in lines[-4:])
    assert (out / DAY / "briefing.html").exists()
    assert _tree_digest(samples_dir) == before, "a run on the samples must not touch them"
    # the ledger records the samples but does not make the next no-argument run empty
    assert main(["run", "--out", str(out)]) == 0
    again = capsys.readouterr().out
    assert "9 bulletins" in again and "0 bulletins" not in again
    assert (out / ".state" / "ledger.json").exists()


def test_explicit_files_with_their_date(tmp_path, samples_dir, capsys):
    page = samples_dir / "songhe-news_2025-02-19_p01.txt"
    assert main(["run", str(page), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "songhe-news_2025-02-19_p01.txt: 5 articles" in out
    assert (tmp_path / "2025-02-19" / "briefing.md").exists()


def test_inbox_run_moves_a_bad_file_and_lists_it(tmp_path, samples_dir, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy2(samples_dir / "mingtan-news_2025-02-20_p01.txt", inbox)
    (inbox / "broken_2025-02-20_p02.pdf").write_bytes(b"%PDF-1.4\n garbage")
    assert main(["run", "--inbox", str(inbox), "--out", str(tmp_path / "out"), "--date", DAY]) == 0
    out = capsys.readouterr().out
    assert "broken_2025-02-20_p02.pdf: set aside:" in out
    assert "failed: broken_2025-02-20_p02.pdf:" in out
    assert (inbox / "failed" / "broken_2025-02-20_p02.pdf").exists()


@pytest.mark.parametrize("argv, needle", [
    (["run", "--date", "2025-2-20"], "--date: expected a date YYYY-MM-DD, got '2025-2-20'"),
    (["run", "--date", "2025-02-30"], "--date: expected a date YYYY-MM-DD"),
    (["run", "--inbox", "/nonexistent/inbox"], "--inbox: expected an existing folder"),
    (["run", "/nonexistent/page.txt"], "FILES: expected existing bulletin files"),
    (["run", "--config", "/nonexistent/config.toml"], "config file not found"),
])
def test_malformed_options_name_the_option(argv, needle, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing: error: ") and needle in err


def test_config_error_names_the_key(tmp_path, capsys):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[email]\nport = "abc"\n', encoding="utf-8")
    assert main(["run", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing: error: ") and "[email].port" in err and "abc" in err


def test_argparse_rejects_a_bad_task_runner(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["run", "--task-runner", "celery"])
    assert exc.value.code == 2
    assert "--task-runner" in capsys.readouterr().err


def _run_cli(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_") and k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONUNBUFFERED="1")
    exe = shutil.which("briefing")
    cmd = [exe] if exe else [sys.executable, "-m", "flows.cli"]
    return subprocess.run(cmd + args, cwd=cwd, env=env, capture_output=True, text=True, timeout=400)


@pytest.mark.slow
def test_dask_task_runner_gives_a_byte_identical_briefing(tmp_path, samples_dir):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for p in samples_dir.iterdir():
        if DAY in p.name:
            shutil.copy2(p, inbox)
    (inbox / "empty_2025-02-20_p07.txt").write_bytes(b"")
    runs = {}
    for runner in ("default", "dask"):
        box = tmp_path / f"inbox-{runner}"
        shutil.copytree(inbox, box)
        out = tmp_path / f"out-{runner}"
        proc = _run_cli(["run", "--inbox", str(box), "--out", str(out), "--date", DAY, "--task-runner", runner],
                        tmp_path, tmp_path / f"home-{runner}")
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
        runs[runner] = {f: (out / DAY / f"briefing.{f}").read_bytes() for f in FORMATS}
    for fmt in FORMATS:
        a, b = runs["default"][fmt].decode(), runs["dask"][fmt].decode()
        diff = "\n".join(difflib.unified_diff(a.splitlines(), b.splitlines(), "default", "dask", lineterm="", n=1))
        assert a == b, f"briefing.{fmt} differs between the task runners:\n{diff[:3000]}"
