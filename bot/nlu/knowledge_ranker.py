"""KnowledgeRanker: re-rank the classifier's topic intents with a keyword search of the knowledge base.

The classifier learns from 15-20 phrasings per topic and language; the knowledge base's titles,
phrasings and answers hold far more of the words people use. Adding a search score to each
``ask_<topic>`` intent's confidence helps most with long, contextual questions. Dialogue acts
(greetings, out of scope, ...) that the classifier is sure about are left alone.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge.errors import KnowledgeError
from bot.knowledge.nlu_build import INTENT_PREFIX
from bot.knowledge.search import search_topics
from bot.knowledge.store import KnowledgeStore, shared_store
from bot.lang import DEFAULT_LANGUAGE, detect
from bot.settings import get_settings

logger = logging.getLogger(__name__)


def _store() -> KnowledgeStore:
    return shared_store(str(get_settings().knowledge_dir))


def rerank(ranking: list[dict[str, Any]], hits: dict[str, float], *, weight: float, keep_above: float) -> list[dict[str, Any]]:
    """Combine classifier confidences with search scores; returns a new ranking, best first."""
    if not ranking:
        return ranking
    top = ranking[0]
    if not top["name"].startswith(INTENT_PREFIX) and top["confidence"] >= keep_above:
        return ranking
    combined = []
    names = {r["name"] for r in ranking} | {INTENT_PREFIX + t for t in hits}
    by_name = {r["name"]: r["confidence"] for r in ranking}
    for name in names:
        score = by_name.get(name, 0.0)
        if name.startswith(INTENT_PREFIX):
            score = (score + weight * hits.get(name[len(INTENT_PREFIX):], 0.0)) / (1 + weight)
        combined.append({"name": name, "confidence": round(min(score, 1.0), 4)})
    combined.sort(key=lambda r: -r["confidence"])
    return combined[: len(ranking)]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class KnowledgeRanker(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # weight: how much the search counts against the classifier (measured on the dev set);
        # keep_above: a non-topic intent at least this sure is not re-ranked.
        return {"weight": 3.0, "keep_above": 0.5, "score_scale": 10.0}

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = {**self.get_default_config(), **config}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> KnowledgeRanker:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY) or []
            text = message.get(TEXT) or ""
            if not ranking or not text or text.startswith("/"):
                continue
            lang = message.get("language") or detect(text).language or DEFAULT_LANGUAGE
            try:
                found = search_topics(_store().kb, text, lang, limit=10, min_score=0.0)
            except KnowledgeError:
                logger.exception("Knowledge search unavailable; keeping the classifier's ranking")
                continue
            hits = {h.topic_id: min(h.score / self.config["score_scale"], 1.0) for h in found}
            new = rerank(ranking, hits, weight=self.config["weight"], keep_above=self.config["keep_above"])
            message.set(INTENT_RANKING_KEY, new, add_to_output=True)
            message.set(INTENT, new[0], add_to_output=True)
        return messages
