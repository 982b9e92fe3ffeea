"""Currencies: which ISO 4217 codes we know, and amounts written the way each is written."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Currency:
    code: str
    symbol: str
    decimals: int = 2
    symbol_after: bool = False


_KNOWN = [
    Currency("USD", "$"), Currency("EUR", "€"), Currency("GBP", "£"), Currency("JPY", "¥", 0),
    Currency("CNY", "¥"), Currency("INR", "₹"), Currency("KRW", "₩", 0), Currency("CAD", "CA$"),
    Currency("AUD", "A$"), Currency("NZD", "NZ$"), Currency("CHF", "CHF", symbol_after=True),
    Currency("SEK", "kr", symbol_after=True), Currency("NOK", "kr", symbol_after=True),
    Currency("DKK", "kr", symbol_after=True), Currency("PLN", "zł", symbol_after=True),
    Currency("CZK", "Kč", symbol_after=True), Currency("BRL", "R$"), Currency("MXN", "MX$"),
    Currency("SGD", "S$"), Currency("HKD", "HK$"), Currency("ZAR", "R"), Currency("ILS", "₪"),
    Currency("TRY", "₺"), Currency("AED", "AED", symbol_after=True), Currency("RUB", "₽", symbol_after=True),
]
CURRENCIES = {currency.code: currency for currency in _KNOWN}


def currency(code: str) -> Currency:
    """The currency for an ISO code; an unknown but well-formed code is written after the amount.

    A code that is not letters (the store keeps any three characters) shows as the generic sign `¤`:
    written as it is, `<b>`, `|` or ESC would be markup, a table cell or a terminal command in an export."""
    code = code.strip().upper()
    return CURRENCIES.get(code) or Currency(code, code if code.isalpha() else "¤", symbol_after=True)


def check_currency_code(text: str) -> str:
    """The ISO 4217 code typed (any case), or ValueError saying what is expected.

    ISO codes are ASCII letters: `ÀBC` is refused (it is alphabetic), and so is `ßA`, which
    upper-cases to three letters."""
    code = text.strip()
    if len(code) != 3 or not (code.isascii() and code.isalpha()):
        raise ValueError(f"{code[:40]!r} is not a currency code: use three letters such as USD, EUR or GBP.")
    return code.upper()


def format_money(amount: float, code: str) -> str:
    """`$20,000`, `€8,400.50`, `¥1,200`, `1,500 CHF`: no cents when there are none."""
    money = currency(code)
    if not math.isfinite(amount):  # an overflowed sum: shown as format_number shows it, not a crash
        return f"{amount} {money.symbol}"
    decimals = money.decimals if round(amount, money.decimals) != int(amount) else 0
    sign = "-" if amount < 0 else ""
    number = f"{abs(amount):,.{decimals}f}"
    if money.symbol_after:
        return f"{sign}{number} {money.symbol}"
    return f"{sign}{money.symbol}{number}"
