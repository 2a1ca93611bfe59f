"""`kokka eval`: answer quality of the whole system on a question set, through POST /api/chat."""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from bot.lang import LANGUAGES

__all__ = ["EvalItem", "EvalError", "load_items", "run_eval", "score", "format_report", "SMALLTALK"]

SMALLTALK = {"greet", "thanks", "goodbye"}
OUT_OF_SCOPE = "out_of_scope"


class EvalError(Exception):
    """The question file is malformed; the message names the item."""


@dataclass(frozen=True)
class EvalItem:
    id: str
    lang: str
    topic: str
    text: str
    also: tuple[str, ...] = ()


@dataclass
class Outcome:
    item: EvalItem
    reply: dict[str, Any]
    latency_ms: float
    got: str = ""
    topic_ok: bool = False
    language_ok: bool = False
    by_fallback: bool = False


def load_items(paths: Iterable[Path]) -> list[EvalItem]:
    items: list[EvalItem] = []
    for path in paths:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise EvalError(f"{path}: cannot read the question file: {exc}") from exc
        if not isinstance(data, list):
            raise EvalError(f"{path}: expected a YAML list of items {{id, lang, topic, text}}")
        for index, raw in enumerate(data):
            name = f"{path}: item {index + 1}"
            if not isinstance(raw, dict):
                raise EvalError(f"{name}: must be a mapping with id, lang, topic and text")
            name = f"{path}: item {index + 1} ({raw.get('id', 'no id')})"
            missing = [k for k in ("id", "lang", "topic", "text") if not raw.get(k)]
            if missing:
                raise EvalError(f"{name}: missing {', '.join(missing)}")
            if raw["lang"] not in LANGUAGES:
                raise EvalError(f"{name}: lang must be one of fi, sv, en, not {raw['lang']!r}")
            also = raw.get("also") or []
            if not isinstance(also, list):
                raise EvalError(f"{name}: also must be a list of topic ids")
            items.append(EvalItem(str(raw["id"]), raw["lang"], str(raw["topic"]), str(raw["text"]), tuple(map(str, also))))
    return items


def score(item: EvalItem, reply: dict[str, Any]) -> tuple[bool, bool, str, bool]:
    """(topic right, language right, what we got, answered by fallback suggestions)."""
    messages = reply.get("messages") or []
    kb_ids = [m.get("kb_id") for m in messages if m.get("kb_id")]
    kinds = [m.get("kind") for m in messages]
    got = kb_ids[0] if kb_ids else (kinds[0] if kinds else "nothing")
    by_fallback = not kb_ids and "fallback" in kinds and any(m.get("buttons") for m in messages)
    if item.topic == OUT_OF_SCOPE:
        topic_ok = not kb_ids and bool(kinds) and kinds[0] in {"out_of_scope", "fallback"}
    elif item.topic in SMALLTALK:
        topic_ok = "smalltalk" in kinds and not kb_ids
    else:
        topic_ok = bool(set(kb_ids) & {item.topic, *item.also})
    return topic_ok, reply.get("language") == item.lang, got, by_fallback


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return round(ordered[k], 1)


def run_eval(items: list[EvalItem], *, url: str, client: httpx.Client | None = None,
             progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    own = client is None
    client = client or httpx.Client(timeout=30)
    outcomes: list[Outcome] = []
    try:
        for n, item in enumerate(items, 1):
            session = f"eval-{uuid.uuid4().hex[:16]}"
            started = time.perf_counter()
            response = client.post(f"{url.rstrip('/')}/api/chat", json={"session_id": session, "text": item.text})
            latency = (time.perf_counter() - started) * 1000
            reply = response.json() if response.status_code == 200 else {"messages": [], "language": None}
            outcome = Outcome(item, reply, latency)
            outcome.topic_ok, outcome.language_ok, outcome.got, outcome.by_fallback = score(item, reply)
            outcomes.append(outcome)
            if progress:
                progress(n, len(items))
    finally:
        if own:
            client.close()
    return summarise(outcomes)


def _group(outcomes: list[Outcome]) -> dict[str, Any]:
    n = len(outcomes)
    if not n:
        return {"n": 0, "topic_accuracy": 0.0, "language_accuracy": 0.0, "fallback_share": 0.0}
    return {
        "n": n,
        "topic_accuracy": round(sum(o.topic_ok for o in outcomes) / n, 4),
        "language_accuracy": round(sum(o.language_ok for o in outcomes) / n, 4),
        "fallback_share": round(sum(o.by_fallback for o in outcomes) / n, 4),
        "latency_ms": {"p50": round(statistics.median(o.latency_ms for o in outcomes), 1),
                       "p95": _percentile([o.latency_ms for o in outcomes], 95)},
    }


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    oos = [o for o in outcomes if o.item.topic == OUT_OF_SCOPE]
    flagged = [o for o in outcomes if not any(m.get("kb_id") for m in o.reply.get("messages") or [])
               and any(m.get("kind") in {"out_of_scope", "fallback"} for m in (o.reply.get("messages") or [])[:1])]
    true_pos = sum(1 for o in flagged if o.item.topic == OUT_OF_SCOPE)
    latencies = [o.latency_ms for o in outcomes]
    return {
        "per_language": {lang: _group([o for o in outcomes if o.item.lang == lang]) for lang in LANGUAGES
                         if any(o.item.lang == lang for o in outcomes)},
        "overall": _group(outcomes),
        "out_of_scope": {
            "n": len(oos),
            "precision": round(true_pos / len(flagged), 4) if flagged else 0.0,
            "recall": round(true_pos / len(oos), 4) if oos else 0.0,
        },
        "latency_ms": {"p50": round(statistics.median(latencies), 1) if latencies else 0.0,
                       "p95": _percentile(latencies, 95)},
        "misses": [
            {"id": o.item.id, "expected": o.item.topic, "got": o.got, "text": o.item.text,
             "language": o.reply.get("language"), "expected_language": o.item.lang}
            for o in outcomes if not (o.topic_ok and o.language_ok)
        ],
    }


def format_report(result: dict[str, Any], *, max_misses: int = 40) -> str:
    lines = [f"{'':8}{'n':>6}{'topic':>9}{'language':>10}{'fallback':>10}{'p50 ms':>9}{'p95 ms':>9}"]
    rows = [*result["per_language"].items(), ("overall", result["overall"])]
    for name, g in rows:
        lat = g.get("latency_ms", {"p50": 0, "p95": 0})
        lines.append(f"{name:8}{g['n']:>6}{g['topic_accuracy']:>9.1%}{g['language_accuracy']:>10.1%}"
                     f"{g['fallback_share']:>10.1%}{lat['p50']:>9}{lat['p95']:>9}")
    oos = result["out_of_scope"]
    lines.append(f"out of scope: n={oos['n']} precision {oos['precision']:.1%} recall {oos['recall']:.1%}")
    misses: list[dict[str, Any]] = result["misses"]
    if misses:
        lines.append(f"\nmisses ({len(misses)}):")
        for miss in misses[:max_misses]:
            lang_note = "" if miss["language"] == miss["expected_language"] else f" [replied in {miss['language']}]"
            lines.append(f"  {miss['id']}: expected {miss['expected']}, got {miss['got']}{lang_note}: {miss['text']}")
        if len(misses) > max_misses:
            lines.append(f"  ... and {len(misses) - max_misses} more (see --json)")
    return "\n".join(lines)



# -- conversations: `kokka eval --dialogues` ------------------------------------------------------

@dataclass(frozen=True)
class Turn:
    text: str
    lang: str
    topic: str | None = None  # None: only the reply language is checked
    also: tuple[str, ...] = ()
    kind: str | None = None  # e.g. "form", "clarify", "handoff": the first message's kind


@dataclass(frozen=True)
class Dialogue:
    id: str
    turns: tuple[Turn, ...]


def load_dialogues(paths: Iterable[Path]) -> list[Dialogue]:
    """A YAML list of {id, turns: [{text, lang, topic?, also?, kind?}, ...]}."""
    dialogues: list[Dialogue] = []
    for path in paths:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise EvalError(f"{path}: cannot read the dialogue file: {exc}") from exc
        if not isinstance(data, list):
            raise EvalError(f"{path}: expected a YAML list of dialogues {{id, turns}}")
        for index, raw in enumerate(data):
            name = f"{path}: dialogue {index + 1}"
            if not isinstance(raw, dict) or not raw.get("id") or not isinstance(raw.get("turns"), list) or not raw["turns"]:
                raise EvalError(f"{name}: must be a mapping with an id and a non-empty list of turns")
            name = f"{path}: dialogue {raw['id']}"
            turns = []
            for t_index, turn in enumerate(raw["turns"], 1):
                if not isinstance(turn, dict) or not turn.get("text") or turn.get("lang") not in LANGUAGES:
                    raise EvalError(f"{name}, turn {t_index}: needs text and lang (fi, sv or en)")
                also = turn.get("also") or []
                if not isinstance(also, list):
                    raise EvalError(f"{name}, turn {t_index}: also must be a list of topic ids")
                turns.append(Turn(str(turn["text"]), turn["lang"], turn.get("topic"), tuple(map(str, also)),
                                  turn.get("kind")))
            dialogues.append(Dialogue(str(raw["id"]), tuple(turns)))
    return dialogues


def score_turn(turn: Turn, reply: dict[str, Any]) -> tuple[bool, bool, str]:
    """(turn right: topic and kind as expected, language right, what we got)."""
    messages = reply.get("messages") or []
    item = EvalItem("turn", turn.lang, turn.topic or "", turn.text, turn.also)
    topic_ok, language_ok, got, _ = score(item, reply) if turn.topic else (True, reply.get("language") == turn.lang, "", False)
    if not turn.topic:
        got = (messages[0].get("kb_id") or messages[0].get("kind")) if messages else "nothing"
    kind_ok = turn.kind is None or any(m.get("kind") == turn.kind for m in messages)
    return topic_ok and kind_ok and language_ok, language_ok, got


def run_dialogues(dialogues: list[Dialogue], *, url: str, client: httpx.Client | None = None) -> dict[str, Any]:
    own = client is None
    client = client or httpx.Client(timeout=30)
    per_lang: dict[str, list[bool]] = {lang: [] for lang in LANGUAGES}
    language_ok: list[bool] = []
    misses = []
    dialogues_ok = 0
    try:
        for dialogue in dialogues:
            session = f"evald-{uuid.uuid4().hex[:16]}"
            all_ok = True
            for n, turn in enumerate(dialogue.turns, 1):
                response = client.post(f"{url.rstrip('/')}/api/chat", json={"session_id": session, "text": turn.text})
                reply = response.json() if response.status_code == 200 else {"messages": [], "language": None}
                ok, lang_ok, got = score_turn(turn, reply)
                per_lang[turn.lang].append(ok)
                language_ok.append(lang_ok)
                if not ok:
                    all_ok = False
                    expected = turn.topic or "(language only)"
                    if turn.kind:
                        expected += f" [{turn.kind}]"
                    misses.append({"id": f"{dialogue.id}#{n}", "expected": expected, "got": got,
                                   "language": reply.get("language"), "text": turn.text})
            dialogues_ok += all_ok
    finally:
        if own:
            client.close()
    turns = [ok for oks in per_lang.values() for ok in oks]
    return {
        "dialogues": len(dialogues), "dialogues_right": dialogues_ok,
        "per_language": {lang: {"turns": len(oks), "turns_right": sum(oks),
                                "turn_accuracy": round(sum(oks) / len(oks), 4) if oks else 0.0}
                         for lang, oks in per_lang.items()},
        "overall": {"turns": len(turns), "turns_right": sum(turns),
                    "turn_accuracy": round(sum(turns) / len(turns), 4) if turns else 0.0,
                    "language_accuracy": round(sum(language_ok) / len(language_ok), 4) if language_ok else 0.0},
        "misses": misses,
    }


def format_dialogue_report(result: dict[str, Any], *, max_misses: int = 40) -> str:
    lines = [f"{'':10}{'turns':>7}{'right':>8}{'accuracy':>10}"]
    for lang, row in result["per_language"].items():
        lines.append(f"{lang:10}{row['turns']:>7}{row['turns_right']:>8}{row['turn_accuracy']:>10.1%}")
    o = result["overall"]
    lines.append(f"{'overall':10}{o['turns']:>7}{o['turns_right']:>8}{o['turn_accuracy']:>10.1%}")
    lines.append(f"reply language right: {o['language_accuracy']:.1%}; whole dialogues right: "
                 f"{result['dialogues_right']}/{result['dialogues']}")
    if result["misses"]:
        lines.append(f"\nmisses ({len(result['misses'])}):")
        for miss in result["misses"][:max_misses]:
            lines.append(f"  {miss['id']}: expected {miss['expected']}, got {miss['got']} "
                         f"[{miss['language']}]: {miss['text']}")
    return "\n".join(lines)
