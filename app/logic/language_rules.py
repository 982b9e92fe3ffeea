"""Word tables for the BLAME check in `app.logic.language`: how a sentence pins an outcome on someone.

Who can be blamed (names, roles) is in `language_people`, what people do and what breaks (the verb classes) in
`language_verbs`; VAGUE_ACTION's tables are in `language_action_rules`.

Plain regular-expression sources, kept apart from the matching code so a facilitator can read
(and argue with) every rule. Each table says why it exists; the phrases are grammar patterns
(who did what), not sentences copied from one incident.
"""

from __future__ import annotations

from app.logic.language_people import (  # who can be blamed: names, roles, and subjects made of them
    ADVERBS,
    AFTER_AGENT,
    AGENT,
    LOOSE_AGENT,
    LOOSE_NAME,
    NAME,
    ONE_PERSON_ROLE,
    PERSON,
    ROLE,
)
from app.logic.language_verbs import (  # what people do and what breaks: the verb classes
    BAD_OUTCOME,
    CLAUSE_BREAK,
    DAMAGE,
    DATA_NOUNS,
    FAULT_MANNER,
    HUMAN_PAST,
    HUMAN_VERBS,
    NEGATED,
    NOT_A_CAUSE,
    OMISSION,
    REMEDIAL_VERBS,
    SETTINGS,
    SHIP_VERBS,
    SLIP_VERBS,
    SOFTWARE,
    STALE,
    STRONG_HUMAN_PAST,
    WRONG_TARGET_VERBS,
)

#: Bad artefacts whose arrival in production is the question to ask ("a bad config").
BAD_ARTIFACT = (
    r"\b(an?|the)\s+(?:bad|wrong|broken|faulty|buggy|untested|unreviewed|incorrect|malformed|invalid)\s+"
    r"(?:[\w-]+\s+)?(config(?:uration)?|change|build|migration|deploy(?:ment)?|release|commit|version|image|"
    r"script|rule|flag|file|code|patch|pr|query|template|manifest|chart|setting|value)s?\b"
)


# -- BLAME patterns, one per way of blaming (language.py gives each its message and question) -------

_A, _ADV = AGENT, ADVERBS
#: A second verb of the same subject: "the on-call acked the page, then ignored it", "...and never turned it back on".
_AND = (
    rf"(?:\s+(?!(?:and|but|then|{CLAUSE_BREAK})\b)[\w'’./-]+){{1,8}}?,?\s+(?:and|but|then)\s+"
    r"(?:(?:then|still|promptly|immediately|also)\s+)?"
)

#: Punishment aimed at people: revoked rights, removal from on-call, warnings, firing, bans, retraining.
PUNITIVE = (
    r"\b(?:revoke|remove|suspend|pull|take away|strip|restrict|limit|lock|cut off)\s+(?:[\w-]+\s+){0,2}?"
    rf"(?:{NAME}['’]s|his|her|{ONE_PERSON_ROLE}['’]s)\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:rights|access|permissions?|privileges?|keys|credentials)\b"
    rf"|\b(?:remove|kick|take|pull|ban|bar|exclude|suspend|bench)\s+{PERSON}\s+(?:off|from|out of)\b"
    rf"|(?:{NAME}|{ROLE}|he|she)\s+(?:to be|will be|should be|must be|is|are|was|were|ha(?:s|ve) been|gets?|got)\s+"
    r"(?:(?:removed|banned|barred|suspended|kicked|taken)\s+(?:off|from|out of)|demoted|disciplined|reprimanded|"
    r"written up|sanctioned)\b"
    rf"|\b(?:ban|bench|fire|discipline|punish|demote|reprimand)\s+{LOOSE_NAME}(?=\s+(?:from|for|off)\b|\s*$)"
    r"|\b(?:written|formal|final|verbal) warning|\bdisciplinary\b|\bperformance improvement plan|(?-i:\bPIP\b)"
    r"|\breprimand(?:ed)?\b|\bwrite (?:him|her|them) up\b|\b(?:be|get|got|been|is|was) fired\b"
    rf"|\b(?:terminate|end|cancel)\s+(?:{NAME}['’]s|his|her|{ONE_PERSON_ROLE}['’]s)\s+(?:contract|employment|job)\b"
    r"|\bhold (?:[\w-]+\s+){0,3}?accountable|\bheld accountable|\bname and shame"
    rf"|\bfire\s+(?:him|her|{NAME}|{ONE_PERSON_ROLE})\b|\blet\s+(?:him|her|{NAME})\s+go\b"
    r"|\b(?:don'?t|do not|never|no longer|stop)\s+(?:let(?:ting)?|allow(?:ing)?)\s+"
    rf"(?!(?:a|an|any|one|more than one)\s){PERSON}(?=\s+(?!be\b)\w)"
    rf"|\bno (?:more )?(?:prod|production|deploys?|merge|admin|root) (?:access |rights )?for\s+{PERSON}"
    rf"|\b(?:have|make|force|require)\s+(?:{NAME}|him|her|{ONE_PERSON_ROLE})\s+(?:shadow|re-?take|redo|attend|"
    rf"sit through)\b|\b(?:re-?train|coach|send)\s+(?:{NAME}|him|her|{ONE_PERSON_ROLE})\b(?!\s+(?:on|to)\s+call)"
    rf"|\b(?:discipline|punish|sanction|penali[sz]e|demote|sack|dock)\s+{PERSON}(?![\w-])"
)

#: "Human error" and its cousins as a cause.
HUMAN_ERROR = (
    r"\b(?:human|user|operator|pilot|people|engineer|developer|dev|staff|personnel|admin)[- ]errors?\b"
    r"|\bpebkac\b|\bpebcak\b|\blayer[- ]8\b"
)

#: Adjectives and nouns that judge a person's character or effort.
JUDGEMENT = (
    r"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|sloppy|sloppily|sloppiness|reckless(?:ly|ness)?|"
    r"incompeten(?:t|ce)|lazy|laziness|clueless|irresponsibl[ey]|idiot(?:ic|s)?|moron(?:ic|s)?|bone-?headed|"
    r"amateurish|inattentive)\b|\b(?:lapse|error|poor|bad|questionable) (?:in |of )?judge?ment\b"
    r"|\b(?:rookie|amateur|newbie|beginner'?s?|schoolboy|silly|stupid|dumb|unforced|bone-?headed)\s+"
    r"(?:mistakes?|errors?|blunders?|moves?)\b"
)

#: Hindsight about what someone knew.
HINDSIGHT = r"\bshould(?:'ve| have)\s+known\b|\bought to have known\b"

#: Second-guessing a decision: "Lucas thought it was fine to run the backfill at peak".
PRESUMED = (
    rf"{AGENT}{ADVERBS}(?:thought|figured|assumed|decided|felt)\s+(?:that\s+)?it\s+(?:was|would be)\s+"
    r"(?:fine|ok(?:ay)?|safe|a good idea|alright|no big deal)\s+to\b"
)

#: Idioms about attention and effort: "fat-fingered", "asleep at the wheel", "didn't bother".
ATTENTION = (
    r"\bfat[- ]?finger(?:ed|ing|s)?\b|\basleep at the wheel\b|\bdrop(?:ped|ping) the ball\b"
    rf"|{AGENT},\s*(?:in a (?:hurry|rush)|rushing|distracted|half[- ]asleep),"
    rf"|{AGENT}{ADVERBS}(?:can(?:'t|not|\s+not)|couldn'?t|could not)\s+be\s+(?:trusted|relied\s+(?:up)?on|"
    r"counted on|depended\s+(?:up)?on)\b"
    rf"|\b(?:never|don'?t|do not|can'?t|cannot|shouldn'?t)\s+trust\s+{PERSON}(?![\w-])"
    r"|\b(?:didn'?t|did not|couldn'?t|could not|never)\s+(?:even\s+)?"
    r"bother(?:ed)?\b|\b(?:nobody|no[- ]one|none of (?:us|them|the [\w-]+))(?:\s+[\w'’-]+){0,4}?\s+(?:even\s+)?"
    r"(?:bothered\s+(?:to|with|checking|looking|reading|testing)|(?:thought|cared|remembered)\s+to)\b"
    rf"|{AGENT}{ADVERBS}(?:(?<=clearly )|(?<=obviously )|(?<=evidently ))(?:didn'?t|did not|doesn'?t|does not|"
    r"never|had no|has no)\s+(?:even\s+)?(?:understand|know|grasp|get|read|care|idea|clue)\b|"
    r"\bcouldn'?t be bothered\b|\bno idea what (?:he|she|they) (?:was|were) doing\b"
    r"|(?:\bnot|n't|\bhad been|\bhave been)\s+paying attention\b|\bpaid no attention\b"
)

#: A mistake owned by someone: "Bob's mistake", "mistake by ops", "an SRE typo", "whoever approved this".
FAULT = (
    r"\b(?:[\w-]+['’]s|his|her|their)\s+(?:fault(?![ -]?(?:toleran|domain|inject|detect|isolat|line))|"
    r"mistakes?|screw-?ups?|blunders?|carelessness|negligence|typos?)\b|\bat fault\b|\bto blame\b"
    r"|\b(?:poor|bad|sloppy|lack of|no|zero)\s+(?:communication|coordination|planning|judge?ment|oversight|"
    rf"diligence|follow-?through|ownership|discipline|care|attention|rigou?r|thoroughness)\s+"
    rf"(?:from|by|of|on the part of|in|within)\s+{_A}"
    r"|\bblame\s+(?:lies|lay|rests|rested|falls|fell|goes|went|sits|sat)\b"
    r"|\bfault\s+(?:lies|lay|rests|rested|falls|fell|sits|sat|is|was)\s+(?:(?:squarely|entirely|solely|firmly)\s+)?"
    rf"with\s+{_A}(?!['’]s){AFTER_AGENT}|\b(?:mistakes?|screw-?ups?|blunders?|goofs?|slip-?ups?)\s+"
    rf"(?:by|from|on the part of)\b|(?:{NAME}|{ONE_PERSON_ROLE})['’]s\s+(?:[\w-]+\s+)?"
    r"(?:typo|error|slip|oversight|bad call|misjudge?ment|misunderstanding|misreading|misinterpretation|"
    r"miscalculation|misstep|lapse|inattention|(?:bad|poor|wrong|hasty|rushed|reckless) "
    r"(?:decision|choice|judge?ment|call))\b|\bwho (?:was|is|were) (?:responsible|to blame)\b|\bculprits?\b"
    rf"|(?<![\w@-])(?:{NAME}|{ROLE})['’]s\s+(?:hasty|rushed|reckless|botched|buggy|bad|poor|untested|"
    r"unreviewed|careless|sloppy|faulty|broken)\s+[\w-]+"
    r"|\bwhoever (?:did|broke|caused|pushed|deployed|wrote|approved|merged)\b"
    r"|\b(?:mistakes?|errors?|blunders?)\s+(?:was|were|got)\s+made\s+by\b"
    rf"|{_A}\s+(?:typo|mistake|blunder|screw-?up|goof|slip-?up)s?\b"
    r"|\b(?:typos?|errors?|mistakes?|oversights?|slip-?ups?|lapses?|misconfigurations?)\s+(?:(?:was|were|got)\s+)?"
    rf"(?:(?:made|introduced|committed)\s+)?(?:by|on the part of)\s+{_A}{AFTER_AGENT}"
    rf"|{_A}\s+(?:(?:who|that)\s+)?(?:(?:was|is|are|were)\s+)?(?:(?:solely|directly|entirely|fully)\s+)?"
    r"(?:responsible|to blame)\s+for\s+(?:the|this|that|our)\s+"
    r"(?:outage|incident|breakage|failure|downtime|mess|mistake|error|deletion|data loss)\b"
    r"(?!\s+(?:review|response|follow|report|retro|postmortem|channel|call|comms|process))"
    r"|\b(?:the|an?)\s+(?:responsible|guilty|offending|culpable)\s+(?:engineer|person|party|developer|dev|"
    r"individual|admin|operator|employee|sre|dba|contractor|intern|team member)s?\b"
    rf"|\b(?:(?:this|that|it|outage|incident|failure)(?:\s+one)?\s+(?:is|was)|(?:this|that|it)['’]?s)\s+"
    r"(?:(?:all|squarely|entirely|totally)\s+)?"
    rf"on\s+{_A}(?=\s*(?:$|[,.;:!?]))"
    rf"|(?:{NAME}|{ROLE})['’]s\s+(?:failure|refusal|inability|neglect)\s+(?:to|of)\b|(?:{NAME}|{ROLE})['’]s\s+lack\s+"
    r"of\s+(?:attention|care|diligence|rigou?r|focus|judge?ment|thoroughness|discipline)\b"
    rf"|\bblame\s+(?:it\s+on\s+)?{_A}(?!['’]s){AFTER_AGENT}"
    rf"|\b(?:failure|refusal|neglect)\s+(?:to|of)\s+(?:[\w'’-]+\s+){{1,5}}?by\s+{_A}{AFTER_AGENT}"
)

#: Asking people to try harder: "sarah needs to double check her work", "Make sure Dave is more careful".
EXHORTATION = (
    rf"{_A}\s+(?:needs?|has|have|must|should|ought|gotta)\s+(?:to\s+)?(?:actually|double[- ]check|"
    r"triple[- ]check|be (?:more\s+)?(?:careful|vigilant|attentive)|start (?:paying|reading|checking|testing)|"
    r"stop\b|pay (?:more\s+)?attention|learn (?:to|how)|think before|take more care|"
    r"get (?:his|her|their) act together|step up|do (?:his|her|their) (?:job|homework)|slow down|focus|"
    r"(?:always\s+)?follow (?:the|our) (?:runbooks?|process|procedures?|checklists?|rules)(?=\s+(?:next time|"
    r"from now on|"
    r"going forward|in future|properly|strictly|at all times|every time)|,?\s+no exceptions))\b"
    rf"|\b(?:make sure|ensure|tell|remind|ask|get)\s+{PERSON}\s+(?:is|are|to be|to|gets?|be)\s+"
    r"(?:more\s+)?(?:careful|vigilant|attentive|diligent|stop|pay|double)"
    rf"|\b(?:tell|remind|ask|get|make)\s+(?:{NAME}|him|her)\s+to\s+(?:always|never|actually|properly|remember|"
    r"be sure|double|triple|check|test|read|follow|stop)\b"
    r"|\b(?:double[- ]checks?|triple[- ]checks?|checks?|tests?|reviews?)\s+(?:his|her|their)\s+(?:own\s+)?work\b"
    r"|\b(?:double|triple)[- ]checks?\s+(?:his|her)\s+(?:own\s+)?(?:changes?|code|commands?|configs?)\b"
    rf"|\bha(?:ve|d) a (?:quiet |little )?word with\s+{PERSON}(?![\w-])"
    rf"|\bha(?:ve|d) a (?:serious|stern|frank|hard|tough) (?:talk|chat|conversation) with\s+{PERSON}(?![\w-])"
    rf"|\b(?:talk|speak|chat)\s+(?:to|with)\s+{PERSON}\s+about\s+(?:being|(?:his|her|their)\s+(?:own\s+)?"
    r"(?:mistakes?|errors?|carelessness|attitude|performance|behaviou?r|conduct))\b"
)

#: A step left undone by a person or role: "DBA failed to check", "ops ignored the runbook".
OMITTED_BY = (
    rf"{_A}{_ADV}(?:{OMISSION})|{_A}{_ADV}{NEGATED}(?:even\s+)?(?:{HUMAN_VERBS})\b"
    rf"|{_A}{_ADV}(?:ha(?:d|s|ve)\s+)?(?:ignored|skipped|bypassed|circumvented|disregarded|overrode|sat on|neglected)\b"
    rf"|{_A}{_ADV}(?:ignore|skip|bypass|circumvent|disregard|override)s?\s+(?:the|our|all|any|every|their)\b"
    rf"|{_A}{_ADV}(?:continue[sd]?|keeps?|kept|tends?|chose|decided)\s+(?:to\s+)?ignor(?:e|ing)\b"
    rf"|{_A}{_AND}(?:ignored|skipped|bypassed|disregarded|overrode|did nothing\b(?!\s+(?:wrong|unusual|different|"
    r"improper|to|"
    rf"that|else))|(?:{OMISSION})|{NEGATED}(?:even\s+)?(?:(?:{HUMAN_VERBS})\b|(?:turn|put|switch|set)(?:ed)?\s+"
    r"(?:it|them)\s+back))"
    rf"|{_A}{_ADV}(?:wrote|added|did|ran|performed)\s+(?:no|zero)\s+(?:[\w-]+\s+)?(?:tests?|testing|reviews?|"
    r"validation|checks?|backups?|rollback plan)\b"
    rf"|{_A}\s+(?:was|were)\s+(?:supposed|meant|expected|asked|told)\s+to\s+[^.;]{{1,60}}?\b(?:and|but)\s+"
    r"(?:did not|didn'?t|never did|never)\b"
    rf"|{_A}{_ADV}left\s+(?:[\w'’-]+\s+){{1,4}}?(?:unmonitored|unpatched|unattended|untested|unreviewed|unencrypted|"
    r"unprotected|unowned|exposed)\b"
    rf"|{_A}{_ADV}did\s+nothing\b(?!\s+(?:wrong|unusual|different|improper|to|that|else))"
    rf"|{_A}(?:\s+[\w'’.-]+){{1,10}}?,\s+(?:skipping|bypassing|circumventing|disregarding|overriding|ignoring)\s+"
    r"(?:the|a|an|our|all|every|both)\b"
    rf"|{_A}{_ADV}(?:muted|silenced|snoozed|turned off|switched off)\s+(?:(?:his|her|their|the)\s+)?"
    r"(?:pager(?:duty)?|opsgenie|phones?|notifications|all (?:the\s+)?(?:alerts|pages|notifications))\b"
    rf"|{_A}{_ADV}(?:ha(?:d|s|ve)\s+)?(?:switched|turned)\s+(?:his|her|their)\s+(?:phone|pager|laptop|"
    r"notifications)\s+off\b"
    r"(?![^.;]*\b(?:after|once)\b)"
    rf"|{_A}{_ADV}(?:was|were)\s+(?:just\s+)?too\s+(?:busy|distracted|tired|lazy|preoccupied)\s+to\b"
    rf"|{LOOSE_AGENT}{_ADV}(?:forgot to|neglected to|(?:didn'?t|did not|never)\s+(?:even\s+)?bother)\b"
    rf"|{_A}{_ADV}(?:let|allowed)\s+(?:[\w'’-]+\s+){{1,4}}?(?:to\s+)?(?:expire|lapse|run out|fill(?:\s+up)?|"
    r"go (?:stale|unpatched|unnoticed|unanswered|unacknowledged)|slip|rot)\b"
)

#: "Should have" aimed at a person or role, and counterfactuals: "if Tariq had read the runbook".
SHOULD_HAVE = (
    rf"{_A}{_ADV}(?:should(?:'ve| have)|should(?:n'?t|\s+not|\s+never)\s+have|could(?:'ve| have)\s+(?:easily\s+)?"
    r"(?:caught|prevented|avoided|stopped)|ought to have|(?:was|were) supposed to have)\b"
    rf"|\b(?:if\s+{_A}\s+had|had\s+{_A})\s+(?:just\s+|only\s+|actually\s+|simply\s+)?(?:{HUMAN_PAST})\b"
    rf"|\b(?:if\s+{LOOSE_NAME}\s+had|had\s+{LOOSE_NAME})\s+(?:just\s+|only\s+|actually\s+)?(?:{STRONG_HUMAN_PAST})\b"
)

#: A person or role as the cause: "Engineer caused", "...and broke prod", "Bob's change broke", "caused by ops".
CAUSED_BY = (
    rf"{_A}{_ADV}(?:{DAMAGE})\b"
    rf"|{_A}(?:\s+(?!(?:{CLAUSE_BREAK}|it|they|this|there)\b)[\w#/'’.@:-]+){{1,6}}?\s+and,?\s+(?:\w+ly,?\s+)?"
    rf"(?:{DAMAGE})\b"
    rf"|(?<![\w@-])(?:{NAME}|{ONE_PERSON_ROLE})['’]s\s+(?:[\w:#.-]+\s+){{0,4}}?(?:{DAMAGE})\b"
    r"|\b(?:caused|broken|ignored|botched|messed up|screwed up|overlooked|skipped|bypassed|wrecked|"
    r"triggered|started|introduced|deleted|dropped|wiped|misconfigured)\s+by\s+"
    rf"(?:an?\s+)?{_A}{AFTER_AGENT}"
    rf"|\b(?:because of|due to|on account of|blamed? on|the fault of|courtesy of)\s+{_A}(?!['’]s)"
    rf"{AFTER_AGENT}"
    rf"|\b(?:root |main |real |primary )?cause\s+(?:was|is|were)\s+{_A}(?!['’]s){AFTER_AGENT}"
    rf"|{_A}{_ADV}(?:{FAULT_MANNER})\s+[a-z]"
    rf"|\bbecause\s+{_A}{_ADV}(?!(?:{NOT_A_CAUSE}|{REMEDIAL_VERBS})\b)[a-z]+\b"
    r"(?![^,;]*\b(?:following|per|as (?:per|instructed|documented|planned|scheduled)|according to)\b)"
    rf"[^,;]{{0,80}}?,\s+(?:the\s+)?"
    rf"(?:[\w'’-]+\s+){{0,3}}?(?:{BAD_OUTCOME})\b"
    rf"|\b(?:{BAD_OUTCOME})\b(?:\s+[\w'’-]+){{0,4}}?\s+because\s+{_A}{_ADV}(?!(?:{NOT_A_CAUSE}|{REMEDIAL_VERBS})\b)"
    r"(?:[a-z]+ed|ran|put|set|sent|took|wrote|hit|let|left|gave|chose|made|forgot)\b"
    r"(?![^,;]*\b(?:following|per|as (?:per|instructed|documented|planned|scheduled)|according to)\b)"
    rf"|(?<![\w@-])(?:{NAME}|{ONE_PERSON_ROLE})['’]s\s+(?:[\w-]+\s+){{0,2}}?(?:wiped|deleted|dropped|truncated|"
    rf"overwrote|erased|purged)\s+(?:(?:the|a|an|all|every|our)\s+)?(?:(?!(?:{STALE})\b)[\w-]+\s+){{0,3}}?"
    rf"(?:{DATA_NOUNS})\b"
    rf"|{_A}{_ADV}(?:{SLIP_VERBS})(?![\w-])"
)

_NOT_GAP = f"{REMEDIAL_VERBS}|{CLAUSE_BREAK}"  # words that end "who did what" before "the wrong ..."

#: A safeguard skipped: "...without review", "w/o telling anyone".
WITHOUT_STEP = (
    r"(?:without|w/o)\s+(?:any\s+|a\s+|first\s+|even\s+)?(?:testing|tests?|review(?:ing|ers?)?|running|checking|"
    r"approvals?|validat\w*|verif\w*|telling|asking|reading|opening|waiting|looking|noticing|spotting|realis\w*|"
    r"realiz\w*|understanding|considering|canary|staging|a ticket|permission|"
    r"coordinat\w*|notify\w*|announc\w*|peer review|code review|anyone|handing (?:off|over)|an? hand-?(?:off|over)|"
    r"escalating|paging|informing|documenting|backing up|an? backups?|an? rollback plan|consulting|involving|"
    r"looping in|checking with|talking to|sign-?off|qa|a qa (?:pass|review|sign-?off)|(?:load|unit|integration|"
    r"performance|perf|regression|smoke|manual|proper|adequate|prior|security|e2e|end-to-end)[- ]?(?:testing|tests?))\b"
    r"|with\s+(?:a\s+|the\s+)?(?:failing|broken|red|known[- ]failing)\s+(?:tests?|ci|checks?|builds?|pipeline)\b"
)

#: Someone singled out as junior: "run by an intern", "written by a new engineer" (not "spotted by the intern").
JUNIOR = (
    r"(?:an?|the|our|some)\s+(?:(?:new|junior|inexperienced|untrained|green|newly[- ]hired|first[- ]week)\s+"
    r"(?:[\w-]+\s+)?(?:engineer|dev|developer|hire|guy|person|admin|sre|employee|staffer|member|contractor|dba|"
    r"tester)|intern|trainee|rookie|newbie|new hire)s?"
)

#: Someone's bad work: the wrong thing, a broken thing, no review, a mistake, self-approval, deleting prod.
BAD_WORK = (
    rf"{_A}{_ADV}(?!(?:{REMEDIAL_VERBS})\b)[\w-]+(?:\s+(?!(?:{_NOT_GAP})\b)[\w'’-]+){{0,4}}?\s+"
    rf"(?:the|a|an)\s+(?:wrong|incorrect)\b"
    rf"|{_A}{_ADV}(?:{WRONG_TARGET_VERBS})\s+(?:the|a|an)\s+(?:wrong|incorrect)\b"
    rf"|{_A}{_ADV}(?:{SHIP_VERBS})\s+(?:[\w-]+\s+){{0,2}}?(?:(?:an?|the|some|his|her|their)\s+)?"
    r"(?:bad|broken|faulty|buggy|untested|unreviewed|unvalidated|incorrect|wrong|malformed|unbounded|unsafe|"
    r"destructive|unvetted|unapproved|unverified|unchecked|half-baked|hacky|dodgy)\b"
    rf"|{_A}{_ADV}(?:{SHIP_VERBS})\s+(?:[\w'’-]+\s+){{1,4}}?(?:that\s+|which\s+)?(?:he|she|they|nobody|no one)\s+"
    r"(?:(?:had\s+|has\s+)?(?:never|not)|hadn'?t|hasn'?t)\s+(?:even\s+|actually\s+|properly\s+|really\s+)*"
    rf"(?:tested|reviewed|read|checked|validated|verified|tried|run|looked at)\b|{_A}{_ADV}(?:{SHIP_VERBS})\s+"
    r"(?:[\w'’-]+\s+){1,4}?(?:that\s+|which\s+)?(?:he|she|they)\s+(?:didn'?t|did not)\s+(?:even\s+|actually\s+)*"
    r"(?:test|review|read|check|validate|verify|try|run|look at)\b"
    rf"|{_A}{_ADV}(?!(?:{REMEDIAL_VERBS})\b)[\w-]+(?:\s+[\w#/.@:-]+){{0,8}}?\s+{WITHOUT_STEP}"
    rf"|{_A}{_ADV}(?:let|waved|pushed|rushed|forced)\s+(?:[\w'’-]+\s+){{1,3}}?through\b"
    rf"|\b(?:was|were|got|been)\s+(?!(?:{_NOT_GAP})\b)[a-z]+\s+by\s+{_A}(?:\s+[\w#/.@:-]+){{0,4}}?\s+{WITHOUT_STEP}"
    r"|\b(?:run|executed|applied|pushed|deployed|merged|shipped|changed|configured|approved|done|handled|"
    rf"triggered|performed|edited|modified|entrusted|given|left)\s+(?:solely\s+|only\s+)?(?:by|to)\s+{JUNIOR}(?![\w-])"
    rf"|{_A}{_ADV}(?:hard-?coded|leaked|exposed|posted|pasted|checked in|committed)\s+(?:[\w'’-]+\s+){{0,3}}?"
    r"(?:passwords?|secrets?|credentials?|api[- ]?keys?|tokens?|private keys?|access keys?)\b"
    rf"|{_A}{_ADV}(?:pushed|uploaded|shared|posted|pasted|sent)\s+(?:[\w'’-]+\s+){{0,3}}?(?:passwords?|secrets?|"
    r"credentials?|api[- ]?keys?|tokens?|private keys?|access keys?)\s+(?:to|in|into|on|over|via|with)\s+(?:an?\s+|"
    r"the\s+)?"
    r"(?:github|gitlab|bitbucket|git|repo|public|slack|channel|chat|pastebin|gist|ticket|customers?|vendors?|users?|"
    r"third[- ]part(?:y|ies)|e-?mail)"
    rf"|{_A}{_ADV}(?:{SHIP_VERBS})\s+(?:[\w#/.'’:-]+(?:\s+|,\s*)){{1,6}}?(?:that|"
    rf"which)\s+(?:\w+ly\s+)?(?:{DAMAGE})\b(?!\s+nothing)"
    rf"|{_A}(?:\s+[\w'’-]+){{1,10}}?,?\s+(?:despite|in spite of)\s+(?:the\s+)?(?:failing|failed|red|broken)\s+"
    r"(?:checks?|tests?|builds?|ci|pipelines?)\b"
    rf"|{_A}(?:\s+[\w'’-]+){{1,10}}?,?\s+(?:against|despite)\s+(?:(?:the|their|our|repeated|explicit|several|"
    r"multiple|[\w-]+['’]s)\s+){0,2}(?:advice|warnings?|objections?|recommendations?|concerns)\b"
    r"(?!\s+(?:being|was|were|had))"
    rf"|{_A}{_ADV}(?:made|set|left|configured|opened)\s+(?:(?:the|a|an|our|its|their)\s+)?(?:[\w'’-]+\s+){{0,2}}?"
    r"(?:buckets?|repos?(?:itory|itories)?|databases?|dbs?|shares?|folders?|blobs?|containers?|datasets?|snapshots?|"
    r"tables?|endpoints?|ports?|instances?|clusters?|dashboards?|api)\s+(?:to\s+)?(?:public|world[- ]readable|"
    r"publicly (?:readable|accessible)|(?:wide\s+)?open to the (?:internet|world|public)|wide open)\b"
    rf"|{_A}{_ADV}(?:{SHIP_VERBS})\s+(?:[\w#/.'’:-]+\s+){{1,8}}?and\s+(?:then\s+)?(?:went|headed)\s+(?:home|to bed|"
    r"on (?:holiday|vacation|leave))\b"
    rf"|{_A}{_ADV}(?:removed|disabled|deleted|dropped|turned off|switched off)\s+(?:[\w#/.@:'’-]+\s+){{0,6}}?"
    r"(?:without|w/o)\s+(?:first\s+)?(?:a ticket|approval|permission)"
    rf"|{_A}{_ADV}[\w-]+\s+(?:[\w#/.@:'’-]+\s+){{0,8}}?(?:without|w/o)\s+(?:first\s+)?(?:telling|warning|informing|"
    r"consulting|notifying|announc\w*)\s+(?:anyone|anybody|the|their|his|her|engineering|ops|support|[\w-]+\s+team)"
    rf"|{_A}{_ADV}forced\s+(?:through\s+)?(?:the|a|an)\s+(?:[\w-]+\s+)?(?:deploy|merge|release|push|change|migration|"
    rf"rollout)\b(?!\s+to\b)|{_A}{_ADV}overruled\s+(?:the|an?|our)\s+(?:[\w-]+\s+)?(?:sres?|dbas?|engineers?|"
    r"reviewers?|on-?call|team|leads?|objections?|concerns?)\b"
    rf"|{_A}\s+(?:was|were|had been|got)\s+(?:[\w-]+\s+){{0,2}}?(?:warned|told)\b[^.;]{{0,60}}?\b(?:and|but)\s+"
    r"(?:still|went ahead|did it anyway|(?:[\w-]+\s+){1,3}?anyway)"
    rf"|{_A}{_ADV}(?:pressured|pushed|forced|rushed|bullied|strong-armed|ordered)\s+{PERSON}\s+(?:to|into)\s+"
    r"(?:skip|bypass|ignore|rush|cut|ship|deploy|release|launch|go live)"
    rf"|{_A}{_ADV}(?!(?:had|has|have|{REMEDIAL_VERBS})\b)[\w-]+(?:\s+(?!(?:{_NOT_GAP})\b)[\w`'’.-]+){{0,4}}?\s+"
    r"(?:against|on|in|to|into|from)\s+(?:the\s+)?[\w-]+\s+(?:instead of|rather than)\b"
    rf"|\b(?:was|were|got)\s+[a-z]+\s+by\s+{_A}(?:\s+[\w'’.-]+){{0,4}}?\s+(?:against|on|in|to|into|from)\s+(?:the\s+)?"
    r"[\w-]+\s+(?:instead of|rather than)\b"
    rf"|{_A}{_ADV}(?!(?:{REMEDIAL_VERBS})\b)[\w-]+(?:\s+(?!(?:{_NOT_GAP})\b)[\w'’.-]+){{0,6}}?\s+instead of\s+"
    r"(?:looking|checking|reading|investigating|testing|reviewing|verifying|following|escalating|asking)\b"
    rf"|{_A}{_ADV}(?!(?:{CLAUSE_BREAK})\b)[\w-]+(?:\s+(?!(?:{_NOT_GAP})\b)[\w'’.-]+){{0,6}}?\s+(?:by (?:accident|"
    r"mistake)|in error|"
    r"accidentally|mistakenly|inadvertently|unintentionally)\b"
    rf"|{_A}{_ADV}introduced\s+(?:an?|the)\s+(?:[\w-]+\s+)?(?:bug|regression|typo|error|vulnerability|leak)s?\b"
    r"(?!\s+(?:tests?|suites?|checks?|fix(?:es)?))"
    rf"|{_A}{_ADV}(?:made|makes|making)\s+(?:(?:a|an|the|another|several|multiple|some|\d+)\s+)?"
    r"(?:[\w-]+\s+)?(?:mistakes?|errors?|typos?|blunders?|bad (?:call|decision|choice)|mess)\b"
    rf"|{_A}{_ADV}[\w-]+\s+(?:the\s+)?(?:prod|production|live|primary)\s+(?:[\w-]+\s+)?(?:instead of|rather than)\b"
    r"|\b(?:approved|merged|reviewed)\s+(?:his|her|their)\s+own\b|\brubber-?stamp(?:ed|ing)?\b"
    r"(?!\s+(?:by design|process|approvals?|reviews?|culture|step))"
    rf"|{_A}{_ADV}(?:deleted|dropped|wiped|truncated|overwrote|erased|purged|destroyed|nuked|"
    r"ran\s+(?:an?\s+|the\s+)?(?:rm -rf|terraform destroy|drop\s+table|truncate|delete))\s+"
    r"(?:(?:on|in|against|from)\s+)?(?:[\w-]+\s+){0,2}?(?:prod|production|live|customers?['’]?)\b"
)

#: Someone destroying data, wherever it was: "the intern deleted the users table" (not "the stale index").
DESTROYED = (
    rf"{_A}(?:{_ADV}|{_AND})(?:deleted|dropped|wiped|truncated|overwrote|erased|purged|destroyed|nuked|corrupted|"
    r"clobbered)\s+(?:(?:the|a|an|all|every|both|our|some|most|half|\d+)\s+)?"
    rf"(?:(?!(?:{STALE})\b)[\w'’-]+\s+){{0,3}}?(?:{DATA_NOUNS})\b"
)

#: Not responding, or being absent: "was asleep", "finally noticed", "ignoring pages".
UNRESPONSIVE = (
    rf"{_A}{_ADV}(?:was|were)\s+(?:too\s+|very\s+|really\s+|far too\s+)?(?:slow|late)\s+to\s+(?:respond|react|"
    r"acknowledge|ack|escalate|notice|act|join|answer|pick up|roll back|revert)\b"
    rf"|{_A}{_ADV}took\s+(?:too long|forever|ages|far too long)\s+to\b|"
    rf"{_A}\s+(?:was|were)\s+(?:[\w-]+\s+)?(?:asleep|slacking|distracted|nowhere to be found|awol|afk)\b"
    rf"|{_A}\s+finally\s+(?:noticed|responded|acked|acknowledged|woke|looked|showed up|got around|"
    r"bothered|answered|picked up|read|checked|joined)\b"
    r"|\bignor(?:ed|ing|es)\s+(?:(?:the|all|multiple|repeated|several|our|\d+)\s+)?(?:[\w'’-]+\s+){0,2}?"
    r"(?:alerts?|pages?|warnings?|pings?|messages?|notifications?|escalations?|runbooks?)\b"
    r"|\b(?:silenced|muted|snoozed|dismissed)\s+(?:(?:the|all|every|both|\d+)\s+)?(?:[\w-]+\s+)?"
    r"(?:alerts?|pages?|alarms?|warnings?)\s+(?:and\s+(?:went|logged|signed|carried|moved)|without)\b"
    rf"|\bwent\s+back\s+to\s+(?:bed|sleep)\b|{_A}{_ADV}(?:slept|dozed|snoozed)\s+(?:right\s+)?through\b"
    rf"|{_A}{_ADV}(?:dismissed|brushed off|shrugged off|waved off|wrote off|discounted)\s+(?:(?:the|an?|all|every|both|"
    r"these|those|its|their|several|repeated|\d+)\s+)?(?:[\w'’-]+\s+){0,2}?(?:alerts?|alarms?|pages?|warnings?|"
    r"signals?|errors?|concerns?|reports?|symptoms?)\b(?![^,;]*\b(?:because|since|after (?:confirming|checking|"
    r"verifying)|once)\b)"
)

#: Snide asides and outrage; they count only in a sentence that names a person or role.
SNIDE = (
    r"(?:,|\s[-–—])\s*(?:typical|as usual|classic|of course|naturally|go figure|surprise,? surprise)\b"
    r"|\byet again\b|\(again\)|\bagain!|,\s*again\s*[.!]*$|\bas always\b"
    r"|\b(?:unacceptable|inexcusable|embarrassing|ridiculous|shameful|disgraceful|pathetic|no excuse)\b"
)

#: A rejection of blame just before a phrase: "This was not human error", "wasn't careless".
NEGATED_BEFORE = (
    r"(?:\b(?:not|no|never|nobody|nor|without)|n't)(?!\s+(?:to\s+)?be\s+(?:(?:so|as|too|that)\s+)?$)\s+"
    r"(?:[\w-]+\s+){0,3}$"
)

#: A causative verb just before a person makes them its object, not the actor: "the error message led the
#: responder to check the wrong host", "the runbook told the on-call to restart the primary".
CAUSATIVE_BEFORE = (
    r"\b(?:led|leads?|leading|caused|causes|forced|forces|prompted|prompts|told|tells|made|makes|let|lets|allowed|"
    r"allows|asked|asks|sent|sends|pointed|points|directed|directs|misled|misleads|tricked|pressured|instructed|"
    r"instructs|encouraged|required|requires|expected|left|gave|gives|sends)\s+$"
)

#: The system's reason given after the person's step: "Ben skipped step 3 because the host no longer exists".
EXCUSE_AFTER = (
    r"\b(?:because|since|per|due to|as (?:the|it|there|a|an))\b(?!\s+(?:he|she|they)\s+(?:was|were|felt|got)\s+"
    r"(?:just\s+|too\s+|very\s+|a bit\s+)?(?:impatient|lazy|careless|bored|annoyed|overconfident|in a hurry|rushing))"
)

#: Software as the subject just before a verb: "the queue consumer ignored the poison message".
SOFTWARE_BEFORE = (
    rf"\b(?:the|an?|its|our|their|this|that|each|every)\s+(?:[\w./-]+\s+){{0,2}}?(?:{SOFTWARE})\s+"
    r"(?:(?:\w+ly|also|then|still|just|simply)\s+)*$"
)

#: A setting or design right after a judging word: "a careless default", "sloppy retry logic" (when nobody is named).
SETTING_AFTER = rf"\s+(?:[\w-]+\s+)?(?:{SETTINGS})(?![\w-])"
