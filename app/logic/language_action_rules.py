"""Word tables for the VAGUE_ACTION check in `app.logic.language`.

Plain regular-expression sources, like the BLAME tables in `app.logic.language_rules`: what makes a
corrective action impossible to verify as done (an intention, no target, no date, a whole area).
"""

from __future__ import annotations

# -- VAGUE_ACTION: corrective actions nobody can verify as done -----------------------------------

#: Verbs that open a vague action whatever owner or date follows ("Improve monitoring (owner: Sam)").
VAGUE_LEAD_VERBS = (
    r"improve|enhance|optimi[sz]e|strengthen|harden|bolster|beef up|review|revisit|re-?evaluate|reassess|"
    r"re-?think|reconsider|look (?:(?:deeper|further|more closely|closer)\s+)?(?:into|at)|investigate|explore|"
    r"consider|think about|evaluate|assess|research|"
    r"discuss|brainstorm|re-?train|coach|train\s+(?:the\s+|our\s+)?(?:teams?|everyone|engineers|people|staff|devs|"
    r"developers|folks)\b|clean ?up|tidy(?: up)?|streamline|work on|address|tackle|ensure|"
    r"make sure|double[- ]check|follow[- ]?up(?: with| on)?|check (?:in )?(?:on|with)|sync (?:up )?with|talk to|"
    r"reach out to|keep an eye on|monitor|audit(?!\s+(?:logs?|logging|trails?|events?))|continue(?: to)?|try to|"
    r"aim to|start (?:thinking|looking)|educate|"
    r"raise awareness|be more|be careful|prioriti[sz]e|figure out|find out|dig into|keep\s+\w+ing|deep[- ]dive|"
    r"socialize|align|communicate|remind|tell|encourage|spend (?:some |more )?time|(?:dedicate|allocate|set aside) "
    r"(?:some |more )?time|invest(?: more)? in"
)

#: Verbs that are vague only without a target: "Increase test coverage" vs "Raise the pool from 50 to 150".
VAGUE_SOFT_VERBS = (
    r"increase|reduce|decrease|raise|lower|boost|cut(?!\s+over)|expand|grow|add more|minimi[sz]e|maximi[sz]e|"
    r"speed up|tighten|loosen|tune|adjust"
)

#: Comparatives with no yardstick: "Add better logging", "More training", "Make alerts less noisy".
VAGUE_COMPARATIVES = (
    r"better|more(?!\s+than)|less(?!\s+than)|fewer(?!\s+than)|stronger|smarter|faster|tighter|clearer|"
    r"improved|enhanced|proper|adequate|sufficient|appropriate|some(?!\s+time\b)|a few|several|various|"
    r"(?<!\ban )additional|"
    r"make\s+(?:[\w-]+\s+){1,3}?(?:robust|resilient|reliable|stable|scalable|safer|easier|quieter)"
)

#: A number just before a comparative makes it a count: "Add 2 more brokers".
COUNTED = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twice)\s+$"

#: "When, exactly?": time words that postpone the action for ever.
VAGUE_WHEN = (
    r"eventually|someday|some day|at some point|in the future|down the road|"
    r"when (?:we have|there is|there's) (?:time|capacity|bandwidth)|(?:as|if) time permits|long[- ]term|"
    r"longer[- ]term|asap|tbd|when possible|where possible|as needed|if possible|over time"
)

#: Wishes and hedges in place of a commitment: "Ensure this never happens again", "Team should document...".
VAGUE_WISH = (
    r"never (?:happens?|occurs?) again|(?:doesn'?t|won'?t|does not|will not) happen again|"
    r"prevent (?:this|it|similar|recurrence|future)|avoid (?:this|similar|recurrence)|"
    r"(?:someone|somebody|anyone|team|the team|we|everyone|people|folks)\s+"
    r"(?:should|shld|shd|shud|could|might|ought to)\b|(?:someone|somebody|anyone)\s+(?:needs? to|has to|must)\b|"
    r"maybe|perhaps|possibly|might want to|would be nice|nice to have|"
    r"(?:underlying|remaining|outstanding|various|related|known|other|systemic)\s+(?:issues|problems|gaps|weaknesses|"
    r"concerns)|(?:fix|resolve|eliminate|remove|tackle)\s+(?:the\s+)?root[- ]causes?|"
    r"(?:further|more|additional)\s+(?:investigation|analysis|discussion|research|thought|digging)|"
    r"(?:investigation|analysis|discussion|follow-?up|research)\s+(?:is\s+)?(?:needed|required|pending|tbd)|"
    r"needs?\s+(?:more\s+|further\s+|some\s+)?(?:investigation|discussion|thought|analysis|work|looking into)|"
    r"to be (?:investigated|discussed|determined|decided|confirmed|looked into)"
)

#: Nouns that name a whole area, not a change: a short title ending in one ("Update documentation") is vague.
GENERIC_AREAS = (
    r"monitoring|alerting|logging|observability|testing|documentation|docs|communication|training|processe?s?|"
    r"tooling|reliability|resilience|stability|coverage|things|stuff|security|performance"
)

#: Nouns that are vague only as a whole title of two words: "Add tests", "Write runbook".
GENERIC_THINGS = r"(?:test|alert|dashboard|metric|check|log|runbook|doc|guardrail|safeguard|monitor)s?|validation"

#: The same nouns in the plural after one describing word: "Add integration tests", "Fix flaky tests".
GENERIC_PLURALS = r"(?:tests|alerts|dashboards|metrics|checks|logs|runbooks|docs|guardrails|safeguards|monitors)"

#: A measurable target: a figure with a unit, a comparison, a range, money or a lead time (not a date).
MEASURABLE = (
    r"\d[\d,.]*\s*(?:%|percent|ms|msec|s|secs?|seconds?|mins?|minutes?|hrs?|hours?|x|rps|qps|req/s|gb|mb|tb|kb|"
    r"k|m)(?![\w/-])|[<>≤≥]\s*=?\s*\d|\bfrom\s+~?\$?\d[\d,.]*\w*\s+to\s+~?\$?\d|"
    r"\b(?:to|under|below|above|over|at least|at most|less than|more than|fewer than|no more than)\s+~?[$€£]?"
    r"\d[\d,.]*(?![/-]\d)|[$€£]\s?\d|\b\d+\s*(?:days?|hours?)\s+(?:before|ahead)"
)

#: Where a new action starts inside one title: "Raise the pool ... and load-test ...; add ...".
CLAUSE_SPLIT = r"\s*(?:;|\+|\.\s|\n|,?\s+and\s+|,?\s+then\s+)\s*"

#: Bullets, labels, and who/how before the verb ("someone shld look at", "we should"): skipped, not judged.
LEAD_IN = (
    r"^\s*(?:[-*•]\s*|\[\s?[xX ]?\]\s*|\d+[.)]\s*|(?:ai|action|todo|follow-?up)\s*:\s*)*"
    r"(?:(?:please|let'?s|we|the team|team|someone|somebody|i|you)\s+)?"
    r"(?:(?:should|shld|shd|must|needs? to|have to|has to|will|to|could|might|ought to)\s+)?"
    r"(?:(?:work|partner|collaborate|coordinate|team up)\s+with\s+(?:the\s+)?[\w-]+(?:\s+teams?)?\s+to\s+)?"
)

#: A trailing owner, date or ticket: "Update docs (owner: Sam, by 5/1)" is still "Update docs".
ANNOTATION = (
    r"\s*(?:\(.*?\)|\[.*?\]|\s[-–—]\s.*|[,;.]?\s*\b(?:owner|due|by|eta|target|ticket)\b[:\s].*|[.!]+)$"
)
