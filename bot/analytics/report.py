"""Editors' report of unanswered questions: similar questions grouped together."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from bot.lang import fold

SIMILARITY = 0.4  # Jaccard overlap of word stems that puts two questions in one group
_STEM = 5  # Finnish inflection: "oleskeluluvan" and "oleskelulupa" share "oleskelu"... and "olesk"


def stems(text: str) -> frozenset[str]:
    words = re.findall(r"[^\W\d_]+", re.sub(r"\[[a-z-]+\]", " ", fold(text)))  # masked [phone] etc. say nothing
    return frozenset(w[:_STEM] for w in words if len(w) > 2)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else float(a == b)


@dataclass
class Group:
    language: str
    key: frozenset[str]
    texts: list[str] = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)
    guesses: Counter = field(default_factory=Counter)
    first_seen: datetime | None = None
    last_seen: datetime | None = None

    @property
    def count(self) -> int:
        return len(self.texts)

    @property
    def example(self) -> str:
        return Counter(self.texts).most_common(1)[0][0]

    @property
    def guessed(self) -> str | None:
        return self.guesses.most_common(1)[0][0] if self.guesses else None


def group_unanswered(rows: Iterable) -> list[Group]:  # rows: objects with text, language, reason, guessed_kb_id, created_at
    groups: list[Group] = []
    for row in rows:
        key = stems(row.text)
        best = max((g for g in groups if g.language == row.language), key=lambda g: similarity(g.key, key), default=None)
        if best is None or similarity(best.key, key) < SIMILARITY:
            best = Group(language=row.language, key=key)
            groups.append(best)
        best.texts.append(row.text)
        best.reasons[row.reason] += 1
        if row.guessed_kb_id:
            best.guesses[row.guessed_kb_id] += 1
        best.first_seen = min(filter(None, [best.first_seen, row.created_at]))
        best.last_seen = max(filter(None, [best.last_seen, row.created_at]))
    return sorted(groups, key=lambda g: (-g.count, g.language, g.example))


def to_csv(groups: list[Group]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["language", "count", "first_seen", "last_seen", "guessed_topic", "reasons", "example", "all_questions"])
    for g in groups:
        writer.writerow([
            g.language, g.count, g.first_seen.isoformat(timespec="seconds") if g.first_seen else "",
            g.last_seen.isoformat(timespec="seconds") if g.last_seen else "", g.guessed or "",
            " ".join(f"{r}:{n}" for r, n in sorted(g.reasons.items())), g.example, " | ".join(g.texts),
        ])
    return out.getvalue()
