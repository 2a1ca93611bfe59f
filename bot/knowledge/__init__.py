"""The knowledge base: plain Python, no Rasa, web or database imports."""

from bot.knowledge.errors import KnowledgeError, KnowledgeValidationError, TopicNotFoundError
from bot.knowledge.loader import KnowledgeBase, load_knowledge
from bot.knowledge.models import Fact, Problem, Source, Topic
from bot.knowledge.render import RenderedAnswer, format_fact, render_answer, render_text
from bot.knowledge.store import KnowledgeStore

__all__ = [
    "Fact",
    "KnowledgeBase",
    "KnowledgeError",
    "KnowledgeStore",
    "KnowledgeValidationError",
    "Problem",
    "RenderedAnswer",
    "Source",
    "Topic",
    "TopicNotFoundError",
    "format_fact",
    "load_knowledge",
    "render_answer",
    "render_text",
]
