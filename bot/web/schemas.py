"""Request and response schemas of the web app (the chat API contract)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Extra, Field, StrictStr, validator

Language = Literal["fi", "sv", "en"]
Kind = Literal["answer", "clarify", "fallback", "out_of_scope", "smalltalk", "form", "handoff", "error"]
MAX_TEXT = 2000


class ChatIn(BaseModel):
    session_id: StrictStr = Field(
        ..., regex=r"^[A-Za-z0-9_-]{1,64}$",
        description="1-64 characters of A-Z a-z 0-9 _ -; the client keeps it for the conversation.",
    )
    text: StrictStr = Field(..., max_length=MAX_TEXT, description="The user's message, 1-2000 characters.")
    language: Language | None = Field(None, description="The page's or widget's language (a hint).")
    topic: StrictStr | None = Field(
        None, regex=r"^[a-z0-9_]{1,64}$",
        description="The host page's topic (a knowledge topic id such as `eu_blue_card`): context for follow-ups.",
    )

    class Config:
        extra = Extra.ignore
        schema_extra = {"example": {"session_id": "demo-1", "text": "Mikä on erityisasiantuntijan palkkaraja?", "language": "fi", "topic": "specialist_permit"}}

    @validator("text")
    def _not_blank(cls, value: str) -> str:  # noqa: N805
        if not value.strip():
            raise ValueError("must not be empty or only whitespace")
        return value


class Button(BaseModel):
    title: str
    payload: str


class SourceOut(BaseModel):
    title: str
    url: str


class MessageOut(BaseModel):
    text: str
    kind: Kind
    kb_id: str | None = None
    lang: Language
    buttons: list[Button] = []
    sources: list[SourceOut] = []
    reviewed: str | None = Field(None, description="YYYY-MM-DD: when the knowledge entry was reviewed")


class ChatOut(BaseModel):
    session_id: str
    language: Language
    messages: list[MessageOut]

    class Config:
        schema_extra = {"example": {
            "session_id": "demo-1", "language": "fi",
            "messages": [{
                "kind": "answer", "kb_id": "specialist_permit", "lang": "fi",
                "text": "Erityisasiantuntijan oleskelulupa on tarkoitettu vaativaan asiantuntijatyöhön ...",
                "buttons": [{"title": "Pikakaista", "payload": "/ask_fast_track"}],
                "sources": [{"title": "Maahanmuuttovirasto: Erityisasiantuntija", "url": "https://migri.fi/erityisasiantuntija"}],
                "reviewed": "2026-11-28",
            }],
        }}


class ErrorOut(BaseModel):
    detail: str

    class Config:
        schema_extra = {"example": {"detail": "text: must not be empty or only whitespace"}}


class FeedbackIn(BaseModel):
    session_id: StrictStr = Field(..., regex=r"^[A-Za-z0-9_-]{1,64}$", description="The conversation's session id.")
    kb_id: StrictStr = Field(..., regex=r"^[a-z0-9_]{1,64}$", description="The knowledge topic the answer came from.")
    language: Language = Field(..., description="The language of the answer.")
    rating: Literal["up", "down"] = Field(..., description="Thumbs up or down.")
    comment: StrictStr | None = Field(None, max_length=1000, description="Optional; personal data is masked before storing.")

    class Config:
        extra = Extra.ignore
        schema_extra = {"example": {"session_id": "demo-1", "kb_id": "eu_blue_card", "language": "fi", "rating": "down",
                                    "comment": "Palkkaraja puuttui"}}


class FeedbackOut(BaseModel):
    id: int
    status: Literal["stored"] = "stored"

    class Config:
        schema_extra = {"example": {"id": 17, "status": "stored"}}
