"""The intent classifier component: trains, persists with the model and ranks intents."""

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_classifier import LinearIntentClassifier

EXAMPLES = {
    "ask_taxation": ["verokortti", "mistä saan verokortin", "skattekort", "var får jag skattekort", "tax card",
                     "where do I get a tax card", "veroprosentti", "income tax rate"],
    "ask_housing": ["vuokra-asunto", "miten löydän asunnon", "hyresbostad", "hur hittar jag en bostad",
                    "rental apartment", "how do I find a flat", "asunnon vuokravakuus", "rent deposit"],
    "greet": ["hei", "moi", "hej", "hello", "hi there", "good morning"],
}


def _training_data() -> TrainingData:
    return TrainingData([Message(data={TEXT: t, INTENT: i}) for i, texts in EXAMPLES.items() for t in texts])


def _trained_and_loaded(tmp_path) -> LinearIntentClassifier:
    """Train on EXAMPLES, persist, and load back the way Rasa does."""
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear")
    context = ExecutionContext(graph_schema=None, model_id="m")  # type: ignore[arg-type]
    LinearIntentClassifier.create({}, storage, resource, context).train(_training_data())
    return LinearIntentClassifier.load({}, storage, resource, context)


def test_train_persist_load_and_rank(tmp_path):
    loaded = _trained_and_loaded(tmp_path)
    messages = [Message(data={TEXT: t}) for t in ("mista saan verokortin", "hur hittar jag hyresbostad", "moikka")]
    loaded.process(messages)
    assert [m.get(INTENT)["name"] for m in messages] == ["ask_taxation", "ask_housing", "greet"]
    ranking = messages[0].get(INTENT_RANKING_KEY)
    assert len(ranking) == 3 and abs(sum(r["confidence"] for r in ranking) - 1) < 0.01
    assert ranking == sorted(ranking, key=lambda r: -r["confidence"])


def test_untrained_component_leaves_messages_alone(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(graph_schema=None, model_id="m")  # type: ignore[arg-type]
    loaded = LinearIntentClassifier.load({}, storage, Resource("missing"), context)
    message = Message(data={TEXT: "hei"})
    loaded.process([message])
    assert message.get(INTENT) is None


def test_knowledge_examples_are_clean_titles_and_paragraphs():
    from bot.nlu.linear_classifier import knowledge_examples
    from tests.helpers import VALID_KB

    texts, labels = knowledge_examples(VALID_KB)
    assert texts and len(texts) == len(labels) and all(lab.startswith("ask_") for lab in labels)
    assert not any("{{" in t or "**" in t or "](" in t for t in texts)
    assert all(len(t.split()) >= 2 for t in texts)


def test_knowledge_examples_refuse_an_invalid_knowledge_base(tmp_path):
    import pytest

    from bot.knowledge import KnowledgeError
    from bot.nlu.linear_classifier import knowledge_examples

    (tmp_path / "permits").mkdir()
    (tmp_path / "permits" / "x.yml").write_text("id: x\n")
    with pytest.raises(KnowledgeError):
        knowledge_examples(tmp_path)


def test_loaded_weights_are_column_major_and_score_the_same(tmp_path):
    import numpy as np

    loaded = _trained_and_loaded(tmp_path)
    classifier = loaded.pipeline.steps[-1][1]
    # coef_.T is what scikit-learn multiplies with: it must be usable without a copy.
    assert classifier.coef_.T.flags["C_CONTIGUOUS"]
    texts = ["mista saan verokortin", "rent deposit", "hej"]
    row_major = np.ascontiguousarray(classifier.coef_)
    expected = loaded.pipeline.predict_proba(texts)
    classifier.coef_ = row_major
    assert np.allclose(loaded.pipeline.predict_proba(texts), expected)
