"""RuleEntityExtractor: countries, money, durations and permit types with spaCy's EntityRuler.

Emits Rasa entities (values already normalised, see bot/entities.py):
``country`` (ISO code) and ``citizenship`` (eu_eea / nordic / swiss / other) for a country,
``money`` (euros a month), ``duration`` (months) and ``permit_type`` (a topic id).
It runs after the LanguageDetector and uses the message's language for tokenisation.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.entities import extract, pipeline
from bot.lang import DEFAULT_LANGUAGE, LANGUAGES
from bot.permits.parsing import citizenship_group

NAMES = {"COUNTRY": "country", "MONEY": "money", "DURATION": "duration", "PERMIT": "permit_type"}


def rasa_entities(text: str, lang: str) -> list[dict[str, Any]]:
    found = []
    for entity in extract(text, lang):
        found.append(entity.as_rasa(NAMES[entity.label]))
        if entity.label == "COUNTRY":
            found.append(entity.as_rasa("citizenship", citizenship_group(entity.value)))
    return found


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class RuleEntityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RuleEntityExtractor:
        for lang in LANGUAGES:  # build the matchers at start-up, not on the first message
            pipeline(lang)
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):  # a button payload carries its own entities
                continue
            lang = message.get("language") or DEFAULT_LANGUAGE
            found = rasa_entities(text, lang)
            if found:
                message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(found), add_to_output=True)
        return messages
