"""Replies built in code (not from a single knowledge entry): suggestions and honest "I don't know"."""

from __future__ import annotations

from bot.knowledge.render import UI_TEXT, answer_message, render_answer, substitute
from bot.knowledge.search import search_topics
from bot.knowledge.store import KnowledgeStore
from bot.lang import fold

__all__ = ["TEXTS", "cannot_answer", "clarify", "followup", "human_help", "offer_permit_finder", "suggestions",
           "vague_subject"]

TEXTS: dict[str, dict] = {
    "offer_permit_finder": {
        "fi": (
            "Kiitos. Haluatko selvittää, mitä lupaa uusi työntekijä todennäköisesti tarvitsee? Kysyn muutaman "
            "lyhyen kysymyksen. Voit myös kysyä suoraan, mitä haluat tietää."
        ),
        "sv": (
            "Tack. Vill du ta reda på vilket tillstånd den nya arbetstagaren troligen behöver? Jag ställer några "
            "korta frågor. Du kan också fråga direkt om det du vill veta."
        ),
        "en": (
            "Thanks. Would you like to work out which permit your new hire probably needs? I'll ask a few short "
            "questions. You can also just ask what you want to know."
        ),
    },
    "suggest": {
        "fi": "En ole varma, mitä tarkoitat. Koskeeko kysymyksesi jotakin näistä?",
        "sv": "Jag är inte säker på vad du menar. Menade du något av de här?",
        "en": "I'm not sure what you mean. Did you mean one of these?",
    },
    "unknown": {
        "fi": (
            "En valitettavasti osaa vastata tähän. Kansainvälisestä rekrytoinnista saat maksutonta neuvontaa Work in Finlandin "
            "työnantajaneuvonnasta ja oleskeluluvista tietoa Maahanmuuttovirastolta (migri.fi)."
        ),
        "sv": (
            "Tyvärr kan jag inte svara på det. Avgiftsfri rådgivning om internationell rekrytering får du av Work in "
            "Finlands rådgivning för arbetsgivare, och information om uppehållstillstånd av Migrationsverket (migri.fi)."
        ),
        "en": (
            "Sorry, I don't know the answer to that. Work in Finland's advice service for employers gives free advice on "
            "international recruitment, and the Finnish Immigration Service (migri.fi) on permits."
        ),
    },
}


def cannot_answer(lang: str) -> dict:
    return {"kind": "fallback", "kb_id": None, "lang": lang, "text": TEXTS["unknown"][lang], "buttons": []}


def offer_permit_finder(lang: str) -> dict:
    """A bare answer ("Intia", "4800 e/kk") with no question open: offer the permit finder."""
    from bot.permits.dialogue import CHANGE

    return {"kind": "fallback", "kb_id": None, "lang": lang, "text": TEXTS["offer_permit_finder"][lang],
            "buttons": [{"title": CHANGE["start"][lang], "payload": "/find_permit"}]}


def suggestions(store: KnowledgeStore, text: str, lang: str) -> dict:
    """Up to three matching topics as buttons, or the honest "I don't know" reply."""
    kb = store.kb
    hits = search_topics(kb, text, lang, limit=3)
    if not hits:
        return cannot_answer(lang)
    buttons = [
        {"title": kb.topics[h.topic_id].content(lang).title, "payload": f"/ask_{h.topic_id}"}
        for h in hits
    ]
    return {"kind": "fallback", "kb_id": None, "lang": lang, "text": TEXTS["suggest"][lang], "buttons": buttons}


# -- follow-ups, clarification, human help ---------------------------------------------------

# A question classified as one of these general topics, asked right after a permit answer, is
# about that permit when the permit's entry has a follow-up text for the aspect.
FOLLOWUP_TOPICS: dict[str, str] = {
    "processing_times": "time",
    "permit_fees": "cost",
    "family_members": "family",
    "permit_application_process": "apply",
}
MAX_FOLLOWUP_WORDS = 9

# One- or two-word messages that name a subject too broad to answer ("lupa?", "permit").
VAGUE_WORDS: dict[str, str] = dict.fromkeys(
    ["lupa", "luvat", "lupa-asia", "lupa-asiat", "oleskelulupa", "permit", "permits", "tillstand",
     "tillstanden", "tillstandet"], "permit"
)

CLARIFY: dict[str, list[str]] = {
    "permit": ["who_needs_a_permit", "permit_employed_person", "specialist_permit", "eu_blue_card"],
}

TEXTS.update(
    {
        "clarify_permit": {
            "fi": "Mitä lupaa tarkoitat? Valitse sopivin vaihtoehto tai kerro tarkemmin.",
            "sv": "Vilket tillstånd menar du? Välj det som passar bäst eller berätta mer.",
            "en": "Which permit do you mean? Pick the closest one or tell me more.",
        },
        "human_intro": {
            "fi": "En ole ihminen vaan botti. Henkilökohtaista apua saat täältä:",
            "sv": "Jag är en chattbot, inte en människa. Personlig hjälp får du här:",
            "en": "I'm not a person, but here you can get personal help:",
        },
        "human_after_failures": {
            "fi": "Näyttää siltä, etten osaa auttaa tässä asiassa. Henkilökohtaista apua saat täältä:",
            "sv": "Det verkar som att jag inte kan hjälpa till med det här. Här får du personlig hjälp:",
            "en": "It looks like I can't help with this one. Here you can get personal help:",
        },
        "phone": {"fi": "Puhelin", "sv": "Telefon", "en": "Phone"},
        "email": {"fi": "Sähköposti", "sv": "E-post", "en": "Email"},
        "decisions": {
            "fi": "Neuvojat antavat yleistä ohjausta. Päätökset tekee aina viranomainen.",
            "sv": "Rådgivarna ger allmän vägledning. Besluten fattas alltid av myndigheterna.",
            "en": "Advisers give general guidance; decisions are always made by the authority.",
        },
        "aspect": {
            "time": {"fi": "käsittelyaika", "sv": "behandlingstid", "en": "processing time"},
            "cost": {"fi": "käsittelymaksu", "sv": "behandlingsavgift", "en": "fee"},
            "family": {"fi": "perheenjäsenet", "sv": "familjemedlemmar", "en": "family members"},
            "apply": {"fi": "hakeminen", "sv": "ansökan", "en": "how to apply"},
        },
    }
)


def followup(store: KnowledgeStore, *, previous: str | None, classified: str, text: str, lang: str) -> dict | None:
    """The previous permit topic's own answer to a short follow-up, or None."""
    aspect = FOLLOWUP_TOPICS.get(classified)
    if not aspect or not previous or previous == classified or len(text.split()) > MAX_FOLLOWUP_WORDS:
        return None
    kb = store.kb
    topic = kb.topics.get(previous)
    if topic is None or aspect not in topic.content(lang).followups:
        return None
    answer = render_answer(topic, lang, kb.facts, kb.topics)
    body = substitute(topic.content(lang).followups[aspect].strip(), kb.facts, lang)
    message = answer_message(answer)
    label = TEXTS["aspect"][aspect][lang]  # type: ignore[index]
    general = kb.topics[classified].content(lang).title
    message["title"] = f"{answer.title}: {label}"
    message["text"] = f"**{answer.title}: {label}**\n\n{body}\n\n_{UI_TEXT['guidance'][lang]}_"
    message["buttons"] = [{"title": general, "payload": f"/ask_{classified}"}] + message["buttons"][:3]
    return message


def clarify(store: KnowledgeStore, subject: str, lang: str) -> dict:
    titles = store.titles(lang)
    buttons = [{"title": titles[t], "payload": f"/ask_{t}"} for t in CLARIFY[subject] if t in titles]
    return {"kind": "clarify", "kb_id": None, "lang": lang, "text": TEXTS[f"clarify_{subject}"][lang], "buttons": buttons}


def human_help(store: KnowledgeStore, *, group: str | None, lang: str, after_failures: bool = False) -> dict:
    """The right contact for the group of the topic at hand, with opening hours where known."""
    contacts = store.kb.contacts
    intro = TEXTS["human_after_failures" if after_failures else "human_intro"][lang]
    if contacts is None:
        return {"kind": "handoff", "kb_id": None, "lang": lang, "text": TEXTS["unknown"][lang], "buttons": []}
    contact = contacts.contacts[contacts.routes.get(group or "", contacts.routes["default"])]
    lines = [intro, "", f"**{contact.name.get(lang)}**: {contact.helps_with.get(lang)}."]
    if contact.phone:
        lines.append(f"- {TEXTS['phone'][lang]}: {contact.phone}")
    if contact.email:
        lines.append(f"- {TEXTS['email'][lang]}: {contact.email}")
    if contact.hours:
        lines.append(f"- {contact.hours.get(lang)}")
    lines.append(f"- [{contact.url}]({contact.url})")
    lines += ["", f"_{TEXTS['decisions'][lang]}_"]
    buttons = []
    if "contacts_and_human_help" in store.kb.topics:
        buttons.append({"title": store.kb.topics["contacts_and_human_help"].content(lang).title,
                        "payload": "/ask_contacts_and_human_help"})
    return {"kind": "handoff", "kb_id": None, "lang": lang, "text": "\n".join(lines), "buttons": buttons}


def vague_subject(text: str) -> str | None:
    """The subject of a vague message ("lupa?" -> "permit"), or None."""
    words = [w.strip("?!.,:;") for w in fold(text).split()]
    words = [w for w in words if w]
    if 1 <= len(words) <= 2 and all(w in VAGUE_WORDS or w in {"entä", "enta", "what", "about", "om", "och"} for w in words):
        return next((VAGUE_WORDS[w] for w in words if w in VAGUE_WORDS), None)
    return None
