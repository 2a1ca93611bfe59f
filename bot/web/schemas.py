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

    class Config:
        extra = Extra.ignore
        schema_extra = {"example": {"session_id": "demo-1", "text": "Mikä on erityisasiantuntijan palkkaraja?", "language": "fi"}}

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


class ErrorOut(BaseModel):
    detail: str
