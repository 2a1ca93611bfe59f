"""Dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.analytics import Analytics
from bot.knowledge import KnowledgeStore
from bot.settings import Settings
from bot.web.rasa_client import RasaClient


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.rasa


SettingsDep = Annotated[Settings, Depends(get_settings)]
RasaDep = Annotated[RasaClient, Depends(get_rasa)]


def get_analytics(request: Request) -> Analytics:
    return request.app.state.analytics


AnalyticsDep = Annotated[Analytics, Depends(get_analytics)]


def get_store(request: Request) -> KnowledgeStore:
    return request.app.state.store


StoreDep = Annotated[KnowledgeStore, Depends(get_store)]
