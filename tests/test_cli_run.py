"""`briefing run`: the samples by default, progress and paths, option errors, and Dask == default."""
from __future__ import annotations

import difflib
import hashlib
import json
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
    # stdout is not a terminal here: no progress lines (issue 15; test_operator checks them in a pty), only
    # the report and the paths
    assert not any(ln.startswith("[") or ln.strip().endswith(("article", "articles")) for ln in lines), first
    assert lines[0].startswith(f"briefing {DAY}: 9 bulletins, 37 articles")
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
    assert "briefing 2025-02-19: 1 bulletin, 5 articles" in out
    assert (tmp_path / "2025-02-19" / "briefing.md").exists()


def test_inbox_run_moves_a_bad_file_and_lists_it(tmp_path, samples_dir, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy2(samples_dir / "mingtan-news_2025-02-20_p01.txt", inbox)
    (inbox / "broken_2025-02-20_p02.pdf").write_bytes(b"%PDF-1.4\n garbage")
    assert main(["run", "--inbox", str(inbox), "--out", str(tmp_path / "out"), "--date", DAY]) == 0
    out = capsys.readouterr().out
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


def test_a_folder_given_as_a_file_is_named_as_a_folder(tmp_path, capsys):
    folder = tmp_path / "kaili-news_2025-02-20_p01.txt"  # a folder whose name looks like a bulletin
    folder.mkdir()
    assert main(["run", str(folder), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing: error: FILES:") and repr(str(folder)) in err
    assert "a folder" in err and "--inbox" in err and "no such file" not in err
    assert not (tmp_path / "out").exists()


def test_template_syntax_error_is_refused_before_the_run(tmp_path, samples_dir, capsys):
    """A typo in the user's template folder: exit 2 naming file and line, before any bulletin is read (and
    before Prefect starts), nothing written."""
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "briefing.txt.j2").write_text("{{ title }}\n{% for s in sections %}\n{{ s.name }\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(samples_dir / "songhe-news_2025-02-20_p02.txt"), "--templates", str(tpl),
                 "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("briefing: error: ")
    assert f"{tpl / 'briefing.txt.j2'}:3: template syntax error" in captured.err
    assert captured.out == "" and not out.exists()


def test_summarize_into_a_closed_pipe_is_quiet(tmp_path):
    """`briefing summarize IN.jsonl | head`: the reader leaving is not a fault of the input file."""
    data = tmp_path / "in.jsonl"
    text = "凯里市召开春耕备耕工作推进会。会议要求抓好农资调运储备。各乡镇要把任务落实到田块。"
    data.write_text("".join(f'{{"id": "a{i}", "text": "{text}"}}\n' for i in range(3)), encoding="utf-8")
    exe = shutil.which("briefing")
    cmd = [exe] if exe else [sys.executable, "-m", "flows.cli"]
    proc = subprocess.Popen(cmd + ["summarize", str(data)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(120) == 0, err
    assert err == ""


def test_eval_and_summarize_name_an_unreadable_input(tmp_path, capsys):
    """A binary file or a folder where a JSONL file belongs: one line naming it and the cause, exit 2."""
    binary = tmp_path / "dev.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert main(["eval", "--data", str(binary), "--method", "lead"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"briefing eval: {binary}: cannot read (") and "utf-8" in err
    for argv in (["eval", "--data", str(tmp_path)], ["summarize", str(tmp_path)]):
        assert main(argv) == 2
        assert f"{tmp_path}: a folder, expected a JSONL file" in capsys.readouterr().err


def test_ingest_json_shows_a_gbk_file_name_as_text(tmp_path, samples_dir, capsys):
    """A GBK-named page (Windows zip) must not put raw GBK bytes into the UTF-8 JSON or the error lines."""
    page = tmp_path / os.fsdecode("黔东南日报_第一版.txt".encode("gbk"))
    shutil.copy2(samples_dir / "songhe-news_2025-02-20_p02.txt", page)
    empty = tmp_path / os.fsdecode("空白.txt".encode("gbk"))
    empty.write_bytes(b"")
    assert main(["ingest", "--json", str(page), str(empty)]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert rows and {r["source"] for r in rows} == {f"{tmp_path}/黔东南日报_第一版.txt"}
    assert captured.err == f"briefing: error: {tmp_path}/空白.txt: empty file (0 bytes)\n"
    captured.out.encode("utf-8")  # no surrogate escapes left: printable as UTF-8


def test_serve_refuses_a_broken_template_folder_before_contacting_prefect(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # never contacted: the check comes first
    (tmp_path / "briefing.html.j2").write_text("<p>{{ title }</p>\n", encoding="utf-8")
    assert main(["serve", "--templates", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing: error: ") and f"{tmp_path / 'briefing.html.j2'}:1: template syntax" in err


@pytest.mark.slow
def test_run_into_a_closed_pipe_still_briefs_and_commits(tmp_path, samples_dir):
    """`briefing run --inbox DIR | head -1`: stdout closes after the first line; the progress lines that
    follow must not fail the flow: the briefing is written, the bad file set aside, exit 0."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy2(samples_dir / "songhe-news_2025-02-20_p02.txt", inbox)
    (inbox / "empty_2025-02-20_p09.txt").write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_") and k != "PREFECT_API_URL"}
    # progress lines are only for terminals; forced on here so that they, too, meet the closed pipe
    env.update(PREFECT_HOME=str(tmp_path / "home"), PREFECT_SERVER_ANALYTICS_ENABLED="false", BRIEFING_PROGRESS="1")
    exe = shutil.which("briefing")
    cmd = [exe] if exe else [sys.executable, "-m", "flows.cli"]
    proc = subprocess.Popen(cmd + ["run", "--inbox", str(inbox), "--out", str(out), "--date", DAY], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert b"] briefing inbox " in proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(400) == 0, err[-3000:]
    assert "Traceback" not in err and "Broken pipe" not in err, err[-3000:]
    assert (out / DAY / "briefing.json").exists() and (out / ".state" / "ledger.json").exists()
    assert (inbox / "failed" / "empty_2025-02-20_p09.txt").exists()


@pytest.mark.slow
def test_template_error_at_render_time_is_one_line_without_traceback(tmp_path, samples_dir):
    """A template that compiles but fails on the day's data fails the run (exit 1) with one line naming
    file and line; Prefect's record of the failed task stays, its traceback does not reach the user."""
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "briefing.md.j2").write_text("# {{ title }}\n{{ no_such_field.x }}\n", encoding="utf-8")
    proc = _run_cli(["run", str(samples_dir / "songhe-news_2025-02-20_p02.txt"), "--templates", str(tpl),
                     "--out", str(tmp_path / "out")], tmp_path, tmp_path / "home")
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-3000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("briefing: error: ") and "briefing.md.j2:2" in last and "no_such_field" in last, last
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr[-3000:]
    assert "Task run failed with exception: RenderError" in proc.stderr  # the log still says what failed


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
