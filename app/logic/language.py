"""Language checks: one module for every screen, the CLI and exports.

A finding names its rule, where it is (the field's JSON path), the offending
span, what is wrong and a suggested rewrite or question. Rules are plain
word patterns, explainable and predictable; they prefer silence to crying wolf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ERROR, WARNING, HINT = "error", "warning", "hint"


@dataclass(frozen=True)
class Finding:
    rule: str
    label: str
    severity: str
    path: str
    span: tuple[int, int] | None
    text: str
    message: str
    suggestion: str


# -- QUALITATIVE_IMPACT: adjectives where numbers belong -----------------------------------------

_ASK_HOW_MANY = "How many exactly, and what share of the total? Give the count or percentage."
_ASK_HOW_LONG = "For how long exactly? Give the duration (e.g. 47 minutes, 14:05-16:05)."
_ASK_HOW_MUCH = "How much? Give the measured figure: error rate, latency, tickets, revenue, users."
_ASK_FEELING = "What was measured? Give tickets, NPS, churn or complaints as numbers."

#: phrase (a regular expression over words) -> the question that asks for the number.
VAGUE_QUANTITIES: list[tuple[str, str]] = [
    (r"a (?:large|huge|big|small|significant) (?:number|amount|portion|share|chunk) of", _ASK_HOW_MANY),
    (r"(?:a )?(?:big|large|huge) chunk of", _ASK_HOW_MANY),
    (r"(?:a )?lots? of|tons of|loads of|plenty of|a bunch of|bunch of|a number of|a handful of", _ASK_HOW_MANY),
    (r"many|numerous|several|countless|multiple|various|most|some|a few|majority of|the majority", _ASK_HOW_MANY),
    (r"across the board|widespread|large[- ]scale|everyone|everybody", _ASK_HOW_MANY),
    (r"(?:for )?a (?:long )?while|a long time|an extended period|extended|prolonged|lengthy|for hours|"
     r"for days|all day|much of the day|brief(?:ly)?|blip|momentar(?:y|ily)", _ASK_HOW_LONG),
    (r"significant(?:ly)?|substantial(?:ly)?|considerabl[ey]|massive(?:ly)?|huge|enormous|tremendous|major|minor|"
     r"minimal|negligible|serious(?:ly)?|severe(?:ly)?|noticeabl[ey]|heavy|heavily|slight(?:ly)?|large|big|"
     r"(?:super|very|really|extremely) slow|sluggish|pretty bad|really bad|very bad|bad|terrible|awful", _ASK_HOW_MUCH),
    (r"(?:very |really |extremely )?(?:unhappy|angry|frustrated|upset|annoyed)|bad (?:customer |user )?experience",
     _ASK_FEELING),
]
_VAGUE = [(re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE), ask) for pattern, ask in VAGUE_QUANTITIES]
_NUMBER = re.compile(r"\d|(?<![\w-])(?:zero|none|no|one|two|three|four|five|six|seven|eight|nine|ten|dozen|"
                     r"hundred|thousand|million|half|quarter|all)(?![\w-])", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;]?")


def check_qualitative_impact(text: str, path: str) -> list[Finding]:
    """Vague quantities in a sentence that gives no number (impact narratives and summaries)."""
    findings: list[Finding] = []
    for sentence in _SENTENCE.finditer(text):
        if _NUMBER.search(sentence.group()):
            continue
        taken: list[tuple[int, int]] = []
        for pattern, ask in _VAGUE:
            for match in pattern.finditer(sentence.group()):
                start, end = sentence.start() + match.start(), sentence.start() + match.end()
                if any(start < e and s < end for s, e in taken):
                    continue
                taken.append((start, end))
                findings.append(Finding(
                    "QUALITATIVE_IMPACT", "Quantify the impact", WARNING, path, (start, end), text[start:end],
                    f"“{text[start:end]}” where a number belongs: a reader cannot weigh it.", ask,
                ))
    return sorted(findings, key=lambda finding: finding.span or (0, 0))
