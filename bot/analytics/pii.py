"""Mask personal data before anything is stored: e-mail addresses, phone numbers, Finnish
personal identity codes (henkilötunnus), IBANs and names where a message introduces one."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# Finnish personal identity code: DDMMYY, century sign (+ - A-F U-Y), three digits, a check character.
_HETU = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
# International or Finnish phone numbers: +358 40 123 4567, 040-1234567, (09) 123 456.
_PHONE = re.compile(r"(?<![\w+(])(?:\+|00|\()?\d[\d\s()-]{6,}\d(?!\w)")
# The introduction in any case; the name is one word, or two when both are capitalised.
_NAME_INTRO = re.compile(
    r"\b((?i:nimeni on|olen nimeltäni|minun nimeni on|jag heter|mitt namn är|my name is|i am called|i'm called))\s+"
    r"([A-ZÅÄÖ][\w'-]+\s+[A-ZÅÄÖ][\w'-]+|[\w'-]+)",
)


def _phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    # Amounts and years are not phone numbers: "4 000 euros", "2024-2025".
    return "[phone]" if len(digits) >= 8 and not re.fullmatch(r"(19|20)\d{2}(19|20)\d{2}", digits) else match.group(0)


def mask(text: str | None) -> str | None:
    """``text`` with personal data replaced by [email], [id-code], [iban], [phone], [name]."""
    if not text:
        return text
    text = _EMAIL.sub("[email]", text)
    text = _HETU.sub("[id-code]", text)
    text = _IBAN.sub("[iban]", text)
    text = _PHONE.sub(_phone, text)
    text = _NAME_INTRO.sub(lambda m: f"{m.group(1)} [name]", text)
    return text
