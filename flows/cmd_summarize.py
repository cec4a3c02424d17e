"""`briefing summarize` (JSONL in, JSONL out) and `briefing eval` (character ROUGE per method and length)."""
from __future__ import annotations

import json
import os
import sys
import time
from argparse import Namespace
from pathlib import Path
from typing import Any


def _read_jsonl(path: str):
    """Yield (line number, object or error message) for each non-blank line."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield lineno, f"not valid JSON ({exc.msg} at column {exc.colno})"
                continue
            if not isinstance(obj, dict):
                yield lineno, f"expected a JSON object, got {type(obj).__name__}"
                continue
            yield lineno, obj


def _not_a_file(path: str) -> str:
    return "a folder, expected a JSONL file" if Path(path).is_dir() else "no such file"


def _summarize_one(obj: dict, args: Namespace) -> dict[str, Any]:
    import summarizers

    if "id" not in obj:
        raise ValueError("missing 'id'")
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("'text' must be a string")
    max_chars = args.max_chars
    if args.budget_from:
        field = obj.get(args.budget_from)
        if not isinstance(field, str) or not field:
            raise ValueError(f"--budget-from {args.budget_from}: field missing or empty")
        max_chars = len(field)
    analysis = summarizers.analyze(text)  # one segmentation for the summary and the keywords
    sentences = summarizers.summarize(text, method=args.method, max_chars=max_chars, analysis=analysis)
    keywords = (summarizers.keywords(text, k=args.keywords, method=args.method, analysis=analysis)
                if args.keywords else [])
    return {"id": obj["id"], "summary": "".join(sentences), "sentences": sentences, "keywords": keywords}


def main_summarize(args: Namespace) -> int:
    """Summaries and keywords for each {id, text} line; a bad line is reported and skipped, exit 1 at the end."""
    import summarizers

    if args.method not in summarizers.METHODS:
        print(f"briefing summarize: unknown method {args.method!r}; choose one of: "
              f"{', '.join(summarizers.METHODS)}", file=sys.stderr)
        return 2
    if args.keywords < 0:
        print("briefing summarize: --keywords must be 0 or more", file=sys.stderr)
        return 2
    if args.user_dict:
        try:
            summarizers.load_user_dict(args.user_dict)
        except (OSError, ValueError) as exc:
            print(f"briefing summarize: {exc}", file=sys.stderr)
            return 2
    if not Path(args.input).is_file():
        print(f"briefing summarize: {args.input}: {_not_a_file(args.input)}", file=sys.stderr)
        return 2
    failed = 0
    out = sys.stdout
    try:
        for lineno, obj in _read_jsonl(args.input):
            if isinstance(obj, str):
                print(f"{args.input}:{lineno}: {obj}", file=sys.stderr)
                failed += 1
                continue
            try:
                row = _summarize_one(obj, args)
            except ValueError as exc:
                print(f"{args.input}:{lineno}: {exc}", file=sys.stderr)
                failed += 1
                continue
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()  # here, not at exit: a closed pipe must be seen by the handler below
    except BrokenPipeError:
        # `briefing summarize ... | head`: the reader left. Not the input's fault, and not an error of ours;
        # stdout goes to /dev/null so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.input}: cannot read ({exc})", file=sys.stderr)
        return 1
    if failed:
        print(f"briefing summarize: {failed} line(s) of {args.input} skipped", file=sys.stderr)
    return 1 if failed else 0


FOLDS = 5


def _bucket_stats(items: list[dict[str, float]], values: list[float], parts: list[list[int]]) -> dict[str, Any]:
    """Means, the bootstrap 95 % interval of ROUGE-L and the spread of its per-fold means."""
    from summarizers import tuning

    lo, hi = tuning.bootstrap_ci(values)
    fmin, fmax, fsd = tuning.fold_spread(values, parts) if values else (0.0, 0.0, 0.0)
    return {"n": len(items), **{k: (sum(i[k] for i in items) / len(items) if items else 0.0)
                                for k in ("rouge1", "rouge2", "rougeL")},
            "rougeL_ci95": [lo, hi], "rougeL_folds": {"min": fmin, "max": fmax, "sd": fsd}}


def _buckets(scores: list[dict[str, float]], is_long: list[bool], k: int) -> dict[str, Any]:
    from summarizers import tuning

    out = {}
    for b in ("all", "short", "long"):
        idx = [i for i, x in enumerate(is_long) if b == "all" or x == (b == "long")]
        items = [scores[i] for i in idx]
        values = [s["rougeL"] for s in items]
        out[b] = _bucket_stats(items, values, tuning.folds(len(values), k) if values else [])
    return out


def evaluate(rows: list[dict], methods: list[str], long_min: int = 500, k: int = FOLDS) -> dict[str, Any]:
    """Mean ROUGE F1 per method and length bucket (max_chars = len(reference summary)), each ROUGE-L with a
    bootstrap 95 % interval and its per-fold spread over k folds; for `default`, also the k-fold
    cross-validated score of tuning its candidate parameters (summarizers.tuning.GRID: each fold summarised
    with the values best on the other folds), and both against Lead, paired by article."""
    import summarizers
    from summarizers import rouge, tuning

    is_long = [len(r["text"]) >= long_min for r in rows]
    report: dict[str, Any] = {"n": len(rows), "long_min_chars": long_min, "folds": k, "methods": {}}
    for method in methods:
        started = time.perf_counter()
        scores = []
        for r in rows:
            pred = "".join(summarizers.summarize(r["text"], method=method, max_chars=max(1, len(r["summary"]))))
            scores.append(rouge.scores(pred, r["summary"]))
        report["methods"][method] = {"seconds": round(time.perf_counter() - started, 3),
                                     **_buckets(scores, is_long, k)}
        if method == "default" and len(rows) >= 2 * k:
            cfgs = tuning.configs()
            parts = tuning.folds(len(rows), k)
            weights = tuning.bucket_weights(is_long)
            cv = {m: tuning.cross_validate(tuning.score_matrix(rows, cfgs, m), parts, weights)
                  for m in ("rouge1", "rouge2", "rougeL")}
            cv_scores = [{m: cv[m]["scores"][i] for m in cv} for i in range(len(rows))]
            report["methods"][f"default tuned ({k}-fold CV)"] = {
                "chosen": [cfgs[c] for c in cv["rougeL"]["chosen"]], **_buckets(cv_scores, is_long, k)}
            report["cv_scores"] = [c["rougeL"] for c in cv_scores]
            report["default_scores"] = [s["rougeL"] for s in scores]
    if "default_scores" in report and "lead" in methods:
        lead = _lead_scores(rows)
        report["vs_lead"] = _paired(report.pop("default_scores"), lead, is_long)
        report["tuned_vs_lead"] = _paired(report.pop("cv_scores"), lead, is_long)
    report.pop("cv_scores", None)
    report.pop("default_scores", None)
    return report


def _lead_scores(rows: list[dict]) -> list[float]:
    import summarizers
    from summarizers import rouge

    return [rouge.scores("".join(summarizers.summarize(r["text"], method="lead", max_chars=max(1, len(r["summary"])))),
                         r["summary"])["rougeL"] for r in rows]


def _paired(mine: list[float], lead: list[float], is_long: list[bool]) -> dict[str, Any]:
    """Cross-validated default minus Lead, article by article: mean and paired bootstrap 95 % interval."""
    from summarizers import tuning

    out = {}
    for b in ("all", "short", "long"):
        d = [x - y for x, y, lg in zip(mine, lead, is_long, strict=True) if b == "all" or lg == (b == "long")]
        lo, hi = tuning.bootstrap_ci(d)
        out[b] = {"n": len(d), "mean": sum(d) / len(d) if d else 0.0, "ci95": [lo, hi]}
    return out


def format_report(report: dict[str, Any]) -> str:
    lines = [f"{report['n']} articles; budget = reference length; short < {report['long_min_chars']} <= long "
             "characters of article text; char ROUGE F1 x 100; ROUGE-L with its bootstrap 95 % interval and the "
             f"min-max of its {report.get('folds', FOLDS)} fold means", "",
             "| method | bucket | n | ROUGE-1 | ROUGE-2 | ROUGE-L | R-L 95 % CI | R-L fold min-max |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for method, res in report["methods"].items():
        for b in ("all", "short", "long"):
            s = res[b]
            lo, hi = s["rougeL_ci95"]
            f = s["rougeL_folds"]
            lines.append(f"| {method} | {b} | {s['n']} | {s['rouge1']:.2f} | {s['rouge2']:.2f} | {s['rougeL']:.2f} "
                         f"| {lo:.2f}-{hi:.2f} | {f['min']:.2f}-{f['max']:.2f} |")
    for key, what in (("vs_lead", "default (no fitted parameter)"),
                      ("tuned_vs_lead", "default with its candidate parameters tuned by cross-validation")):
        if key in report:
            lines += ["", f"{what} minus Lead, ROUGE-L, paired by article (bootstrap 95 % interval):"]
            for b, d in report[key].items():
                lines.append(f"  {b} (n={d['n']}): {d['mean']:+.2f} [{d['ci95'][0]:+.2f}, {d['ci95'][1]:+.2f}]")
    return "\n".join(lines)


def main_eval(args: Namespace) -> int:
    """Score methods on a reference JSONL (id, text, summary)."""
    import summarizers

    methods = args.methods or list(summarizers.METHODS)
    unknown = [m for m in methods if m not in summarizers.METHODS]
    if unknown:
        print(f"briefing eval: unknown method(s) {', '.join(unknown)}; choose from: "
              f"{', '.join(summarizers.METHODS)}", file=sys.stderr)
        return 2
    if "lead" not in methods:
        methods = [*methods, "lead"]
    if not Path(args.data).is_file():
        print(f"briefing eval: {args.data}: {_not_a_file(args.data)}", file=sys.stderr)
        return 2
    rows, bad = [], 0
    try:
        for lineno, obj in _read_jsonl(args.data):
            if isinstance(obj, str) or not isinstance(obj.get("text"), str) or not isinstance(obj.get("summary"), str):
                print(f"{args.data}:{lineno}: {obj if isinstance(obj, str) else 'needs string text and summary'}",
                      file=sys.stderr)
                bad += 1
                continue
            rows.append(obj)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"briefing eval: {args.data}: cannot read ({exc})", file=sys.stderr)
        return 2
    report = evaluate(rows, methods, args.long_min)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return 1 if bad else 0
