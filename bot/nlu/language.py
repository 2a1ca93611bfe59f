"""LanguageDetector: a Rasa NLU component that tells fi/sv/en and emits a `language` entity.

The entity fills the `language` slot before any response is chosen, so replies (buttons
included) come in the user's language in the same turn. It is emitted when the message says
clearly which language it is in (or asks for one); otherwise the session language passed by the
web app in the message metadata, then the page's hint, is used; with neither, no entity is
emitted and the slot keeps its value.
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

from bot.lang import detect, normalise_language

ENTITY = "language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            metadata = message.get("metadata") or {}
            detection = detect(text)
            language = detection.language
            source = "explicit" if detection.explicit else "detected"
            if language is None:
                language = normalise_language(metadata.get("session_language"))
                source = "session"
            if language is None:
                language = normalise_language(metadata.get("language_hint"))
                source = "hint"
            message.set("language", language, add_to_output=True)
            message.set("language_confidence", round(detection.confidence, 3), add_to_output=True)
            message.set("language_source", source if language else None, add_to_output=True)
            if language:
                entity = {
                    "entity": ENTITY,
                    "value": language,
                    "start": 0,
                    "end": len(text),
                    "confidence": round(detection.confidence, 3),
                }
                entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
                message.set(
                    ENTITIES, entities + self.add_extractor_name([entity]), add_to_output=True
                )
        return messages
