"""Who a postmortem sentence can blame: names, roles and the subjects built from them, for `language_rules`.

A name counts as a person only from these lists (or an @handle): capitalised words in postmortems are
as often products (Kafka, Redis, Terraform) as people. Roles are the nouns a sentence can blame without
naming anyone ("the intern", "QA", "ops team"). No Textual or Rich here: plain regular-expression sources.
"""

from __future__ import annotations

#: Common first names from many languages, lower case, matched in any case. Names that are also everyday or
#: tech words (Will, Mark, Grant, Max, Ruby, Julia, Travis, Cassandra, Hugo, Jasmine, Aurora...) are left out.
_FIRST_NAMES_TEXT = """
aaliyah aanya aarav aaron abby abdul abdullah abe abigail achieng adaeze adalyn adalynn adam addison adel adeline
adil aditi aditya adrian adriana afonso agnieszka ahmad ahmed aiden aiko aisha ajay akiko akira akosua alan alana
albert alberto alejandro aleksandr aleksandra alessandro alessia alex alexa alexander alexandra alexei alexis
alfonso ali alice alicia alina alison allison alvaro alyssa amanda amara amelia amir amit amy ana anan anand ananya
anastasia andras andre andrea andreas andreea andrei andres andrew andriy andy angela angelo anh anika anil anita
anjali anke ankit ankita ann anna annabelle anne annie anthony antoine anton antonio anwar anya arash ariana arianna
ariel arjun arnav arthur arun arvind arya asha asher ashley ashok ashton astrid aubree aubrey audrey aurelien ava
avery ayden ayesha ayse ayumi bailey barbara barrett barry bashir beatriz beau bella ben bence benjamin bennett
benny benoit bentley bernard beth betty bianca bilal billy bjorn blake bob bobby bogdan bola bongani boris brad
bradley brandon brantley braxton brayden brenda brett brian brianna bridget brielle brittany brody brooklyn bruce
bruno bryan bryce bryson bukola burak caleb cameron camila camille carla carlos carmen carol caroline carrie carson
carter casey catherine cathy cecilia cedric celia chandra charles charlie charlotte chen chiara chidi chinedu chloe
chris christian christina christine christopher claire clara claudia clement cody colin colton connor cora craig
cristina dai daiki daisuke dale damian dan dana daniel daniela danielle danny darius darnell darren dave david
davide dawson debbie deborah declan deepa deepak delilah denis denise deniz dennis derek deshawn devon diana diego
dieter dimitri divya diya dmitri dmitry dominic donghyun donna dorota doug douglas dragan duarte duc duncan dustin
dylan earl easton eddie eden edgar eduardo edward ekaterina eleanor elena eleni eli eliana elias elif elijah elisa
eliza elizabeth ella ellen ellie elliot elliott emeka emery emil emilia emiliano emily emma emmanuel emmett emre
enrique enzo eric erica erik erin esther ethan eugene eunji eva evan evelyn everett everly ewa ezekiel fabio faisal
farah farhan farid fatima federico felipe felix femi feng fernando fiona florian florin francesca francesco francis
francois frank frankie fred frederik freja freya gabriel gabriela gabriella gael gareth gary gaurav gavin geeta
gemma george georgia gerald gianna gina giorgia giorgos giovanni girish giulia giuseppe glenn gloria goncalo gordon
graham grayson greg gregory greyson guillaume guillermo gunther gus gustavo hadley hailey hamid hamza hana hank
hanna hannah hans hao harish harper harrison haruka haruto hassan heidi heike helen helmut henrik henry hiro hiroshi
hoa holden hua hui huong hussein hyun ian ibrahim ifeoma ignacio igor ilya imani imran ines ingrid ionut irene
irina isaac isabel isabella isabelle isaiah ishaan isla ismail ivan jabari jace jackson jacob jake jakub jamal james
jameson jamie jana jane janet jannik jason javier jaxson jay jayce jayden jeff jeffrey jen jenna jennifer jenny jens
jeremiah jeremy jerry jess jesse jessica jessie jian jie jiho jihoon jim jimmy jin jing jiri jisoo jiwoo jiyeon joan
joanna joao joaquin jocelyn jodie joe joel joey johan john johnny jon jonah jonas jonathan jordan jordi jorge jose
joseph josephine josh joshua josiah juan judah jude julian juliana julie julien junho jurgen justin jyoti kabir
kai kaiden kaito kaleb kamal kamau kaori karen karim karl karter karthik kartik kasia kasper katarina kate katherine
kathy katie katrin katya kavita kavya kayden kayla kaylee kazuki keiko keisha keith kelly ken kendall kenji kennedy
kenny kenta kevin khalid khanh khloe kim kingston kinsley kiran kirsten klaus kofi krishna krzysztof kumar kunle
kwame kyle kylie lakshmi landon lars laura lauren layla leah lei leila leilani lena lenka lenny leo leon leonardo
leonor lerato levente levi liam liang liliana lillian lin lincoln linda ling linh lisa liz lloyd logan loic lokesh
lorenzo lou louis luca lucas lucia lucy luis luka lukas lukasz luke lydia lyla mackenzie maddox madeline madelyn madison
mads magdalena magnus mahesh mai makoto malachi malik manish manon manuel marco marcos marcus marek margaret maria
mariam mariana marie marina mario marta martha martin martina marty mary mason mateo mathieu matias matt matteo
matthew matthias maxime maximilian maya mayumi meena meera megan mehdi mehmet mei mel melanie melissa mia micah
michael michelle miguel mihai mikael mike mikhail mikkel mila milan milo milos ming minh minho minji minjun mohamed
mohammed molly monica montse morgan moritz mustafa myles nadia naoki naomi nasser natalia natalie natasha nathan
nathaniel naveen neha neil ngozi nicholas nick nicole nikhil nikita niklas nikola nikolai nikos nils nina nisha
njeri nkechi noah nomvula noor nora norah nuria obinna oksana ole oleg olga oliver olivia olivier oluwaseun omar
ondrej oscar otieno owen pablo paisley paolo parker patricia patrick paul paula pavel pawel pedro penelope peter
petr petra peyton phil philip phuong pierre pilar piotr pooja pradeep prakash pranav preeti preston priya priyanka
qiang quang quentin quinn rachel radek radha raelynn rafael rafaela rahul raj rajesh rakesh ramesh rania rashid
rasmus raul ravi reagan rebecca reese reggie rekha renata reza rhett ricardo riccardo richard rick riku riley rita
ritu riya rob robert roberto rodrigo roger rohan rohit romain roman ronald ronnie rosa rui ryan ryder ryker rylee
ryota saanvi sabine sabrina sadia sadie sakura sal sally salma sam samantha samir samira samuel sandeep sandra
sanjay santiago sara sarah sasha satoshi savannah sawyer scarlett scott sean sebastian sebastien segun seojun
seoyeon sergei sergio seth seun shanice sharon shawn sheila shiva shota shreya siddharth sienna sigrid silas silvia
simon simone sipho sita skylar skyler sneha sofia sonal sonia soojin sophia sophie soren sota srini stanislav stefan
stefanie stefano stella stephanie stephen steve steven sungmin sunil sunita suresh susan sven svetlana swati sylvie
takashi takeshi takumi tamara tanya tao tara taras tariq tarun tatiana taylor ted teresa thabo thandiwe thanh thao
themba theo theodore thiago thierry thomas tiago tiffany tim timmy timothy tina tobias toby tolu tom tomas tomasz
tommy tomoko tony tracy trang trevor tristan troy tuan tunde tyler tyrone uma usha vaclav valentina valeria vanessa
varun venkat vera victoria vihaan vijay vikram vincent vinny vivek vivian vladimir walt wambui wanjiru waylon wei
wendy wesley weston william wolfgang wyatt xander xavi xavier xiao ximena xin yan yang yann yannis yasmin yemi ying
yoko youssef yui yuki yulia yumi yuna yuri yusuf yusuke yuto zach zachary zainab zanele zara zayden zeynep zoe zoey
zofia zuri zuzana
"""
FIRST_NAMES = tuple(sorted(set(_FIRST_NAMES_TEXT.split())))

#: First names that are also everyday words: they count only when capitalised ("Mark", not "mark").
CAPITALISED_NAMES = (
    r"(?-i:Mark|Will|Grant|Max|Bill|Jack|Pat|Drew|Ray|Rose|Chase|Dawn|Joy|Hope|Grace|Faith|Iris|Ivy|Hazel|Violet|"
    r"Olive|Jade|Amber|Rowan|Gene|Sandy|Rusty|Clay|Dean|Wade|Reed)"
)


# -- roles, and the subjects built from names and roles ------------------------------------------

#: Role nouns: who a sentence can blame without naming anyone ("the intern", "QA", "ops team").
#: Not a bare "operator" (a Kubernetes operator is software) nor "vendor" (an organisation, not a person).
ROLE_NOUNS = (
    r"engineers?|developers?|devs?|interns?|new hires?|contractors?|consultants?|dbas?|(?-i:PMs?)|product managers?|"
    r"project managers?|managers?|qa|testers?|ops|sres?|sysadmins?|admins?|on-?call(?:ers?)?|designers?|"
    r"release managers?|(?:tech|team) leads?|reviewers?|approvers?|support|support agents?|teams?|people|folks|"
    r"someone|somebody|guys?|person|staff|employees?|coworkers?|colleagues?|analysts?|architects?|programmers?|"
    r"coders?|authors?|owners?|juniors?|seniors?|newbies?|rookies?|incident commanders?|responders?|"
    r"(?:night|day|weekend|late) shift|marketing|leadership|management|(?-i:Sales|Product|Legal|Finance)|leaders?|"
    r"liaisons?|operations|engineering|helpdesk|service desk|(?-i:IT|NOC|SOC)|customer success|account managers?|csms?|"
    r"sales ?(?:people|reps?|engineers?)|"
    r"(?:support|platform|team|tech|eng(?:ineering)?|dev|qa|ops|on-?call|incident|project|release|infra(?:structure)?|"
    r"backend|frontend|database|db|sre|security|product|design|program|squad|pod|shift|network(?:ing)?|mobile|android|"
    r"ios|web|ml|api|payments?|billing|growth|search|storage|cloud|devops|test|ux|ui) leads?|"
    r"coordinators?|specialists?|technicians?|trainees?|captains?|maintainers?|(?:team|staff) members?|execs?|"
    r"executives?|directors?|founders?|(?-i:VPs?|CTOs?|CEOs?|CIOs?|CISOs?)|"
    r"(?:(?<=\ban )|(?<=\bone )|(?<=human )|(?<=night )|(?<=shift )|(?<=console )|(?<=duty )|(?<=noc )|(?<=soc )|"
    r"(?<=systems )|(?<=plant ))operators?"
)

#: After a role, words that keep it one role: "the SRE on duty", "the engineer in charge", "owner of the service",
#: "a colleague from team B", "the engineer on the payments team".
ROLE_TAIL = (
    r"(?:\s+(?:on[- ](?:duty|call|shift)|in charge|responsible(?!\s+for\b)|(?-i:[A-HJ-Z]|#?\d{1,2})(?![\w-])|"
    r"of\s+(?:the|this|that|our)\s+[\w-]+(?:\s+(?:team|service))?|(?:from|in|on)\s+(?:the\s+|our\s+)?(?:team\s+\w+|[\w-]+\s+(?:team|squad|department|dept)(?![\w-]))))?"
)

#: Words that cannot describe a role ("happened because ops"): they keep a role's span tight.
NOT_MODIFIERS = (
    r"the|an?|and|or|but|because|since|so|when|while|after|before|if|that|which|who|was|were|is|are|be|been|"
    r"by|of|to|in|on|at|for|from|with|as|then|it|this|than|not|no|cause|caused|outage|incident|happened|"
    r"learned|lesson|impact|summary|thanks"
)

#: A role with its article and up to two modifiers: "the on-call engineer", "frontend team", "Dev team".
ROLE = (
    r"(?:(?:the|an?|our|their|his|her|that|this|these|those|some|one of (?:the|our))\s+)?"
    r"(?:(?!(?:" + NOT_MODIFIERS + r")(?![\w'’-]))[a-z][\w'’-]*\s+){0,2}?(?:" + ROLE_NOUNS + r")" + ROLE_TAIL
)

#: Roles that name one person, for possessives: "the intern's change broke prod" (a team's change is a team's).
ONE_PERSON_ROLE = (
    r"(?:the\s+|an?\s+|our\s+)?(?:new hire|intern|engineer|contractor|consultant|dev|developer|designer|dba|"
    r"(?-i:PM)|sre|admin|sysadmin|on-?call|tester|reviewer|release manager|guy)"
)


#: A person: a listed first name or an @handle.
def _by_initial(words: tuple[str, ...]) -> str:
    """One alternation per first letter ("a(?:aron|bby)|b(?:...)"): a thousand names stay quick to try."""
    initials = sorted({word[0] for word in words})
    return "|".join(f"{c}(?:" + "|".join(w[1:] for w in words if w[0] == c) + ")" for c in initials)


#: The listed first names as one alternation (`app.logic.language` swaps it out of a pattern for a text without them).
LISTED_NAMES = _by_initial(FIRST_NAMES)
NAME = r"(?:@[\w.-]+|(?:" + LISTED_NAMES + "|" + CAPITALISED_NAMES + r")(?![\w-]))"

#: Any capitalised word: a person only before a verb no software does ("If Tariq had read the runbook").
LOOSE_NAME = r"(?-i:[A-Z][a-z]{2,})(?![\w-])"

#: An unlisted capitalised name as a subject, for verbs no software does ("Tariq forgot to renew the cert").
LOOSE_AGENT = r"(?<![\w@-])(?!(?-i:Nobody|Noone|None|Nothing|Everything|Something)\b)" + LOOSE_NAME

#: Someone an action can be aimed at: "Remove Raj from", "Don't let the intern".
PERSON = r"(?:" + NAME + r"|him|her|" + ROLE + r")"

#: A subject that can carry blame: a person, a pronoun for one, or a role, as whole words.
AGENT = r"(?<![\w@-])(?:" + NAME + r"|he|she|" + ROLE + r")(?![\w-])"

#: What may sit between a subject and its verb without changing who acted ("Dev team still hadn't...").
ADVERBS = (
    r"(?:,?\s+(?:who|that)(?:\s+(?!(?:and|but|because|so|since|although|though)\b)[\w'’@#/.:`-]+){1,6}?,?(?=\s))?"
    r"(?:(?:,?\s*who)?\s+)(?:(?:still|just|also|then|again|finally|never|actually|really|simply|apparently|"
    r"obviously|clearly|completely|totally|somehow|even|basically|once again|routinely|regularly|repeatedly|often|"
    r"always|usually|habitually|constantly|frequently|sometimes|again and again)\s+)*"
)

#: Nouns ending in -ing, which do not start a clause after a role ("the support tooling").
ING_NOUNS = (
    r"(?:tooling|logging|monitoring|alerting|routing|building|setting|staging|thing|string|pricing|billing|"
    r"onboarding|training|paging|scheduling|caching|networking|hosting|ticketing|messaging|marketing|"
    r"engineering|queueing|processing|tracking|reporting|booking|shipping|landing)\b"
)

#: After a role in a passive ("...caused by the on-call engineer"): the role must end there, not "support ticket".
AFTER_AGENT = (
    r"(?:['’]s\b|(?=\s*(?:$|[,.;:!?()]|(?:who|not|and|when|while|during|after|before|because|in|on|at|for|from|"
    r"with|without|w/o|again|(?!" + ING_NOUNS + r")[a-z]+ing)\b)))"
)
