"""How the BLAME patterns stay quick: lazy compiling, rules cut into pieces tried only on sentences that hold
the words every match needs, and the long name list kept out of most compiles. Results are exactly those of
the whole patterns; `app.logic.language` holds the rules themselves."""

from __future__ import annotations

import re
import sys
import zlib
from collections.abc import Iterator
from functools import cache, lru_cache
from re import _constants as _sre  # `re`'s own parser reads the patterns in `_requirement`, as `re` will match them
from re import _parser as _sre_parse

from app.logic import language_people as P  # the names inside the BLAME tables
from app.logic import language_rules as R  # the word tables behind BLAME


class _Lazy:
    """A regular expression compiled on its first use, with the `re.Pattern` methods the checks call."""

    __slots__ = ("_regex", "flags", "source")

    def __init__(self, source: str, flags: int = re.IGNORECASE) -> None:
        self.source, self.flags = source, flags
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.source, self.flags)
        return self._regex

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.regex.finditer(string, pos, endpos)

    def sub(self, repl: str, string: str, count: int = 0) -> str:
        return self.regex.sub(repl, string, count)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression ("a|(b|c)|d" -> ["a", "(b|c)", "d"])."""
    parts, depth, start = [], 0, 0
    for special in _SPECIAL.finditer(pattern):  # parentheses and bars; escapes and classes are passed over whole
        char = special.group()
        if char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:special.start()])
            start = special.end()
    return [*parts, pattern[start:]]


_SPECIAL = _Lazy(r"\\.|\[(?:\\.|[^\\\]])*\]?|[()|]", re.DOTALL)  # a class ends at its first "]" not escaped


def _shared_prefix_first(pattern: str, prefixes: tuple[str, ...] = (R.AGENT, R.ADVERBS)) -> str:
    """The same pattern with the alternatives that open with a person tried once: "P(?:a|b)" for "Pa|Pb".

    Matching a person is the costly step; a rule with a dozen "who did what" shapes would otherwise try it a dozen
    times at every word. Matches are unchanged: the grouped alternatives keep their order.
    """
    return "|".join(_grouped(_alternatives(pattern), prefixes))


def _grouped(alternatives: list[str], prefixes: tuple[str, ...]) -> list[str]:
    """`_shared_prefix_first` on a pattern's top-level alternatives, giving those of the result (no parsing)."""
    if not prefixes:
        return alternatives
    prefix = prefixes[0]
    rests = [alternative[len(prefix):] for alternative in alternatives if alternative.startswith(prefix)]
    if len(rests) < 2:
        return alternatives
    first = next(i for i, alternative in enumerate(alternatives) if alternative.startswith(prefix))
    others = [alternative for alternative in alternatives if not alternative.startswith(prefix)]
    return [*others[:first], f"{prefix}(?:{'|'.join(_grouped(rests, prefixes[1:]))})", *others[first:]]


class _Piece:
    """A top-level alternative of a rule's pattern, compiled on first need, with the words its shapes need.

    A shape is an alternative as the rule was written (the piece that tries a person once holds many): a match of
    it has a member of each of its clauses (`_requirement`), the most selective cut to a key (see `_Words`).
    """

    __slots__ = ("_few", "_few_names", "_regex", "keys", "needs", "source")

    def __init__(self, source: str, needs: list[list[frozenset[str]]]) -> None:
        self.source = source  # compact (see `_compact`)
        self.needs = needs
        self.keys = [frozenset(_shortest(frozenset(word[:_KEY] for word in clauses[0]))) if clauses else None
                     for clauses in needs]
        self._regex: re.Pattern[str] | None = None  # with every listed name
        self._few: re.Pattern[str] | None = None  # with only `_few_names` of them
        self._few_names: frozenset[str] = frozenset()

    def possible(self, present: frozenset[str], normalised: str) -> bool:
        """Whether a shape may match a text: its key among the keys found, each of its clauses in the text."""
        return any((key is None or not key.isdisjoint(present))
                   and all(any(word in normalised for word in clause) for clause in clauses)
                   for key, clauses in zip(self.keys, self.needs, strict=True))

    def regex(self, text: str) -> re.Pattern[str]:
        """The piece compiled for a text. The listed names are most of a piece: compiled first with only those the
        text holds (most hold none), it serves every text whose names are among them; the first text with others
        compiles the piece with them all."""
        if self._regex is None:
            names = _listed_names(text)
            if self._few is None and names <= _FIRST_NAMES:
                self._few = re.compile(self.source.translate(_with_names(names)), re.IGNORECASE)
                self._few_names = names
            if self._few is not None and names <= self._few_names:
                return self._few
            self._regex = re.compile(self.source.translate(_STAND_IN), re.IGNORECASE)
        return self._regex


class _RulePattern:
    """A BLAME pattern: matched case-insensitively (names opt out where they must) as `_shared_prefix_first` has it.

    It is cut into its top-level alternatives, each compiled on first need. At the leftmost position where any of
    them matches, the first in order gives the match of the whole alternation (`_leftmost_first`); and one that
    lacks the words it needs cannot match at all, so leaving it out changes nothing.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._pieces: list[_Piece] | None = None
        self._keys: frozenset[str] | None = None  # one of these is in any text it matches (None: no such words)

    @property
    def pieces(self) -> list[_Piece]:
        if self._pieces is None:
            pieces = self._cut()
            keys = [key for piece in pieces for key in piece.keys]
            self._keys = None if None in keys else frozenset().union(*keys)
            self._pieces = pieces
        return self._pieces

    def _cut(self) -> list[_Piece]:
        compact = _compact(self.source)
        shapes = _alternatives(compact)
        needs, empty = _reading(compact, shapes)
        grouped = _grouped(shapes, (_AGENT_STAND_IN, _ADVERBS_STAND_IN))
        if empty:  # a piece matching empty text cannot be interleaved: keep them together
            return [_Piece("|".join(grouped), needs)]
        by_agent = [at for at, shape in enumerate(shapes) if shape.startswith(_AGENT_STAND_IN)]
        held = [by_agent if len(by_agent) > 1 and piece.startswith(_AGENT_STAND_IN) else [shapes.index(piece)]
                for piece in grouped]
        return [_Piece(piece, [needs[at] for at in shapes_in]) for piece, shapes_in in zip(grouped, held, strict=True)]

    def keys(self) -> frozenset[str]:
        """The keys `_Words` looks for on behalf of this pattern."""
        return frozenset().union(*(key for piece in self.pieces for key in piece.keys if key is not None))

    @property
    def keyless(self) -> bool:
        """Whether a text holding none of its keys may still match."""
        return None in (key for piece in self.pieces for key in piece.keys)

    def possible(self, present: frozenset[str], normalised: str) -> list[_Piece]:
        """The pieces that may match a text (`_normalised`), given the keys found in it."""
        pieces = self.pieces
        if self._keys is not None and self._keys.isdisjoint(present):
            return []
        return [piece for piece in pieces if piece.possible(present, normalised)]

    def finditer(self, text: str, pieces: list[_Piece]) -> Iterator[re.Match[str]]:
        """The matches of the whole pattern in a text, given the pieces that may match it (`possible`)."""
        if len(pieces) == 1:
            return pieces[0].regex(text).finditer(text)
        return _leftmost_first(text, [piece.regex(text) for piece in pieces])

    def found_in(self, text: str) -> bool:
        """Whether the pattern matches anywhere in a text."""
        normalised = _normalised(text)
        return any(piece.regex(text).search(text) for piece in self.possible(_blame_words()(normalised), normalised))


# -- how the BLAME patterns stay quick ------------------------------------------------------------
#
# The BLAME tables are large: the listed first names alone run to 6,000 characters, and a rule repeats them and the
# roles in each "who did what" shape. Compiled whole they took half a second, and every sentence ran all fifteen.
# Instead each rule's pattern is cut into its top-level alternatives (`_RulePattern`), each compiled the first time a
# sentence needs it, with only the listed names that sentence holds if it can (`_Piece.regex`). Every match of a
# shape holds certain words, read off the shape ahead of time (`_requirement`, `language_index`): a shape whose words
# a sentence lacks (`_Words`) is not tried. The findings are exactly those of every pattern whole on every sentence.

#: Sub-patterns the BLAME tables repeat, larger first (an agent holds a name and a role). While a rule is cut into
#: pieces and read for its words, each stands in as one private character; for the reading it is "anything".
_SHARED = (R.AGENT, R.PERSON, R.LOOSE_AGENT, R.NAME, R.ROLE, R.ONE_PERSON_ROLE, R.LOOSE_NAME, R.ADVERBS, R.AFTER_AGENT)
_STAND_IN = {0xE000 + at: shared for at, shared in enumerate(_SHARED)}
_ANYTHING = dict.fromkeys(_STAND_IN, "(?s:.*)")
_AGENT_STAND_IN, _ADVERBS_STAND_IN = chr(0xE000 + _SHARED.index(R.AGENT)), chr(0xE000 + _SHARED.index(R.ADVERBS))


def _compact(source: str) -> str:
    """A BLAME pattern with each shared sub-pattern as its one-character stand-in (`_STAND_IN` gives them back)."""
    for code, shared in _STAND_IN.items():
        source = source.replace(shared, chr(code))
    return source


def _leftmost_first(text: str, regexes: list[re.Pattern[str]]) -> Iterator[re.Match[str]]:
    """`finditer` of the alternation of the regexes (none matches empty text): leftmost match, the first on a tie."""
    upcoming = [regex.search(text) for regex in regexes]
    while (best := min(filter(None, upcoming), key=re.Match.start, default=None)) is not None:  # the first on a tie
        yield best
        at = best.end()
        upcoming = [match if match is None or match.start() >= at else regex.search(text, at)
                    for regex, match in zip(regexes, upcoming, strict=True)]


# Names: the listed first names inside `R.NAME` match only where no letter, digit or hyphen follows.
_WORD = _Lazy(r"[\w-]+", 0)
_FIRST_NAMES = frozenset(P.FIRST_NAMES)
_NAME_SIZES = range(min(map(len, _FIRST_NAMES)), max(map(len, _FIRST_NAMES)) + 1)


@lru_cache(maxsize=64)
def _listed_names(text: str) -> frozenset[str]:
    """The listed first names `R.NAME` can match in a text: a word, or a word's end ("started" holds "ted").

    Read off the ends of words, not by a pattern of every name (milliseconds to compile): the names are ASCII
    letters, and what `re` matches with one, ignoring case, is just what `IGNORECASE_FOLD` and `lower` make that letter,
    character for character (neither makes a word character of another or the other way round).
    """
    words = _WORD.regex.findall(text.translate(IGNORECASE_FOLD).lower())
    return frozenset({word[-size:] for word in words for size in _NAME_SIZES} & _FIRST_NAMES)


def _with_names(names: frozenset[str]) -> dict[int, str]:
    """`_STAND_IN` with only these of the listed first names: the same matches in a text holding no other."""
    listed = "|".join(sorted(names)) or "(?!)"
    return {code: shared.replace(P.LISTED_NAMES, listed) for code, shared in _STAND_IN.items()}


# Normalised text: what `_requirement` says a match holds is looked for in it.

#: Letters that match an ASCII letter case-insensitively yet do not lower-case to one ("İ", "ı", "ſ", Kelvin "K").
IGNORECASE_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_WHITESPACE = _Lazy(r"\s+", 0)


def _normalised(text: str) -> str:
    """A text as `_requirement` reads patterns: in lower case, each run of white space one space."""
    lower = text.lower() if text.isascii() else text.translate(IGNORECASE_FOLD).lower()
    if "  " not in lower and lower.isprintable():  # its only white space is single spaces: nothing to replace
        return lower
    return _WHITESPACE.sub(" ", lower)


_KEY = 8  # a key is the first characters of a word a shape needs: enough to tell words apart, few enough to find
_HEAD = 4  # `_Words` looks up each run of this many characters of a text among the first ones of its words


class _Words:
    """Which of a fixed set of strings occur in a normalised text. The text's runs of `_HEAD` characters are looked
    up among the words' first ones, and only words so found are searched for: as quick as a pattern of them all,
    with nothing to compile."""

    def __init__(self, words: set[str]) -> None:
        self._short = sorted(word for word in words if 0 < len(word) < _HEAD)
        self._by_head: dict[str, list[str]] = {}
        for word in sorted(word for word in words if len(word) >= _HEAD):
            self._by_head.setdefault(word[:_HEAD], []).append(word)
        self._heads = frozenset(self._by_head)

    def __call__(self, normalised: str) -> frozenset[str]:
        heads = self._heads.intersection([normalised[at:at + _HEAD] for at in range(len(normalised) - _HEAD + 1)])
        found = [word for word in self._short if word in normalised]
        found += [word for head in heads for word in self._by_head[head] if word in normalised]
        return frozenset(found)


#: The BLAME rules, in order, as `app.logic.language` registers them.
_RULES: list = []


def register(rules: list) -> None:
    """Called once by `app.logic.language` with its BLAME rules (objects with a `.pattern` `_RulePattern`)."""
    _RULES[:] = rules
    _blame_words.cache_clear()
    _keyless_rules.cache_clear()


@cache
def _blame_words() -> _Words:
    """Finds the keys of every BLAME pattern in a normalised sentence."""
    return _Words(set().union(*(rule.pattern.keys() for rule in _RULES)))


@cache
def _keyless_rules() -> list:
    """The rules that may match a sentence holding no key at all."""
    return [rule for rule in _RULES if rule.pattern.keyless]


# Reading a pattern for the words every match of it holds.

#: Word tables the BLAME patterns repeat. Each stands in for itself as one private character in the patterns
#: `_requirement` reads (`_for_reading`), and is read once, if ever (a table inside a lookaround never is).
_TABLES = (R.WITHOUT_STEP, R.SLIP_VERBS, R.HUMAN_VERBS, R.DATA_NOUNS, R.REMEDIAL_VERBS, R.BAD_OUTCOME, R.HUMAN_PAST,
           R.SHIP_VERBS, R.WRONG_TARGET_VERBS, R.CLAUSE_BREAK, R.OMISSION, R.JUNIOR, R.FAULT_MANNER, R.NOT_A_CAUSE,
           R.STALE, R.DAMAGE, R.STRONG_HUMAN_PAST, R.NEGATED)
_STOOD_IN = {0xE100 + at: table for at, table in enumerate(_TABLES)}
_GROUP_OPENERS = ("(?:", "(?!", "(?=", "(?<!", "(?<=")


def _for_reading(source: str) -> str:
    """A compact BLAME pattern as `_requirement` reads it: people and roles as anything, word tables stood in for.

    A table stands in for itself only where it is one item of the pattern: its alternatives those of the group
    around it ("(?:caused|broke)", "...|caused|broke)"), or, if it has none, not under a quantifier.
    """
    source = source.translate(_ANYTHING)
    for code, table in sorted(_STOOD_IN.items(), key=lambda item: -len(item[1])):  # a larger table may hold another
        parts, at = [], 0
        while (found := source.find(table, at)) >= 0:
            before, after = source[:found], source[found + len(table):found + len(table) + 1]
            if _branching(table):
                unit = after in (")", "|") and (
                    before.endswith(_GROUP_OPENERS) or (before.endswith("|") and not before.endswith("\\|")))
            else:
                unit = not before.endswith("\\") and after not in ("*", "+", "?", "{")
            parts += [source[at:found], chr(code) if unit else table]
            at = found + len(table)
        source = "".join([*parts, source[at:]])
    return source


@cache
def _branching(table: str) -> bool:
    return len(_alternatives(table)) > 1


_MOST = 64  # the most strings an exact set keeps; past that the reading settles for less

#: What `_requirement` reads off a part of a pattern: the strings a match of it can be (normalised; None: too many to
#: list), sets of strings of which a match holds a member each, and whether a match can be empty.
_Reading = tuple[frozenset[str] | None, list[frozenset[str]], bool]


def _requirement(source: str) -> tuple[list[frozenset[str]], bool]:
    """What every match of a (case-insensitive) pattern contains, and whether a match can be empty.

    The first is a list of sets of strings: a match, `_normalised`, holds a member of each set. They are read off
    the pattern as `re` itself parses it: runs of literal characters ("took down", any white space one space),
    alternations of such runs, what a repeat needs at least once. Lookarounds and anchors consume nothing, so they
    need nothing; a class of many characters or a case-folded non-ASCII letter ends a run. It never claims too much:
    at worst a pattern is tried on a text it cannot match. The most selective set comes first.
    """
    exact, needs, empty = _sequence(_sre_parse.parse(source, re.IGNORECASE))
    found = {frozenset(_shortest(clause)) for clause in _with_exact(exact, needs)}
    return sorted(found, key=lambda clause: (_selectivity(clause), sorted(clause)), reverse=True), empty


@cache
def _table_reading(code: int) -> _Reading:
    return _sequence(_sre_parse.parse(_STOOD_IN[code], re.IGNORECASE))


@cache
def _literal(code: int) -> str | None:
    """How a literal character of a pattern shows in normalised text; None when case folding could blur it."""
    char = chr(code)
    if char.isspace():
        return " "
    if char.isascii():
        return char.lower()
    return None if char.isalpha() or char.lower() != char or char.upper() != char else char


def _joined(head: str, tail: str) -> str:
    return head + tail[1:] if head.endswith(" ") and tail.startswith(" ") else head + tail


def _with_exact(exact: frozenset[str] | None, needs: list[frozenset[str]]) -> list[frozenset[str]]:
    return [*needs, exact] if exact is not None and "" not in exact else needs


def _selectivity(clause: frozenset[str]) -> tuple[int, int]:
    return min(map(len, clause)), -len(clause)


def _shortest(clause: frozenset[str]) -> list[str]:
    """The members no other member starts: "mistakes" starts with "mistake", so "mistake" alone says as much."""
    kept: list[str] = []
    for word in sorted(clause):
        if not kept or not word.startswith(kept[-1]):
            kept.append(word)
    return kept


def _sequence(items: _sre_parse.SubPattern | list) -> _Reading:
    """A run of parsed pattern items, one after the other."""
    needs: list[frozenset[str]] = []
    run, whole, chars, empty = frozenset({""}), True, "", True
    for op, arg in getattr(items, "data", items):  # a parsed pattern's own list: quicker to walk
        if op is _sre.LITERAL and arg not in _STOOD_IN and (char := _literal(arg)) is not None:
            chars += char  # plain characters join the run together, once
            continue
        if chars:
            run, chars, empty = frozenset(_joined(head, chars) for head in run), "", False
        exact, more, can_be_empty = _node(op, arg)
        needs += more
        empty = empty and can_be_empty
        if exact is not None and len(run) * len(exact) <= _MOST:
            run = frozenset(_joined(head, tail) for head in run for tail in exact)
            continue
        whole = False
        needs = _with_exact(run, needs)
        run = exact if exact is not None else frozenset({""})
    if chars:
        run, empty = frozenset(_joined(head, chars) for head in run), False
    return (run, needs, empty) if whole else (None, _with_exact(run, needs), empty)


def _node(op: object, arg: object) -> _Reading:
    """One parsed pattern item."""
    if op is _sre.LITERAL:
        if arg in _STOOD_IN:  # a word table (see `_for_reading`)
            return _table_reading(arg)
        char = _literal(arg)
        return (None if char is None else frozenset({char})), [], False
    if op is _sre.IN:
        chars = set()
        for kind, value in arg:
            if kind is _sre.LITERAL and (char := _literal(value)) is not None:
                chars.add(char)
            elif kind is _sre.CATEGORY and value in (_sre.CATEGORY_SPACE, _sre.CATEGORY_UNI_SPACE):
                chars.add(" ")
            else:
                return None, [], False
        return frozenset(chars), [], False
    if op is _sre.SUBPATTERN:
        return _sequence(arg[-1])
    if op is _sre.ATOMIC_GROUP:
        return _sequence(arg)
    if op is _sre.BRANCH:
        branches = [_sequence(branch) for branch in arg[1]]
        empty = any(can_be_empty for _, _, can_be_empty in branches)
        if all(exact is not None for exact, _, _ in branches):
            union = frozenset().union(*(exact for exact, _, _ in branches))
            if len(union) <= _MOST:
                return union, [], empty
        picks = [max(_with_exact(exact, needs), key=_selectivity, default=None) for exact, needs, _ in branches]
        return None, [] if None in picks else [frozenset().union(*picks)], empty
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, high, body = arg
        exact, needs, empty = _sequence(body)
        if exact == {" "}:
            return frozenset({" "} if low else {"", " "}), [], low == 0
        if low == 0:
            return (exact | {""} if high == 1 and exact is not None else None), [], True
        return (exact, needs, empty) if high == 1 else (None, _with_exact(exact, needs), empty)
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return frozenset({""}), [], True
    if op in (_sre.ANY, _sre.NOT_LITERAL):
        return None, [], False
    return None, [], True  # a back reference, or what this reading does not know: anything, maybe nothing


# The index: what `_requirement` reads off each shape of each BLAME rule, written ahead into `language_index` by
# `python -m app.logic.language --write-index` (reading them all took tens of milliseconds on the first check).

_Needs = list[list[frozenset[str]]]  # per shape, its clauses (`_requirement`)
_READ_WITH = zlib.crc32("\0".join((str(_MOST), *_TABLES)).encode())  # what else a reading depends on


def _fingerprint(compact: str) -> str:
    """Names a pattern as read. Its shared sub-patterns are read as anything, so the lists of people can change."""
    return f"{zlib.crc32(compact.encode(), _READ_WITH):08x}"


@cache
def _index() -> dict[str, tuple[bool, _Needs]]:
    """`language_index` by fingerprint: whether a shape can match empty text, and each shape's clauses."""
    from app.logic import language_index as index  # imported on first need: it is large
    clauses = [frozenset(clause.split("|")) for clause in index.CLAUSES]
    return {key: (empty, [[clauses[at] for at in shape] for shape in shapes])
            for key, (empty, shapes) in index.READINGS.items()}


def _reading(compact: str, shapes: list[str]) -> tuple[_Needs, bool]:
    """Each shape's clauses and whether one can match empty text: as written ahead for this pattern, else read now."""
    empty, needs = _index().get(_fingerprint(compact), (False, None))
    if needs is not None and len(needs) == len(shapes):
        return needs, empty
    read = [_requirement(_for_reading(shape)) for shape in shapes]
    return [clauses for clauses, _ in read], any(can_be_empty for _, can_be_empty in read)
