"""Every text page we have, parsed, every article field dumped: speed work on the parser must not change a byte.

    python benchmarks/check_parse.py dump OUT.jsonl [--inbox DIR] [--renders N]   # on the code as it is now
    python benchmarks/check_parse.py diff BEFORE.jsonl AFTER.jsonl                  # exit 1, name the differences
    python benchmarks/check_parse.py time --inbox DIR [--rounds 3]                  # CPU of parse_text per file

The pages: samples/bulletins, every .txt under tests/, ../shared/seeds, ../shared/real's PDF as text
(pdftotext default and -raw, pdfminer), perturbed re-renderings of the unseen test pages (tests/stress_parser.py,
seeds 1 and 2), tests/hostile.py's synthetic pages, a synthetic inbox (benchmarks/bench_scale.py's `build_day`)
with --inbox, and the PDF path (it shares the text path's stages) on every committed PDF. Not a test: it reads
../shared.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


def _decoded(path: Path) -> str:
    from bulletins.decode import decode_text

    return decode_text(path.read_bytes(), path.name)[0]


def _texts(inbox: Path | None, renders: int) -> Iterator[tuple[str, str]]:
    """(name, text) of every text page."""
    for folder in (ROOT / "samples", ROOT / "tests", SHARED / "seeds"):
        for path in sorted(folder.rglob("*.txt")):
            try:
                yield str(path.relative_to(ROOT.parent)), _decoded(path)
            except Exception:  # noqa: BLE001 - an undecodable test page is simply not a parser input
                continue
    pdf = SHARED / "real" / "p1_hyb_20241016_01.pdf"
    if pdf.is_file() and shutil.which("pdftotext"):
        with tempfile.TemporaryDirectory() as tmp:
            for mode, extra in (("default", []), ("raw", ["-raw"])):
                out = Path(tmp) / f"{mode}.txt"
                subprocess.run(["pdftotext", "-enc", "UTF-8", *extra, str(pdf), str(out)], check=True)
                yield f"real/{mode}", out.read_text("utf-8")
        from pdfminer.high_level import extract_text

        yield "real/pdfminer", extract_text(str(pdf))
    import hostile
    import stress_parser

    for name, text in hostile.synthetic_pages():
        yield f"hostile/{name}", text
    import random

    r1, pages1, r2 = stress_parser._mods()
    for seed in (1, 2):
        rng = random.Random(seed)
        for n in range(renders):
            if n % 2 == 0:
                text, gold, _ = stress_parser.render_v1(r1, pages1[rng.randrange(len(pages1))], rng)
            else:
                text, gold, _ = stress_parser.render_v2(r2, r2.PAGES[rng.randrange(len(r2.PAGES))], rng)
            yield f"stress/{seed}/{n}/{gold['source']}", text
    if inbox is not None:
        for path in sorted(inbox.iterdir()):
            yield f"inbox/{path.name}", _decoded(path)


def dump(out: Path, inbox: Path | None, renders: int) -> None:
    from bulletins.pdf import parse_pdf
    from bulletins.segment import parse_text

    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for name, text in _texts(inbox, renders):
            try:
                rec = {"page": name, "articles": [asdict(a) for a in parse_text(text, name.rsplit("/", 1)[-1])]}
            except Exception as exc:  # noqa: BLE001 - a refusal is an output too
                rec = {"page": name, "error": repr(exc)}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        for path in sorted([*ROOT.joinpath("tests").rglob("*.pdf"), *SHARED.joinpath("real").glob("*.pdf")]):
            try:
                rec = {"pdf": path.name, "articles": [asdict(a) for a in parse_pdf(path.read_bytes(), path.name)]}
            except Exception as exc:  # noqa: BLE001
                rec = {"pdf": path.name, "error": repr(exc)}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    print(f"{n} pages -> {out}")


def diff(before: Path, after: Path) -> int:
    a = before.read_text("utf-8").splitlines()
    b = after.read_text("utf-8").splitlines()
    bad = [k for k in range(max(len(a), len(b))) if k >= len(a) or k >= len(b) or a[k] != b[k]]
    for k in bad[:10]:
        print("DIFF", (json.loads(a[k]).get("page") or json.loads(a[k]).get("pdf")) if k < len(a) else k)
    print(f"{len(a)} vs {len(b)} records, {len(bad)} differ")
    return 1 if bad else 0


def timing(inbox: Path, rounds: int) -> None:
    from bulletins.segment import parse_text

    texts = [(p.name, _decoded(p)) for p in sorted(inbox.iterdir())]
    for name, text in texts[:20]:
        parse_text(text, name)  # warm: imports, jieba, regex caches
    for r in range(rounds):
        t0 = time.process_time()
        for name, text in texts:
            parse_text(text, name)
        dt = time.process_time() - t0
        print(f"round {r}: {dt:.3f} s CPU, {1000 * dt / len(texts):.3f} ms/file")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cmd", choices=("dump", "diff", "time"))
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--inbox", type=Path)
    ap.add_argument("--renders", type=int, default=150)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args.files[0], args.inbox, args.renders)
        return 0
    if args.cmd == "diff":
        return diff(args.files[0], args.files[1])
    timing(args.inbox, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
