"""The real knowledge base and the Rasa domain agree with each other and with the coverage spec."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.knowledge.loader import load_knowledge
from bot.knowledge.nlu_build import intent_for
from bot.knowledge.render import PLACEHOLDER
from bot.lang import LANGUAGES
from bot.settings import PROJECT_DIR

SPEC = yaml.safe_load((Path(__file__).parent / "required_topics.yml").read_text())
REQUIRED = {t["id"]: (group, t) for group, topics in SPEC["groups"].items() for t in topics}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(PROJECT_DIR / "knowledge")


@pytest.fixture(scope="module")
def domain():
    return yaml.safe_load((PROJECT_DIR / "domain.yml").read_text())


def test_knowledge_base_has_no_errors(kb):
    assert [str(p) for p in kb.errors] == []


@pytest.mark.parametrize("topic_id", sorted(REQUIRED))
def test_every_required_topic_exists_in_its_group_with_all_languages(kb, topic_id):
    group, spec = REQUIRED[topic_id]
    topic = kb.topics.get(topic_id)
    assert topic is not None, f"knowledge/{group}/{topic_id}.yml is missing"
    assert topic.group == group
    assert topic.audience == spec["audience"]
    for lang in LANGUAGES:
        content = topic.content(lang)
        assert content.title and content.answer.strip()
        assert len(content.questions) >= 15
        words = len(PLACEHOLDER.sub("N", content.answer).split())
        assert 50 <= words <= 230, f"{topic_id}.{lang}: {words} words (aim for 60-200)"


def test_every_placeholder_resolves(kb):
    for topic in kb.topics.values():
        for lang in LANGUAGES:
            for name in PLACEHOLDER.findall(topic.content(lang).answer):
                assert name.split(".")[0] in kb.facts, f"{topic.id}.{lang}: {name}"


def test_every_topic_has_sources_and_review_date(kb):
    for topic in kb.topics.values():
        assert topic.sources and topic.reviewed


def test_domain_intents_match_topics(kb, domain):
    asked = {i for i in domain["intents"] if isinstance(i, str) and i.startswith("ask_")}
    assert asked == {intent_for(t) for t in kb.topics}


def test_generated_rules_cover_every_topic(kb):
    rules = yaml.safe_load((PROJECT_DIR / "data/rules/knowledge.yml").read_text())["rules"]
    answered = {r["steps"][0]["intent"] for r in rules if r["steps"][1] == {"action": "action_answer_topic"}}
    assert answered == {intent_for(t) for t in kb.topics}


def test_every_response_has_each_language(domain):
    for name, variations in domain["responses"].items():
        by_lang = {}
        for v in variations:
            condition = v.get("condition")
            lang = condition[0]["value"] if condition else "default"
            by_lang[lang] = v
            payload = v["custom"]
            assert payload["lang"] == (lang if lang != "default" else "en"), name
            assert payload["text"].strip() and payload["kind"]
        assert set(by_lang) == {"fi", "sv", "en", "default"}, name


def test_response_buttons_point_to_existing_topics(kb, domain):
    for name, variations in domain["responses"].items():
        for v in variations:
            for button in v["custom"].get("buttons", []):
                assert button["payload"].removeprefix("/ask_") in kb.topics, (name, button)


def _training_texts(kb) -> set[str]:
    """Every phrasing the model learns from: the topics' questions and the hand-written NLU data."""
    texts = {q for topic in kb.topics.values() for lang in LANGUAGES for q in topic.content(lang).questions}
    for path in (PROJECT_DIR / "data/nlu").glob("[a-z][a-z]/*.yml"):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            texts |= {line[2:] for line in block.get("examples", "").splitlines() if line.startswith("- ")}
    return {" ".join(t.casefold().split()) for t in texts}


def test_development_questions_do_not_overlap_training_phrasings(kb):
    training = _training_texts(kb)
    assert len(training) > 1000
    for path in sorted((PROJECT_DIR / "tests/eval/dev").glob("*.yml")):
        for item in yaml.safe_load(path.read_text()):
            assert " ".join(item["text"].casefold().split()) not in training, (path.name, item["id"])
            assert item["topic"] in kb.topics or item["topic"] in {"out_of_scope", "greet", "thanks", "goodbye"}


def test_facts_needed_by_the_permit_finder_exist(kb):
    from bot.permits.rules import REQUIRED_FACTS

    assert [f for f in REQUIRED_FACTS if f not in kb.facts] == []


def test_contacts_cover_every_group(kb):
    assert kb.contacts is not None
    assert {t.group for t in kb.topics.values()} <= set(kb.contacts.routes)
