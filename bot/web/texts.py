"""Short interface texts the web app itself answers with, per language."""

UNAVAILABLE = {
    "fi": "Avustaja ei ole juuri nyt käytettävissä. Yritä hetken kuluttua uudelleen.",
    "sv": "Assistenten kan inte nås just nu. Försök igen om en stund.",
    "en": "The assistant cannot be reached right now. Please try again in a moment.",
}
NO_REPLY = {
    "fi": "En pystynyt muodostamaan vastausta. Voisitko kysyä toisin sanoin?",
    "sv": "Jag kunde inte formulera ett svar. Kan du ställa frågan på ett annat sätt?",
    "en": "I couldn't put together an answer. Could you rephrase the question?",
}
FEEDBACK_FAILED = {
    "fi": "Palautetta ei voitu tallentaa juuri nyt. Kiitos silti!",
    "sv": "Responsen kunde inte sparas just nu. Tack ändå!",
    "en": "The feedback could not be saved right now. Thank you all the same!",
}
