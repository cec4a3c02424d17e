"""Our ROUGE agrees with ../shared/eval/score.py; `briefing eval` and `briefing summarize` behave."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import summarizers
from summarizers import rouge

ARTICLE = ("2月15日，凯里市两辆返岗直通车启程，车内满载外出务工人员。当天，两辆大巴车输送外出务工人员合计60余人。"
           "截至目前，凯里市已护送200余名农民工赶赴广州、深圳等地。")


ROOT = Path(__file__).resolve().parent.parent


def briefing(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, timeout=600,
                          cwd=ROOT)


def test_rouge_by_hand():
    s = rouge.scores("ＡＢ，cd!", "ab cd")  # NFKC + lower case + punctuation and spaces dropped
    assert s == {"rouge1": 100.0, "rouge2": 100.0, "rougeL": 100.0}
    s = rouge.scores("甲乙丙丁", "甲丙乙丁戊")
    assert round(s["rougeL"], 4) == round(100 * 2 * (3 / 4) * (3 / 5) / (3 / 4 + 3 / 5), 4)
    assert rouge.scores("", "甲")["rouge1"] == 0.0
    assert rouge.scores("甲甲甲", "甲")["rouge1"] == pytest.approx(100 * 2 * (1 / 3) / (1 / 3 + 1))  # clipped


def test_rouge_agrees_with_score_py(eval_dev, tmp_path):
    rows = [json.loads(line) for line in eval_dev.read_text(encoding="utf-8").splitlines() if line.strip()][:80]
    preds = tmp_path / "preds.jsonl"
    mine = []
    with preds.open("w", encoding="utf-8") as f:
        for i, r in enumerate(rows):
            method = summarizers.METHODS[i % 2]  # default and lead
            pred = "".join(summarizers.summarize(r["text"], method=method, max_chars=len(r["summary"])))
            f.write(json.dumps({"id": r["id"], "summary": pred}, ensure_ascii=False) + "\n")
            mine.append(rouge.scores(pred, r["summary"]))
    details = tmp_path / "details.jsonl"
    refs = tmp_path / "refs.jsonl"
    refs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    score_py = eval_dev.parent / "score.py"
    subprocess.run([sys.executable, str(score_py), "--refs", str(refs), "--preds", str(preds),
                    "--details", str(details)], check=True, capture_output=True, cwd=eval_dev.parent)
    theirs = [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]
    assert len(theirs) == len(mine)
    for a, b in zip(mine, theirs, strict=True):
        for key in ("rouge1", "rouge2", "rougeL"):
            assert a[key] == pytest.approx(b[key], abs=1e-9)


@pytest.mark.slow
def test_briefing_eval_table_and_json(eval_dev, tmp_path):
    rows = [json.loads(line) for line in eval_dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    small = tmp_path / "dev_small.jsonl"
    pick = [r for r in rows if len(r["text"]) >= 500][:4] + [r for r in rows if len(r["text"]) < 500][:10]
    small.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pick), encoding="utf-8")
    run = briefing("eval", "--data", str(small), "--method", "default", "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    # the Lead row is always there; issue 12 adds default's cross-validated tuning, intervals and fold spread
    assert set(report["methods"]) == {"default", "default tuned (5-fold CV)", "lead"}
    assert report["methods"]["default"]["long"]["n"] == 4 and report["methods"]["default"]["short"]["n"] == 10
    for res in report["methods"].values():
        for bucket in ("short", "long"):
            lo, hi = res[bucket]["rougeL_ci95"]
            folds = res[bucket]["rougeL_folds"]
            assert lo <= res[bucket]["rougeL"] <= hi and folds["min"] <= folds["max"]
    assert set(report["vs_lead"]) == {"all", "short", "long"} and report["vs_lead"]["long"]["n"] == 4
    run = briefing("eval", "--data", str(small), "--method", "lead", "--long-min", "100000")
    assert run.returncode == 0 and "| lead | short | 14 |" in run.stdout
    assert briefing("eval", "--data", str(small), "--method", "nope").returncode == 2


def test_briefing_summarize_jsonl(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": ARTICLE, "summary": "凯里市两辆返岗直通车启程。"}, ensure_ascii=False) + "\n"
        + "{not json\n"
        + json.dumps({"id": "b"}) + "\n"
        + json.dumps({"id": "c", "text": "本报讯（记者 张三）今天下雨。明天放晴。", "summary": "今天下雨。"},
                     ensure_ascii=False) + "\n", encoding="utf-8")
    run = briefing("summarize", str(src), "--keywords", "3")
    assert run.returncode == 1
    assert f"{src}:2:" in run.stderr and f"{src}:4:" not in run.stderr and f"{src}:3:" in run.stderr
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "c"]
    for o in out:
        assert set(o) == {"id", "summary", "sentences", "keywords"}
        assert o["summary"] == "".join(o["sentences"]) and len(o["summary"]) <= 120
        assert len(o["keywords"]) <= 3
    assert out[1]["sentences"][0] == "今天下雨。"
    run = briefing("summarize", str(src), "--budget-from", "summary", "--method", "lead", "--keywords", "0")
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(out[0]["summary"]) <= len("凯里市两辆返岗直通车启程。") and out[0]["keywords"] == []
    assert out[1]["summary"] == "今天下雨。"


def test_briefing_summarize_bad_arguments(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False) + "\n", encoding="utf-8")
    run = briefing("summarize", str(src), "--method", "nope")
    assert run.returncode == 2 and "textrank4zh" in run.stderr
    run = briefing("summarize", str(tmp_path / "missing.jsonl"))
    assert run.returncode == 2 and "missing.jsonl" in run.stderr
    run = briefing("summarize", str(src), "--user-dict", str(tmp_path / "nodict.txt"))
    assert run.returncode == 2 and "nodict.txt" in run.stderr
    words = tmp_path / "dict.txt"
    words.write_text("返岗直通车 20 nz\n", encoding="utf-8")
    run = briefing("summarize", str(src), "--user-dict", str(words))
    assert run.returncode == 0, run.stderr
    assert "返岗直通车" in json.loads(run.stdout)["keywords"]


def test_bootstrap_interval_and_cross_validation_by_hand():
    from summarizers import tuning

    values = [10.0] * 50 + [20.0] * 50
    lo, hi = tuning.bootstrap_ci(values)
    assert 13.0 < lo < 15.0 < hi < 17.0 and tuning.bootstrap_ci(values) == (lo, hi)  # fixed seed
    parts = tuning.folds(10, 5)
    assert sorted(i for p in parts for i in p) == list(range(10)) and all(len(p) == 2 for p in parts)
    # config 0 is best on every article but 0 and 1; config 1 only there: each fold must pick by the others
    matrix = [[0.0, 0.0] + [5.0] * 8, [9.0, 9.0] + [1.0] * 8]
    cv = tuning.cross_validate(matrix, parts)
    assert cv["chosen"] == [0] * 5 and cv["scores"] == [0.0, 0.0] + [5.0] * 8
    assert tuning.best_config(matrix) == 0
    assert tuning.bucket_weights([True, False, False]) == [0.5, 0.25, 0.25]
