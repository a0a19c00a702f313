"""Loops, copies and untranslated Arabic: the rules, and one verdict from engine and eval check."""

from __future__ import annotations

import pytest

from tarjama.clients.evaluation.checks import check_translations
from tarjama.models.text.repetition import (
    find_loop,
    is_copy_of_source,
    is_repetition,
    untranslated_words,
)
from tarjama.models.translation.config import TranslatorConfig
from tarjama.models.translation.fake_backend import FakeBackend
from tarjama.models.translation.translator import SentenceTranslator
from tarjama.models.types import GenerationOptions

SOURCE = "وقعت كازاخستان وباكستان اتفاقية شراكة"


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("the the the the", "'the' x4"),
        ("the the the the.", "'the' x4"),  # punctuation glued to the last one
        ("of the city of the city of the city", "'of the city' x3"),
        ("the city, the city, the city, the city", "'the city ,' x3"),
        ("to the market to the market to the market", "'to the market' x3"),
        ("A deal was signed. Then then then then nothing.", "'then' x4"),
        ("JhJhJhJhJhJhJhJh", "'Jh' x8 in a word"),
        ("ThJJJJJJJJJJJJ and more", "'J' x12 in a word"),
        ("قال قال قال قال", "'قال' x4"),
        ("قَالَ قَالَ قَالَ قَالَ", "'قَالَ' x4"),  # harakat do not cut words into letters
    ],
)
def test_loops_are_found_and_described(text, described):
    loop = find_loop(text)
    assert loop is not None and loop.describe() == described
    assert is_repetition(text)


@pytest.mark.parametrize(
    "text",
    [
        "The minister said that the government would continue to work with its partners.",
        "He said: very, very good.",
        "He said no, no. It was very very good...",
        "Wait!!!! Really????",
        "Prices rose 1111111 times ........",
        "The deal is worth $1,000,000,000 and 1 000 000 000 000 yen.",
        "The resolver at 1.1.1.1 and 8.8.8.8 went down.",
        "---- **** ____",
        "",
    ],
)
def test_ordinary_text_and_formatting_are_not_loops(text):
    assert find_loop(text) is None


def test_capped_output_with_a_repeating_tail_is_a_loop():
    text = "The talks between the two sides went on and on and on"
    assert find_loop(text) is None
    loop = find_loop(text, hit_length_cap=True)
    assert loop is not None and loop.describe() == "'and on' x2 at the end of a capped output"
    assert not is_repetition("The talks went on until late at night", hit_length_cap=True)


def test_long_loops_are_found_in_linear_time():
    text = "the city " * 50_000 + "ab" * 100_000
    loop = find_loop(text)
    assert loop is not None and loop.describe() == "'the city' x50000"


@pytest.mark.parametrize(
    ("source", "output", "copied"),
    [
        (SOURCE, SOURCE, True),
        (SOURCE, "Kazakhstan وقعت وباكستان اتفاقية", True),  # partial copy, mostly Arabic
        (SOURCE, "ﻭﻗﻌﺖ ﻛﺎﺯﺍﺧﺴﺘﺎﻥ ﻭﺑﺎﻛﺴﺘﺎﻥ", True),  # presentation forms are Arabic too
        (SOURCE, "وقعـــت كازاخستان", True),  # tatweel
        ("قال بيان Reuters News Agency", "قال بيان Reuters News Agency", True),  # identical
        (SOURCE, "Kazakhstan and Pakistan signed a partnership agreement", False),
        (SOURCE, "Kazakhstan and Pakistan signed a شراكة agreement", False),  # untranslated
        (SOURCE, "2024", False),
        (SOURCE, "", False),
        ("BBC News", "BBC News", False),  # a Latin-only source may be copied
        ("٢٠٢٤", "٢٠٢٤", False),  # digits are not letters
    ],
)
def test_copy_of_source(source, output, copied):
    assert is_copy_of_source(source, output) is copied


def test_untranslated_words():
    assert untranslated_words("He went to the السوق today") == ["السوق"]
    assert untranslated_words("He met مُحَمَّد in ﻣﺼﺮ") == ["مُحَمَّد", "ﻣﺼﺮ"]
    assert untranslated_words("He went to the market, و 2024 ـــ ٢٠٢٤") == []


# One verdict from both paths: each case is a source, what the model returns for it, and
# whether it ran into its length cap. The engine's quality flags (through SentenceTranslator
# and a fake model that returns exactly that output) and `eval check`'s findings (given the
# segment, its source and the flags the engine wrote to the .json) must name the same loops
# and copies.
CASES = [
    ("clean", "The minister said the government would keep working with its partners.", False),
    ("word loop", "the the the the", False),
    ("word loop, full stop", "It was the the the the.", False),
    ("bigram loop", "the city the city the city the city", False),
    ("trigram loop, commas", "of the city, of the city, of the city, and more", False),
    ("character loop", "JhJhJhJhJhJhJhJh", False),
    ("capped tail", "The talks between the two sides went on and on and on", True),
    ("same tail, not capped", "The talks between the two sides went on and on and on", False),
    ("capped, no loop", "The talks between the two sides went on until late at", True),
    ("two repeats is style", "He said no, no. It was very very good", False),
    ("numbers", "It cost $1,000,000,000 in 2024, up from 1.1.1.1.", False),
    ("copy", "<source>", False),
    ("partial copy", "Kazakhstan وقعت وباكستان اتفاقية", False),
    ("copy in presentation forms", "ﻭﻗﻌﺖ ﻛﺎﺯﺍﺧﺴﺘﺎﻥ ﻭﺑﺎﻛﺴﺘﺎﻥ ﺍﺗﻔﺎﻗﻴﺔ", False),
    ("copied loop", "قال قال قال قال", False),
    ("one word untranslated", "Kazakhstan and Pakistan signed a شراكة agreement", False),
]
CHECKED = {"repetition", "copy_of_source"}


def _engine_and_eval_verdicts():
    sources = [f"{SOURCE} {index}" for index in range(len(CASES))]  # one source per case
    outputs = [
        source if output == "<source>" else output
        for source, (_, output, _) in zip(sources, CASES, strict=True)
    ]
    engine_flags = []
    for source, output, (_, _, capped) in zip(sources, outputs, CASES, strict=True):
        backend = FakeBackend(overrides={source: output})
        translator = SentenceTranslator(backend, TranslatorConfig(model="fake"))
        words = len(output.split())
        options = GenerationOptions(max_output_tokens=words if capped else words + 20)
        [result] = translator.translate_all([source], options)
        assert result.translation == output
        engine_flags.append(tuple(flag.value for flag in result.flags))
    report = check_translations(sources, outputs, engine_flags=engine_flags)
    findings = {f["index"]: {issue["check"] for issue in f["issues"]} for f in report["flagged"]}
    return [
        (set(flags) & CHECKED, findings.get(index, set()) & CHECKED, findings.get(index, set()))
        for index, flags in enumerate(engine_flags)
    ]


def test_engine_flags_and_eval_check_give_the_same_verdict():
    verdicts = dict(zip([name for name, _, _ in CASES], _engine_and_eval_verdicts(), strict=True))
    for name, (engine, evaluation, _) in verdicts.items():
        assert engine == evaluation, f"{name}: engine {engine}, eval check {evaluation}"
    # ...and the verdicts are the expected ones, so the table covers each rule both ways.
    expected = {
        "word loop": {"repetition"},
        "word loop, full stop": {"repetition"},
        "bigram loop": {"repetition"},
        "trigram loop, commas": {"repetition"},
        "character loop": {"repetition"},
        "capped tail": {"repetition"},
        "copy": {"copy_of_source"},
        "partial copy": {"copy_of_source"},
        "copy in presentation forms": {"copy_of_source"},
        "copied loop": {"repetition", "copy_of_source"},
    }
    assert {name: engine for name, (engine, _, _) in verdicts.items() if engine} == expected
    assert "untranslated" in verdicts["one word untranslated"][2]
