"""Languages of the assistant: detection of fi/sv/en and text folding for matching.

Detection uses lingua (high-accuracy mode, restricted to the three languages), built once on
first use. Very short messages are unreliable to detect, so callers combine the result with the
conversation's current language (see :func:`decide_language`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Lang = Literal["fi", "sv", "en"]
LANGUAGES: tuple[Lang, ...] = ("fi", "sv", "en")
DEFAULT_LANGUAGE: Lang = "en"

# Confident detection needs this much probability for the best language.
MIN_CONFIDENCE = 0.75

# One-word messages that clearly belong to one language; detectors are unreliable on them.
_SHORT_WORDS: dict[str, Lang] = {
    **dict.fromkeys(
        "hei terve moikka moro heippa huomenta päivää paivaa kiitos kiitti kiitoksia "
        "näkemiin nakemiin hyvää hyvaa joo juu kyllä kylla ei apua lupa työlupa tyolupa "
        "suomi suomeksi".split(),
        "fi",
    ),
    **dict.fromkeys(
        "hej hejsan tjena tja morjens god tack tackar hejdå hejda adjö adjo ja nej "
        "hjälp hjalp tillstånd tillstand svenska".split(),
        "sv",
    ),
    **dict.fromkeys(
        "hi hello hey thanks thank thx bye goodbye yes no help permit english".split(), "en"
    ),
}

# Question and function words that belong to one of the three languages only (no "i", "on", "me", "se",
# "ja", "en", "vi", "det", and no "han", which is also Finnish "hän" typed without dots): a tie-breaker
# when the detector is unsure of a short sentence.
_FUNCTION_WORDS: dict[str, Lang] = {
    **dict.fromkeys("mikä mitä miten missä mistä milloin kuka miksi onko voiko pitääkö saako minä "
                    "meidän hänen ne ei ole olen".split(), "fi"),
    **dict.fromkeys("vem vad hur var varför när vilken vilket vilka jag är och inte kan får måste ska "
                    "vill har hon".split(), "sv"),
    **dict.fromkeys("what who how where why when which the is are and not can do does you my your "
                    "our their".split(), "en"),
}

# Explicit requests to switch ("in English please", "på svenska", "suomeksi kiitos").
_SWITCH_PATTERNS: list[tuple[re.Pattern[str], Lang]] = [
    (re.compile(r"\b(suomeksi|suomea|suomen kiel\w*|finnish|finska|på finska|pa finska)\b"), "fi"),
    (re.compile(r"\b(ruotsiksi|svenska|på svenska|pa svenska|swedish|ruotsia)\b"), "sv"),
    (re.compile(r"\b(englanniksi|englantia|english|engelska|på engelska|pa engelska)\b"), "en"),
]
_SWITCH_CUE = re.compile(
    r"\b(please|pls|in|speak|switch|change|answer|reply|puhu|vastaa|vaihda|kiitos|voisitko|"
    r"kan du|tala|svara|byt|gärna|garna|tack|på|pa)\b"
)


def fold(text: str) -> str:
    """Lowercase and strip diacritics (ä->a, ö->o, å->a, é->e) for matching, not for display."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_language(value: object) -> Lang | None:
    """Return ``value`` as one of fi/sv/en, or None when it is not a supported language."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower()[:2]
    return code if code in LANGUAGES else None  # type: ignore[return-value]


@dataclass(frozen=True)
class Detection:
    language: Lang | None
    confidence: float
    explicit: bool = False  # the user asked for this language


@lru_cache(maxsize=1)
def _detector():  # noqa: ANN202 - lingua types are not exported nicely
    from lingua import Language, LanguageDetectorBuilder

    return (
        LanguageDetectorBuilder.from_languages(Language.FINNISH, Language.SWEDISH, Language.ENGLISH)
        .with_preloaded_language_models()
        .build()
    )


_LINGUA_CODES: dict[str, Lang] = {"FINNISH": "fi", "SWEDISH": "sv", "ENGLISH": "en"}

# Names of projects and services that users write the same way in every language; left in, they
# pull detection towards the language they are made of ("What is Kokka kohti Suomea?" read as
# Finnish at 0.99), so they are taken out before detecting.
_NAMES = re.compile(
    r"\b(kokka kohti suomea|work in finland|enter finland|business finland|job market finland|"
    r"infofinland|talent boost|talent explorer|international house|finnish immigration service)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def explicit_request(text: str) -> Lang | None:
    """The language a short message explicitly asks for ("på svenska", "in English please")."""
    words = _WORD.findall(text.casefold())
    if not words or len(words) > 6:
        return None
    lowered = " ".join(words)
    for pattern, lang in _SWITCH_PATTERNS:
        if pattern.search(lowered) and (len(words) <= 2 or _SWITCH_CUE.search(lowered)):
            return lang
    return None


def detect(text: str) -> Detection:
    """Detect the language of one message; ``language`` is None when it cannot be told."""
    text = _NAMES.sub(" ", text)
    requested = explicit_request(text)
    if requested:
        return Detection(requested, 1.0, explicit=True)
    words = _WORD.findall(text.casefold())
    if not words:
        return Detection(None, 0.0)
    if len(words) == 1:
        lang = _SHORT_WORDS.get(words[0]) or _SHORT_WORDS.get(fold(words[0]))
        return Detection(lang, 1.0 if lang else 0.0)
    values = _detector().compute_language_confidence_values(text)
    best = values[0]
    lang = _LINGUA_CODES.get(best.language.name)
    if len(words) == 2 and best.value < 0.9:
        # Two words ("ok thanks", "moi moi") are still shaky: fall back to the word list.
        votes = [_SHORT_WORDS.get(fold(w)) for w in words]
        known = {v for v in votes if v}
        if len(known) == 1:
            return Detection(known.pop(), 0.9)
    if lang is None or best.value < MIN_CONFIDENCE:
        votes = Counter(_FUNCTION_WORDS[w] for w in words if w in _FUNCTION_WORDS)
        if len(votes) == 1 and (sum(votes.values()) >= 2 or len(words) >= 3):
            return Detection(next(iter(votes)), MIN_CONFIDENCE)
        return Detection(None, best.value)
    return Detection(lang, best.value)


def decide_language(
    text: str, *, current: str | None = None, hint: str | None = None
) -> tuple[Lang, Detection]:
    """The language to answer in: explicit request > confident detection > current > hint."""
    detection = detect(text)
    if detection.language:
        return detection.language, detection
    return (
        normalise_language(current) or normalise_language(hint) or DEFAULT_LANGUAGE,
        detection,
    )
