"""The permit finder as a conversation: slot values <-> answers, questions, the final message."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from bot.knowledge.render import UI_TEXT
from bot.knowledge.store import KnowledgeStore
from bot.lang import fold
from bot.permits.parsing import citizenship_of, parse_money, parse_months, parse_years
from bot.permits.rules import Answers, recommend

FORM_SLOTS = ("citizenship", "work_kind", "salary", "degree", "experience_years", "contract_months")
CITIZENSHIPS = ("eu_eea", "nordic", "swiss", "other")
WORK_KINDS = ("regular", "research", "ict", "seasonal", "startup")
_WORK_WORDS = {
    "research": r"tutki|vaitos|forsk|doktorand|research|phd|postdoc",
    "ict": r"konserni|sisainen siirto|siirto|koncern|forflyttning|intra|transfer|ict",
    "seasonal": r"kausi|marja|sesong|sasong|season|berry|harvest|skord",
    "startup": r"kasvuyrit|start-?up|tillvaxtforetag|oma yritys|own company",
}
_YES = r"\b(kylla|joo|juu|on|yes|yep|ja|jo|true|totta|has|have)\b"
_NO = r"\b(ei|ole|no|nope|nej|inte|false|not)\b"


def answers_from_slots(slots: Mapping[str, Any]) -> Answers:
    return Answers(
        citizenship=slots.get("citizenship") if slots.get("citizenship") in CITIZENSHIPS else None,
        work=slots.get("work_kind") if slots.get("work_kind") in WORK_KINDS else None,
        salary=_number(slots.get("salary")),
        degree=slots.get("degree") if isinstance(slots.get("degree"), bool) else None,
        experience_years=_number(slots.get("experience_years")),
        contract_months=_number(slots.get("contract_months")),
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def parse_answer(slot: str, raw: Any) -> Any:
    """The slot value for a button payload or typed text; None when it cannot be understood."""
    if raw is None:
        return None
    if slot == "degree" and isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    text = str(raw).strip()
    if text.startswith("/") and "{" in text:  # a button payload such as /inform{"citizenship": "other"}
        try:
            value = json.loads(text[text.index("{"):]).get(slot)
        except (ValueError, AttributeError):
            value = None
        return None if value is None else parse_answer(slot, value)
    folded = fold(text)
    if slot == "citizenship":
        return text if text in CITIZENSHIPS else citizenship_of(text)
    if slot == "work_kind":
        if text in WORK_KINDS:
            return text
        for kind, pattern in _WORK_WORDS.items():
            if re.search(pattern, folded):
                return kind
        return "regular" if re.search(r"[^\W\d_]{3,}", folded) else None
    if slot == "salary":
        value = parse_money(text)
        return value if value is not None and 100 <= value <= 200_000 else None
    if slot == "degree":
        if folded in ("true", "false"):
            return folded == "true"
        if re.search(_NO, folded):
            return False
        if re.search(_YES, folded) or re.search(r"tutkinto|examen|degree|bachelor|master|kandi|maisteri|amk", folded):
            return True
        return None
    if slot == "experience_years":
        return parse_years(text)
    if slot == "contract_months":
        return parse_months(text)
    return None


# The form's questions (asked by action_ask_<slot>), with answer buttons.
QUESTIONS: dict[str, dict[str, dict]] = {'citizenship': {'fi': {'text': 'Minkä maan kansalainen uusi työntekijä on? Kirjoita maa tai valitse.',
                        'buttons': [{'title': 'EU/ETA-maa', 'payload': '/inform{"citizenship": "eu_eea"}'},
                                    {'title': 'Pohjoismaa', 'payload': '/inform{"citizenship": "nordic"}'},
                                    {'title': 'Sveitsi', 'payload': '/inform{"citizenship": "swiss"}'},
                                    {'title': 'Muu maa', 'payload': '/inform{"citizenship": "other"}'}]},
                 'sv': {'text': 'Vilket lands medborgare är den nya medarbetaren? Skriv landet eller välj.',
                        'buttons': [{'title': 'EU/EES-land', 'payload': '/inform{"citizenship": "eu_eea"}'},
                                    {'title': 'Nordiskt land', 'payload': '/inform{"citizenship": "nordic"}'},
                                    {'title': 'Schweiz', 'payload': '/inform{"citizenship": "swiss"}'},
                                    {'title': 'Annat land', 'payload': '/inform{"citizenship": "other"}'}]},
                 'en': {'text': 'Which country is the new employee a citizen of? Type the country or pick '
                                'one.',
                        'buttons': [{'title': 'EU/EEA country',
                                     'payload': '/inform{"citizenship": "eu_eea"}'},
                                    {'title': 'Nordic country',
                                     'payload': '/inform{"citizenship": "nordic"}'},
                                    {'title': 'Switzerland', 'payload': '/inform{"citizenship": "swiss"}'},
                                    {'title': 'Another country',
                                     'payload': '/inform{"citizenship": "other"}'}]}},
 'work_kind': {'fi': {'text': 'Millaista työtä hän tekee?',
                      'buttons': [{'title': 'Tavallinen työsuhde',
                                   'payload': '/inform{"work_kind": "regular"}'},
                                  {'title': 'Tutkimustyö', 'payload': '/inform{"work_kind": "research"}'},
                                  {'title': 'Kausityö', 'payload': '/inform{"work_kind": "seasonal"}'},
                                  {'title': 'Siirto konsernin sisällä',
                                   'payload': '/inform{"work_kind": "ict"}'},
                                  {'title': 'Oma kasvuyritys',
                                   'payload': '/inform{"work_kind": "startup"}'}]},
               'sv': {'text': 'Vilket slags arbete ska hen utföra?',
                      'buttons': [{'title': 'Vanlig anställning',
                                   'payload': '/inform{"work_kind": "regular"}'},
                                  {'title': 'Forskning', 'payload': '/inform{"work_kind": "research"}'},
                                  {'title': 'Säsongsarbete', 'payload': '/inform{"work_kind": "seasonal"}'},
                                  {'title': 'Förflyttning inom koncernen',
                                   'payload': '/inform{"work_kind": "ict"}'},
                                  {'title': 'Eget tillväxtföretag',
                                   'payload': '/inform{"work_kind": "startup"}'}]},
               'en': {'text': 'What kind of work will they do?',
                      'buttons': [{'title': 'A regular job', 'payload': '/inform{"work_kind": "regular"}'},
                                  {'title': 'Research', 'payload': '/inform{"work_kind": "research"}'},
                                  {'title': 'Seasonal work', 'payload': '/inform{"work_kind": "seasonal"}'},
                                  {'title': 'Transfer within the group',
                                   'payload': '/inform{"work_kind": "ict"}'},
                                  {'title': 'Own start-up', 'payload': '/inform{"work_kind": "startup"}'}]}},
 'salary': {'fi': {'text': 'Mikä on bruttopalkka kuukaudessa? Esimerkiksi 3 500 € tai 4,2k.', 'buttons': []},
            'sv': {'text': 'Hur stor är bruttolönen i månaden? Till exempel 3 500 € eller 4,2k.',
                   'buttons': []},
            'en': {'text': 'What is the gross monthly salary? For example €3,500 or 4.2k.', 'buttons': []}},
 'degree': {'fi': {'text': 'Onko hänellä korkeakoulututkinto?',
                   'buttons': [{'title': 'Kyllä', 'payload': '/inform{"degree": true}'},
                               {'title': 'Ei', 'payload': '/inform{"degree": false}'}]},
            'sv': {'text': 'Har hen en högskoleexamen?',
                   'buttons': [{'title': 'Ja', 'payload': '/inform{"degree": true}'},
                               {'title': 'Nej', 'payload': '/inform{"degree": false}'}]},
            'en': {'text': 'Do they have a higher-education degree?',
                   'buttons': [{'title': 'Yes', 'payload': '/inform{"degree": true}'},
                               {'title': 'No', 'payload': '/inform{"degree": false}'}]}},
 'experience_years': {'fi': {'text': 'Montako vuotta työkokemusta hänellä on alalta?', 'buttons': []},
                      'sv': {'text': 'Hur många års arbetserfarenhet har hen inom branschen?', 'buttons': []},
                      'en': {'text': 'How many years of experience do they have in the field?',
                             'buttons': []}},
 'contract_months': {'fi': {'text': 'Kuinka pitkä työsuhde on? Esimerkiksi 6 kk, 2 vuotta tai toistaiseksi.',
                            'buttons': []},
                     'sv': {'text': 'Hur lång är anställningen? Till exempel 6 månader, 2 år eller tills '
                                    'vidare.',
                            'buttons': []},
                     'en': {'text': 'How long is the contract? For example 6 months, 2 years or open-ended.',
                            'buttons': []}}}


RETRY = {
    "citizenship": {
        "fi": "En tunnistanut maata. Kirjoita maan nimi, esimerkiksi Intia tai Viro, tai valitse vaihtoehto.",
        "sv": "Jag kände inte igen landet. Skriv landets namn, till exempel Indien eller Estland, eller välj ett alternativ.",
        "en": "I didn't recognise the country. Type its name, for example India or Estonia, or pick an option.",
    },
    "work_kind": {
        "fi": "Valitse lähin työn tyyppi.",
        "sv": "Välj den typ av arbete som passar bäst.",
        "en": "Please pick the closest kind of work.",
    },
    "salary": {
        "fi": "Kirjoita bruttopalkka euroina kuukaudessa, esimerkiksi 3 500 tai 4,2k.",
        "sv": "Skriv bruttolönen i euro per månad, till exempel 3 500 eller 4,2k.",
        "en": "Please give the gross monthly salary in euros, for example 3,500 or 4.2k.",
    },
    "degree": {
        "fi": "Vastaa kyllä tai ei.",
        "sv": "Svara ja eller nej.",
        "en": "Please answer yes or no.",
    },
    "experience_years": {
        "fi": "Kirjoita kokemus vuosina, esimerkiksi 6 vuotta.",
        "sv": "Skriv erfarenheten i år, till exempel 6 år.",
        "en": "Please give the experience in years, for example 6 years.",
    },
    "contract_months": {
        "fi": "Kirjoita työsuhteen kesto, esimerkiksi 6 kk, 2 vuotta tai toistaiseksi.",
        "sv": "Skriv anställningens längd, till exempel 6 månader, 2 år eller tills vidare.",
        "en": "Please give the length of the contract, for example 6 months, 2 years or open-ended.",
    },
}

INTRO = {
    "none": {
        "fi": "Oleskelulupaa ei tarvita.",
        "sv": "Inget uppehållstillstånd behövs.",
        "en": "No residence permit is needed.",
    },
    "permits": {
        "fi": "Todennäköisin lupa: **{titles}**.",
        "sv": "Det mest sannolika tillståndet: **{titles}**.",
        "en": "The most likely permit: **{titles}**.",
    },
    "or": {"fi": " tai ", "sv": " eller ", "en": " or "},
    "check": {
        "fi": "Lopullisen päätöksen tekee Maahanmuuttovirasto. Voit kysyä lisää alla olevista aiheista.",
        "sv": "Det slutliga beslutet fattas av Migrationsverket. Du kan fråga mer om ämnena nedan.",
        "en": "The Finnish Immigration Service makes the final decision. You can ask more about the topics below.",
    },
}


def retry_message(slot: str, lang: str) -> dict:
    return {"kind": "form", "kb_id": None, "lang": lang, "text": RETRY[slot][lang], "buttons": []}


def recommendation_message(store: KnowledgeStore, answers: Answers, lang: str) -> dict:
    kb = store.kb
    rec = recommend(answers, kb.facts)
    titles = [kb.topics[p].content(lang).title for p in rec.permits if p in kb.topics]
    head = INTRO["permits"][lang].format(titles=INTRO["or"][lang].join(titles)) if titles else INTRO["none"][lang]
    reasons = "\n".join(f"- {line}" for line in rec.explain(kb.facts, lang))
    text = f"{head}\n\n{reasons}\n\n{INTRO['check'][lang]}\n\n_{UI_TEXT['guidance'][lang]}_"
    buttons = [{"title": kb.topics[t].content(lang).title, "payload": f"/ask_{t}"} for t in rec.next_steps if t in kb.topics]
    primary = rec.permits[0] if rec.permits else None
    sources = [{"title": s.title, "url": s.url} for s in kb.topics[primary].sources] if primary in kb.topics else []
    return {
        "kind": "form", "kb_id": primary, "lang": lang, "text": text, "buttons": buttons[:4],
        "sources": sources, "reviewed": kb.topics[primary].reviewed.isoformat() if primary in kb.topics else None,
    }


def question_message(slot: str, lang: str) -> dict:
    question = QUESTIONS[slot][lang]
    return {"kind": "form", "kb_id": None, "lang": lang, "text": question["text"], "buttons": question["buttons"]}
