"""The shared primitives: the thread budget, message shortening, model labels, id limits."""

from __future__ import annotations

import pytest

from tarjama.models.errors import InvalidInput, TarjamaError, counted, model_label, shown
from tarjama.models.limits import Limits
from tarjama.models.threads import plan_threads, usable_cores


@pytest.mark.parametrize(
    ("threads", "workers", "cores", "expected"),
    [
        (0, 0, 2, (2, 1)),  # default: one single-threaded batch per core
        (1, 0, 2, (1, 1)),
        (0, 1, 2, (1, 2)),  # one batch may use every core
        (4, 2, 8, (2, 2)),
        (0, 5, 2, (2, 1)),  # never more workers than threads
        (3, 2, 4, (2, 1)),  # 2 x 1 <= 3: never over the budget
    ],
)
def test_plan_never_exceeds_the_budget(threads, workers, cores, expected):
    plan = plan_threads(threads, workers, cores=cores)
    assert (plan.workers, plan.intra) == expected
    assert plan.total <= (threads or cores)


def test_usable_cores_is_positive():
    assert usable_cores() >= 1


def test_shown_shortens_and_escapes():
    assert shown("fr") == "'fr'"
    long = shown("x" * 10_117)
    assert long.endswith("(10,117 characters)") and len(long) < 80
    assert "\\n" in shown("a\nb") and "\\u202e" in shown("a\u202eb")


def test_counts_take_the_noun_in_the_right_number():
    assert counted(1, "article") == "1 article"
    assert counted(0, "article") == "0 articles"
    assert counted(2, "sentence") == "2 sentences"
    assert counted(2, "batch", "batches") == "2 batches"


def test_messages_are_one_short_line():
    error = TarjamaError("line one\nline two " + "y" * 1000)
    assert "\n" not in str(error) and len(str(error)) <= 300


def test_model_label_hides_paths():
    assert model_label("Helsinki-NLP/opus-mt-ar-en") == "Helsinki-NLP/opus-mt-ar-en"
    assert model_label("/home/me/models/opus-ct2") == "opus-ct2"
    assert model_label("./opus-ct2/") == "opus-ct2"


def test_long_ids_are_refused():
    Limits().check_id("article_id", "a" * 256)
    with pytest.raises(InvalidInput, match="limit is 256"):
        Limits().check_id("article_id", "a" * 10_000)
