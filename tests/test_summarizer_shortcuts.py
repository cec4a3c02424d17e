"""The shortcuts issue 14 added to the summarizers must give what the long way gives.

`_crosses` walks only the chunks that fit in the text; `tag_many` looks words up in one pass and visits only the
misses. Each is checked against the long way on the samples' articles.
"""
from __future__ import annotations

import random

from summarizers import keywording, nlp


def _crosses_long_way(text: str, start: int, end: int) -> bool:
    freq = nlp.jieba_module().dt.FREQ
    for a, b in ((start, start), (end, end)):
        for left in range(1, 4):
            for right in range(1, 5 - left):
                chunk = text[max(0, a - left):b + right]
                if len(chunk) == left + right and (freq.get(chunk) or 0) >= 50:
                    return True
    return False


def test_crosses_is_the_long_way(samples_gold):
    rng = random.Random(14)
    bodies = [a["body"] for p in samples_gold["pages"] for a in p["articles"] if a.get("body")]
    hits = 0
    for body in bodies:
        for _ in range(40):
            start = rng.randrange(0, len(body) + 1)
            end = min(len(body), start + rng.randrange(1, 5))
            got = keywording._crosses(body, start, end)
            assert got == _crosses_long_way(body, start, end), (body[max(0, start - 3):end + 3], start, end)
            hits += got
    for start, end in ((0, 1), (0, 0), (len(bodies[0]), len(bodies[0]))):  # the text's own edges
        assert keywording._crosses(bodies[0], start, end) == _crosses_long_way(bodies[0], start, end)
    assert hits > 10


def test_tag_many_is_tag_of_each_text(samples_gold):
    """One jieba call for all texts gives each text's own tags; a text holding a line break falls back."""
    bodies = [a["body"] for p in samples_gold["pages"] for a in p["articles"] if a.get("body")]
    texts = [line for b in bodies[:6] for line in b.splitlines() if line.strip()] + ["", "Hello 世界 ５月"]
    assert nlp.tag_many(texts) == [nlp.tag(t) if t else [] for t in texts]
    assert nlp.tag_many(["会议指出", "各地要\n抓好落实"]) == [nlp.tag("会议指出"), nlp.tag("各地要\n抓好落实")]
