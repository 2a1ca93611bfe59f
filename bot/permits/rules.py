"""Decision rules of the permit finder, driven by the figures in knowledge/facts/.

Plain Python: no Rasa here. Each reason explains itself in fi/sv/en with the figure and the year
it applies to, so the result reads as guidance, never as a decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.knowledge.models import Fact
from bot.knowledge.render import format_fact
from bot.permits.parsing import Citizenship

Work = Literal["regular", "research", "ict", "seasonal", "startup"]

# Facts the rules need; the content tests check that knowledge/facts/ defines them.
REQUIRED_FACTS = (
    "specialist_salary_min", "blue_card_salary_min", "employed_person_salary_min",
    "blue_card_min_contract_months", "blue_card_experience_years", "seasonal_max_months",
    "no_permit_work_max_days",
)


@dataclass
class Answers:
    citizenship: Citizenship | None = None
    work: Work | None = None
    salary: float | None = None  # gross euros per month
    degree: bool | None = None  # a higher-education degree
    experience_years: float | None = None
    contract_months: float | None = None


@dataclass
class Recommendation:
    permits: list[str]  # topic ids, most likely first; empty = no permit needed
    reasons: list[tuple[str, dict[str, str]]]  # (template key, figure names)
    fast_track: bool = False
    next_steps: list[str] = field(default_factory=list)  # topic ids offered as buttons

    def explain(self, facts: Mapping[str, Fact], lang: str) -> list[str]:
        return [_render(key, args, facts, lang) for key, args in self.reasons]


def _render(key: str, args: dict[str, str], facts: Mapping[str, Fact], lang: str) -> str:
    values = {}
    for name, fact_id in args.items():
        fact = facts[fact_id]
        values[name] = format_fact(fact, lang)
        values[f"{name}_year"] = str(fact.applies_year)
    return REASONS[key][lang].format(**values)


def _needs(answers: Answers) -> list[str]:
    """The questions still to ask, in order, given what is known (skips the irrelevant ones)."""
    if answers.citizenship is None:
        return ["citizenship"]
    if answers.citizenship != "other":
        return []
    if answers.work is None:
        return ["work_kind"]
    if answers.work in ("research", "ict", "startup"):
        return []
    if answers.work == "seasonal":
        return [] if answers.contract_months is not None else ["contract_months"]
    missing = []
    if answers.salary is None:
        missing.append("salary")
    if answers.degree is None:
        missing.append("degree")
    elif answers.degree is False and answers.experience_years is None:
        missing.append("experience_years")
    if answers.contract_months is None:
        missing.append("contract_months")
    return missing


def next_question(answers: Answers) -> str | None:
    missing = _needs(answers)
    return missing[0] if missing else None


def recommend(answers: Answers, facts: Mapping[str, Fact]) -> Recommendation:
    """The likely permit(s) for complete ``answers`` (see :func:`next_question`)."""
    if answers.citizenship == "nordic":
        return Recommendation([], [("nordic", {})], next_steps=["registration_and_identity_code", "employment_contract"])
    if answers.citizenship in ("eu_eea", "swiss"):
        return Recommendation([], [("eu", {})], next_steps=["eu_citizen_registration", "employment_contract"])
    if answers.work == "research":
        return Recommendation(["researcher_permit"], [("research", {})], next_steps=["researcher_permit", "permit_application_process", "family_members"])
    if answers.work == "ict":
        return Recommendation(["intra_corporate_transfer"], [("ict", {})], fast_track=True,
                              next_steps=["intra_corporate_transfer", "fast_track", "permit_fees"])
    if answers.work == "startup":
        return Recommendation(["startup_entrepreneur"], [("startup", {})], fast_track=True,
                              next_steps=["startup_entrepreneur", "fast_track", "d_visa"])
    if answers.work == "seasonal":
        return _seasonal(answers, facts)
    return _employment(answers, facts)


def _value(facts: Mapping[str, Fact], fact_id: str) -> float:
    return float(facts[fact_id].value)  # type: ignore[arg-type]


def _seasonal(answers: Answers, facts: Mapping[str, Fact]) -> Recommendation:
    months = answers.contract_months or 0
    if months > _value(facts, "seasonal_max_months"):
        reasons = [("seasonal_too_long", {"max": "seasonal_max_months"})]
        return Recommendation(["permit_employed_person"], reasons, next_steps=["permit_employed_person", "labour_market_testing", "seasonal_work"])
    short = months * 30 <= _value(facts, "no_permit_work_max_days")
    key = "seasonal_short" if short else "seasonal_long"
    return Recommendation(["seasonal_work"], [(key, {"days": "no_permit_work_max_days", "max": "seasonal_max_months"})],
                          next_steps=["seasonal_work", "employer_obligations", "housing"])


def _employment(answers: Answers, facts: Mapping[str, Fact]) -> Recommendation:
    salary = answers.salary or 0.0
    experience = answers.experience_years or 0.0
    contract = answers.contract_months if answers.contract_months is not None else 0.0
    qualified_blue = bool(answers.degree) or experience >= _value(facts, "blue_card_experience_years")
    expertise = bool(answers.degree) or experience > 0
    blue = salary >= _value(facts, "blue_card_salary_min") and qualified_blue and contract >= _value(facts, "blue_card_min_contract_months")
    specialist = salary >= _value(facts, "specialist_salary_min") and expertise
    reasons: list[tuple[str, dict[str, str]]] = []
    if blue:
        reasons.append(("blue_card", {"salary": "blue_card_salary_min", "months": "blue_card_min_contract_months",
                                      "years": "blue_card_experience_years"}))
    if specialist:
        reasons.append(("specialist", {"salary": "specialist_salary_min"}))
    if blue or specialist:
        if not blue and salary >= _value(facts, "blue_card_salary_min"):
            reasons.append(("blue_card_not", {"months": "blue_card_min_contract_months", "years": "blue_card_experience_years"}))
        reasons.append(("fast_track", {}))
        permits = (["eu_blue_card"] if blue else []) + (["specialist_permit"] if specialist else [])
        return Recommendation(permits, reasons, fast_track=True, next_steps=[*permits, "fast_track", "family_members"][:4])
    if salary >= _value(facts, "employed_person_salary_min"):
        reasons.append(("employed", {"salary": "employed_person_salary_min", "specialist": "specialist_salary_min"}))
    else:
        reasons.append(("employed_low_pay", {"salary": "employed_person_salary_min"}))
    return Recommendation(["permit_employed_person"], reasons,
                          next_steps=["permit_employed_person", "labour_market_testing", "salary_and_working_conditions"])


REASONS: dict[str, dict[str, str]] = {
    "nordic": {
        "fi": "Pohjoismaan kansalainen ei tarvitse oleskelulupaa. Hän rekisteröityy Digi- ja väestötietovirastoon (DVV).",
        "sv": "En nordisk medborgare behöver inget uppehållstillstånd. Hen registrerar sig hos Myndigheten för digitalisering och befolkningsdata.",
        "en": "A Nordic citizen needs no residence permit. They register with the Digital and Population Data Services Agency (DVV).",
    },
    "eu": {
        "fi": "EU- tai ETA-maan tai Sveitsin kansalainen ei tarvitse oleskelulupaa. Jos oleskelu jatkuu yli kolme kuukautta, oleskeluoikeus rekisteröidään Maahanmuuttovirastossa.",
        "sv": "En medborgare i ett EU- eller EES-land eller Schweiz behöver inget uppehållstillstånd. Om vistelsen varar över tre månader registreras uppehållsrätten hos Migrationsverket.",
        "en": "A citizen of an EU or EEA country or Switzerland needs no residence permit. For a stay of over three months, the right of residence is registered with the Finnish Immigration Service.",
    },
    "research": {
        "fi": "Tutkimustyöhön haetaan tavallisesti tutkijan oleskelulupaa; tutkimusorganisaatio tekee vastaanottosopimuksen.",
        "sv": "För forskning söker man i regel uppehållstillstånd för forskare; forskningsorganisationen ingår ett mottagningsavtal.",
        "en": "Research work usually calls for a researcher's residence permit; the research organisation signs a hosting agreement.",
    },
    "ict": {
        "fi": "Konsernin sisällä Suomeen siirtyvä johtaja, asiantuntija tai harjoittelija hakee yleensä ICT-oleskelulupaa (yrityksen sisäinen siirto).",
        "sv": "En chef, specialist eller praktikant som flyttas till Finland inom koncernen söker i regel ICT-uppehållstillstånd (företagsintern förflyttning).",
        "en": "A manager, specialist or trainee moving to Finland within the company group usually applies for an ICT permit (intra-corporate transfer).",
    },
    "startup": {
        "fi": "Kasvuyrittäjä tarvitsee ensin Business Finlandin myönteisen lausunnon ja hakee sitten kasvuyrittäjän oleskelulupaa.",
        "sv": "En tillväxtföretagare behöver först ett positivt utlåtande av Business Finland och söker sedan uppehållstillstånd för tillväxtföretagare.",
        "en": "A start-up entrepreneur first needs a positive eligibility statement from Business Finland and then applies for a start-up entrepreneur's permit.",
    },
    "seasonal_short": {
        "fi": "Enintään {days} päivän kausityöhön haetaan kausityötodistusta tai kausityöviisumia kansalaisuuden mukaan.",
        "sv": "För säsongsarbete på högst {days} dagar söker man intyg för säsongsarbete eller visum för säsongsarbete beroende på medborgarskap.",
        "en": "For seasonal work of up to {days} days, the worker applies for a seasonal work certificate or a seasonal work visa, depending on nationality.",
    },
    "seasonal_long": {
        "fi": "Yli {days} päivän ja enintään {max} kuukauden kausityöhön haetaan kausityön oleskelulupaa.",
        "sv": "För säsongsarbete över {days} dagar och högst {max} månader söker man uppehållstillstånd för säsongsarbete.",
        "en": "For seasonal work of over {days} days and up to {max} months, the worker applies for a seasonal work residence permit.",
    },
    "seasonal_too_long": {
        "fi": "Kausityö voi kestää enintään {max} kuukautta; pidempään työhön haetaan työntekijän oleskelulupaa.",
        "sv": "Säsongsarbete kan pågå högst {max} månader; för längre arbete söker man uppehållstillstånd för arbetstagare.",
        "en": "Seasonal work can last at most {max} months; longer work needs a residence permit for an employed person.",
    },
    "blue_card": {
        "fi": "EU:n sininen kortti on mahdollinen: palkka on vähintään {salary} kuukaudessa (raja vuonna {salary_year}), työsopimus vähintään {months} kuukautta ja henkilöllä on korkeakoulututkinto tai vähintään {years} vuoden kokemus.",
        "sv": "EU-blåkort är möjligt: lönen är minst {salary} i månaden (gränsen år {salary_year}), arbetsavtalet gäller minst {months} månader och personen har högskoleexamen eller minst {years} års erfarenhet.",
        "en": "An EU Blue Card is possible: the salary is at least {salary} a month (the {salary_year} threshold), the contract lasts at least {months} months and the person has a higher-education degree or at least {years} years of experience.",
    },
    "blue_card_not": {
        "fi": "Sinistä korttia varten työsopimuksen pitäisi kestää vähintään {months} kuukautta ja henkilöllä pitäisi olla korkeakoulututkinto tai vähintään {years} vuoden kokemus.",
        "sv": "För EU-blåkort borde arbetsavtalet gälla minst {months} månader och personen ha högskoleexamen eller minst {years} års erfarenhet.",
        "en": "For an EU Blue Card the contract would need to last at least {months} months and the person would need a degree or at least {years} years of experience.",
    },
    "specialist": {
        "fi": "Erityisasiantuntijan oleskelulupa sopii, kun työ vaatii erityisosaamista (yleensä korkeakoulututkinto) ja palkka on vähintään {salary} kuukaudessa (raja vuonna {salary_year}). Saatavuusharkintaa ei tehdä.",
        "sv": "Uppehållstillstånd för specialsakkunnig passar när arbetet kräver särskild sakkunskap (oftast högskoleexamen) och lönen är minst {salary} i månaden (gränsen år {salary_year}). Ingen prövning av tillgången på arbetskraft görs.",
        "en": "A specialist's residence permit fits when the job needs special expertise (usually a higher-education degree) and the salary is at least {salary} a month (the {salary_year} threshold). There is no labour market test.",
    },
    "fast_track": {
        "fi": "Pikakaista on käytettävissä, kun hakemus tehdään verkossa ulkomailta ja työnantaja täydentää omat tietonsa nopeasti.",
        "sv": "Expressfilen kan användas när ansökan görs på nätet från utlandet och arbetsgivaren snabbt fyller i sina uppgifter.",
        "en": "The fast track is available when the application is made online from abroad and the employer adds its details quickly.",
    },
    "employed": {
        "fi": "Todennäköisin on työntekijän oleskelulupa. Palkan on oltava vähintään työehtosopimuksen mukainen ja vähintään {salary} kuukaudessa, ja Maahanmuuttovirasto tekee yleensä saatavuusharkinnan. Erityisasiantuntijan raja on {specialist} kuukaudessa (vuonna {specialist_year}).",
        "sv": "Mest sannolikt är det uppehållstillstånd för arbetstagare. Lönen ska följa kollektivavtalet och vara minst {salary} i månaden, och Migrationsverket prövar i regel tillgången på arbetskraft. Gränsen för specialsakkunniga är {specialist} i månaden (år {specialist_year}).",
        "en": "Most likely a residence permit for an employed person. Pay must meet the collective agreement and be at least {salary} a month, and the Finnish Immigration Service usually runs a labour market test. The specialist threshold is {specialist} a month (in {specialist_year}).",
    },
    "employed_low_pay": {
        "fi": "Palkka näyttää jäävän alle työntekijän oleskeluluvan vähimmäistason ({salary} kuukaudessa), joten lupaa ei todennäköisesti myönnetä tällä palkalla. Tarkista palkka ja työehtosopimus.",
        "sv": "Lönen verkar understiga miniminivån för uppehållstillstånd för arbetstagare ({salary} i månaden), så tillstånd beviljas sannolikt inte med den lönen. Kontrollera lönen och kollektivavtalet.",
        "en": "The pay seems to be below the minimum for an employed person's permit ({salary} a month), so a permit is unlikely at this pay. Check the pay and the collective agreement.",
    },
}
