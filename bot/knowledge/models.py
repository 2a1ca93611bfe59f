"""Data model of the knowledge base: topics, facts and validation problems (pydantic v1)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Extra, Field, StrictFloat, StrictInt, validator

from bot.lang import LANGUAGES

__all__ = [
    "ASPECTS",
    "Aspect",
    "Audience",
    "Contact",
    "Contacts",
    "Localised",
    "Fact",
    "FactFormat",
    "LanguageContent",
    "Problem",
    "Source",
    "Topic",
    "ID_PATTERN",
    "LANGUAGES",
]

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
Audience = Literal["employer", "talent", "both"]
FactFormat = Literal["eur", "percent", "number", "date"]
# Follow-up aspects a permit topic can answer for itself ("how long does it take?" ...).
Aspect = Literal["time", "cost", "family", "apply"]
ASPECTS: tuple[str, ...] = ("time", "cost", "family", "apply")


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True
        allow_mutation = False


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise ValueError("must be an http:// or https:// address, e.g. https://migri.fi/...")
    return value


class Source(_Strict):
    title: str = Field(..., min_length=1)
    url: str

    _url = validator("url", allow_reuse=True)(_http_url)


class LanguageContent(_Strict):
    title: str = Field(..., min_length=1, max_length=80)
    answer: str = Field(..., min_length=1)
    questions: list[str] = Field(..., min_items=15)
    followups: dict[Aspect, str] = Field(default_factory=dict)

    @validator("questions", each_item=True)
    def _non_empty_question(cls, value: str) -> str:  # noqa: N805
        if not value.strip():
            raise ValueError("a question phrasing is empty: remove it or write one")
        return value


class Topic(_Strict):
    id: str
    group: str = ""
    audience: Audience
    reviewed: dt.date
    sources: list[Source] = Field(..., min_items=1)
    related: list[str] = Field(..., min_items=2, max_items=4)
    fi: LanguageContent
    sv: LanguageContent
    en: LanguageContent

    @validator("id")
    def _id_shape(cls, value: str) -> str:  # noqa: N805
        if not ID_PATTERN.match(value):
            raise ValueError("use lower_snake_case letters, digits and _ (e.g. eu_blue_card)")
        return value

    def content(self, lang: str) -> LanguageContent:
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}")
        return getattr(self, lang)


class Fact(_Strict):
    id: str
    format: FactFormat
    value: StrictInt | StrictFloat | dt.date
    unit: str = Field(..., min_length=1)
    year: int | None = None
    since: dt.date | None = None
    source: Source
    note: str | None = None

    @validator("since", always=True)
    def _year_or_since(cls, since: dt.date | None, values: dict) -> dt.date | None:  # noqa: N805
        if (values.get("year") is None) == (since is None):
            raise ValueError("give exactly one of `year:` (e.g. 2026) or `since:` (e.g. 2025-01-01)")
        return since

    @validator("value")
    def _value_matches_format(cls, value, values: dict):  # noqa: ANN001, ANN201, N805
        fmt = values.get("format")
        is_date = isinstance(value, dt.date)
        if fmt == "date" and not is_date:
            raise ValueError("a `format: date` fact needs an ISO date value, e.g. 2026-01-08")
        if fmt in ("eur", "percent", "number") and is_date:
            raise ValueError(f"a `format: {fmt}` fact needs a number value")
        return value

    @property
    def applies_year(self) -> int:
        return self.year if self.year is not None else self.since.year  # type: ignore[union-attr]


class Localised(_Strict):
    fi: str = Field(..., min_length=1)
    sv: str = Field(..., min_length=1)
    en: str = Field(..., min_length=1)

    def get(self, lang: str) -> str:
        return getattr(self, lang)


class Contact(_Strict):
    id: str
    name: Localised
    helps_with: Localised
    url: str
    phone: str | None = None
    email: str | None = None
    hours: Localised | None = None

    _url = validator("url", allow_reuse=True)(_http_url)


class Contacts(_Strict):
    contacts: dict[str, Contact]
    routes: dict[str, str]  # topic group (or "default") -> contact id


class Notice(_Strict):
    """A time-limited notice shown at the top of the widget (a service break, a rule change)."""

    id: str = Field(..., regex=r"^[a-z0-9_]{2,64}$")
    starts: dt.date
    ends: dt.date
    text: Localised
    url: str | None = None

    _url = validator("url", allow_reuse=True)(_http_url)

    @validator("ends")
    def _ends_after_start(cls, ends: dt.date, values: dict) -> dt.date:  # noqa: N805
        starts = values.get("starts")
        if starts and ends < starts:
            raise ValueError("must not be before `starts`")
        return ends

    @validator("text")
    def _short(cls, text: Localised) -> Localised:  # noqa: N805
        for lang in ("fi", "sv", "en"):
            if len(text.get(lang)) > 400:
                raise ValueError(f"{lang}: at most 400 characters; link to details with `url`")
        return text

    def active(self, today: dt.date) -> bool:
        return self.starts <= today <= self.ends


@dataclass(frozen=True)
class Problem:
    """One validation finding, printed as ``file:line: field: message``."""

    file: str
    line: int | None
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "" if self.is_error else "warning: "
        return f"{where}: {self.field}: {prefix}{self.message}"
