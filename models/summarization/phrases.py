"""Words, key phrases and names in English sentences, found with rules and no model weights.

Key phrases are the runs of words between stop words and punctuation (as in RAKE), and
their 1-3 word parts, stemmed lightly ("ports" = "port"). Names are runs of capitalized
words; a sentence's first word counts only when the collection also writes it capitalized
inside a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from tarjama.models.summarization.aliases import canonical_alias

# Abbreviations written with full stops ("U.S.", "U.K.'s") are one word, never "U" and "K".
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}(?:['’]s\b)?|[^\W\d_](?:[\w'’\-]*[^\W_])?|\d[\d.,]*\d|\d|\S", re.UNICODE
)
# Words of dates and durations: never a theme, alone or in a phrase ("Sunday · January").
DATE_WORDS = frozenset(
    """
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday mon tue tues wed thu thurs fri sat sun day days week weeks weekend month
    months year years decade decades hour hours minute minutes second seconds today tonight
    yesterday tomorrow morning afternoon evening night midnight noon
    """.split()
)
# Reporting verbs and words every news story uses: they never make a theme by themselves.
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "said", "says", "say", "noted", "added", "stressed", "told", "according", "also", "including",
    "two", "sides", "side", "expressed", "underlined", "emphasized", "reaffirmed", "renewed",
    "pointed", "called", "described", "believed", "expected", "recently", "currently", "today",
    "worth",
} | DATE_WORDS  # fmt: skip
GENERIC_WORDS = frozenset(
    """
    importance important effort efforts level levels state states country countries nation
    nations people year years time times way ways number numbers part parts area areas field
    fields issue issues matter matters process processes development developments cooperation
    relation relations relationship partnership partner partners interest interests view views
    opportunity opportunities role need needs focus attention support growth increase progress
    potential new great major key main strong stronger strengthen strengthening strengthened
    enhance enhancing deep deepening deepen further high higher growing international regional
    global bilateral mutual common shared joint future current recent many several various
    other others well good better best first second third last next long leaders leader
    meeting meetings talks visit head heads president presidents minister ministers government
    official officials region world economic economy political policy policies sector sectors
    project projects south north east west foreign domestic national public private total
    comprehensive significant strategic sustainable stable stability security peace
    organization council center centre commitment importance remain remains central
    developing access vision integration million billion thousand trillion percent
    report reports reported news source sources agency agencies statement
    """.split()
)
UNIT_WORDS = frozenset(
    "dollar dollars euro euros pound pounds usd eur yen yuan rupees rubles lei tons tonnes "
    "kilometres kilometers miles metres meters percent".split()
)
# Nationality adjectives ("Kazakh students", "Central Asian states") describe, they are not
# topics: they never make a theme or a name on their own.
_DEMONYM_ENDINGS = ("ian", "ish", "ese", "ic", "ani", "stani")
_DEMONYMS = frozenset(
    "kazakh kyrgyz uzbek tajik turkmen afghan arab thai greek french dutch swiss czech "
    "iraqi saudi israeli yemeni omani qatari kuwaiti emirati bahraini somali".split()
)


def is_demonym(word: str) -> bool:
    """True for nationality adjectives: "Asian", "Turkish", "Chinese", "Pakistani", "Kazakh",
    "Kazakh-Turkish"; a compound with another word is not ("Trans-Caspian" names a route)."""
    if "-" in word.strip("-"):
        return all(is_demonym(part) for part in word.split("-") if part)
    lowered = word.lower()
    return lowered in _DEMONYMS or (lowered.endswith(_DEMONYM_ENDINGS) and word[:1].isupper())


# Words that come before a person's name as a title, and are dropped from the name.
TITLE_WORDS = frozenset(
    """
    President Prime Minister Foreign Deputy Chief General King Queen Prince Crown Sultan
    Secretary Field Marshal Mr Mrs Ms Dr Sheikh Emir Chancellor Director Ambassador Senator
    Governor Mayor Commander Vice Speaker Chairman Spokesperson Spokesman Pope Premier Defense
    Defence Interior Finance Army Staff Head Former Acting
    """.split()
)


def is_title(word: str) -> bool:
    """A title word, alone or in a compound: "President", "Under-Secretary-General"."""
    return word in TITLE_WORDS or any(part in TITLE_WORDS for part in word.split("-"))


NAME_CONNECTORS = frozenset({"of", "for", "de", "al", "bin", "el", "the"})
_NOT_NAMES = frozenset(
    """
    The A An This That These Those He She It They We I You His Her Its Their Our In On At For
    From With By As But And Or If When While After Before During Since Until Under Over Among
    Between Through Meanwhile However Thus Also So Yet Still Earlier Later Today Speaking Upon
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Particularly Special Second Third
    Within Each Every Both Some Such There Here What Where Why How Who Which Whose Over More
    """.split()
)


@dataclass(frozen=True)
class Token:
    """A word, number or punctuation mark and where it is in its sentence."""

    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_capitalized(self) -> bool:
        return self.text[0].isupper()


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@cache
def _porter():
    # Imported on first use: NLTK's package import is slow and most commands never stem.
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The matching key of a word: lower case, no possessive, Porter stem ("Ports" -> "port")."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return _porter().stem(word)


def stem_phrase(phrase: str) -> str:
    """The matching key of a phrase: its words' stems."""
    return " ".join(stem(word) for word in phrase.split())


@cache
def stem_set(words: str) -> frozenset[str]:
    """The stems of a space-separated word list (built once per list)."""
    return frozenset(stem(word) for word in words.split())


def is_generic(word: str) -> bool:
    """True for words every news story uses ("cooperation", "countries", "new")."""
    return stem(word) in generic_stems()


@cache
def generic_stems() -> frozenset[str]:
    return frozenset(stem(word) for word in GENERIC_WORDS)


# Lower-case words with these endings are verbs or adverbs far more often than topics.
_VERB_ENDINGS = ("ed", "ing", "ly")


def is_verb_like(word: str) -> bool:
    """ "signed", "raising", "currently": not a topic on its own (names never are)."""
    return len(word) > 4 and word[0].islower() and word.lower().endswith(_VERB_ENDINGS)


def is_stop(word: str) -> bool:
    """A stop word, unless written as an abbreviation in capitals ("UN", "US")."""
    return word.lower() in STOP_WORDS and not (len(word) > 1 and word.isupper())


def phrase_runs(text: str) -> list[list[Token]]:
    """Runs of content words between stop words, numbers and punctuation."""
    runs: list[list[Token]] = [[]]
    for token in tokens(text):
        if token.is_word and not is_stop(token.text):
            runs[-1].append(token)
            if token.text.endswith(("'s", "’s")):
                runs.append([])  # "Indonesia's Aceh": a possessive ends its phrase
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


# Words after which a run of content words is a noun phrase ("the agreements", "of energy").
_NOUN_PHRASE_OPENERS = frozenset(
    "the a an its their his her our this these those of in for on with by from about into "
    "some any all many several no each every such".split()
)


def noun_heads(text: str) -> set[str]:
    """Stems of the words used as nouns here: the last word of a run of content words that
    opens after an article, a possessive, a preposition or a number ("of energy", "the
    signed agreements"). Verbs rarely sit there; it needs no tagger."""
    heads: set[str] = set()
    previous: Token | None = None
    run: list[Token] = []
    opener: Token | None = None
    for token in [*tokens(text), None]:
        if token is not None and token.is_word and not is_stop(token.text):
            if not run:
                opener = previous
            run.append(token)
        else:
            if (
                run
                and opener is not None
                and (opener.text.lower() in _NOUN_PHRASE_OPENERS or opener.text[0].isdigit())
            ):
                heads.add(stem(run[-1].text))
            run = []
        previous = token
    return heads


def key_phrases(text: str, max_words: int = 3) -> dict[str, str]:
    """Stemmed 1-3 word parts of the sentence's phrase runs (except all-generic ones),
    each with its surface form: {"karachi port": "Karachi ports"}."""
    found: dict[str, str] = {}
    for run in phrase_runs(text):
        words = [stem(token.text) for token in run]
        for size in range(1, max_words + 1):
            for start in range(len(words) - size + 1):
                part = words[start : start + size]
                raw = [token.text for token in run[start : start + size]]
                generic = [is_generic(r) or is_demonym(r) for r in raw]
                if raw[-1].lower() in UNIT_WORDS:
                    continue  # "U.S. dollars", "tonnes": what an amount is in, not a topic
                if not all(generic):
                    surface = text[run[start].start : run[start + size - 1].end]
                    surface = re.sub(r"['’]s$", "", surface)  # "Pakistan's" -> "Pakistan"
                    found.setdefault(" ".join(part), surface)
    return found


def capitalized_inside(texts: list[str]) -> set[str]:
    """Words written capitalized inside sentences and never in lower case: names."""
    seen: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        words = [token for token in tokens(text) if token.is_word]
        seen.update(token.text for token in words[1:] if token.is_capitalized)
        lower.update(token.text for token in words if token.text[0].islower())
    return {word for word in seen if word.lower() not in lower}


def name_spans(text: str, known_names: set[str]) -> list[tuple[str, int, int, bool]]:
    """Runs of capitalized words: (name, start, end, had a title word before it)."""
    found = []
    toks = tokens(text)
    index = 0
    first_word = next((i for i, token in enumerate(toks) if token.is_word), -1)
    while index < len(toks):
        token = toks[index]
        usable = token.is_word and token.is_capitalized and token.text not in _NOT_NAMES
        if usable and index == first_word and token.text not in known_names:
            # "Britain pledged ...", "Under-Secretary-General ... Jan Egeland said ..."
            usable = canonical_alias(token.text) is not None or is_title(token.text)
        if not usable:
            index += 1
            continue
        end = index + 1
        while end < len(toks):
            nxt = toks[end]
            if nxt.is_word and nxt.is_capitalized and nxt.text not in _NOT_NAMES:
                end += 1
            elif (
                nxt.text in NAME_CONNECTORS
                and end + 1 < len(toks)
                and toks[end + 1].is_word
                and toks[end + 1].is_capitalized
            ):
                end += 2
            else:
                break
        words = [t.text for t in toks[index:end]]
        titled = False
        # "Kazakh President Kassym-Jomart Tokayev" -> "Kassym-Jomart Tokayev", titled.
        last_title = max((k for k, w in enumerate(words) if is_title(w)), default=-1)
        if 0 <= last_title < len(words) - 1:
            titled = True
            words = words[last_title + 1 :]
            if words[0] in ("of", "for") and len(words) >= 4:
                # "Minister of Foreign Affairs Mukhtar Tileuberdi": the title runs on.
                words = words[-2:]
        while words and (words[-1] in TITLE_WORDS or words[-1] in NAME_CONNECTORS):
            words = words[:-1]
        while words and words[0] in NAME_CONNECTORS:
            words = words[1:]
        name = " ".join(words).replace("’", "'").removesuffix("'s")
        if name and any(ch.isalpha() for ch in name):
            found.append((name, toks[index].start, toks[end - 1].end, titled))
        index = end
    return found
