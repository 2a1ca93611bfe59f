"""LinearIntentClassifier: TF-IDF character and word n-grams with a linear SVM (scikit-learn).

Measured on the development set (tests/eval/dev) against DIET and against logistic regression
with the same training data, it chooses the right topic more often and trains in seconds instead
of minutes on two cores (figures in the README). The SVM's margins become probabilities with a
softmax, spread rather than overconfident, which suits the fallback threshold. Text is folded
(lowercase, no diacritics) and character n-grams absorb Finnish inflection and typos.
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
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_union
from sklearn.svm import LinearSVC

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


class SoftmaxLinearSVC(ClassifierMixin, BaseEstimator):
    """A one-vs-rest linear SVM whose margins are turned into probabilities by a softmax.

    ``temperature`` scales the margins first: margins lie roughly in [-1.5, 1.5], and with 5 the
    best intent of a clear message gets 0.6-0.9, of a vague one 0.2-0.4, in the range where the
    fallback threshold (0.3) separates them (chosen on the development set).
    """

    def __init__(self, C: float = 1.0, temperature: float = 5.0, class_weight: str | None = "balanced",
                 max_iter: int = 3000, random_state: int = 7) -> None:
        self.C = C
        self.temperature = temperature
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X: Any, y: Any) -> SoftmaxLinearSVC:
        self.svm_ = LinearSVC(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                              random_state=self.random_state).fit(X, y)
        self.classes_ = self.svm_.classes_
        return self

    @property
    def coef_(self) -> np.ndarray:
        return self.svm_.coef_

    @coef_.setter
    def coef_(self, value: np.ndarray) -> None:
        self.svm_.coef_ = value

    def decision_function(self, X: Any) -> np.ndarray:
        return self.svm_.decision_function(X)

    def predict_proba(self, X: Any) -> np.ndarray:
        margins = self.decision_function(X) * self.temperature
        margins -= margins.max(axis=1, keepdims=True)
        exp = np.exp(margins)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, X: Any) -> np.ndarray:
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]


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


def build_pipeline(c: float, max_iter: int, seed: int, temperature: float = 5.0,
                   class_weight: str | None = "balanced") -> Pipeline:
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), preprocessor=fold, sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), preprocessor=fold, sublinear_tf=True,
                        token_pattern=r"[^\W\d_]{2,}"),
    )
    return Pipeline([("features", features),
                     ("classifier", SoftmaxLinearSVC(C=c, temperature=temperature, class_weight=class_weight,
                                                     max_iter=max_iter, random_state=seed))])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # use_answers: also learn from the knowledge base's titles and answers (knowledge/).
        # class_weight "balanced": a topic has about 90 phrasings per language, a dialogue intent
        # such as find_permit 40; unweighted, "mitä lupaa uusi työntekijämme tarvitsee?" lost to
        # the topics (measured with logistic regression: 0.39 against 0.71 balanced).
        return {"C": 1.0, "temperature": 5.0, "class_weight": "balanced", "max_iter": 3000, "random_seed": 7,
                "ranking_length": 10, "use_answers": False}

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
                                       self.config["temperature"], self.config["class_weight"])
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
