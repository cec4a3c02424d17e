"""The baselines run on today's libraries and keep the shared contract."""
from __future__ import annotations

import subprocess
import sys

import summarizers
from summarizers.base import candidates

TEXT = ("凯里市第十届人民代表大会第四次会议召开，大会表决通过了政府工作报告。"
        "代表们认为，报告实事求是，目标明确，措施有力。"
        "会议补选了市人大常委会副主任，选举产生了市人民法院院长。"
        "大会号召全市上下团结一心，奋力谱写中国式现代化凯里篇章。"
        "会议期间，代表们围绕乡村振兴、城市更新、就业增收等提出建议。")


def test_networkx_shim_restores_from_numpy_matrix():
    code = ("import networkx as nx, numpy as np\n"
            "assert not hasattr(nx, 'from_numpy_matrix'), 'networkx < 3: the shim is not exercised'\n"
            "from summarizers.methods import textrank4zh as t\n"
            "t._shim(nx); t._shim(nx)\n"
            "g = nx.from_numpy_matrix(np.array([[0, 1.0], [1.0, 0]]))\n"
            "print(sorted(g.edges(data='weight')))\n"
            "from textrank4zh import util\n"
            "print([x.index for x in util.sort_sentences(['甲乙', '乙丙', '丁'], [['甲', '乙'], ['乙', '丙'], ['丁']])])\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = run.stdout.splitlines()
    assert lines[0] == "[(0, 1, 1.0)]"
    assert sorted(eval(lines[1])) == [0, 1, 2]  # noqa: S307 - our own printed list


def test_textrank4zh_summary_is_whole_sentences_in_document_order():
    got = summarizers.summarize(TEXT, method="textrank4zh", max_sentences=3)
    whole = [s.text for s in candidates(TEXT)]
    assert len(got) == 3 and all(s in whole for s in got)
    assert [whole.index(s) for s in got] == sorted(whole.index(s) for s in got)


def test_snownlp_picks_are_mapped_back_to_whole_sentences():
    """snownlp ranks comma clauses (and repeats them); we return the whole sentences holding its picks."""
    from snownlp import SnowNLP

    clauses = SnowNLP(TEXT).summary(limit=3)
    assert any(c + "。" not in TEXT and c in TEXT for c in clauses)  # its picks are clauses
    got = summarizers.summarize(TEXT, method="snownlp", max_sentences=3)
    whole = [s.text for s in candidates(TEXT)]
    assert len(got) == 3 and len(set(got)) == 3 and all(s in whole for s in got)
    assert [whole.index(s) for s in got] == sorted(whole.index(s) for s in got)
    first_pick = next(s for s in whole if clauses[0] in s)
    assert first_pick in got


def test_baseline_libraries_load_only_for_their_method():
    code = ("import sys, summarizers\n"
            "summarizers.summarize('会议召开。代表发言。', method='default')\n"
            "before = {m for m in ('snownlp', 'textrank4zh', 'networkx') if m in sys.modules}\n"
            "summarizers.summarize('会议召开。代表发言。', method='textrank4zh')\n"
            "after = {m for m in ('snownlp', 'textrank4zh', 'networkx') if m in sys.modules}\n"
            "print(sorted(before), sorted(after))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[] ['networkx', 'textrank4zh']"


def test_textrank4zh_keywords_sorted_and_distinct():
    kws = summarizers.keywords(TEXT * 2, k=8, method="textrank4zh")
    assert len(kws) == 8 and len(set(kws)) == 8
