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


def recommendation_message(store: KnowledgeStore, answers: Answers, lang: str,
                           slots: Mapping[str, Any] | None = None) -> dict:
    """The likely permit(s) with reasons; ``slots`` (the form's answers) are listed for checking."""
    kb = store.kb
    rec = recommend(answers, kb.facts)
    titles = [kb.topics[p].content(lang).title for p in rec.permits if p in kb.topics]
    head = INTRO["permits"][lang].format(titles=INTRO["or"][lang].join(titles)) if titles else INTRO["none"][lang]
    reasons = "\n".join(f"- {line}" for line in rec.explain(kb.facts, lang))
    summary = answers_summary(slots or {}, lang)
    parts = [head, reasons, summary, INTRO["check"][lang], f"_{UI_TEXT['guidance'][lang]}_"]
    text = "\n\n".join(part for part in parts if part)
    buttons = [{"title": kb.topics[t].content(lang).title, "payload": f"/ask_{t}"} for t in rec.next_steps if t in kb.topics]
    buttons = buttons[:4] + [{"title": CHANGE["change"][lang], "payload": "/change_answer"}]
    primary = rec.permits[0] if rec.permits else None
    sources = [{"title": s.title, "url": s.url} for s in kb.topics[primary].sources] if primary in kb.topics else []
    return {
        "kind": "form", "kb_id": primary, "lang": lang, "text": text, "buttons": buttons,
        "sources": sources, "reviewed": kb.topics[primary].reviewed.isoformat() if primary in kb.topics else None,
    }


def question_message(slot: str, lang: str) -> dict:
    question = QUESTIONS[slot][lang]
    return {"kind": "form", "kb_id": None, "lang": lang, "text": question["text"], "buttons": question["buttons"]}


# --- Entities (spaCy, bot/entities.py) as answers -------------------------------------------

_ENTITY_FOR_SLOT = {"citizenship": "citizenship", "salary": "money", "contract_months": "duration",
                    "experience_years": "duration"}


def value_from_entities(slot: str, entities: list[dict] | None) -> Any:
    """The slot's value from the message's extracted entities (None when there is none)."""
    wanted = _ENTITY_FOR_SLOT.get(slot)
    for entity in entities or []:
        if entity.get("entity") != wanted or entity.get("value") is None:
            continue
        value = entity["value"]
        if slot == "experience_years" and isinstance(value, int | float):
            return None if value >= 120 else round(value / 12, 2)
        return value
    return None


# --- Changing an answer -----------------------------------------------------------------------

# Checked in this order: "työsuhteen kesto" is about the contract, not the kind of work.
_SLOT_WORDS = (
    ("contract_months", r"sopimu|tyosuh|kesto|contract|length|duration|avtal|anstallning|langd"),
    ("experience_years", r"kokemu|experience|erfarenhet"),
    ("salary", r"palk|salary|pay|wage|lon\b|lonen|inkomst"),
    ("degree", r"tutkin|degree|examen|koulutu|utbildning|education"),
    ("citizenship", r"kansalai|maa\b|maan\b|maata|country|citizen|nationalit|land\b|landet|medborgar"),
    ("work_kind", r"tyo|work|job|arbete|jobb|ala\b|alan\b"),
)

CHANGE = {
    "which": {
        "fi": "Mitä vastausta haluat muuttaa?",
        "sv": "Vilket svar vill du ändra?",
        "en": "Which answer would you like to change?",
    },
    "nothing": {
        "fi": "Minulla ei ole vielä vastauksia muutettavaksi. Aloitetaanko luvan selvitys alusta?",
        "sv": "Jag har inga svar att ändra ännu. Ska vi börja om med tillståndsguiden?",
        "en": "I have no answers to change yet. Shall we start the permit finder?",
    },
    "start": {"fi": "Selvitä sopiva lupa", "sv": "Ta reda på rätt tillstånd", "en": "Find the right permit"},
    "change": {"fi": "Muuta vastausta", "sv": "Ändra ett svar", "en": "Change an answer"},
    "answers": {"fi": "Vastauksesi", "sv": "Dina svar", "en": "Your answers"},
}
SLOT_LABELS = {
    "citizenship": {"fi": "Kansalaisuus", "sv": "Medborgarskap", "en": "Citizenship"},
    "work_kind": {"fi": "Työ", "sv": "Arbete", "en": "Work"},
    "salary": {"fi": "Palkka", "sv": "Lön", "en": "Salary"},
    "degree": {"fi": "Korkeakoulututkinto", "sv": "Högskoleexamen", "en": "Degree"},
    "experience_years": {"fi": "Työkokemus", "sv": "Arbetserfarenhet", "en": "Experience"},
    "contract_months": {"fi": "Työsuhteen kesto", "sv": "Anställningens längd", "en": "Contract"},
}
_UNITS = {
    "years": {"fi": "v", "sv": "år", "en": "years"},
    "months": {"fi": "kk", "sv": "mån.", "en": "months"},
    "open": {"fi": "toistaiseksi", "sv": "tills vidare", "en": "open-ended"},
}


def slot_named(text: str) -> str | None:
    """Which permit-finder answer a message like "change the salary" / "muuta palkkaa" means."""
    folded = fold(text or "")
    for slot, pattern in _SLOT_WORDS:
        if re.search(pattern, folded):
            return slot
    return None


def _button_title(slot: str, value: Any, lang: str) -> str:
    for question in QUESTIONS[slot][lang]["buttons"]:
        if json.loads(question["payload"][question["payload"].index("{"):]).get(slot) == value:
            return question["title"]
    return str(value)


def display_value(slot: str, value: Any, lang: str) -> str:
    """An answer as the user would write it: "Muu maa", "4 200 €", "2 v", "toistaiseksi"."""
    from babel.numbers import format_decimal

    if slot in ("citizenship", "work_kind", "degree"):
        return _button_title(slot, value, lang)
    number = float(value)
    if slot == "salary":
        amount = format_decimal(round(number), locale=lang)
        return f"€{amount}" if lang == "en" else f"{amount} €"
    if slot == "contract_months" and number >= 120:
        return _UNITS["open"][lang]
    if slot == "contract_months":
        return f"{format_decimal(number, locale=lang)} {_UNITS['months'][lang]}"
    return f"{format_decimal(number, locale=lang)} {_UNITS['years'][lang]}"


def given_answers(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The permit-finder answers that have a valid value, in the order they are asked."""
    answers = answers_from_slots(slots)
    values = {"citizenship": answers.citizenship, "work_kind": answers.work, "salary": answers.salary,
              "degree": answers.degree, "experience_years": answers.experience_years,
              "contract_months": answers.contract_months}
    return {slot: value for slot, value in values.items() if value is not None}


def answers_summary(slots: Mapping[str, Any], lang: str) -> str:
    lines = [f"- {SLOT_LABELS[s][lang]}: {display_value(s, v, lang)}" for s, v in given_answers(slots).items()]
    return f"**{CHANGE['answers'][lang]}**\n" + "\n".join(lines) if lines else ""


def change_choice_message(slots: Mapping[str, Any], lang: str) -> dict:
    """Ask which answer to change, one button per answer given."""
    answers = given_answers(slots)
    if not answers:
        return {"kind": "form", "kb_id": None, "lang": lang, "text": CHANGE["nothing"][lang],
                "buttons": [{"title": CHANGE["start"][lang], "payload": "/find_permit"}]}
    buttons = [{"title": f"{SLOT_LABELS[s][lang]}: {display_value(s, v, lang)}",
                "payload": f'/change_answer{{"form_slot": "{s}"}}'} for s, v in answers.items()]
    return {"kind": "form", "kb_id": None, "lang": lang, "text": CHANGE["which"][lang], "buttons": buttons}
