"""What a figure counts: the noun phrase around it and the group of figures it belongs to.

The phrase is the words after the number ("20 agreements"), else the subject it measures
("the value of joint projects ... has reached $6 billion"), else the words before it
("raise trade volume to $1 billion"). The group is a topic news figures usually count that
the phrase, its clause or its sentence names ("trade", "agreements"), else the phrase's
head noun, as written ("buses"); words match by their Porter stems.
"""

from __future__ import annotations

import re
from functools import cache

from tarjama.models.summarization.phrases import (
    is_generic,
    is_stop,
    is_verb_like,
    stem,
    stem_set,
    tokens,
)

# Words between a number and the phrase before it that it quantifies ("trade rose to $5bn").
_LINKS = frozenset(
    "to of at by from worth valued reached reach reaching rose rise rising raise raising "
    "increase increased increasing fell fall falling grew grow growing doubled total totalled "
    "totaled amounted amount stood estimated was were is are be been around about almost "
    "nearly some over more than up last this year a an the year-on-year beyond past passing "
    "passed above below exceeding exceeded topped equivalent".split()
)
# Verbs that give, pledge or raise an amount: the figure is "pledged by Japan".
_GIVING_VERBS = frozenset(
    "pledged promised donated raised gave given collected contributed allocated offered sent "
    "spent committed provided granted announced approved paid lent loaned".split()
)
_GIVING_GROUPS = {
    **dict.fromkeys("pledged promised committed offered announced approved".split(), "pledges"),
    **dict.fromkeys("donated gave given contributed raised collected".split(), "donations"),
    **dict.fromkeys("spent paid".split(), "spending"),
}
# A word after one of these is a verb ("could climb", "to reach"), not what is counted.
_VERB_MARKERS = frozenset(
    "could would may might will shall can should must to has have had does did".split()
)
_DONE_BY = re.compile(
    r"^\s*(?:that|which|[a-z]+(?:\s+[a-z]+){0,4}\s+(?=(?:was|were|is|are|ha[sd]|have)\b))?\s*"
    r"(?:(?:was|were|is|are|has been|have been|had been|being)\s+)?"
    r"(?P<verb>[a-z]+ed|given|sent|spent|lent|paid)\s+by\s+(?:the\s+)?"
    r"(?P<agent>[A-Za-z][\w.'’-]*(?:\s+[A-Za-z][\w.'’-]*){0,3})"
)
# What news figures usually count: a figure whose own words name none of these takes the
# one its clause or sentence names ("raising it to $15 billion" after "trade turnover").
# Word lists are matched by their stems (stem_set), so "investments" is "investment".
_TOPICS = (
    "trade export import investment gdp budget revenue deficit debt inflation growth "
    "population aid loan tourism production output sale price cost salary wage "
    "unemployment casualty death refugee visitor tourist student agreement"
)
_WEAK_HEADS = "target goal aim percent per cent share rate"
# "34 types of products" counts products.
_KINDS = frozenset("type types kind kinds sort sorts variety varieties category categories".split())
TIME_WORDS = frozenset("year years month months week weeks day days decade decades".split())
_SKIPPABLE = frozenset(
    "$ € £ ¥ ₹ ₺ ( ) “ ” \" ' million billion thousand trillion bn m percent".split()
)
# Nouns that measure something else ("trade volume" is about trade).
_MEASURE_NOUNS = "volume turnover value level amount figure total sum worth count toll"
# Words that count the same thing as a topic: (words, topic).
_SYNONYMS = (("memoranda memorandum deal deals accord accords contract contracts", "agreement"),
             ("turnover", "trade"), ("toll tolls", "death"))  # fmt: skip
# "the value of joint projects ... has reached $6 billion": the measured thing comes first.
_MEASURED = re.compile(
    r"\b(?:value|volume|number|total|cost|amount|size)\s+of\s+(?:the\s+)?", re.IGNORECASE
)


def group_key(group: str) -> str:
    """What two group names must share to be one group: stems, synonyms made one."""
    return " ".join(stem(_synonyms().get(word.lower(), word)) for word in group.split())


def group_root(group: str) -> str:
    return group_key(group.removesuffix(" target"))


@cache
def _synonyms() -> dict[str, str]:
    # Matched as written, not by stem: Porter makes "according" "accord".
    return {word: topic for words, topic in _SYNONYMS for word in words.split()}


def _topic_of(word: str) -> str | None:
    """The topic a word names, as people write it ("investments" -> "investments", "invest"
    -> "investment", "memoranda" -> "agreement"), or None."""
    lowered = word.lower()
    topic = _synonyms().get(lowered)
    if topic is not None:
        return topic
    if stem(lowered) not in stem_set(_TOPICS):
        return None
    topic = next(t for t in _TOPICS.split() if stem(t) == stem(lowered))
    if lowered in (topic, topic + "s", topic + "es"):
        return lowered
    # The stem alone says too much ("products" is not "production"); a word the topic
    # starts with ("invest") names it.
    return topic if topic.startswith(lowered) else None


def following_phrase(after: str) -> str:
    """ "agreements covering ..." -> "agreements"; "Pakistani students are" -> "Pakistani
    students"; "types of products" -> "types of products"."""
    words: list[str] = []
    toks = tokens(after)
    index = 0
    while index < len(toks) and len(words) < 4:
        token = toks[index]
        if token.text == "of" and words and index + 1 < len(toks) and toks[index + 1].is_word:
            nxt = toks[index + 1].text
            if not is_stop(nxt):
                words += ["of", nxt]
                index += 2
                continue
        if (
            token.text == "and"
            and words
            and index + 1 < len(toks)
            and toks[index + 1].is_word
            and not is_stop(toks[index + 1].text)
        ):
            words.append("and")
            index += 1
            continue
        if (
            not token.is_word
            or is_stop(token.text)
            or _verb_like(token.text)
            or token.text.lower() in TIME_WORDS
            or token.text.lower() in _LINKS
        ):
            break
        words.append(token.text)
        index += 1
    while words and words[-1] == "and":
        words.pop()
    return " ".join(words)


def done_by(after: str) -> str:
    """ "350 million that was promised by the government" -> "promised by government"."""
    match = _DONE_BY.match(after)
    if not match or match.group("verb") not in _GIVING_VERBS:
        return ""
    agent = []
    for word in match.group("agent").split():
        if is_stop(word) and agent:
            break  # "the telethon supplement that ...": the agent ends at "that"
        if not is_stop(word):
            agent.append(word.rstrip(",;:"))
        if word.endswith((",", ";", ":")):
            break
    if agent and not re.fullmatch(r"(?:[A-Z]\.){2,}", agent[-1]):
        agent[-1] = agent[-1].rstrip(".")
    agent = [w for w in agent if w]
    return f"{match.group('verb')} by {' '.join(agent)}" if agent else ""


def preceding_phrase(before: str) -> str:
    """ "raise trade volume to" -> "trade volume"; "buses from Kazakhstan worth" -> "buses";
    "the final death toll could climb beyond" -> "final death toll"; "Japan has pledged"
    -> "pledged by Japan".

    Link words, qualifiers, other numbers, adverbs, verbs and names between the phrase and
    the number are skipped (a few at most); a punctuation mark ends the search.
    """
    toks = tokens(before)
    index, skipped = len(toks) - 1, 0
    verb = ""
    while index >= 0 and skipped < 8:
        token = toks[index]
        lowered = token.text.lower()
        proper = token.is_word and token.is_capitalized and token.start > 0
        after_marker = index > 0 and toks[index - 1].text.lower() in _VERB_MARKERS
        is_verb = token.is_word and (_verb_like(token.text) or lowered in _GIVING_VERBS)
        if (
            lowered in _LINKS
            or lowered in _SKIPPABLE
            or token.text[0].isdigit()
            or (token.is_word and (is_stop(lowered) or is_verb or after_marker))
            or (proper and verb not in _GIVING_VERBS)
        ):
            if is_verb or (token.is_word and after_marker and not is_stop(lowered)):
                verb = verb or lowered
            index -= 1
            skipped += 1
            continue
        break
    words: list[str] = []
    while index >= 0 and len(words) < 3:
        token = toks[index]
        if not token.is_word or is_stop(token.text) or _verb_like(token.text):
            break
        if token.text.lower() in _LINKS and words:
            break  # "raise trade to": trade
        if token.start == 0 and _verb_like(token.text.lower()):
            break  # "Raising trade to $1 billion": the sentence opens with a verb
        if token.is_capitalized and token.start > 0 and words and verb not in _GIVING_VERBS:
            break
        words.insert(0, token.text.removesuffix("'s").removesuffix("’s"))
        index -= 1
    phrase = " ".join(words)
    if phrase and verb in _GIVING_VERBS:
        return f"{verb} by {phrase}"
    return phrase


def _verb_like(word: str) -> bool:
    return is_verb_like(word)


def figure_group(what: str, clause: str, sentence: str) -> str:
    """What the figure counts, as written: what its verb does ("pledged by Japan" ->
    "pledges"), a topic its phrase, clause or sentence names, else the phrase's head noun
    ("trade volume" -> "trade", "Pakistani students" -> "students")."""
    first = what.split(" by ", 1)[0] if " by " in what else ""
    if first in _GIVING_VERBS:
        return _GIVING_GROUPS.get(first, "amounts given")
    head = _head(what)
    last = head.split()[-1] if head else ""
    if last and _topic_of(last):
        return _topic_of(last)
    # A lone generic word ("projects", "level") or a weak head ("target") says too little.
    weak = (
        not last
        or stem(last) in stem_set(_WEAK_HEADS)
        or (is_generic(last) and len(what.split()) == 1)
    )
    for text in (what, clause, sentence) if weak else (what,):
        topic = next(filter(None, map(_topic_of, re.findall(r"[A-Za-z]+", text))), None)
        if topic:
            return topic
    return head.lower()


def _head(what: str) -> str:
    """The head of a noun phrase, as written: its last word, with the word before when the
    last is generic ("new projects"); measures give way ("trade volume" -> "trade")."""
    words = what.split()
    if "of" in words:  # "memoranda of understanding" is about memoranda,
        at = words.index("of")  # "types of products" about products
        words = words[at + 1 :] if " ".join(words[:at]).lower() in _KINDS else words[:at]
    while len(words) > 1 and stem(words[-1]) in stem_set(_MEASURE_NOUNS):
        words = words[:-1]
    if not words:
        return ""
    return words[-1] if not is_generic(words[-1]) or len(words) == 1 else " ".join(words[-2:])


def measured(before: str) -> str:
    """ "the value of joint projects in energy ... has reached": "joint projects"."""
    found = list(_MEASURED.finditer(before))
    return following_phrase(before[found[-1].end() :]) if found else ""
