"""`briefing ingest` through the real command line: JSON shape, order, encodings and bad input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main

KEYS = ["source", "index", "title", "kicker", "byline", "body", "subheads", "captions", "duplicate_of",
        "subtitle", "position", "notes"]


def run(capsys, *argv: str) -> tuple[int, list[dict] | str, str]:
    code = main(["ingest", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in argv else out), err


@pytest.fixture(scope="module")
def sample_paths(samples_dir: Path, samples_gold: dict) -> list[str]:
    return [str(samples_dir / p["source"]) for p in samples_gold["pages"]]


def test_json_shape_keys_types_and_order(capsys, sample_paths, samples_gold):
    paths = list(reversed(sample_paths))               # the given order, not sorted
    code, arts, err = run(capsys, *paths, "--json")
    assert code == 0 and err == ""
    assert arts and all(list(a) == KEYS for a in arts)
    for a in arts:
        assert isinstance(a["index"], int) and isinstance(a["title"], str) and isinstance(a["body"], str)
        assert all(a[k] is None or isinstance(a[k], str) for k in ("kicker", "byline", "subtitle", "duplicate_of"))
        assert all(isinstance(x, str) for x in a["subheads"] + a["captions"])
        assert a["title"] and a["body"]
        assert isinstance(a["position"], dict) and a["position"]["first_line"] <= a["position"]["last_line"]
        assert isinstance(a["notes"], list) and all(isinstance(n, str) for n in a["notes"])
    # paths in the given order, page order (index 0, 1, ...) within each
    sources = list(dict.fromkeys(a["source"] for a in arts))
    assert sources == paths
    for src in sources:
        assert [a["index"] for a in arts if a["source"] == src] == list(range(sum(a["source"] == src for a in arts)))
    # the reprint points at an article that was printed earlier in this run
    ids = [f"{a['source']}#{a['index']}" for a in arts]
    for k, a in enumerate(arts):
        if a["duplicate_of"]:
            assert a["duplicate_of"] in ids[:k]
    gold_titles = {str(Path(sample_paths[0]).parent / p["source"]): [g["title"] for g in p["articles"]]
                   for p in samples_gold["pages"]}
    for src in sources:
        assert [a["title"] for a in arts if a["source"] == src] == gold_titles[src]


def test_every_sample_encoding_is_read(capsys, samples_dir, samples_gold):
    encodings = {p["encoding"] for p in samples_gold["pages"]}
    assert {"utf-8", "gbk", "big5", "utf-16"} <= encodings, encodings
    for page in samples_gold["pages"]:
        code, arts, err = run(capsys, str(samples_dir / page["source"]), "--json")
        assert code == 0 and err == "", (page["source"], err)
        assert [a["title"] for a in arts] == [g["title"] for g in page["articles"]], page["encoding"]


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_same_page_in_any_encoding_gives_the_same_articles(capsys, seeds_dir, tmp_path, codec):
    text = (seeds_dir / "000_9272c14ccebe5f20.txt").read_text(encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_text(text, encoding="utf-8")
    other = tmp_path / f"page-{codec}.txt"
    other.write_bytes(text.encode(codec))
    _, want, _ = run(capsys, str(ref), "--json")
    code, got, err = run(capsys, str(other), "--json")
    assert code == 0 and err == ""
    assert [(a["title"], a["body"], a["captions"]) for a in got] == [(a["title"], a["body"], a["captions"]) for a in want]


def test_big5_page_is_read(capsys, samples_dir, samples_gold, tmp_path):
    page = next(p for p in samples_gold["pages"] if p["encoding"] == "big5")
    raw = (samples_dir / page["source"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    code, arts, err = run(capsys, str(samples_dir / page["source"]), "--json")
    assert code == 0 and [a["byline"] for a in arts] == [g["byline"] for g in page["articles"]]


@pytest.fixture
def bad_files(tmp_path: Path, samples_dir: Path) -> dict[str, tuple[Path, str]]:
    """file -> (path, word the error must contain)."""
    pdf = next(samples_dir.glob("*.pdf")).read_bytes()
    files = {
        "empty.txt": (b"", "empty"),
        "blank.txt": (b"  \n\n\t \n", "empty"),
        "photo.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
        "noise.txt": (bytes(range(256)) * 40, "binary"),
        "mangled.txt": ("县政协会议召开。".encode("gbk") * 20 + b"\xff\xfe\x80\x81\xfe" * 30 + b"\x81\x30", "undecodable"),
        "cut.pdf": (pdf[: len(pdf) // 2], "truncated"),
        "fake.pdf": (b"this is not a pdf at all", "not a PDF"),
        "huge.txt": ("本报讯（记者 王晨）县里开会。\n".encode() * 4000, "too large"),
        "memo.txt": ("今天开会\n明天放假\n".encode(), "no article"),
    }
    out = {}
    for name, (data, cause) in files.items():
        p = tmp_path / name
        p.write_bytes(data)
        out[name] = (p, cause)
    return out


def test_each_bad_input_is_named_with_its_cause_and_good_files_survive(capsys, bad_files, sample_paths):
    good = sample_paths[:2]
    bad = [str(p) for p, _ in bad_files.values()]
    code, arts, err = run(capsys, good[0], *bad, good[1], "--json", "--max-bytes", "40000")
    assert code == 0
    lines = err.strip().splitlines()
    assert len(lines) == len(bad_files), err
    for (path, cause), line in zip(bad_files.values(), lines, strict=True):
        assert line.startswith(f"briefing: error: {path}: "), line
        assert cause.lower() in line.lower(), line
    assert [s for s in dict.fromkeys(a["source"] for a in arts)] == good
    assert len(arts) >= 8


def test_nothing_readable_exits_non_zero(capsys, bad_files):
    code, arts, err = run(capsys, *(str(p) for p, _ in bad_files.values()), "--json", "--max-bytes", "40000")
    assert code != 0
    assert arts == []
    assert err.count("briefing: error:") == len(bad_files)


def test_missing_file_is_an_error_not_a_crash(capsys, tmp_path, sample_paths):
    code, arts, err = run(capsys, str(tmp_path / "nowhere.txt"), sample_paths[0], "--json")
    assert code == 0 and "nowhere.txt" in err and arts


def test_human_summary_without_json(capsys, sample_paths):
    code, out, err = run(capsys, *sample_paths[:2])
    assert code == 0
    assert out.splitlines()[0].startswith(sample_paths[0]) and "articles" in out.splitlines()[0]
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_console_script_end_to_end(sample_paths, tmp_path):
    """The installed `briefing` entry point, as a user runs it."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "ingest", sample_paths[0], str(empty), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)[0]["index"] == 0
    assert proc.stderr.strip() == f"briefing: error: {empty}: empty file (0 bytes)"


@pytest.mark.parametrize("codec", ["gbk", "utf-8", "big5"])
def test_a_page_with_a_few_broken_bytes_is_still_read(capsys, samples_dir, samples_gold, tmp_path, codec):
    # a bad copy or a cut-off last character must not lose the whole page: its articles come through
    page = next(p for p in samples_gold["pages"] if p["encoding"] in (("big5",) if codec == "big5" else ("utf-8", "gbk"))
                and p["source"].endswith(".txt"))
    raw = (samples_dir / page["source"]).read_bytes()
    text = raw.decode(page["encoding"])
    data = bytearray(text.encode(codec))
    middle = len(data) // 2
    data[middle:middle + 2] = b"\xff\xfe"  # two broken bytes mid-page
    broken = tmp_path / f"broken-{codec}.txt"
    broken.write_bytes(bytes(data[:-1]))  # and a cut-off last character
    with pytest.raises(UnicodeDecodeError):
        bytes(data).decode(codec)
    code, arts, err = run(capsys, str(broken), "--json")
    assert code == 0 and err == ""
    assert [a["title"] for a in arts] == [g["title"] for g in page["articles"]]
    assert not any("\ufffd" in a["body"] for a in arts)
