"""The Dask task runner changes where the work runs, not what it produces: `briefing run --task-runner dask`
and the default runner write byte-identical briefings from the same samples."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from smtp_server import DAY, make_inbox, run_briefing, run_env  # noqa: E402

pytest.importorskip("prefect_dask", reason="prefect-dask provides the Dask task runner")

FORMATS = ("md", "txt", "html", "json")


def _brief(tmp: Path, runner: str) -> dict[str, bytes]:
    out = tmp / f"out-{runner}"
    run = run_briefing(["run", "--inbox", str(tmp / "inbox"), "--out", str(out), "--date", DAY, "--no-email",
                        "--task-runner", runner], cwd=tmp, env=run_env(), timeout=300)
    assert run.rc == 0, run.tail()
    return {fmt: (out / DAY / f"briefing.{fmt}").read_bytes() for fmt in FORMATS}


@pytest.mark.slow
def test_dask_and_default_runner_write_identical_briefings(tmp_path: Path) -> None:
    names = make_inbox(tmp_path / "inbox")
    default = _brief(tmp_path, "default")
    dask = _brief(tmp_path, "dask")
    a, b = json.loads(default["json"]), json.loads(dask["json"])
    assert a == b
    # byte-identical, as the README promises: generated_at comes from the date, not the clock
    assert a["generated_at"] == "2025-02-20T00:00:00+08:00"
    for fmt in FORMATS:
        assert default[fmt] == dask[fmt], f"briefing.{fmt} differs between the default and the Dask runner"
    # the runs did brief the whole day (identical empty briefings would prove nothing)
    files = {ap["file"] for s in a["sections"] for it in s["items"] for ap in it["appearances"]}
    assert files | {f["file"] for f in a["failed"]} == set(names)
    assert a["counts"]["articles"] >= len(names)
