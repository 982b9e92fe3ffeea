"""Numbers the way people say them in a meeting: `50K`, `1.2M`, `$20,000`, `99.95%`, `2h`, `90m`.

Each parser returns a float (or int) or raises `NumberError` whose message says
what is accepted. Negative values are refused everywhere except NPS scores.
"""

from __future__ import annotations

import math
import re

CURRENCY_SIGNS = "$€£¥₹₩₽₺₪"
_SUFFIX = {"": 1, "k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
_NUMBER = re.compile(
    rf"(?P<sign>[-−]?)\s*[{CURRENCY_SIGNS}]?\s*(?P<digits>\d+(?:,\d{{3}})*(?:\.\d+)?|\.\d+)\s*"
    r"(?P<suffix>k|m|mm|b|bn)?\s*(?P<code>[a-z]{3})?",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"(?:(?P<days>\d+(?:\.\d+)?)\s*d(?:ays?)?)?\s*(?:(?P<hours>\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(?P<minutes>\d+(?:\.\d+)?)\s*m(?:in(?:utes?)?)?)?",
    re.IGNORECASE,
)


class NumberError(ValueError):
    """Not a number we can use; the message says why and what to type."""


def _finite(value: float, text: str) -> float:
    """`value`, unless the digits typed were too many for a float (it became infinity)."""
    if not math.isfinite(value):
        raise NumberError(f"{text.strip()[:40]!r} is too large a number.")
    return value


def _plain(text: str, *, what: str, forms: str, allow_negative: bool = False) -> float:
    cleaned = text.strip().replace("\u00a0", " ").replace("_", "")
    match = _NUMBER.fullmatch(cleaned)
    if not match:
        if re.fullmatch(r"[-−]?\d+,\d{1,2}", cleaned):
            raise NumberError(f"{text.strip()!r}: use a dot for decimals (1.5), commas only between thousands.")
        raise NumberError(f"{text.strip()!r} is not {what}. Type it like {forms}.")
    # Rounded so that 1.1M is exactly 1,100,000, not 1,100,000.0000000002.
    value = _finite(round(float(match["digits"].replace(",", "")) * _SUFFIX[(match["suffix"] or "").lower()], 6),
                    text)
    if match["sign"]:
        if not allow_negative:
            raise NumberError(f"{what.capitalize()} cannot be negative ({text.strip()}).")
        value = -value
    return value


#: The largest count taken: every whole number up to it is exact as a float (and fits the store).
MAX_COUNT = 2**53


def parse_count(text: str) -> int:
    """A count of people or things: `50K`, `1.2M`, `50,000`, `410k`."""
    value = _plain(text, what="a count", forms="50000, 50K, 1.2M or 50,000")
    if value != int(value):
        raise NumberError(f"{text.strip()!r} is not a whole number of people or things.")
    if value > MAX_COUNT:
        raise NumberError(f"{text.strip()[:40]!r} is more than {MAX_COUNT:,}: too many to count exactly.")
    return int(value)


def parse_money(text: str) -> float:
    """An amount: `$20,000`, `20k`, `1.2M`, `€8,400`, `8400 EUR`."""
    return _plain(text, what="an amount of money", forms="20000, 20k, $20,000 or 1.2M")


def parse_percent(text: str, *, below_100: bool = False) -> float:
    """A percentage: `30`, `30%`, `99.95%`; at most 100 (below 100 for an SLO target)."""
    cleaned = text.strip().removesuffix("%").strip()
    value = _plain(cleaned, what="a percentage", forms="30, 30% or 99.95%")
    if below_100 and value >= 100:
        raise NumberError(f"An SLO of {value:g}% leaves no error budget: it must be below 100%.")
    if value > 100:
        raise NumberError(f"{value:g}% is more than 100%.")
    return value


def parse_score(text: str) -> float:
    """An NPS score, from −100 to 100."""
    value = _plain(text, what="a score", forms="50, -10 or 32.5", allow_negative=True)
    if not -100 <= value <= 100:
        raise NumberError(f"An NPS score runs from -100 to 100 (got {value:g}).")
    return value


def parse_hours(text: str) -> float:
    """A duration in hours: `2`, `2.5`, `2h`, `90m`, `1h30m`, `1d`."""
    cleaned = text.strip()
    if cleaned.startswith(("-", "−")):
        raise NumberError(f"A duration cannot be negative ({cleaned}).")
    if re.fullmatch(r"\d+(?:\.\d+)?|\.\d+", cleaned):
        return _finite(float(cleaned), cleaned)
    match = _DURATION.fullmatch(cleaned)
    if not cleaned or not match or not any(match.groupdict().values()):
        raise NumberError(f"{cleaned!r} is not a duration. Type it like 2, 2.5, 2h, 90m or 1h30m (hours).")
    days, hours, minutes = (float(match[name] or 0) for name in ("days", "hours", "minutes"))
    return _finite(days * 24 + hours + minutes / 60, cleaned)


def parse_days(text: str) -> float:
    """A number of days: `30`, `30d`, `4w`."""
    cleaned = text.strip().lower()
    weeks = re.fullmatch(r"(\d+(?:\.\d+)?)\s*w(?:eeks?)?", cleaned)
    if weeks:
        return _finite(float(weeks[1]) * 7, cleaned)
    cleaned = re.sub(r"\s*d(?:ays?)?$", "", cleaned)
    return _plain(cleaned, what="a number of days", forms="30, 30d or 4w")


def format_number(value: float, decimals: int = 1) -> str:
    """`50,000`, `2.5`, `277.8`: thousands separated, no needless decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
