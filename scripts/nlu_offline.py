"""Offline NLU figures without a running assistant (a development aid, not a test).

    .venv/bin/python scripts/nlu_offline.py            # estimate dev-set topic accuracy (~30 s)
    .venv/bin/python scripts/nlu_offline.py --pairs    # + topic pairs confused in 3-fold cross-validation (~1 min)

The estimate trains the intent classifier's scikit-learn pipeline (bot/nlu/linear_classifier.py)
on data/nlu and the knowledge base's answers, re-ranks with the knowledge search
(bot/nlu/knowledge_ranker.py) and scores tests/eval/dev like `kokka eval` does for topics and
out-of-scope items. It skips language detection, rules and the permit finder, so it reads about
half a point above `make eval`; use it to compare data or settings, then confirm with `make eval`.
The cross-validation uses the training data only, so it shows which topics to write contrastive
phrasings for without looking at the development set.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
logging.disable(logging.WARNING)

from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402

from bot.evaluation import EvalItem, load_items  # noqa: E402
from bot.knowledge.nlu_build import INTENT_PREFIX  # noqa: E402
from bot.knowledge.search import search_topics  # noqa: E402
from bot.knowledge.store import KnowledgeStore  # noqa: E402
from bot.nlu.knowledge_ranker import KnowledgeRanker, rerank  # noqa: E402
from bot.nlu.linear_classifier import (  # noqa: E402
    LinearIntentClassifier,
    build_pipeline,
    for_inference,
    knowledge_examples,
)

ROOT = Path(__file__).resolve().parents[1]
SMALL_TALK = {"greet", "thanks", "goodbye"}


def training_data() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        for example in load_data(str(path)).intent_examples:
            texts.append(example.get("text"))
            labels.append(example.get("intent"))
    known = set(labels)
    for text, label in zip(*knowledge_examples(ROOT / "knowledge"), strict=True):
        if label in known:
            texts.append(text)
            labels.append(label)
    return texts, labels


def dev_items() -> list[EvalItem]:
    items = load_items(sorted((ROOT / "tests" / "eval" / "dev").glob("*.yml")))
    return [i for i in items if i.topic not in SMALL_TALK]


def settings() -> dict[str, dict]:
    """The pipeline's settings from config.yml, each with its component's defaults filled in."""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    by_name = {c["name"].rsplit(".", 1)[-1]: c for c in config["pipeline"]}
    return {
        "classifier": {**LinearIntentClassifier.get_default_config(), **by_name["LinearIntentClassifier"]},
        "ranker": {**KnowledgeRanker.get_default_config(), **by_name["KnowledgeRanker"]},
        "fallback": by_name["FallbackClassifier"],
    }


def new_pipeline(classifier: dict):
    return build_pipeline(classifier["C"], classifier["max_iter"], classifier["random_seed"],
                          classifier["temperature"], classifier["class_weight"])


def estimate(pipeline, items: list[EvalItem], config: dict[str, dict]) -> tuple[dict, list]:
    kb = KnowledgeStore(ROOT / "knowledge").kb
    ranker, threshold = config["ranker"], config["fallback"]["threshold"]
    classes = list(pipeline.classes_)
    probabilities = pipeline.predict_proba([i.text for i in items])
    right: dict[str, list[int]] = {}
    misses = []
    for item, row in zip(items, probabilities, strict=True):
        ranked = sorted(zip(classes, row, strict=True), key=lambda x: -x[1])[:10]
        ranking = [{"name": name, "confidence": float(p)} for name, p in ranked]
        found = search_topics(kb, item.text, item.lang, limit=10, min_score=0.0)
        hits = {h.topic_id: min(h.score / ranker["score_scale"], 1.0) for h in found}
        top = rerank(ranking, hits, weight=ranker["weight"], keep_above=ranker["keep_above"])[0]
        if top["confidence"] < threshold:
            got = "fallback"  # the FallbackClassifier's nlu_fallback: suggestions or "I don't know"
        elif top["name"].startswith(INTENT_PREFIX):
            got = top["name"][len(INTENT_PREFIX):]
        else:
            got = top["name"]
        accepted = {item.topic, *item.also}
        if item.topic == "out_of_scope":
            accepted.add("fallback")
        ok = got in accepted
        counts = right.setdefault(item.lang, [0, 0])
        counts[0] += ok
        counts[1] += 1
        if not ok:
            misses.append((item.id, got, item.text[:90]))
    figures = {lang: round(100 * a / b, 1) for lang, (a, b) in sorted(right.items())}
    figures["overall"] = round(100 * sum(a for a, _ in right.values()) / sum(b for _, b in right.values()), 1)
    return figures, misses


def confused_pairs(texts: list[str], labels: list[str], classifier: dict, top: int = 40) -> list[tuple[int, str, str]]:
    from sklearn.model_selection import StratifiedKFold

    x, y = np.array(texts, dtype=object), np.array(labels)
    pairs: Counter = Counter()
    for train, test in StratifiedKFold(3, shuffle=True, random_state=1).split(x, y):
        predicted = new_pipeline(classifier).fit(list(x[train]), y[train]).predict(list(x[test]))
        for truth, guess in zip(y[test], predicted, strict=True):
            if truth != guess:
                pairs[tuple(sorted((truth, guess)))] += 1
    return [(n, a, b) for (a, b), n in pairs.most_common(top)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", action="store_true", help="also list the topic pairs confused in cross-validation")
    parser.add_argument("--misses", action="store_true", help="list the estimated misses")
    args = parser.parse_args()
    texts, labels = training_data()
    items = dev_items()
    config = settings()
    pipeline = for_inference(new_pipeline(config["classifier"]).fit(texts, labels))
    figures, misses = estimate(pipeline, items, config)
    print(f"{len(texts)} training examples, {len(items)} development questions")  # noqa: T201
    print("estimated topic accuracy:", "  ".join(f"{k} {v}%" for k, v in figures.items()))  # noqa: T201
    if args.misses:
        for miss in misses:
            print(*miss)  # noqa: T201
    if args.pairs:
        for n, a, b in confused_pairs(texts, labels, config["classifier"]):
            print(f"{n:5d}  {a}  {b}")  # noqa: T201


if __name__ == "__main__":
    main()
