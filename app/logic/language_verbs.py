"""Verb and noun classes for the BLAME tables in `app.logic.language_rules`: what people do, what breaks.

Plain regular-expression sources, no matching code: the verbs that pin an outcome on a person, the verbs
that credit one (remediation), the outcomes and the things whose loss hurts, and the words that name
software, so "the consumer ignored the poison message" is not read as a person ignoring an alert.
"""

from __future__ import annotations

# -- how: verbs that pin an outcome on a person --------------------------------------------------

#: A person's duty left undone ("DBA failed to check").
OMISSION = (
    r"(?:ha(?:s|ve|d)\s+)?(?:failed|neglected|omitted|refused) to|forgot\b|(?:kept|keeps) forgetting|forgets to\b|"
    r"ha(?:s|ve|d)\s+forg[eo]t(?:ten)?\s+to\b|(?:chose|decided|opted|elected) (?:not to|to (?:ignore|skip|"
    r"bypass|disregard|override|silence|mute|snooze))\b"
)

#: Checking and responding: "didn't" + one of these faults the person ("PM didn't validate...").
HUMAN_VERBS = (
    r"(?:check|test|look|follow|review|respond|monitor|answer|listen|confirm|consult|ask|warn|document|react|"
    r"inform|bother|double[- ]check|wait|pick(?=\w*\s+up)|renew|patch|fix|revert|perform)(?:s|ed)?(?:\s+up)?|"
    r"ack(?:s|ed)?|roll(?:s|ed)?\s+back|set(?:s)?\s+up|"
    r"(?:validate|escalate|notice|update|communicate|coordinate|investigate|care|acknowledge|rotate|configure|"
    r"enable|schedule)[sd]?|"
    r"verif(?:y|ies|ied)|notif(?:y|ies|ied)|repl(?:y|ies|ied)|reads?|tells?|told|thinks?|thought|runs?|ran|"
    r"show(?:s|ed)? up|follow(?:s|ed)? through"
)

#: Negations that turn a HUMAN_VERB into an accusation.
NEGATED = r"(?:didn'?t|did not|hadn'?t|had not|haven'?t|has not|hasn'?t|never|won'?t|wouldn'?t|doesn'?t|don'?t)\s+"

#: Past forms for a counterfactual about a person: "if the on-call had checked...", "had the dev followed...".
HUMAN_PAST = (
    r"followed|checked|tested|validated|verified|reviewed|read|run|looked|escalated|noticed|responded|paid|"
    r"listened|bothered|waited|asked|confirmed|double[- ]checked|been (?:more )?(?:careful|paying|watching)|"
    r"done (?:his|her|their|the|a|any|proper) (?:job|homework|due diligence|review|check|testing)|taken (?:more )?care"
)

#: Things only people do, past tense: with these even an unlisted capitalised name is a person.
STRONG_HUMAN_PAST = (
    r"read|followed|listened|bothered|asked|looked|double[- ]checked|paid (?:more )?attention|"
    r"been (?:more )?(?:careful|paying|watching)"
)

#: An outcome pinned on a subject ("Engineer caused the outage", "Bob's change broke the VPN").
DAMAGE = (
    r"caused|broke|took down|brought down|blew up|messed up|screwed up|botched|borked|nuked|trashed|wrecked|"
    r"corrupted|crashed|took out|knocked (?:out|over)|overloaded|hosed|tanked|flooded|saturated"
)

#: Outcomes that make the act in a "because" clause the cause: "..., the warehouse fell over".
BAD_OUTCOME = (
    r"fell over|went down|crashed|broke|failed|stalled|died|collapsed|ran out|filled up|locked up|froze|hung|"
    r"(?:was|were|got) (?:lost|deleted|dropped|wiped|corrupted|exposed|leaked|overloaded)|became unavailable|"
    r"went offline|timed out|caused (?:the|an?) (?:outage|incident)|took (?:\w+ )?down|went (?:wrong|bad|sideways|"
    r"south)"
)

#: What a person in a "because" clause can be or do without being the cause: "because the engineer had no access".
NOT_A_CAUSE = (
    r"was|were|is|are|had|has|have|could|couldn'?t|can|cannot|can't|did|didn'?t|wasn'?t|weren'?t|hadn'?t|"
    r"followed|used|relied|trusted|assumed|needed|wanted|tried|expected|saw|got|received|lacked|only"
)

#: Verbs that ship something ("merged the broken migration", "deploying a bad config").
SHIP_VERBS = (
    r"pushed|deployed|merged|shipped|applied|ran|committed|released|rolled out|introduced|uploaded|wrote|"
    r"approved|configured|entered|typed|picked|chose|selected|set|sent|used|copied|pasted|edited|changed|"
    r"signed off on|okayed|ok'?d|waved through|let through|accepted|forced through|force[- ]pushed|hot-?fixed"
)

#: Verbs that find or undo a bad thing: "Sam reverted the bad deploy" credits Sam.
REMEDIAL_VERBS = (
    r"reverted|rolled|found|noticed|spotted|caught|fixed|identified|removed|disabled|flagged|reported|killed|"
    r"restarted|replaced|corrected|investigated|traced|isolated|diagnosed|confirmed|located|pinpointed|"
    r"suspected|undid|pulled|stopped|paused|blocked|quarantined|drained|evicted|deleted|saw|checked|"
    r"suspects|thinks|thought|realized|discovered"
)

#: Undoing verbs that, aimed at "the wrong" thing, are themselves the slip: "restarted the wrong service".
WRONG_TARGET_VERBS = (
    r"reverted|rolled back|killed|restarted|pulled|unplugged|stopped|paused|blocked|drained|evicted|deleted|"
    r"disabled|removed|failed over|promoted|rebooted|terminated|shut down|scaled down|checked|investigated|inspected|"
    r"queried|edited|updated|patched|modified|paged|called|messaged|escalated to"
)

#: Words that end the run between a subject and its verb: a new clause, or someone reporting what they saw.
CLAUSE_BREAK = (
    r"because|since|after|when|while|which|that|but|so|as|until|before|if|though|although|"
    r"noticed|found|saw|confirmed|reported|realized|discovered|identified|spotted|suspected|said|says|"
    r"thought|believed|flagged|determined|showed|observed|verified|asked|whether|why|how"
)

#: Things whose loss hurts: deleting one is an accident to explain, not a person to name.
DATA_NOUNS = (
    r"tables?|databases?|dbs?|data(?:sets?)?|buckets?|backups?|records?|rows?|indexe?s?|indices|clusters?|"
    r"volumes?|disks?|namespaces?|repos?(?:itory|itories)?|branch(?:es)?|keys?|secrets?|certs?|certificates?|"
    r"users?|accounts?|files?|folders?|directories|directory|uploads?|logs?|zones?|dns records?|schemas?|"
    r"collections?|topics?|queues?|snapshots?|instances?|servers?|vms?|nodes?|environment|env|customers?['’]?|"
    r"/(?:var|etc|usr|home|data|opt|srv|root|boot|lib|bin|mnt)(?![\w-])"
)

#: Words that make a deletion a clean-up ("dropped the stale index").
STALE = (
    r"stale|stuck|old|orphaned|unused|obsolete|bad|broken|corrupt(?:ed)?|leaked|duplicate[ds]?|temp(?:orary)?|"
    r"test|expired|dangling|zombie|hung|failed|faulty|compromised|rogue|runaway|leftover|extra"
)

#: A manner that puts the fault in the person ("accidentally dropped", "mistakenly ran").
FAULT_MANNER = (
    r"accidentally|mistakenly|inadvertently|carelessly|wrongly|erroneously|unintentionally|unknowingly|"
    r"blindly|hastily|recklessly|sloppily|negligently|haphazardly|foolishly|stupidly|lazily|"
    r"(?:by|in) (?:accident|mistake|error)"
)

#: A person's slip in a verb: "misconfigured", "misread", "overlooked", "missed the page".
SLIP_VERBS = (
    r"mis(?:understood|took|heard|read|spel(?:led|t)|typed|led)\b|mis(?!sion|sing\b|s\b)[a-z]{2,}ed|"
    r"(?:under|over)estimated|"
    r"overlooked|mishandled|fumbled|cut(?:ting)? corners|panicked|freaked out|"
    r"missed\s+(?:(?:the|a|an|all|both|several|multiple|repeated|\d+)\s+)?(?:[\w-]+\s+)?(?:alerts?|pages?|"
    r"warnings?|signs?|steps?|checks?|messages?|notifications?|errors?|regressions?|bugs?|typos?|leaks?|issues?|"
    r"problems?|vulnerabilit(?:y|ies)|symptoms?|anomal(?:y|ies))|"
    r"rushed\s+(?:through\s+|out\s+)?(?:(?:the|a|an)\s+)?(?:[\w-]+\s+)?(?:launch|release|deploy(?:ment)?|"
    r"change|migration|rollout|review|upgrade)|goofed|flubbed|bungled|slipped up|screwed up|forgot about|"
    r"yolo(?:'d|ed)|cowboy(?:'d|ed)"
)

# -- software: subjects and settings that are no one's fault ---------------------------------------

#: Software that acts: "the consumer ignored the poison message" is a program, not a person, ignoring something.
SOFTWARE = (
    r"consumers?|producers?|clients?|services?|workers?|jobs?|scripts?|daemons?|controllers?|schedulers?|resolvers?|"
    r"prox(?:y|ies)|routers?|gateways?|load[- ]?balancers?|balancers?|brokers?|caches?|parsers?|libraries|library|"
    r"sdks?|apis?|apps?|applications?|pipelines?|systems?|servers?|databases?|replicas?|primary|clusters?|nodes?|"
    r"pods?|containers?|processe?s?|handlers?|listeners?|loops?|queues?|crons?|cron ?jobs?|bots?|plugins?|modules?|"
    r"firewalls?|kernels?|drivers?|agents?|autoscalers?|operators?|tools?|cli|linters?|checks?|probes?|monitors?|"
    r"alertmanager|pagerduty|opsgenie|kubelet|kubernetes|k8s"
)

#: Settings and designs: "a careless default" judges a value, not the person who chose it.
SETTINGS = (
    r"defaults?|settings?|config(?:uration)?s?|values?|timeouts?|limits?|thresholds?|regex(?:es|ps)?|designs?|"
    r"implementations?|interfaces?|ui|schemas?|(?:error|retry|exception) handling|retry (?:logic|polic(?:y|ies))|"
    r"fallbacks?|" + SOFTWARE
)

