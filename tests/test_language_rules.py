"""BLAME and VAGUE_ACTION rule by rule, the tricky negatives, the finding details, and dispatch by field."""

from __future__ import annotations

import pytest

from app.logic.language import (
    ERROR,
    WARNING,
    check_blame,
    check_qualitative_impact,
    check_text,
    check_vague_action,
)
from app.logic.language_engine import _alternatives


def _rules(text: str, field: str) -> set[str]:
    return {finding.rule for finding in check_text(text, field, "x")}


# -- BLAME ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # a person or role as the cause
    "Engineer caused the outage by deploying a bad config to prod.",
    "Bob's change broke the login flow.",
    "Alex's deploy at 14:02 broke checkout for 31 minutes.",
    "the intern pushed straight to main w/o review and broke prod",
    "The intern deleted the production orders table.",
    "Checkout was down for 19 minutes because Lena merged an untested hotfix.",
    "Incident caused by the new hire running the script on prod.",
    # human error, judgements, hindsight
    "Root cause: operator error when rotating the TLS certificates.",
    "Mike was careless with the terraform apply.",
    "The migration script was written sloppily by the contractor.",
    "Huge outage caused by ops team negligence.",
    "The root cause was a lapse in judgement by the deploying engineer.",
    "Chris should've known better than to run that script on prod.",
    # a step left undone, aimed at a person or role
    "PM didn't validate the requirements with the client.",
    "DBA failed to check replication lag before promoting the replica.",
    "Lisa forgot to renew the wildcard cert.",
    "QA should have caught this before release.",
    "If Tariq had read the runbook this wouldn't have happened.",
    "Ops ignored the disk space warnings for three days.",
    "Outage happened because ops didnt bother to read the runbook",
    "The alert was ignored by the on-call engineer from 02:10 until 02:55.",
    # mistakes owned by someone
    "Bob's mistake in the firewall rule took the VPN down.",
    "Outage caused by an SRE typo; 23 minutes of downtime.",
    "Mistakes were made by the infra team.",
    "Kevin approved his own PR and merged the broken migration.",
    "09:48 Carla pushed the wrong config (again)",
    # attention, snide remarks, exhortations
    "11:30 the night shift guy was asleep at the wheel and missed the disk alert",
    "10:15 Dev team still hadn't looked at it, typical",
    "14:20 Raj finally noticed the alert after ignoring pages for 30 min",
    "Junior devs can't be trusted with prod access.",
    "Vendor's engineer fat-fingered the BGP announcement.",
    "People need to actually read the alerts instead of muting them.",
    "lesson learned: sarah needs to double check her work",
    "Make sure Dave is more careful next time.",
    # punishment
    "Revoke Kevin's prod deploy rights until further notice.",
    "Remove Raj from the on-call rotation for ignoring pages",
    "Written warning for the engineer who ran the DROP TABLE",
    "Put Greg on a performance improvement plan.",
    "Don't let Tom deploy on Fridays.",
])
def test_blame_is_found(text: str) -> None:
    findings = check_blame(text, "root_cause")
    assert [f.rule for f in findings] == ["BLAME"], text


@pytest.mark.parametrize("text", [
    # people named neutrally, or credited
    "Alex paged the on-call at 14:10",
    "15:03 bob restarted the workers per the runbook",
    "13:58 Marcus merged PR #4471 after 2 approvals; CI was green",
    "11:47 all-clear posted in #incidents by Jordan",
    "13:02 Hannah rolled back the bad deploy; errors dropped to baseline by 13:06",
    "Kenji found the wrong timezone setting in the base AMI.",
    "Sandra noticed the deploy broke checkout and paged the team at 14:05",
    "What went well: Priya's quick rollback limited the blast radius to 31 minutes.",
    "The engineer followed the runbook, which was out of date.",
    "Contributing factor: the on-call engineer had no access to the read replica console.",
    # "failed to", "should have", "ignored", "wrong" about a system
    "The health check failed to detect nodes with a full disk because it only checked process liveness.",
    "The canary stage should have caught this, but it only checked for HTTP 200.",
    "Kafka failed to rebalance the partitions after broker 3 restarted.",
    "The client library ignored the Retry-After header and retried immediately.",
    "The migration ran against prod instead of staging because the env var defaulted to prod.",
    "Paging policy sent the page to the wrong team, delaying mitigation by 20 minutes.",
    "The outage was caused by the support tooling sending 10x the normal load.",
    "At 3 pm the deploy broke checkout.",
    # blame rejected, or the system's reason given
    "This was not human error: the cleanup script assumed UTC while the cron host ran in PST.",
    "Nobody was at fault; the failover tool assumed a single primary.",
    "It wasn't carelessness: the CLI gave no warning before deleting.",
    "11:10 Ben skipped step 3 of the runbook because the host it names no longer exists",
    "Fault tolerance on the queue was disabled in the 2.3 config.",
    # process rules, not people
    "Never let a single engineer apply prod terraform without a second reviewer.",
    "Don't let the cache grow without bounds: set maxmemory and an eviction policy.",
    "Grant read-only replica console access to all primary on-call engineers by May 1",
    "Reviewers can't meaningfully review 900-line plan diffs; tooling has to surface destructive changes.",
])
def test_neutral_mentions_and_system_failures_are_clean(text: str) -> None:
    assert check_blame(text, "timeline") == [], text


def test_a_blame_finding_points_at_the_phrase_and_asks_about_the_system() -> None:
    text = "Engineer caused the outage by deploying a bad config to prod."
    [finding] = check_blame(text, "root_causes[0].text")
    assert (finding.rule, finding.label, finding.severity) == ("BLAME", "Blame", ERROR)
    assert finding.path == "root_causes[0].text"
    assert finding.span == (0, 15) and finding.text == "Engineer caused"
    assert finding.message.startswith("“Engineer caused”")
    assert finding.suggestion.startswith("What allowed a bad config to reach production?")


def test_spans_are_offsets_into_the_whole_text_one_finding_per_sentence() -> None:
    text = "Service degraded at 10:00. Then Jen carelessly copied prod credentials; QA should have caught this."
    findings = check_blame(text, "summary")
    assert [f.text for f in findings] == ["carelessly", "QA should have"]
    for finding in findings:
        start, end = finding.span
        assert text[start:end] == finding.text
    assert "safeguard" not in findings[0].suggestion and "missing or hard to see" in findings[1].suggestion


def test_the_general_question_asks_for_the_missing_safeguard() -> None:
    [finding] = check_blame("Bob's mistake in the firewall rule took the VPN down.", "x")
    assert "safeguard was missing" in finding.suggestion and "process allow" in finding.suggestion


def test_a_punitive_action_is_blame_not_vague() -> None:
    text = "Revoke Kevin's prod deploy rights until further notice since he caused this outage."
    findings = check_text(text, "action", "actions[2].title")
    assert [f.rule for f in findings] == ["BLAME"]
    assert findings[0].text == "Revoke Kevin's prod deploy rights"
    assert "Punishment" in findings[0].suggestion
    assert check_vague_action(text, "x") == []


# -- BLAME: broader grammar, one positive and one tricky negative per pattern --------------------

BLAME_PATTERNS = [
    # roles: "<area> lead", a human operator, a role with "on duty"/"on call" after it
    ("The platform lead failed to escalate to the database team.",
     "Bad DNS data leads the resolver to cache the wrong address."),
    ("A console operator restarted the wrong database.", "The operator restarted the pods after the CRD update."),
    ("The engineer on duty chose to ignore the page.", "The engineer on call acknowledged the page at 02:03."),
    ("Owner of the billing service failed to set up alerts.",
     "The owner of the billing service set up alerts at 09:00."),
    ("13:40 Operations failed to notice the disk alarm.", "Operations acknowledged the disk alarm at 13:42."),
    # a relative clause between the person and what they did
    ("The engineer who ran the script didn't double-check the target environment.",
     "The developer who ran the script had no way to see the target environment."),
    # names beyond the old list, capitalised names that are also words, unlisted names with human-only verbs
    ("Amelia deployed without waiting for CI.", "Amelia deployed the fix after CI passed."),
    ("Because Grace skipped the canary step, the build reached every region.",
     "The grace period skipped the retry for expired tokens."),
    ("Zorana forgot to renew the domain.", "Kafka forgot the consumer offsets after the broker restart."),
    # a step skipped or neglected on purpose, a duty left to lapse
    ("Ops decided to skip the canary.", "The scheduler opted to skip the drained node."),
    ("The DBAs neglected the replication alerts.", "The scheduler neglected low-priority queues under load."),
    ("Ops let the TLS certificate expire.", "The proxy let idle connections expire after 60 seconds."),
    ("The incident happened because ops did not renew the certificate.", "The cron job did not renew the certificate."),
    ("The on-call engineer was slow to acknowledge the page.",
     "The load balancer was slow to respond to health checks."),
    ("Sales ignored engineering's capacity warnings.", "The client ignored the server's Retry-After headers."),
    # counterfactuals and hindsight, and blame rejected before them
    ("Had the reviewer done his job, this would have been caught.",
     "Had the job done its retries, the batch would have finished."),
    ("The on-call SRE should have caught the disk alert.",
     "No single engineer could have caught this from the dashboards they had."),
    ("Sarah should never have been given prod access.", "Nobody should have to read 900-line plan diffs by hand."),
    # mistakes owned by someone, the one responsible, the incident "on" someone
    ("The outage stems from a typo by the on-call SRE.", "Errors raised by the payments API filled the logs."),
    ("The developer responsible for the outage has been identified.",
     "The team responsible for the incident review is platform."),
    ("This one is on the infra team.", "The focus this quarter is on the platform team."),
    ("Tariq's failure to rotate the keys exposed the bucket.",
     "The health check's failure to detect the hung worker delayed failover."),
    ("Failure to follow the runbook by the on-call engineer.",
     "Failure to renew the certificate by the cron job caused the outage."),
    ("The guilty party has been identified.", "The offending commit was reverted at 14:30."),
    ("Dmitri's hasty rollback corrupted the index.", "Dmitri's quick rollback limited the damage."),
    ("Hugo's typo in the routing table sent traffic to the wrong region.",
     "A typo in the routing table went unnoticed because the table had no schema check."),
    ("Poor communication from the SRE team delayed the fix.", "Poor communication between teams delayed the fix."),
    ("Classic rookie mistake by the new developer.", "This was not a rookie mistake: the flag name was ambiguous."),
    # bad work: the wrong target, a passive with a person as agent, a junior singled out, leaked secrets, pressure
    ("Dan restarted the wrong database.", "Sam restarted the right service but the config was still stale."),
    ("The firewall rule was edited by the contractor without approval.",
     "The firewall rule was edited by the sync job without approval."),
    ("The prod migration was executed by a junior developer.", "The misconfigured bucket was spotted by the intern."),
    ("The developer hard-coded the database password in the repo.",
     "The CI job hard-coded the staging password in a test fixture."),
    ("A developer pushed an API key to GitHub.", "The developer pushed the new API key to Vault."),
    ("Liam ran the restore on the primary instead of the replica.",
     "The restore ran on the primary instead of the replica because the host alias was stale."),
    ("Ingrid changed the DNS TTL to 24 hours without telling anyone.",
     "Ingrid changed the DNS TTL to 60 seconds at 09:15 as planned."),
    ("The QA lead let the build through with failing tests.", "The firewall let the traffic through."),
    ("The DBA went to lunch without handing off the pager.",
     "The rota tool ended the shift without handing off the pager."),
    ("Sam deployed v2.3, which broke checkout.", "Kenji reverted the commit that broke login."),
    ("Marta deployed against the advice of the DB team.",
     "The SRE followed the runbook despite its warnings being out of date."),
    ("An engineer made the bucket public.", "Sam made the status page public at 14:05."),
    ("The SRE who was on call silenced the alert and went to bed.",
     "The on-call engineer silenced the alert while investigating."),
    ("The on-call dev muted PagerDuty for the night.", "Sam muted the flapping alert and opened a ticket."),
    ("Engineers were too busy to look at the alerts.", "The workers were too busy to accept new jobs."),
    ("Customer success promised a fix without consulting engineering.",
     "Customer success relayed the fix ETA from engineering at 10:30."),
    ("Fernando pushed the config to all regions at once, skipping the staged rollout.",
     "The tool pushed the config to all regions at once, skipping the staged rollout."),
    # a person's act in a "because" clause, with a bad outcome on the other side
    ("Because the analyst ran an unbounded query, the warehouse fell over.",
     "Because Sam restarted the pods, the queue recovered."),
    ("The migration failed because Priya ran it against the primary.",
     "The migration failed because Priya ran it at 10:02 following the runbook."),
    ("The intern's script wiped the staging database.", "Sam's cleanup script deleted the stale pods."),
    ("The security team's rushed patch broke SSO.", "The security team's patch fixed SSO for 98% of users."),
    ("The manager pressured the team into skipping load tests.", "The deadline pushed the team to ship on Friday."),
    ("The new hire got prod access and promptly broke the cluster.",
     "The deploy went out and promptly broke checkout."),
    ("The DBA figured it was safe to skip the backup.",
     "The SRE thought it was safe to proceed because the runbook said so."),
    # distrust needs a person; a person as the object of a causative verb is not the actor
    ("We learned the ops team cannot be relied on.", "The metrics pipeline cannot be trusted during backfills."),
    ("Never trust the night shift with migrations.", "Never trust the cache TTL for correctness."),
    ("The on-call engineer checked the wrong service.",
     "The stale runbook told the on-call engineer to restart the wrong node."),
    # punishment and exhortation in new shapes
    ("Discipline the developer who merged it", "Punish abusive clients with a 429 response"),
    ("The contractor was removed from the on-call rotation.", "The node was removed from the pool."),
    ("Ban Zoltan from production deploys", "Remove Redis from the checkout critical path"),
    ("Have a word with Bob about being careful", "Have a word with the vendor about their SLA"),
    ("Make sure Ivan double-checks his work", "Talk with the payments team about retry budgets"),
    ("Remind Priyanka to always run terraform plan first", "Remind the team that the freeze starts at 18:00"),
]


#: Shapes from a second blind round (fresh sentences scored before any tuning), each with its lookalike.
BLIND_ROUND_PATTERNS = [
    # asleep, dismissed alerts, "it's on", "nobody bothered", "clearly didn't", where the fault lies, a person's lapse
    ("Raj slept through three pages.", "The cron worker slept through the retry window as configured."),
    ("The on-call dismissed the alerts as noise.", "Sam dismissed the alert after confirming the host was gone."),
    ("tbh its on ops, they never read the capacity alerts", "It's on the roadmap for the platform team."),
    ("No one bothered to check the backups.", "Nobody was bothered by the flapping alert."),
    ("The reviewer obviously didn't read the diff.", "The docs clearly didn't explain the flag."),
    ("The fault lies squarely with the DBA.", "The fault lies with the load balancer's health check."),
    ("Tim's misunderstanding of the format broke it.", "A misunderstanding, shared by the docs, broke it."),
    ("Alexei's lack of attention caused the misrouting.", "The team's lack of access to the console delayed it."),
    ("It arose from a lack of care from the QA team.", "A lack of care in the schema design made it risky."),
    # skipped safeguards: load tests, QA, noticing, telling anyone, failing checks
    ("The product owner insisted on launching without load testing.", "Sam rolled back without load testing the fix."),
    ("Again the mobile team shipped without QA.", "The mobile team shipped the QA fixes at 10:00."),
    ("A reviewer approved the PR without noticing the deleted clause.", "Sam rolled back without noticing errors."),
    ("Stefan restarted the cluster without warning anyone.", "Jonas removed the node without waiting; it was dead."),
    ("The QA lead approved the change despite failing checks.", "The QA lead held it despite green checks."),
    # shipping untested work and going home, unvetted work, slips by accident, new bugs, leaked passwords
    ("Priya merged a migration she had never tested.", "Sam deployed a build he had tested on staging."),
    ("Yusuf pushed the firewall change on a Friday and went home.", "17:00 Mia handed off to Ben, then went home."),
    ("Björn pushed an unvetted iptables rule to every edge node.", "Björn reverted the unvetted iptables rule."),
    ("Security admin blocked the office range by accident.", "Sam found the range was blocked by accident by a feed."),
    ("The contractor introduced a regression in the parser.", "Sam introduced a regression test for the parser."),
    ("The intern was given root and promptly deleted /var.", "Sam deleted the stale /var/run/app.pid lock."),
    ("Support agent shared the admin password with the customer.", "Support shared the password reset link with them."),
    # the wrong target: "prod instead of staging", a passive with "rather than", "instead of looking"
    ("the ops guy restarted prod instead of staging", "Sam restarted staging instead of prod, as planned."),
    ("The upgrade was run by Zeynep on prod rather than canary.", "It was run by CI on prod rather than canary."),
    ("The on-call kept restarting pods instead of looking.", "The orchestrator kept restarting instead of looking."),
    # a second verb of the same subject, doing nothing, habits in the present tense, duties left undone
    ("02:14 on-call acked, then ignored it", "14:05 Sam acked the alert and then checked the dashboards."),
    ("A developer disabled the alert and never turned it back on.", "Sam paged the DBA and didn't get a response."),
    ("The SRE acked the alert and did nothing for an hour.", "The on-call did nothing wrong: the alert never fired."),
    ("Engineers continue to ignore the deprecation warnings.", "The proxy continues to ignore the Retry-After header."),
    ("Developers routinely skip the integration suite.", "The merge queue routinely skips the integration suite."),
    ("The developers wrote no tests for the change.", "The team wrote no tests for it because it is generated."),
    ("Pedro was supposed to rotate the key and did not.", "The on-call was meant to be paged and was not."),
    ("The owner of the service left it unmonitored for months.", "The migration left the service unmonitored."),
    ("The on-call had switched his phone off.", "The on-call switched her phone off after handing over the pager."),
    ("The SRE had failed to renew the cert.", "The cron job had failed to renew the cert."),
    ("The QA lead kept forgetting to sign off.", "The QA lead kept the sign-off form up to date."),
    # judging words about software, software as the subject, rubber stamps by design
    ("Careless changes by the platform team broke DNS.", "A careless default in the client set the timeout to 0."),
    ("The ops team ignored the warnings.", "The queue consumer ignored the poison message and kept retrying it."),
    ("The reviewer rubber-stamped the PR.", "The approval step was the only barrier and rubber-stamp by design."),
    # more roles: a colleague from a team, "Engineer A", the NOC operator, a mobile lead, names with accents
    ("Colleague from team B has forget to update the DNS record.", "Colleague from team B updated the DNS record."),
    ("Engineer A deleted the customer's namespace.", "Engineer A restored the namespace from the snapshot."),
    ("The NOC operator ignored the page.", "The NOC operator paged the network team at 03:10."),
    ("The mobile lead decided to skip the beta channel.", "The mobile lead decided to ship to the beta channel first."),
    ("Raúl deployed everywhere at once, ignoring the policy.", "Raúl deployed to all regions at 14:00 as scheduled."),
    # slips, pressure and overruling, counterfactuals, an excuse that is about the person
    ("The on-call engineer panicked and restarted every node.", "The kernel panicked when the NIC driver hit a bug."),
    ("SRE team missed the memory leak during review.", "Static analysis missed the leak because the rule was off."),
    ("Our architect underestimated the write load.", "The capacity model underestimated the write load."),
    ("The developer misunderstood the API docs.", "The parser misunderstood the date format."),
    ("the devs just yolo'd the schema change into prod", "the devs rolled the schema change back"),
    ("Development team did not performed the regression test.", "The pipeline did not perform the regression test."),
    ("The manager overruled the SRE and forced the deploy.", "Sam forced the rollout to stop at 10%."),
    ("Ravi was warned twice and still deployed.", "The engineer was warned by the linter, but the warning was buried."),
    ("Had the developer run the tests, we would have known.", "Had the job run to completion, it would have finished."),
    ("The engineer ought to have checked the target cluster.", "The canary ought to have caught this."),
    ("Karim overrode the deploy lock because he was impatient.", "Karim overrode the lock because the lock was down."),
    ("The deploy went wrong because Chloe rushed it.", "The deploy went wrong because the migration lock timed out."),
    ("The intern was let near prod and, predictably, broke it.", "Sam merged the fix and, predictably, nothing broke."),
    ("The DBA, in a hurry, ran the migration twice.", "The DBA, in a hurry to restore service, rolled back."),
    # blaming outright, being responsible, exhortations
    ("Blame the backend team: they changed the API.", "We do not blame the on-call; the page never reached them."),
    ("The payments team is responsible for this outage.", "Engineering is responsible for the fix, not the outage."),
    ("The takeaway: Dana needs to slow down.", "Slow down the rollout: 5% per hour is the new default."),
    ("Ops must follow the runbook next time, no exceptions.", "The runbook the on-call must follow is 40 pages long."),
    ("Remind the DBA team not to be so sloppy.", "This should not be called careless: the CLI defaulted to prod."),
    ("the ops guy restarted staging, again", "The disk alert fired, again."),
]


@pytest.mark.parametrize(("blaming", "neutral"), BLAME_PATTERNS + BLIND_ROUND_PATTERNS)
def test_each_blame_pattern_finds_blame_and_spares_its_lookalike(blaming: str, neutral: str) -> None:
    assert [f.rule for f in check_blame(blaming, "root_cause")] == ["BLAME"], blaming
    assert check_blame(neutral, "root_cause") == [], neutral


def test_an_accented_name_keeps_its_span_and_rules_split_only_at_the_top_level() -> None:
    [finding] = check_blame("Mitigation: Raúl ignored the alerts.", "x")
    assert finding.text == "Raúl ignored"
    assert _alternatives(r"a|(b|c)|[|]d|\|e") == ["a", "(b|c)", "[|]d", r"\|e"]


# -- VAGUE_ACTION --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Improve testing",
    "Improve alerting on Kafka (owner: Sam)",
    "Improve the rollback process by end of Q2",
    "Better communication between backend and mobile teams",
    "Be more careful when deploying config changes",
    "look into adding tests for the billing module",
    "Eventually migrate off the legacy job queue",
    "Review the deployment process",
    "Harden the database",
    "Explore chaos testing",
    "add more alerts",
    "Increase test coverage",
    "Ensure this never happens again.",
    "Team should document the failover process",
    "someone shld look at the flaky tests",
    "Follow up with the CDN vendor",
    "Consider adding rate limiting to the login endpoint at some point",
    "double check configs going forward",
    "Make payments-api more resilient",
    "Make alerts less noisy",
    "Update documentation",
    "Add tests",
    "Reduce alert noise",
    "Reassess our on-call load (owner: Priyanka, due 2024-07-01)",
    "Keep investing in the safety of the underlying platforms",
])
def test_vague_actions_are_found(text: str) -> None:
    findings = check_vague_action(text, "actions[0].title")
    assert [(f.rule, f.label, f.severity) for f in findings] == [("VAGUE_ACTION", "Vague action", WARNING)], text


@pytest.mark.parametrize("text", [
    "Raise the DB pool from 50 to 150 and load-test at 2x peak",
    "Add JSON-schema validation to the config deploy stage and fail the pipeline on errors",
    "Page DB on-call when replication lag > 30s for 5 min",
    "Increase unit test coverage of billing/ to 80% by end of sprint 18 (owner: Ana)",
    "Reduce the HTTP client timeout from 30s to 5s in checkout-svc and add a circuit breaker",
    "Make the flag service fail closed on missing env keys; add a unit test for that case.",
    "Split the shared Redis into separate batch and online instances; target Q3 week 2, owner: Omar",
    "update the failover runbook with the new replica hostnames + add a quarterly runbook review to the SRE calendar",
    "Enable cert-manager auto-renewal for all certs and alert 14 days before expiry. Owner: Dana.",
    "Add 2 more Kafka brokers to the ingest cluster",
    "Migrate the job queue from RabbitMQ to SQS; cut over by 2024-10-01 (owner: Wei)",
    "Improve p99 checkout latency to under 300ms by caching the tax lookup",
])
def test_specific_actions_are_clean(text: str) -> None:
    assert check_vague_action(text, "x") == [], text


def test_an_owner_or_a_date_does_not_make_an_action_specific() -> None:
    text = "Improve the rollback process by end of Q2 (owner: Sam)"
    [finding] = check_vague_action(text, "actions[1].title")
    assert finding.span == (0, 28) and finding.text == "Improve the rollback process"
    assert finding.path == "actions[1].title"
    assert "SMART" in finding.suggestion and "owner" in finding.suggestion and "due date" in finding.suggestion
    assert "measurable target" in finding.suggestion


def test_the_vague_word_itself_is_the_span_when_it_sits_mid_title() -> None:
    text = "Add better logging"
    [finding] = check_vague_action(text, "x")
    assert finding.span == (4, 10) and text[4:10] == finding.text == "better"


VAGUE_PATTERNS = [
    ("Further investigation needed", "Attach the investigation timeline to INC-4411"),
    ("Work with security to tighten IAM", "Work with security to restrict the ci-deployer role to the deploy bucket"),
    ("Spend some time on cleanup", "Spend 2 days moving the cron jobs to the scheduler"),
    ("Audit IAM policies", "Audit logging: ship admin API events to the SIEM"),
    ("Add some safeguards around deletes", "Add an additional approval step for prod deploys in the pipeline"),
    ("Move some of the batch traffic to the secondary cluster",
     "Move 30% of the batch traffic to the secondary cluster"),
    ("Resolve the underlying issues in the scheduler", "Resolve JIRA-4411 (scheduler starves low-priority queues)"),
    ("Fix flaky tests", "Add a failover runbook"),
    ("Look deeper into the memory spikes", "Look up the ingest-worker memory limit and set it to 2 GB"),
]


@pytest.mark.parametrize(("vague", "specific"), VAGUE_PATTERNS)
def test_each_vague_action_pattern_and_its_specific_lookalike(vague: str, specific: str) -> None:
    assert [f.rule for f in check_vague_action(vague, "x")] == ["VAGUE_ACTION"], vague
    assert check_vague_action(specific, "x") == [], specific


QUALITATIVE_PATTERNS = [
    ("Hundreds of users were logged out.", "312 users were logged out."),
    ("Almost all customers in the region lost access.", "All customers in eu-west lost access for 9 minutes."),
    ("A portion of nightly reports were never generated.",
     "A portion of nightly reports (41 of 400) were never generated."),
    ("Revenue took a hit.", "Revenue took a $9k hit."),
    ("Sign-ups dropped sharply.", "Sign-ups dropped 42% compared to the same hour last week."),
    ("The outage hurt our reputation badly.", "The outage cost us 18 customers within 30 days."),
    # "no" is not a count of the impact: "Many searches returned no results" still says "many"
    ("Many searches returned no results.", "1,204 searches returned no results."),
    ("Partners could not settle payments for a couple of days.", "Partners could not settle payments for 2 days."),
]


@pytest.mark.parametrize(("qualitative", "quantified"), QUALITATIVE_PATTERNS)
def test_each_qualitative_impact_pattern_and_its_quantified_lookalike(qualitative: str, quantified: str) -> None:
    assert {f.rule for f in check_qualitative_impact(qualitative, "x")} == {"QUALITATIVE_IMPACT"}, qualitative
    assert check_qualitative_impact(quantified, "x") == [], quantified


# -- dispatch by field ---------------------------------------------------------------------------

def test_vague_wording_outside_actions_is_fine() -> None:
    assert _rules("Better monitoring on the replication path would have cut detection time.", "lesson") == set()
    assert _rules("15:00 team discussed improving test coverage on the bridge call", "timeline") == set()
    assert _rules("Improve monitoring", "action") == {"VAGUE_ACTION"}


def test_qualitative_impact_only_in_impact_and_summary() -> None:
    text = "A significant jump in batch job volume saturated the shared Redis instance."
    assert _rules(text, "root_cause") == set()
    assert _rules(text, "impact") == {"QUALITATIVE_IMPACT"} == _rules(text, "summary")
    assert check_text(text, "impact", "p") == check_qualitative_impact(text, "p")


@pytest.mark.parametrize("field", ["timeline", "root_cause", "action", "impact", "summary", "lesson", "other"])
def test_blame_is_checked_in_every_field(field: str) -> None:
    assert "BLAME" in _rules("Root cause: human error during the database failover.", field)


def test_findings_from_several_rules_come_sorted_by_start() -> None:
    text = "Many customers were hit because Kevin's careless deploy broke checkout."
    findings = check_text(text, "impact", "impact.narrative")
    assert [(f.rule, f.text) for f in findings] == [("QUALITATIVE_IMPACT", "Many"), ("BLAME", "careless")]
    assert [f.span for f in findings] == sorted(f.span for f in findings)
    assert all(f.path == "impact.narrative" for f in findings)


def test_both_rules_on_one_action() -> None:
    findings = check_text("Tell Jen to stop being sloppy with terraform", "action", "x")
    assert [f.rule for f in findings] == ["VAGUE_ACTION", "BLAME"]
    assert findings[1].text == "sloppy"


def test_clean_text_gives_nothing() -> None:
    assert check_text("", "summary", "x") == []
    assert check_text("14:05 PagerDuty alert 'checkout-5xx > 2%' fired", "timeline", "x") == []
