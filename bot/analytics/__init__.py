"""Analytics and feedback: what was asked and answered, stored without personal data."""

from bot.analytics.pii import mask
from bot.analytics.store import Analytics, AnalyticsError

__all__ = ["Analytics", "AnalyticsError", "mask"]
