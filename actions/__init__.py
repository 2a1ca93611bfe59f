"""Custom actions for the Rasa action server: thin adapters over the `bot` package."""

from actions.knowledge import warm_up

warm_up()
