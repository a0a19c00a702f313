"""Who gave an amount and to whom: "pledged by Japan", "donated to Red Cross".

Giving verbs in their forms ("pledged", "Japan promises", "collecting"), the agent after
"by" ("the government of Japan"), the recipient after "to", and the name a possessive
stands for ("Norway increased its funding donation" -> "of Norway"). Used by
figure_subjects; rules on the words, no model.
"""

from __future__ import annotations

import re

from tarjama.models.summarization.phrases import Token, is_stop, tokens

# Verbs that give, pledge or raise an amount: the figure is "pledged by Japan".
GIVING_VERBS = frozenset(
    "pledged promised donated raised gave given collected contributed allocated offered sent "
    "spent committed provided granted announced approved paid lent loaned".split()
)
_GIVING_GROUPS = {
    **dict.fromkeys("pledged promised committed offered announced approved".split(), "pledges"),
    **dict.fromkeys("donated gave given contributed raised collected".split(), "donations"),
    **dict.fromkeys("spent paid".split(), "spending"),
}
# Other forms of the giving verbs: "Japan promises $500 million" (after a name),
# "collecting $8 million" (-ing); each read as its past participle.
_PRESENT_GIVING = {
    "pledges": "pledged", "promises": "promised", "donates": "donated", "gives": "given",
    "raises": "raised", "raise": "raised", "sends": "sent", "offers": "offered",
    "commits": "committed", "contributes": "contributed", "allocates": "allocated",
}  # fmt: skip
_ING_GIVING = {
    "pledging": "pledged", "promising": "promised", "donating": "donated", "giving": "given",
    "raising": "raised", "collecting": "collected", "sending": "sent", "offering": "offered",
    "contributing": "contributed", "allocating": "allocated", "spending": "spent",
}  # fmt: skip
# A giver written as a pronoun ("it donated $10,000") is not named in the clause.
SUBJECT_PRONOUNS = frozenset("it they he she we i you who which".split())
POSSESSIVES = frozenset("its it's it’s their his her".split())
# After an agent, these open the next clause: "raised by the telethon supplement that ...".
DETERMINERS = frozenset("the a an its their his her this these those".split())
_RECIPIENT = re.compile(
    r"\s*to\s+(?:the\s+)?(?P<who>[A-Z][\w.'’&-]*(?:\s+(?:of\s+)?[A-Z][\w.'’&-]*){0,3})"
)
_DONE_BY = re.compile(
    r"^\s*(?:that|which|[a-z]+(?:\s+[a-z]+){0,4}\s+(?=(?:was|were|is|are|ha[sd]|have)\b))?\s*"
    r"(?:(?:was|were|is|are|has been|have been|had been|being)\s+)?"
    r"(?P<verb>[a-z]+ed|given|sent|spent|lent|paid|made)\s+(?:[a-z]+ly\s+)?by\s+"
)


def done_by(after: str, *, any_verb: bool = False) -> str:
    """ "350 million that was promised by the government" -> "promised by government";
    with any_verb, what follows a counted noun: "(pledge) made recently by the government
    of Japan" -> "made by government of Japan"."""
    match = _DONE_BY.match(after)
    if not match or not (any_verb or match.group("verb") in GIVING_VERBS):
        return ""
    agent = _agent(after[match.end() :])
    return f"{match.group('verb')} by {agent}" if agent else ""


def _agent(text: str) -> str:
    """ "the government of Japan." -> "government of Japan"; "the telethon supplement that
    150,000 euro ..." -> "telethon": a word right before a determiner is the next verb."""
    toks = tokens(text)[:10]
    words: list[str] = []
    stop_at = len(toks)
    for i, token in enumerate(toks):
        following = toks[i + 1] if i + 1 < len(toks) else None
        if not token.is_word:
            stop_at = i
            break
        if is_stop(token.text):
            if not words:
                continue  # "the"
            if (
                token.text == "of"
                and following is not None
                and following.is_word
                and following.is_capitalized
            ):
                words.append("of")  # "government of Japan"
                continue
            stop_at = i
            break
        words.append(token.text)
        if len(words) >= 4:
            stop_at = i + 1
            break
    if 1 < len(words) and stop_at < len(toks) and words[-1][:1].islower():
        nxt = toks[stop_at].text.lower()
        after_that = toks[stop_at + 1] if stop_at + 1 < len(toks) else None
        if nxt in DETERMINERS or (
            nxt == "that"
            and after_that is not None
            and (after_that.text[0].isdigit() or after_that.text.lower() in DETERMINERS)
        ):
            words.pop()  # "supplement that 150,000 euro": a verb, not the agent
    while words and words[-1] == "of":
        words.pop()
    if words and not re.fullmatch(r"(?:[A-Z]\.){2,}", words[-1]):
        words[-1] = words[-1].rstrip(".")
    return " ".join(w for w in words if w)


def recipient(after: str) -> str:
    """ "to the Red Cross for relief" -> "to Red Cross"; "" when no named recipient."""
    match = _RECIPIENT.match(after)
    return f"to {match.group('who').rstrip('.')}" if match else ""


def giving_form(toks: list[Token], index: int) -> str:
    """The giving verb a token is, as a past participle, or ""."""
    lowered = toks[index].text.lower()
    if lowered in GIVING_VERBS:
        return lowered
    if lowered in _ING_GIVING:
        return _ING_GIVING[lowered]
    previous = toks[index - 1] if index > 0 else None
    if (
        lowered in _PRESENT_GIVING
        and previous is not None
        and previous.is_word
        and previous.is_capitalized
        and not is_stop(previous.text)
    ):
        return _PRESENT_GIVING[lowered]  # "Japan promises", not "the promises"
    return ""


def owner(toks: list[Token], index: int) -> str:
    """The name a possessive pronoun at `index + 1` stands for: the nearest name before it
    in its clause, past the verb ("Norway increased its ..." -> "Norway")."""
    skipped = 0
    while index >= 0 and skipped < 4:
        token = toks[index]
        if not token.is_word:
            return ""
        if token.is_capitalized and token.start > 0 or re.fullmatch(r"(?:[A-Z]\.){2,}", token.text):
            words = []
            while index >= 0 and toks[index].is_word and toks[index].is_capitalized:
                words.insert(0, toks[index].text)
                index -= 1
            while words and is_stop(words[0]):
                words.pop(0)  # "The Bush administration ..." -> "Bush"
            return " ".join(words)
        if token.is_capitalized:  # the sentence's first word: a name only if no stop word
            return "" if is_stop(token.text) else token.text
        index -= 1
        skipped += 1
    return ""


def giving_group(verb: str) -> str:
    """The group of amounts a giving verb gives: "pledged" -> "pledges"."""
    return _GIVING_GROUPS.get(verb, "amounts given")
