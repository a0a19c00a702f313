"""What a figure counts: the noun phrase around it and the group of figures it belongs to.

The phrase is what a share is of ("80% of those killed"), the words after the number ("20
agreements", "17 confirmed dead", "aid pledged by the government"), what they are ("2,500
are still missing"), else the subject it measures ("the value of joint projects ... has
reached $6 billion"), who gave it (figure_givers: "pledged by Japan", "donated to Red
Cross"), the words before it ("raise trade volume to $1 billion"), else, for an amount,
the clause's subject. A count of "people" whose sentence opens with a measure counts that
("The death toll ... passing 80,000 people": death toll). The group is a topic news
figures usually count that the phrase, its clause or its sentence names ("trade",
"agreements"), else the phrase's head noun, as written ("buses"); words match by their Porter stems.
"""

from __future__ import annotations

import re
from functools import cache

from tarjama.models.summarization.figure_givers import (
    DETERMINERS,
    GIVING_VERBS,
    POSSESSIVES,
    SUBJECT_PRONOUNS,
    done_by,
    giving_form,
    giving_group,
    owner,
    recipient,
)
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
_AUXILIARIES = frozenset("did do does had has have was were is are will would could can".split())
# Measures a subject names when the count after the number is only "people".
_COUNT_NOUNS = "toll count tally"
# A word after one of these is a verb ("could climb", "to reach"), not what is counted.
_VERB_MARKERS = frozenset(
    "could would may might will shall can should must to has have had does did been be "
    "being".split()
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
    "$ € £ ¥ ₹ ₺ ( ) “ ” \" ' million billion thousand trillion bn m percent per cent".split()
)
# Nouns that measure something else ("trade volume" is about trade).
_MEASURE_NOUNS = "volume turnover value level amount figure total sum worth count toll"
# Words that count the same thing as a topic: (words, topic).
_SYNONYMS = (("memoranda memorandum deal deals accord accords contract contracts", "agreement"),
             ("turnover", "trade"), ("toll tolls killed dead fatalities", "death"))  # fmt: skip
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
    students"; "types of products" -> "types of products"; "worth of aid" -> "aid";
    "confirmed dead" -> "confirmed dead"."""
    words: list[str] = []
    toks = tokens(after)
    index = 0
    if len(toks) > 2 and toks[0].text.lower() == "worth" and toks[1].text == "of":
        index = 2  # "150,000 euro worth of aid"
    if (
        index + 1 < len(toks)
        and _verb_like(toks[index].text)
        and toks[index].text.endswith("ed")
        and toks[index + 1].is_word
        and not is_stop(toks[index + 1].text)
        and not _verb_like(toks[index + 1].text)
        and toks[index + 1].text.lower() not in _LINKS
    ):
        words.append(toks[index].text)  # "17 confirmed dead": a participle before its noun
        index += 1
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


def share_of(after: str) -> str:
    """ "80% of those killed were women" -> "of those killed": what a share is a share of."""
    match = re.match(r"\s*of\s+", after)
    if not match:
        return ""
    words: list[str] = []
    content = False
    for token in tokens(after[match.end() :]):
        ends = is_stop(token.text) or _verb_like(token.text) or token.text.lower() in _AUXILIARIES
        if not token.is_word or len(words) >= 4 or content and ends:
            break  # "of its value against ...", "of students achieved": the phrase ends
        content = content or not is_stop(token.text)
        words.append(token.text)
    if not content:
        return ""
    return f"of {' '.join(words)}" if words else ""


_STATE_AFTER = re.compile(
    r"\s*(?:are|were|is|was|have been|had been|has been)\s+(?:still\s+|now\s+|reported\s+)?"
    r"(?P<state>missing|dead|homeless|injured|displaced|alive|killed|wounded|arrested|"
    r"evacuated|rescued|hospitali[sz]ed|detained|stranded|affected)\b"
)


def state_after(after: str) -> str:
    """ "2,500 are still missing" -> "missing"; "300 were killed" -> "killed": what the
    people counted are, when the number is the subject (states of people only: "30
    agreements worth $5 million were signed" says nothing of the amount)."""
    match = _STATE_AFTER.match(after)
    return match.group("state") if match else ""


def subject_phrase(before: str) -> str:
    """The noun phrase a sentence or clause opens with: "The death toll from the earthquake
    ... continues" -> "death toll"; "" when it opens otherwise."""
    words: list[str] = []
    for token in tokens(before):
        if not token.is_word:
            break
        if is_stop(token.text):
            if words:
                break
            if token.text.lower() not in DETERMINERS:
                return ""  # "In Sri Lanka, ...": no subject in front
            continue
        if words and _verb_like(token.text):
            break
        words.append(token.text)
        if len(words) >= 3:
            break
    first = words[0].lower() if words else ""
    if first and (_verb_like(first) or _topic_of(first) or is_generic(first)):
        words[0] = first  # "Promised funds", "Trade" opened their sentence: common words
    return " ".join(words)


def counted_by_subject(following: str, before: str) -> str:
    """ "The death toll ... rose, passing 80,000 people": a count of "people" whose subject
    names a measure counts what the subject says ("death toll"); else ""."""
    if not following or " " in following or not is_generic(following):
        return ""
    subject = subject_phrase(before)
    return _counted(subject) if _names_count(subject) else ""


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
    seen_to = False
    while index >= 0 and skipped < 8:
        token = toks[index]
        lowered = token.text.lower()
        # "raising it to $15 billion" raises a level; "raised $5 million" gives money.
        giving = giving_form(toks, index) if token.is_word and not seen_to else ""
        seen_to = seen_to or lowered == "to"
        if lowered in SUBJECT_PRONOUNS and verb in GIVING_VERBS:
            return verb  # "it donated $10,000": the giver is not named here
        proper = token.is_word and token.is_capitalized and token.start > 0
        previous = toks[index - 1].text.lower() if index > 0 else ""
        # "might eventually approach 80,000": a word after a modal (and an adverb) is a verb.
        after_marker = previous in _VERB_MARKERS or (
            index > 1 and _verb_like(previous) and toks[index - 2].text.lower() in _VERB_MARKERS
        )
        is_verb = token.is_word and (_verb_like(token.text) or bool(giving))
        if (
            lowered in _LINKS
            or lowered in _SKIPPABLE
            or token.text[0].isdigit()
            or (token.is_word and (is_stop(lowered) or is_verb or after_marker))
            or (proper and verb not in GIVING_VERBS)
        ):
            if is_verb or (token.is_word and after_marker and not is_stop(lowered)):
                # a verb before "to N" raises a level: never a giver ("raised trade to")
                verb = verb or giving or (f"{lowered} to" if seen_to else lowered)
            index -= 1
            skipped += 1
            continue
        break
    words: list[str] = []
    while index >= 0 and len(words) < 3:
        token = toks[index]
        before_it = toks[index - 1].text.lower() if index > 0 else ""
        modifier = words and before_it in POSSESSIVES | DETERMINERS  # "its funding donation"
        if (
            not token.is_word
            or is_stop(token.text)
            or token.text.lower() in POSSESSIVES
            or _verb_like(token.text)
            and not modifier
        ):
            break
        if token.text.lower() in _LINKS and words:
            break  # "raise trade to": trade
        if token.start == 0 and _verb_like(token.text.lower()):
            break  # "Raising trade to $1 billion": the sentence opens with a verb
        if token.is_capitalized and token.start > 0 and words and verb not in GIVING_VERBS:
            break
        words.insert(0, token.text.removesuffix("'s").removesuffix("’s"))
        index -= 1
    phrase = " ".join(words)
    if phrase and verb in GIVING_VERBS:
        return f"{verb} by {phrase}"
    if phrase and index >= 0 and toks[index].text.lower() in POSSESSIVES:
        whose = owner(toks, index - 1)  # "Norway increased its funding donation to"
        return f"{phrase} of {whose}" if whose else phrase
    return phrase or (verb if verb in GIVING_VERBS else "")


def _verb_like(word: str) -> bool:
    return is_verb_like(word)


def figure_group(what: str, clause: str, sentence: str) -> str:
    """What the figure counts, as written: what its verb does ("pledged by Japan" ->
    "pledges"), a topic its phrase, clause or sentence names, else the phrase's head noun
    ("trade volume" -> "trade", "Pakistani students" -> "students")."""
    if what.startswith("of "):  # a share "of those killed" counts the killed
        words = what.split()[1:]
        what = " ".join(words[next((k for k, w in enumerate(words) if not is_stop(w)), 0) :])
    if what.split(" ", 1)[0] in GIVING_VERBS:  # "donated to Red Cross"
        return giving_group(what.split(" ", 1)[0])
    if " by " in what:
        base = what.split(" by ", 1)[0].split()
        if base[-1] in GIVING_VERBS:  # "pledged by Japan", "aid pledged by Romania"
            return giving_group(base[-1])
        what = " ".join(base[:-1]) or base[-1]  # "pledge made by ..." counts pledges
    raw_last = what.split()[-1] if what else ""
    if raw_last and raw_last.lower() in _synonyms():
        return _synonyms()[raw_last.lower()]  # "Tsunami toll": deaths
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


def figure_subject(since_previous: str, after: str, before: str, unit: str) -> str:
    """What the figure at `start` counts (figure_subjects): a share's "of those killed", the
    words after it (with who gave it: "aid pledged by the government"), the measured
    thing, the giver, the words before it, else the clause's own subject."""
    if unit == "%" and (share := share_of(after)):
        return share
    following = following_phrase(after) or state_after(after)
    if following:
        rest = after[after.find(following.split()[-1]) + len(following.split()[-1]) :]
        state = state_after(rest) if is_generic(following) and " " not in following else ""
        if state:  # "5 million people were homeless": homeless people; "people killed"
            return f"{following} {state}" if state.endswith("ed") else f"{state} {following}"
        if measure := counted_by_subject(following, before):
            return measure  # "the death toll ... passing 80,000 people"
        given = done_by(rest, any_verb=True)
        return f"{following} {given}" if given else following
    if re.search(r"\baged\s*(?:\d+\s*(?:,|and)\s*)*$", before):
        return "age"  # "three men, aged 33, 34 and 39"
    if what := measured(since_previous):
        return what
    what = done_by(after) or preceding_phrase(before)
    if what in GIVING_VERBS:  # "it donated $10,000 to the Red Cross": who received it
        return f"{what} {recipient(after)}".strip()
    if not unit and what and not _names_count(what) and _names_count(subject_phrase(before)):
        # "The death toll in Indonesia's earthquake and tsunami has climbed to 832"
        return _counted(subject_phrase(before))
    # An amount with no subject nearby: the clause's own ("Promised funds have doubled, to
    # nearly $2 billion") when nothing comes between them but its verb and adverbs; a bare
    # count is left without one.
    if what or not unit or _ASIDE.search(before):
        return what
    return subject_phrase(before)


# Between a sentence's subject and a figure, these open another clause or an aside.
_ASIDE = re.compile(
    r"[\"“”'‘’()–—:;]|\s-\s|\b(?:that|which|who|after|before|when|while|because|since|if|as)\b",
    re.IGNORECASE,
)


def _names_count(phrase: str) -> bool:
    return any(stem(word) in stem_set(_COUNT_NOUNS) for word in phrase.split())


def _counted(phrase: str) -> str:
    """The phrase up to its count noun: "Tsunami toll passes" -> "Tsunami toll"."""
    words = phrase.split()
    end = next(k for k, word in enumerate(words) if stem(word) in stem_set(_COUNT_NOUNS))
    return " ".join(words[: end + 1])
