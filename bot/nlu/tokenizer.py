"""FoldingTokenizer: whitespace tokens, lowercased with diacritics folded (ä->a, ö->o, å->a).

Users often type Finnish and Swedish without ä/ö/å; folding both training data and live
messages the same way makes "tyolupa" and "työlupa" the same token to the classifier.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.lang import fold


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class FoldingTokenizer(WhitespaceTokenizer):
    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            folded = fold(token.text)
            token.text = folded
            token.lemma = folded
        return tokens
