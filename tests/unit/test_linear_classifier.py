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


def test_train_persist_load_and_rank(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear")
    context = ExecutionContext(graph_schema=None, model_id="m")  # type: ignore[arg-type]
    trained = LinearIntentClassifier.create({}, storage, resource, context)
    trained.train(_training_data())
    loaded = LinearIntentClassifier.load({}, storage, resource, context)
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
