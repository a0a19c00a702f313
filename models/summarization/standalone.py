"""Whether a sentence stands on its own in a summary, away from the sentences around it.

A summary quotes sentences out of their article, so it leaves out those that only work in
place: questions and appeals to the reader ("Did you see him get on to a #30 bus?", "please
call the hotline on 0800 789321"), contact notices, captions and list items (no sentence
end), labelled list entries ("* AP - "confirmed death toll passed ..."") and sentences that
start in lower case (the rest of something), quotations cut in half (an unbalanced
quotation mark), sentences whose subject is a pronoun ("He was seen at Luton Station ...")
whose antecedent is in a sentence the summary does not carry, and sentences that answer the
one before ("But negotiations have stalled."). Rules on the words, no model.
"""

from __future__ import annotations

import re

_PRONOUN_OPENERS = frozenset("he she it they him her his its their them".split())
# Words before the subject that do not resolve it ("But he said ...").
_CONNECTIVES = frozenset("but and so yet however also then still later meanwhile now".split())
# Openers that answer or continue the sentence before: "But ...", "And ...", "However, ...".
_ANSWERING = re.compile(r"(?:But|And|Yet|However|Nevertheless|Nonetheless|Instead|Still,)\b")
_IMPERATIVES = frozenset(
    "call contact visit click send email e-mail write read see watch follow subscribe share "
    "donate text phone ring report look".split()
)
_APPEAL = re.compile(
    r"\b(?:please|if you (?:have|know|saw|see|were)|anyone (?:with|who)|do you (?:know|have)|"
    r"hotline|helpline|call (?:us|the|on|toll)|contact (?:us|the police)|get in touch)\b",
    re.IGNORECASE,
)
# Phone numbers: digit groups split by spaces, dashes or dots, 9 digits or more in all.
_PHONE = re.compile(r"(?<![\w.,])\+?\(?\d{2,5}\)?(?:[ .-]\d{2,8}){1,4}(?![\w,])")
MIN_PHONE_DIGITS = 9
_URL_OR_MAIL = re.compile(r"https?://|www\.|\S+@\S+\.\w", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[*•·▪–—-]|\d+[.)])\s+")
# "AP - ...", "Sri Lanka – approximately 28,500": a short label, a dash, its entry.
_LABELLED_ENTRY = re.compile(r"^[^.!?\"“”]{1,40}?\s[-–—]{1,2}\s")
_SENTENCE_END = re.compile(r"[.!؟?…][\"'”’»)\]]*\s*$|[\"”»]\s*$")


def opens_with_pronoun(sentence: str) -> bool:
    """ "He was seen ...", "But they said ...": its subject needs an earlier sentence."""
    words = re.findall(r"[A-Za-z']+", sentence[:60])
    while words and words[0].lower() in _CONNECTIVES:
        words = words[1:]
    return bool(words) and words[0].lower() in _PRONOUN_OPENERS


def reason_not_standalone(sentence: str) -> str | None:
    """Why the sentence cannot be quoted alone, or None when it can."""
    text = sentence.strip()
    if not text:
        return "empty"
    if text.rstrip("\"'”’»)] ").endswith(("?", "؟")):
        return "question"
    phone = any(
        sum(ch.isdigit() for ch in m.group(0)) >= MIN_PHONE_DIGITS for m in _PHONE.finditer(text)
    )
    if _APPEAL.search(text) or phone or _URL_OR_MAIL.search(text):
        return "appeal or contact notice"
    first = re.match(r"[A-Za-z']+", text)
    if first and first.group(0).lower() in _IMPERATIVES and first.group(0)[0].isupper():
        return "appeal or contact notice"
    bulleted = bool(_BULLET.match(text))
    text = _BULLET.sub("", text)  # a list item stands alone when what follows its bullet does
    labelled = _LABELLED_ENTRY.match(text) if bulleted else None
    if labelled and not re.match(r"[\"“]?[A-Z0-9]", text[labelled.end() :]):
        return "list entry"  # "* AP - "confirmed toll passed ..."": its label is its subject
    if re.match(r"[\"'“‘(]*[a-z][a-z'’-]*\b", text):
        return "caption or fragment"  # starts in lower case: the rest of something
    if not _SENTENCE_END.search(text):
        return "caption or fragment"
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return "half a quotation"
    if opens_with_pronoun(text):
        return "pronoun with no antecedent"
    if _ANSWERING.match(text):
        return "answers the sentence before"  # "But negotiations have stalled."
    return None


def is_list_item(sentence: str) -> bool:
    """ "* AP - ...", "1. ...": stands alone, but prose reads better where there is a choice."""
    return bool(_BULLET.match(sentence))


def stands_alone(sentence: str) -> bool:
    return reason_not_standalone(sentence) is None
