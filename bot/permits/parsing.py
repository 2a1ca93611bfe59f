"""Understand free-text answers: countries in fi/sv/en, money amounts, durations.

Country names come from Babel's CLDR locale data (maintained, in all three languages), not a
hand-typed list. Finnish inflected forms ("Nepalista", "Virosta") are matched by prefix.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from babel import Locale

from bot.lang import LANGUAGES, fold

Citizenship = Literal["eu_eea", "nordic", "swiss", "other"]

NORDIC = {"FI", "SE", "NO", "DK", "IS", "AX", "FO", "GL"}
EU_EEA = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "EE", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
    "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "LI",
}  # EU members and Liechtenstein (EEA); the Nordic ones are listed above
SWISS = {"CH"}
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO"}  # CLDR region codes that are not countries
_GROUP_WORDS: dict[str, Citizenship] = {
    **dict.fromkeys(["eu", "eta", "ees", "eea", "eu-maa", "eu-kansalainen", "eu-medborgare", "eu citizen"], "eu_eea"),
    **dict.fromkeys(["pohjoismaat", "pohjoismaa", "pohjoismainen", "norden", "nordisk", "nordic"], "nordic"),
}


@lru_cache(maxsize=1)
def country_names() -> list[tuple[str, str]]:
    """(folded name, ISO code) for every country in fi, sv and en, longest names first."""
    names: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                names.setdefault(fold(name), code)
    return sorted(names.items(), key=lambda item: -len(item[0]))


def country_code(text: str) -> str | None:
    """ISO code of the first country named in ``text`` (any of fi/sv/en, inflection tolerated)."""
    folded = fold(text)
    words = re.findall(r"[^\W\d_]+", folded)
    for name, code in country_names():
        if " " in name:
            if name in folded:
                return code
        elif len(name) >= 4 and any(w == name or (w.startswith(name) and len(w) - len(name) <= 4) for w in words):
            return code
        elif name in words:
            return code
    return None


def citizenship_of(text: str) -> Citizenship | None:
    folded = fold(text)
    for word, group in _GROUP_WORDS.items():
        if re.search(rf"\b{re.escape(word)}\b", folded):
            return group
    code = country_code(text)
    return None if code is None else citizenship_group(code)


def citizenship_group(code: str) -> Citizenship:
    """The permit rules' group of an ISO country code."""
    if code in NORDIC:
        return "nordic"
    if code in SWISS:
        return "swiss"
    if code in EU_EEA:
        return "eu_eea"
    return "other"


_MONEY = re.compile(r"(\d{1,3}(?:[ \u00a0.]\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d+)?)\s*(k|t|tonnia|tuhatta|tusen)?", re.I)


def parse_money(text: str) -> float | None:
    """A monthly amount in euros: "noin 4200 e/kk", "3,5k", "4 000 euros", "€3,937" -> number."""
    cleaned = text.replace("€", " ").replace("\u202f", " ")
    best = None
    for match in _MONEY.finditer(cleaned):
        raw, suffix = match.group(1), match.group(2)
        if re.search(r"[ \u00a0.]\d{3}(,\d{1,2})?$", raw) and not re.fullmatch(r"\d+\.\d{1,2}", raw):
            value = float(re.sub(r"[ \u00a0.]", "", raw).replace(",", "."))
        elif re.fullmatch(r"\d{1,3},\d{3}", raw) and not suffix:
            value = float(raw.replace(",", ""))  # English thousands separator: 3,937
        else:
            value = float(raw.replace(",", "."))
        if suffix:
            value *= 1000
        if re.search(r"\b(v|vuodessa|year|yearly|annual|per år|om året|i året|brutto/v)\b", fold(cleaned)) and value > 12000:
            value = value / 12
        if best is None or value > best:
            best = value
    return round(best, 2) if best is not None else None


_NUMBER_WORDS = {
    "yksi": 1, "kaksi": 2, "kolme": 3, "nelja": 4, "viisi": 5, "kuusi": 6, "seitseman": 7, "kahdeksan": 8,
    "yhdeksan": 9, "kymmenen": 10, "en": 1, "ett": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "puoli": 0.5, "half": 0.5, "halvt": 0.5,
}
_YEAR = r"(v|vuo\w*|year\w*|yr\w*|ar|aret|aren)"
_MONTH = r"(kk|kuu\w*|month\w*|man\w*)"
_WEEK = r"(vk|viik\w*|week\w*|veck\w*)"
_DAY = r"(pv|paiv\w*|day\w*|dag\w*)"
_OPEN = r"(toistaiseksi|vakituinen|pysyva|open-ended|permanent|indefinite|tills ?vidare|fast anstalld)"


def parse_months(text: str) -> float | None:
    """A duration in months: "2 vuotta", "6 kk", "18 months", "toistaiseksi" (open-ended: 120)."""
    folded = fold(text)
    if re.search(_OPEN, folded):
        return 120.0
    for match in re.finditer(r"(\d+(?:[.,]\d+)?|[a-z]+)\s*-?\s*([a-z]+)", folded):
        amount_text, unit = match.groups()
        amount = _NUMBER_WORDS.get(amount_text)
        if amount is None:
            try:
                amount = float(amount_text.replace(",", "."))
            except ValueError:
                continue
        for pattern, factor in ((_YEAR, 12), (_MONTH, 1), (_WEEK, 12 / 52), (_DAY, 12 / 365)):
            if re.fullmatch(pattern, unit):
                return round(amount * factor, 2)
    return None


def parse_years(text: str) -> float | None:
    """Years of experience: "5 vuotta", "seven years", "3 år"; a bare number counts as years."""
    months = parse_months(text)
    if months is not None and months != 120.0:
        return round(months / 12, 2)
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*", text)
    return float(match.group(1).replace(",", ".")) if match else None
