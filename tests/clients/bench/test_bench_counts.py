"""bench --neighbours and the bench report lines: what they count, on constructed inputs."""

from __future__ import annotations

from tarjama.clients.bench.neighbours import NeighbourReport, measure
from tarjama.models.translation.fake_backend import FakeBackend


class NeighbourSensitive(FakeBackend):
    """Like FakeBackend, but a sentence batched with a longer one comes out marked, as a
    padded batch can tip a near-tie in a real model's beam search."""

    def generate(self, texts, **kwargs):
        outputs = super().generate(texts, **kwargs)
        longest = max(len(text) for text in texts)
        return [
            type(out)(out.text + ("*" if len(text) < longest else ""), out.output_tokens)
            for text, out in zip(texts, outputs, strict=True)
        ]


ARTICLES = [["ا ب", "ا ب ت ث ج", "ا"], ["ب ت ث", "ب"]]


def test_a_batch_independent_model_never_differs():
    outputs = measure(FakeBackend(), ARTICLES, beam=1, batch_size=8)
    assert outputs["count"] == 5
    assert outputs["alone"] == outputs["article"] == outputs["server"]


def test_differences_are_counted_per_way_of_batching():
    outputs = measure(NeighbourSensitive(), ARTICLES, beam=1, batch_size=2)
    alone, article, server = outputs["alone"], outputs["article"], outputs["server"]
    assert all(not text.endswith("*") for text in alone.values())
    # Own article's batches of 2 by tokens: ("ا", "ا ب"), ("ا ب ت ث ج",); ("ب", "ب ت ث").
    assert sorted(i for i in article if article[i] != alone[i]) == [2, 4]
    # Across articles by tokens: ("ا", "ب"), ("ا ب", "ب ت ث"), ("ا ب ت ث ج",).
    assert sorted(i for i in server if server[i] != alone[i]) == [0]
    assert sorted(i for i in server if server[i] != article[i]) == [0, 2, 4]


def test_the_report_says_how_often_in_one_line_each():
    report = NeighbourReport("m", "hf", 4, 8, 200, 10, 20, 5, 1.0)
    lines = report.lines()
    assert "server vs in-process" in lines[-1] and "5 of 200 (2.5%)" in lines[-1]


def test_the_cache_line_counts_what_the_other_lines_count():
    from tarjama.clients.bench.load import LoadResult, ServerInfo, cache_note

    result = LoadResult(clients=2, requests=10, sentences=80, pieces=80, warm_up_pieces=16)
    before, after = ServerInfo(0, "m", 5, 50), ServerInfo(0, "m", 101, 50)
    note = cache_note(result, before, after)
    assert note.startswith("96 of the 96 sentences the server translated came from its")
    assert "80 in the 10 counted requests, 16 in the warm-up)" in note
    assert cache_note(result, before, before) == ""
