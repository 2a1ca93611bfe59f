"""Entities the conversation needs, found with spaCy's rule-based EntityRuler.

Labels and their normalised values:
- ``COUNTRY``: a country named in Finnish, Swedish or English, inflected Finnish forms and
  nationality words included ("Nepal", "Virosta", "intialainen", "Estland") -> ISO 3166 code.
  Names come from Babel's CLDR locale data, not from a hand-typed list.
- ``MONEY``: an amount with a currency or thousands marker ("noin 4200 e/kk", "3,5k", "€3,937")
  -> euros a month (yearly amounts are divided by 12).
- ``DURATION``: a length of time ("6 kk", "2 vuotta", "18 months", "toistaiseksi") -> months.
- ``PERMIT``: a permit type ("sininen kortti", "blåkort", "specialist permit") -> its topic id.

The text is matched case- and diacritic-insensitively (``fold``); the spans point into the
original text. Blank fi/sv/en pipelines need no model download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bot.lang import LANGUAGES, fold
from bot.permits.parsing import country_names, parse_money, parse_months

# Finnish case endings (and the nationality suffix -lainen) after a country name; names ending
# in a consonant take an -i- first (Nepal -> Nepalista, nepalilainen). English and Swedish
# nationality words that simply extend the name (India -> Indian, Nepal -> Nepali/Nepalese).
_FI_CASES = (
    "n", "a", "ta", "lla", "lta", "lle", "ssa", "sta", "han", "hin", "hon", "iin", "ksi", "na", "tta",
    "lainen", "laisen", "laista", "laiset", "laisia", "laisten", "laisille", "laiselle", "laisella",
    "laisia", "laisena", "laisten", "laisiin",
)
_OTHER_SUFFIXES = ("s", "'s", "an", "n", "ian", "i", "ese", "isk", "iska", "ier", "ierna")
# Country names that are also everyday words: matched only when the original is capitalised.
_AMBIGUOUS = {"island", "peru", "turkey", "chad", "jordan", "georgia", "guinea", "chile", "man", "mali", "niger", "togo"}

_NUMBER = r"^\d+([.,]\d+)?$"
_NUMBER_WORD = [
    "yksi", "kaksi", "kolme", "nelja", "viisi", "kuusi", "seitseman", "kahdeksan", "yhdeksan", "kymmenen",
    "puoli", "en", "ett", "tva", "tre", "fyra", "fem", "sex", "sju", "atta", "nio", "tio", "halvt",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "half", "a",
]
_CURRENCY = ["€", "e", "eur", "euro", "euroa", "euron", "euros", "k", "tonnia", "tuhatta", "tusen", "t"]
_UNIT = r"^(v|vuo\w*|year\w*|yrs?|ar|aret|aren|kk|kuu\w*|month\w*|man|manad\w*|vk|viik\w*|week\w*|veck\w*|pv|paiv\w*|days?|dag\w*)$"
_OPEN_ENDED = [
    [{"LOWER": {"IN": ["toistaiseksi", "vakituinen", "vakituisesti", "pysyva", "pysyvasti", "tillsvidare", "permanent",
                       "indefinite", "indefinitely", "open-ended"]}}],
    [{"LOWER": "tills"}, {"LOWER": "vidare"}],
    [{"LOWER": "open"}, {"LOWER": "-", "OP": "?"}, {"LOWER": "ended"}],
]

# Permit types: each pattern is a sequence of word prefixes (folded), so inflected forms match.
PERMIT_TERMS: dict[str, list[list[str]]] = {
    "eu_blue_card": [["sinise", "kort"], ["sinine", "kort"], ["blue", "card"], ["blakort"], ["eu-blakort"],
                     ["blatt", "kort"]],
    "specialist_permit": [["erityisasiantuntija"], ["specialist", "permit"], ["specialistlup"],
                          ["specialsakkunnig"], ["erityisasiantuntijalup"]],
    "permit_employed_person": [["tyontekijan", "oleskelulup"], ["employed", "person"], ["arbetstagare"],
                               ["tyoperusteinen", "oleskelulup"], ["tyoperusteise", "oleskelulup"], ["tyolupa"],
                               ["tyoluva"], ["tyolupi"], ["work", "permit"], ["arbetstillstand"]],
    "seasonal_work": [["kausity"], ["kausiluv"], ["seasonal"], ["sasongsarbet"], ["sasongsarbetstillstand"]],
    "researcher_permit": [["tutkija"], ["researcher"], ["forskare"], ["forskartillstand"]],
    "startup_entrepreneur": [["startup"], ["start-up"], ["kasvuyrittaja"], ["tillvaxtforetagare"]],
    "intra_corporate_transfer": [["ict"], ["konsernin", "sisai"], ["intra-corporate"], ["intra", "corporate"],
                                 ["inom", "koncern"], ["koncernintern"]],
    "d_visa": [["d-viisum"], ["d", "viisum"], ["d-visa"], ["d", "visa"], ["d-visum"], ["d", "visum"]],
    "fast_track": [["pikakaist"], ["fast", "track"], ["fast-track"], ["expressfil"], ["snabbspar"]],
}


@dataclass(frozen=True)
class Entity:
    label: str
    text: str
    start: int
    end: int
    value: Any

    def as_rasa(self, name: str | None = None, value: Any = None) -> dict[str, Any]:
        return {"entity": name or self.label.lower(), "value": self.value if value is None else value,
                "start": self.start, "end": self.end, "confidence_entity": 1.0}


def _country_patterns(nlp: Language) -> list[dict]:
    patterns = []
    for name, code in country_names():
        words = [t.text for t in nlp.make_doc(name)]
        last = words[-1]
        forms = {last}
        if len(last) >= 4:
            stems = [last] + ([last + "i"] if last[-1] not in "aeiouyao" else [])
            forms |= {stem + suffix for stem in stems for suffix in _FI_CASES}
            forms |= {last + suffix for suffix in _OTHER_SUFFIXES}
            if last.endswith("i"):  # Ruotsi -> ruotsalainen, Suomi -> suomalainen
                forms |= {last[:-1] + "a" + suffix for suffix in _FI_CASES if suffix.startswith("lai")}
        pattern = [{"LOWER": w} for w in words[:-1]] + [{"LOWER": {"IN": sorted(forms)}}]
        patterns.append({"label": "COUNTRY", "pattern": pattern, "id": code})
    return patterns


def _money_patterns() -> list[dict]:
    attached = r"^[€]?\d[\d.,]*(k|e|€|eur|euroa?|euros?)(/\w+)?$"
    number = {"LOWER": {"REGEX": r"^\d[\d.,]*$"}}
    thousands = {"LOWER": {"REGEX": r"^\d{3}([.,]\d{1,2})?$"}, "OP": "?"}
    return [
        {"label": "MONEY", "pattern": [{"LOWER": {"REGEX": attached}}]},
        {"label": "MONEY", "pattern": [{"LOWER": {"IN": ["€", "eur"]}}, number, thousands]},
        {"label": "MONEY", "pattern": [number, thousands, {"LOWER": {"IN": _CURRENCY}}]},
    ]


def _duration_patterns() -> list[dict]:
    amount = {"LOWER": {"REGEX": _NUMBER}}
    unit = {"LOWER": {"REGEX": _UNIT}}
    return [
        {"label": "DURATION", "pattern": [amount, {"LOWER": "-", "OP": "?"}, unit]},
        {"label": "DURATION", "pattern": [{"LOWER": {"IN": _NUMBER_WORD}}, unit]},
        {"label": "DURATION", "pattern": [{"LOWER": {"REGEX": r"^\d+(kk|v|vk|pv)$"}}]},
    ] + [{"label": "DURATION", "pattern": p} for p in _OPEN_ENDED]


def _permit_patterns() -> list[dict]:
    patterns = []
    for topic_id, sequences in PERMIT_TERMS.items():
        for words in sequences:
            pattern = [{"LOWER": {"REGEX": rf"^{re.escape(w)}"}} if len(w) > 2 else {"LOWER": w} for w in words]
            patterns.append({"label": "PERMIT", "pattern": pattern, "id": topic_id})
    return patterns


@lru_cache(maxsize=len(LANGUAGES))
def pipeline(lang: str) -> Language:
    """A blank spaCy pipeline for ``lang`` with the entity ruler (built once per language)."""
    nlp = spacy.blank(lang if lang in LANGUAGES else "en")
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True, "validate": False})
    ruler.add_patterns(_country_patterns(nlp) + _money_patterns() + _duration_patterns() + _permit_patterns())
    return nlp


def _doc(text: str, lang: str) -> tuple[Doc, bool]:
    folded = fold(text)
    same_length = len(folded) == len(text)
    return pipeline(lang)(folded if same_length else text.lower()), same_length


def extract(text: str, lang: str = "en") -> list[Entity]:
    """All entities in ``text`` with normalised values; unparseable spans are left out."""
    if not text or not text.strip():
        return []
    doc, aligned = _doc(text[:2000], lang)
    found = []
    for span in doc.ents:
        original = text[span.start_char:span.end_char] if aligned else span.text
        value: Any = None
        if span.label_ == "COUNTRY":
            if span.text in _AMBIGUOUS and not original[:1].isupper():
                continue
            value = span.ent_id_
        elif span.label_ == "MONEY":
            value = parse_money(original)
        elif span.label_ == "DURATION":
            value = parse_months(original)
        elif span.label_ == "PERMIT":
            value = span.ent_id_
        if value is not None:
            found.append(Entity(span.label_, original, span.start_char, span.end_char, value))
    return found


def first(entities: list[Entity], label: str) -> Entity | None:
    return next((e for e in entities if e.label == label), None)
