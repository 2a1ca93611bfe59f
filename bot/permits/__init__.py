"""The permit finder: which residence permit a new hire likely needs (plain Python rules)."""

from bot.permits.parsing import citizenship_of, parse_money, parse_months, parse_years
from bot.permits.rules import Answers, Recommendation, recommend

__all__ = ["Answers", "Recommendation", "citizenship_of", "parse_money", "parse_months", "parse_years", "recommend"]
