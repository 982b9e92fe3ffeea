"""The first language check stays cheap, and what makes it cheap never changes a finding.

What the BLAME shapes need is read off the patterns ahead of time into `app.logic.language_index`; these tests fail
when a rule changed since (rewrite it with `python -m app.logic.language --write-index`), and check that the index,
the words found without a trie pattern and the names found without a pattern of every name agree with the plain way.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.logic import language as L
from app.logic import language_engine as E
from app.logic import language_index as I
from app.logic import language_people as P
from app.logic import language_rules as R
from tests.test_language_speed import SENTENCES

ROOT = Path(__file__).resolve().parent.parent
STALE = f"app/logic/language_index.py is stale: rewrite it with `{L.INDEX_COMMAND}`"
EVERYTHING = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)


def _read(pattern: E._RulePattern) -> list[tuple[str, list[list[frozenset[str]]]]]:
    return [(piece.source, piece.needs) for piece in pattern.pieces]


# -- the index ------------------------------------------------------------------------------------

def test_every_rule_has_its_entry_in_the_index() -> None:
    missing = [rule.name for rule in L.BLAME_RULES if E._fingerprint(E._compact(rule.pattern.source)) not in I.READINGS]
    assert not missing, f"rules {missing} changed since the index was written. {STALE}"


def test_the_index_is_what_reading_the_rules_writes() -> None:
    """Catches a change to how patterns are read, too, which no fingerprint shows."""
    assert L.INDEX.read_text(encoding="utf-8") == L.index_source(), STALE


def test_the_index_gives_the_pieces_reading_the_patterns_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    indexed = [_read(E._RulePattern(rule.pattern.source)) for rule in L.BLAME_RULES]
    monkeypatch.setattr(E, "_index", dict)  # no index: every pattern is read
    assert [_read(E._RulePattern(rule.pattern.source)) for rule in L.BLAME_RULES] == indexed


def test_with_the_index_no_rule_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(source: str) -> None:
        raise AssertionError(f"read at run time: {source[:60]!r}")
    monkeypatch.setattr(E, "_requirement", refuse)
    for rule in L.BLAME_RULES:
        assert E._RulePattern(rule.pattern.source).pieces


def test_a_pattern_changed_since_the_index_was_written_is_read_and_matches_as_before() -> None:
    source = R.FAULT + r"|\bxyzzy\s+plugh\b"
    pattern = E._RulePattern(source)
    assert E._fingerprint(E._compact(source)) not in I.READINGS
    assert [{"xyzzy plugh"}] in [[set(clause) for clause in shape] for piece in pattern.pieces for shape in piece.needs]
    whole = re.compile(E._shared_prefix_first(source), re.IGNORECASE)
    words = E._Words(set().union(*(key for piece in pattern.pieces for key in piece.keys if key is not None)))
    for sentence in [*SENTENCES[:300], "Then Xyzzy   Plugh happened.", "It was Ted's fault."]:
        normalised = E._normalised(sentence)
        found = pattern.finditer(sentence, pattern.possible(words(normalised), normalised))
        assert [m.span() for m in found] == [m.span() for m in whole.finditer(sentence)], sentence


def test_the_first_neutral_check_in_a_fresh_process_compiles_no_large_pattern() -> None:
    """Finding the words the rules need takes no pattern of them all (nor did it take reading the rules)."""
    code = (
        "import re\n"
        "sizes = [0]\n"
        "compile = re._compile\n"
        "re._compile = lambda pattern, flags: sizes.append(len(str(pattern))) or compile(pattern, flags)\n"
        "from app.logic.language import check_text\n"
        "assert not check_text('Event 12: checkout latency p99 at 2.4s, rollback started', 'timeline', 'x')\n"
        "print(max(sizes))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) < 1000


# -- what stands in for the large patterns -----------------------------------------------------------

def test_words_are_found_as_a_search_for_each_would_find_them() -> None:
    words = {"ed by ", "mis", "because ", " and ", "pip", "a", "mistake", "mistaken", "’s lack "}
    finder = E._Words(words)
    keys = E._blame_words()
    every_key = set(keys._short).union(*keys._by_head.values())
    texts = [E._normalised(text) for text in [*SENTENCES, "paged by sam", "a mistake, mistaken", "x’s lack of", ""]]
    for text in texts:
        assert finder(text) == {word for word in words if word in text}, text
        assert keys(text) == {key for key in every_key if key in text}, text


def test_names_are_found_as_the_pattern_of_every_name_finds_them() -> None:
    pattern = re.compile(rf"(?=({P.LISTED_NAMES})(?![\w-]))", re.IGNORECASE)
    texts = [*SENTENCES, "Restarted by Priya.", "started", "TED-", "ted_", "3ted", "Bobby's", "\u0130van and \u212aim",
             "Ayşe, Raúl, ZOË", "\u017fam", "anne-marie", "Ann", "@sam.k", "ma\u0131ya", ""]
    for text in texts:
        expected = {name.translate(E.IGNORECASE_FOLD).lower() for name in pattern.findall(text)}
        assert E._listed_names(text) == expected, text


def test_folding_matches_letters_as_re_does_and_keeps_words_apart() -> None:
    """What `_listed_names` relies on: the names are ASCII letters; `IGNORECASE_FOLD` then `lower` makes a character
    an ASCII letter just when `re` matches it with that letter ignoring case, and changes neither length nor word
    characters."""
    assert all(name.isascii() and name.isalpha() and name.islower() for name in P.FIRST_NAMES)
    folded = EVERYTHING.translate(E.IGNORECASE_FOLD).lower()
    assert len(folded) == len(EVERYTHING)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        assert set(re.findall(letter, EVERYTHING, re.IGNORECASE)) == {
            char for char, fold in zip(EVERYTHING, folded, strict=True) if fold == letter}, letter
    word = re.compile(r"[\w-]")
    assert [bool(word.match(char)) for char in EVERYTHING] == [bool(word.match(char)) for char in folded]


def test_normalising_without_a_pattern_is_normalising_with_one() -> None:
    spaces = [char for char in EVERYTHING if char.isspace()]
    assert all(not char.isprintable() for char in spaces if char != " ")  # so a printable text's only space is " "
    texts = [*SENTENCES[:200], "a  b", " a ", "a\tb", "A\u00a0B", "\u0130STANBUL", "x\u2028y", "  ", "", *spaces]
    for text in texts:
        assert E._normalised(text) == re.sub(r"\s+", " ", text.translate(E.IGNORECASE_FOLD).lower()), repr(text)
