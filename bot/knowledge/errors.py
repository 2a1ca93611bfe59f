"""Errors raised by the knowledge package.

Tree::

    KnowledgeError                 base class: anything wrong with the knowledge base
    +-- KnowledgeValidationError   files exist but break the editors' contract; ``.problems``
    |                              lists every problem found (file, line, field, what to fix)
    +-- TopicNotFoundError         a topic id that is not in the knowledge base
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from bot.knowledge.models import Problem

__all__ = ["KnowledgeError", "KnowledgeValidationError", "TopicNotFoundError"]


class KnowledgeError(Exception):
    """Base class of every knowledge-base error."""


class KnowledgeValidationError(KnowledgeError):
    """The knowledge files do not pass validation."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        lines = "\n".join(str(p) for p in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} error(s) in the knowledge base:\n{lines}{more}")


class TopicNotFoundError(KnowledgeError):
    """No topic with this id exists."""

    def __init__(self, topic_id: str) -> None:
        self.topic_id = topic_id
        super().__init__(f"no topic with id {topic_id!r}")
