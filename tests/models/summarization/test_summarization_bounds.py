"""The summarizers' memory is bounded by the limits, whatever the input's shape.

Measured in a fresh subprocess (its own peak RSS, VmHWM), never as a timed assertion.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

LIMIT_MB = 300
SCRIPT = r"""
import json, random, sys
import numpy, scipy, sklearn.feature_extraction.text, sklearn.metrics.pairwise  # baseline first
from tarjama.models.summarization.engine import Summarizer
from tarjama.models.summarization.types import ArticleText, SummaryLength

def peak_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024

rng = random.Random(0)
sentences = ["".join(rng.choice("abcdefghijklmnop") for _ in range(6)) + "."
             for _ in range(int(sys.argv[1]))]
article = ArticleText("big", None, sentences)
summarizer = Summarizer()
before = peak_mb()
summary = summarizer.summarize_article(article, SummaryLength(sentences=4))
article_peak = peak_mb() - before
collection = summarizer.summarize_collection([article, article], SummaryLength(sentences=4))
print(json.dumps({"article_mb": article_peak, "total_mb": peak_mb() - before,
                  "notes": summary.notes + collection.notes,
                  "sentences": len(summary.sentences)}))
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_fifty_thousand_one_word_sentences_stay_under_the_memory_bound():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "50000"], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["sentences"] == 4
    assert result["article_mb"] < LIMIT_MB, result
    assert result["total_mb"] < LIMIT_MB, result
    # The result says that only part of the article was ranked, and under which limit.
    assert any("TARJAMA_MAX_RANKED_SENTENCES" in note for note in result["notes"])
