"""LinearIntentClassifier: TF-IDF character and word n-grams with logistic regression (scikit-learn).

Measured on the development set (tests/eval/dev) against DIET with the same training data, it
chooses the right topic more often, trains in seconds instead of minutes on two cores, and its
probabilities are spread rather than overconfident, which suits the fallback threshold. Text
is folded (lowercase, no diacritics) and character n-grams absorb Finnish inflection and typos.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_union

from bot.lang import fold

logger = logging.getLogger(__name__)
MODEL_FILE = "linear_intent_classifier.joblib"
_PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}")
_MARKUP = re.compile(r"\[([^\]]+)\]\([^)]*\)|[*_#>]")


def knowledge_examples(root: Path) -> tuple[list[str], list[str]]:
    """Titles and answer paragraphs of every topic, labelled with the topic's intent.

    The answers hold far more of the words people use than the question phrasings do; as extra
    training examples they raised dev-set topic accuracy by about 1.5 points (measured).
    """
    from bot.knowledge import KnowledgeError, load_knowledge
    from bot.knowledge.nlu_build import intent_for

    kb = load_knowledge(root)
    if kb.errors:
        raise KnowledgeError(f"the knowledge base has {len(kb.errors)} error(s)")
    texts, labels = [], []
    for topic_id, topic in kb.topics.items():
        for lang in ("fi", "sv", "en"):
            content = topic.content(lang)
            paragraphs = [content.title] + re.split(r"\n\s*\n|\n- ", content.answer)
            for paragraph in paragraphs:
                clean = " ".join(_MARKUP.sub(lambda m: m.group(1) or " ", _PLACEHOLDER.sub(" ", paragraph)).split())
                if len(clean.split()) >= 2:
                    texts.append(clean)
                    labels.append(intent_for(topic_id))
    return texts, labels


def for_inference(pipeline: Pipeline) -> Pipeline:
    """Store the weights column-major so that scoring needs no copy.

    scikit-learn scores with ``X @ coef_.T``; with the row-major ``coef_`` scipy copies the whole
    transposed matrix (about 70,000 x 54 floats) for every message, which took three quarters of
    the classifier's time (5.4 ms against 1.5 ms per message, measured). The numbers are unchanged.
    """
    classifier = pipeline.steps[-1][1]
    if getattr(classifier, "coef_", None) is not None:
        classifier.coef_ = np.asfortranarray(classifier.coef_)
    return pipeline


def build_pipeline(c: float, max_iter: int, seed: int, tol: float = 1e-4, class_weight: str | None = None) -> Pipeline:
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), preprocessor=fold, sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), preprocessor=fold, sublinear_tf=True,
                        token_pattern=r"[^\W\d_]{2,}"),
    )
    return Pipeline([("features", features),
                     ("classifier", LogisticRegression(C=c, max_iter=max_iter, random_state=seed, tol=tol,
                                                       class_weight=class_weight))])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # use_answers: also learn from the knowledge base's titles and answers (knowledge/).
        # tol: 1e-3 stops after about 130 iterations instead of several hundred, with the same
        # dev-set accuracy (measured: 81.2% either way).
        # class_weight "balanced": a topic has about 90 phrasings per language, a dialogue intent
        # such as find_permit 40; unweighted, "mitä lupaa uusi työntekijämme tarvitsee?" scored 0.39
        # for find_permit and lost to the topics, balanced 0.71 with the same topic accuracy.
        return {"C": 10.0, "max_iter": 3000, "tol": 1e-3, "random_seed": 7, "ranking_length": 10, "use_answers": False,
                "class_weight": "balanced"}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 pipeline: Pipeline | None = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.pipeline = pipeline

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT) and e.get(INTENT)]
        texts = [e.get(TEXT) for e in examples]
        labels = [e.get(INTENT) for e in examples]
        if self.config["use_answers"]:
            from bot.knowledge import KnowledgeError
            from bot.settings import get_settings

            try:
                extra_texts, extra_labels = knowledge_examples(get_settings().knowledge_dir)
                known = set(labels)
                pairs = [(t, lab) for t, lab in zip(extra_texts, extra_labels, strict=True) if lab in known]
                texts += [t for t, _ in pairs]
                labels += [lab for _, lab in pairs]
                logger.info("LinearIntentClassifier: %d examples from the knowledge base's answers", len(pairs))
            except KnowledgeError as exc:
                logger.warning("Training without the knowledge base's answers: %s", exc)
        if len(set(labels)) < 2:
            logger.warning("LinearIntentClassifier needs at least two intents; skipping training")
            return self._resource
        self.pipeline = build_pipeline(self.config["C"], self.config["max_iter"], self.config["random_seed"],
                                       self.config["tol"], self.config["class_weight"])
        self.pipeline.fit(texts, labels)
        for_inference(self.pipeline)
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self.pipeline, Path(directory) / MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearIntentClassifier:
        pipeline = None
        try:
            with model_storage.read_from(resource) as directory:
                pipeline = for_inference(joblib.load(Path(directory) / MODEL_FILE))  # our own trained model file
        except (ValueError, FileNotFoundError):
            logger.warning("No trained LinearIntentClassifier found; it will not classify")
        return cls(config, model_storage, resource, pipeline)

    def process(self, messages: list[Message]) -> list[Message]:
        if self.pipeline is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        probabilities = self.pipeline.predict_proba(texts)
        classes = list(self.pipeline.classes_)
        for message, row in zip(messages, probabilities, strict=True):
            if not message.get(TEXT):
                continue
            ranked = sorted(zip(classes, row, strict=True), key=lambda item: -item[1])[: self.config["ranking_length"]]
            ranking = [{"name": name, "confidence": round(float(p), 4)} for name, p in ranked]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
