"""Currencies: which ISO 4217 codes we know, and amounts written the way each is written."""

from __future__ import annotations

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
    """The currency for an ISO code; an unknown but well-formed code is written after the amount."""
    code = code.strip().upper()
    return CURRENCIES.get(code) or Currency(code, code, symbol_after=True)


def check_currency_code(text: str) -> str:
    """The ISO 4217 code typed (any case), or ValueError saying what is expected."""
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ValueError(f"{text.strip()!r} is not a currency code: use three letters such as USD, EUR or GBP.")
    return code


def format_money(amount: float, code: str) -> str:
    """`$20,000`, `€8,400.50`, `¥1,200`, `1,500 CHF`: no cents when there are none."""
    money = currency(code)
    decimals = money.decimals if round(amount, money.decimals) != int(amount) else 0
    sign = "-" if amount < 0 else ""
    number = f"{abs(amount):,.{decimals}f}"
    if money.symbol_after:
        return f"{sign}{number} {money.symbol}"
    return f"{sign}{money.symbol}{number}"
