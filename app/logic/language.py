"""Language checks: one module for every screen, the CLI and exports.

A finding names its rule, where it is (the field's JSON path), the offending
span, what is wrong and a suggested rewrite or question. Rules are plain
word patterns, explainable and predictable; they prefer silence to crying wolf.

Checks: QUALITATIVE_IMPACT (adjectives where numbers belong), BLAME (fault placed on a
person or role instead of the system) and VAGUE_ACTION (corrective actions nobody could
verify as done). `check_text` runs the ones that apply to a field. The word tables live in
`app.logic.language_rules` (BLAME, with its names and roles in `language_people`) and
`app.logic.language_action_rules` (VAGUE_ACTION).

Nothing compiles on import: each pattern compiles when a text first needs it, and a BLAME pattern is tried only on
sentences holding words every match of it needs (`language_engine` tells how), words read off the patterns ahead of
time into `language_index` (`python -m app.logic.language --write-index` rewrites it). The findings are the same.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from app.logic import language_action_rules as A  # the word tables behind VAGUE_ACTION
from app.logic import language_rules as R  # the word tables behind BLAME
from app.logic.language_engine import (
    _alternatives,
    _blame_words,
    _compact,
    _fingerprint,
    _for_reading,
    _keyless_rules,
    _Lazy,
    _normalised,
    _requirement,
    _RulePattern,
    register,
)

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
    (r"a (?:large|huge|big|small|significant|tiny) (?:number|amount|portion|share|chunk|percentage|fraction|"
     r"subset|minority) of", _ASK_HOW_MANY),
    (r"(?:a )?(?:big|large|huge) chunk of", _ASK_HOW_MANY),
    (r"(?:a )?lots? of|a lot|tons of|loads of|plenty of|a bunch of|bunch of|a number of|a handful of|a couple(?: of)?",
     _ASK_HOW_MANY),
    (r"many|numerous|several|countless|multiple|various|most|some|a few|majority of|the majority", _ASK_HOW_MANY),
    (r"across the board|widespread|large[- ]scale|everyone|everybody|(?:hundreds|thousands|millions|dozens|tens) of|"
     r"(?:almost|nearly|virtually|practically|basically) (?:all|every\w*)|(?:a|some) (?:portion|fraction|subset|share|"
     r"percentage|segment|part) of", _ASK_HOW_MANY),
    (r"(?:for )?a (?:long )?while|a long time|an extended period|extended|prolonged|lengthy|for hours|"
     r"for days|all day|much of the day|brief(?:ly)?|blip|momentar(?:y|ily)", _ASK_HOW_LONG),
    (r"significant(?:ly)?|substantial(?:ly)?|considerabl[ey]|massive(?:ly)?|huge|enormous|tremendous|major|minor|"
     r"minimal|negligible|serious(?:ly)?|severe(?:ly)?|noticeabl[ey]|heavy|heavily|slight(?:ly)?|large|big|"
     r"(?:super|very|really|extremely) slow|sluggish|pretty bad|really bad|very bad|bad|terrible|awful|"
     r"took an? (?:\w+ )?hit|badly|hard (?:hit|affected|impacted)|sharp(?:ly)?|dramatic(?:ally)?|"
     r"drastic(?:ally)?|steep(?:ly)?|greatly|marked(?:ly)?|spik(?:ed|es)|skyrocket(?:ed|ing)|plummet(?:ed|ing)|"
     r"soared|ballooned", _ASK_HOW_MUCH),
    (r"(?:very |really |extremely )?(?:unhappy|angry|frustrated|upset|annoyed)|bad (?:customer |user )?experience",
     _ASK_FEELING),
]
_VAGUE = [(_Lazy(rf"(?<![\w-])(?:{pattern})(?![\w-])"), ask) for pattern, ask in VAGUE_QUANTITIES]
_NUMBER = _Lazy(r"\d|(?<![\w-])(?:zero|none|one|two|three|four|five|six|seven|eight|nine|ten|dozen|"
                r"hundred|thousand|million|half|quarter|(?<!almost )(?<!nearly )(?<!virtually )"
                r"(?<!practically )(?<!basically )all)(?![\w-])")
#: A sentence or clause: a stop inside a token ("v2.3", "api.example.com", "3.5s") does not end it.
_SENTENCE = _Lazy(r"(?:[^.!?;\n]|[.!?](?=[\w/]))+[.!?;]?", 0)


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each `_SENTENCE` in a text. A text with no stop at all is one sentence
    whole: most timeline lines, checked by the thousand in an export."""
    if "." not in text and "!" not in text and "?" not in text and ";" not in text and "\n" not in text:
        return [(0, text)] if text else []
    return [(match.start(), match.group()) for match in _SENTENCE.finditer(text)]


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


# -- BLAME: fault placed on a person or a role instead of the system --------------------------------

_ASK_SYSTEM = "What safeguard was missing, and why did the process allow this? Describe what the system allowed."
_ASK_ERROR = "Human error is where the analysis starts: what made the error easy to make and hard to catch?"
_ASK_CONTEXT = ("Describe the action and its context instead of judging the person: what did they see, and what "
                "made the action look reasonable at the time?")
_ASK_HINDSIGHT = "What was missing or hard to see at the time, and how could tooling surface it?"
_ASK_GUARDRAIL = "What check, automation or guardrail would catch this without relying on someone being careful?"
_ASK_MISSED = "What made this step easy to skip or miss (tooling, alert design, workload, runbook)?"
_ASK_NO_PUNISH = ("Punishment teaches people to hide problems. What guardrail (review, automation, permission "
                  "check) would make this mistake impossible or harmless?")
_ASK_NEUTRAL = "State the fact neutrally (time, action, state), then ask what delayed the response: paging, load?"


@dataclass(frozen=True)
class BlameRule:
    """One way of blaming someone: its words, what is wrong with them, and the question to ask instead."""

    name: str
    pattern: _RulePattern
    message: str
    suggestion: str
    negatable: bool = False  # silent after "not"/"no": "This was not human error" rejects blame
    needs_person: bool = False  # only in a sentence that names a person or role (snide remarks)
    excusable: bool = False  # silent when the sentence goes on to give the system's reason ("...because...")
    spares_software: bool = False  # silent about software: "the consumer ignored...", "a careless default"


def _rule(name: str, pattern: str, message: str, suggestion: str, **flags: bool) -> BlameRule:
    return BlameRule(name, _RulePattern(pattern), message, suggestion, **flags)


#: In order of precedence: the first rule that matches a sentence gives its one finding.
BLAME_RULES: list[BlameRule] = [
    _rule("punitive", R.PUNITIVE, "is punitive: it targets a person, not what allowed the incident.", _ASK_NO_PUNISH),
    _rule("human_error", R.HUMAN_ERROR, "names a person as the cause and stops the analysis there.", _ASK_ERROR,
          negatable=True),
    _rule("judgement", R.JUDGEMENT, "judges a person instead of describing what happened.", _ASK_CONTEXT,
          negatable=True, spares_software=True),
    _rule("hindsight", R.HINDSIGHT, "is hindsight: it was not known then, or it would have been done.",
          _ASK_HINDSIGHT),
    _rule("presumed", R.PRESUMED, "second-guesses a decision that looked reasonable at the time.", _ASK_CONTEXT,
          excusable=True),
    _rule("attention", R.ATTENTION, "blames a person's attention or effort, which no action item can fix.",
          _ASK_GUARDRAIL),
    _rule("fault", R.FAULT, "makes the cause a person's mistake rather than a condition.", _ASK_SYSTEM,
          negatable=True),
    _rule("exhortation", R.EXHORTATION, "asks people to try harder; vigilance fails again under the same pressure.",
          _ASK_GUARDRAIL),
    _rule("omission", R.OMITTED_BY, "puts a missed step on a person or role and hides why it was easy to miss.",
          _ASK_MISSED, excusable=True),
    _rule("should_have", R.SHOULD_HAVE, "is hindsight aimed at a person or role: it hides why they could not.",
          _ASK_HINDSIGHT, negatable=True),
    _rule("caused", R.CAUSED_BY, "names a person or role as the cause.", _ASK_SYSTEM),
    _rule("destroyed", R.DESTROYED, "makes a person the cause of the loss, not what let the command reach it.",
          _ASK_GUARDRAIL, excusable=True),
    _rule("bad_work", R.BAD_WORK, "frames the incident as someone's bad work, not what let it through.", _ASK_SYSTEM),
    _rule("unresponsive", R.UNRESPONSIVE, "blames someone for not responding, not the signal for not reaching them.",
          _ASK_NEUTRAL, negatable=True, spares_software=True),
    _rule("snide", R.SNIDE, "is a snide remark about people: it signals blame and makes people defensive.",
          _ASK_NEUTRAL, needs_person=True),
]

register(BLAME_RULES)
_AGENT = _RulePattern(R.AGENT)
_NEGATED_BEFORE = _Lazy(R.NEGATED_BEFORE)
_EXCUSE_AFTER = _Lazy(R.EXCUSE_AFTER)
_CAUSATIVE_BEFORE = _Lazy(R.CAUSATIVE_BEFORE)
_BAD_ARTIFACT = _Lazy(R.BAD_ARTIFACT)
_PUNITIVE = next(rule.pattern for rule in BLAME_RULES if rule.name == "punitive")  # asked only whether it matches
_SOFTWARE_BEFORE = _Lazy(R.SOFTWARE_BEFORE)
_SETTING_AFTER = _Lazy(R.SETTING_AFTER)


def _about_software(sentence: str, match: re.Match[str]) -> bool:
    """Software did it ("the consumer ignored the message") or is judged ("a careless default"), nobody named."""
    if _SOFTWARE_BEFORE.search(sentence, 0, match.start()):
        return True
    return bool(_SETTING_AFTER.match(sentence, match.end())) and not _AGENT.found_in(sentence)


def _blame_in(sentence: str) -> tuple[re.Match[str], BlameRule] | None:
    """The first rule that really blames someone in this sentence, after the negation and person checks."""
    normalised = _normalised(sentence)
    present = _blame_words()(normalised)
    for rule in BLAME_RULES if present else _keyless_rules():
        pieces = rule.pattern.possible(present, normalised)
        if not pieces or (rule.needs_person and not _AGENT.found_in(sentence)):
            continue
        for match in rule.pattern.finditer(sentence, pieces):
            if rule.negatable and _NEGATED_BEFORE.search(sentence[:match.start()]):
                continue
            if rule.excusable and _EXCUSE_AFTER.search(sentence, match.end()):
                continue
            if _CAUSATIVE_BEFORE.search(sentence[:match.start()]):
                continue  # "the alert led the responder to..." makes the person the system's object
            if rule.spares_software and _about_software(sentence, match):
                continue
            return match, rule
    return None


def _system_question(sentence: str, rule: BlameRule) -> str:
    """Turn "X deployed a bad config" into "What allowed a bad config to reach production?"."""
    artifact = _BAD_ARTIFACT.search(sentence)
    if artifact is None or rule.name in ("punitive", "exhortation"):
        return rule.suggestion
    article = "a" if artifact.group(1).lower() in ("a", "an") else "the"
    return f"What allowed {article} {artifact.group().split(maxsplit=1)[1]} to reach production? {rule.suggestion}"


def _accent_free(char: str) -> str:
    """One letter without its accent ("ú" -> "u"), or the letter itself when it has no one-letter base."""
    base = unicodedata.normalize("NFKD", char)[0]
    return base if base.isascii() and base.isalpha() else char


#: Accented Latin letters to their base, one letter for one, so "Raúl" and "José" match the names and spans hold.
_ACCENTS = str.maketrans({chr(c): _accent_free(chr(c)) for c in range(0xC0, 0x180) if _accent_free(chr(c)) != chr(c)}
                         | {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})


def check_blame(text: str, path: str) -> list[Finding]:
    """Fault placed on a person or role instead of the system: at most one finding per sentence."""
    findings: list[Finding] = []
    for offset, plain in sentences(text):
        found = _blame_in(plain if plain.isascii() else plain.translate(_ACCENTS))  # ASCII has no accents to drop
        if found is None:
            continue
        match, rule = found
        start, end = offset + match.start(), offset + match.end()
        phrase = text[start:end]
        findings.append(Finding("BLAME", "Blame", ERROR, path, (start, end), phrase, f"“{phrase}” {rule.message}",
                                _system_question(plain, rule)))
    return findings


# -- VAGUE_ACTION: corrective actions nobody can verify as done -----------------------------------

_SMART = ("Make it SMART: say exactly what changes (which alert, test, limit or step), a measurable target "
          "(e.g. page when replication lag > 30s for 5 min), one owner and a due date.")
_INTENTION, _NO_TARGET = "names an intention, not a change", "sets no target (by how much, measured how?)"
_AREA = "names a whole area, not a change"

_CLAUSE_SPLIT = _Lazy(A.CLAUSE_SPLIT)
_LEAD_IN = _Lazy(A.LEAD_IN)
_LEAD_VERB = _Lazy(rf"(?:{A.VAGUE_LEAD_VERBS})(?![\w-])")
_SOFT_VERB = _Lazy(rf"(?:{A.VAGUE_SOFT_VERBS})(?![\w-])")
_COUNTED = _Lazy(A.COUNTED)
_MEASURABLE = _Lazy(A.MEASURABLE)
_ANNOTATION = _Lazy(A.ANNOTATION)
_GENERIC_AREA = _Lazy(rf"(?<![\w-])(?:{A.GENERIC_AREAS})$")
_GENERIC_THING = _Lazy(rf"^[\w-]+\s+(?:(?:{A.GENERIC_THINGS})|[\w-]+\s+{A.GENERIC_PLURALS})$")
#: Vague wherever they appear in a clause, with what is wrong.
_ANYWHERE: list[tuple[_Lazy, str]] = [
    (_Lazy(rf"(?<![\w-])(?:{A.VAGUE_WISH})(?![\w-])"), "is a wish, not a task anyone can finish"),
    (_Lazy(rf"(?<![\w-])(?:{A.VAGUE_WHEN})(?![\w-])"), "puts the action off with no date"),
    (_Lazy(rf"(?<![\w-])(?:{A.VAGUE_COMPARATIVES})(?![\w-])"), "compares with nothing (than what, measured how?)"),
]


def _strip_annotations(text: str) -> str:
    """The action without its trailing owner, date or ticket, which do not make it specific."""
    while (shorter := _ANNOTATION.sub("", text, count=1)) != text:
        text = shorter
    return text


def _clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each action inside one title joined by "and", ";", "+" or a full stop."""
    spans, start = [], 0
    for split in _CLAUSE_SPLIT.finditer(text):
        spans.append((start, split.start()))
        start = split.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _vague_in_clause(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Vague phrases in one clause; none when it carries a measurable target ("Improve p99 to < 300ms")."""
    clause = text[start:end]
    if _MEASURABLE.search(clause):
        return []
    hits: list[tuple[int, int, str]] = []
    at = _LEAD_IN.match(clause).end()
    if verb := _LEAD_VERB.match(clause, at):  # the span runs to the end of what the verb asks for
        hits.append((start + verb.start(), start + at + len(_strip_annotations(clause[at:]).rstrip()), _INTENTION))
    elif verb := _SOFT_VERB.match(clause, at):
        hits.append((start + verb.start(), start + at + len(_strip_annotations(clause[at:]).rstrip()), _NO_TARGET))
    for pattern, why in _ANYWHERE:
        hits.extend((start + m.start(), start + m.end(), why) for m in pattern.finditer(clause)
                    if not _COUNTED.search(clause[:m.start()]))
    return hits


def _vague_phrase(text: str) -> tuple[int, int, str] | None:
    """The first vague phrase in an action title and what is wrong with it; None when the action is specific."""
    hits = [hit for start, end in _clauses(text) for hit in _vague_in_clause(text, start, end)]
    core = _strip_annotations(text).strip()
    core = core[_LEAD_IN.match(core).end():]
    generic = (len(core.split()) <= 4 and _GENERIC_AREA.search(core)) or _GENERIC_THING.match(core)
    if not hits and generic and not _MEASURABLE.search(text):
        start = text.find(core)
        hits.append((start, start + len(core), _AREA))
    return min(hits) if hits else None


def check_vague_action(text: str, path: str) -> list[Finding]:
    """A corrective-action title that is not specific or measurable; an owner or a date alone does not fix it."""
    if _PUNITIVE.found_in(text):
        return []  # a purely punitive action is BLAME's to report, not a vague one
    found = _vague_phrase(text)
    if found is None:
        return []
    start, end, why = found
    phrase = text[start:end]
    return [Finding("VAGUE_ACTION", "Vague action", WARNING, path, (start, end), phrase,
                    f"“{phrase}” {why}: nobody could say when this action is done.", _SMART)]


# -- every check, by field ------------------------------------------------------------------------

def check_text(text: str, field: str, path: str) -> list[Finding]:
    """The checks that apply to a field: blame everywhere, SMART on actions, numbers on impact and summary."""
    findings = check_blame(text, path)
    if field == "action":
        findings += check_vague_action(text, path)
    if field in ("impact", "summary"):
        findings += check_qualitative_impact(text, path)
    return sorted(findings, key=lambda finding: finding.span or (0, 0))


# -- the index of the words each BLAME shape needs -----------------------------------------------

INDEX_COMMAND = "python -m app.logic.language --write-index"
INDEX = Path(__file__).with_name("language_index.py")


def index_source() -> str:
    """The text of `language_index` for the BLAME rules as they are now, each read afresh (`_requirement`)."""
    clauses: dict[str, int] = {}
    readings: dict[str, str] = {}
    for rule in BLAME_RULES:
        compact = _compact(rule.pattern.source)
        read = [_requirement(_for_reading(shape)) for shape in _alternatives(compact)]
        if any("|" in word for needs, _ in read for clause in needs for word in clause):
            raise ValueError(f"a word {rule.name} needs holds '|', which joins a clause's words in the index")
        shapes = [tuple(clauses.setdefault("|".join(sorted(clause)), len(clauses)) for clause in needs)
                  for needs, _ in read]
        readings[_fingerprint(compact)] = f"({any(empty for _, empty in read)}, ({', '.join(map(repr, shapes))},))"
    return "\n".join([
        f'"""Written by `{INDEX_COMMAND}`: do not edit.', "",
        "What `language_engine._requirement` reads off each shape of each BLAME pattern, which took tens of",
        "milliseconds at run time. An entry serves the pattern whose fingerprint it has; a pattern changed since is",
        "read at run time (slower, the same findings), and tests/test_language_index.py fails until this is written",
        "again. Lines are long so that a clause or a pattern is one line.", '"""', "# ruff: noqa: E501", "",
        "#: Each clause: the strings (joined by |) of which every match of a shape holds one.",
        "CLAUSES = (", *(f"    {clause!r}," for clause in clauses), ")", "",
        "#: By fingerprint: (whether a shape can match empty text, each shape's clauses as indexes into CLAUSES).",
        "READINGS = {", *(f'    "{key}": {reading},' for key, reading in readings.items()), "}", ""])


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-index"]:
        sys.exit(f"usage: {INDEX_COMMAND}")
    INDEX.write_text(index_source(), encoding="utf-8")
    print(f"wrote {INDEX}")
