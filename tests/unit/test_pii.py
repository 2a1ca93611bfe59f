"""Personal data is masked before anything is stored."""

import pytest

from bot.analytics import mask


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail me at matti.meikalainen@example.fi", "mail me at [email]"),
        ("soita 040-123 4567 tai +358 40 1234567", "soita [phone] tai [phone]"),
        ("ring (09) 310 12345", "ring [phone]"),
        ("hetu 131052-308T kiitos", "hetu [id-code] kiitos"),
        ("born 010199A123B", "born [id-code]"),
        ("IBAN FI21 1234 5600 0007 85 please", "IBAN [iban] please"),
        ("nimeni on Matti Virtanen ja tarvitsen apua", "nimeni on [name] ja tarvitsen apua"),
        ("jag heter Anna och undrar", "jag heter [name] och undrar"),
        ("my name is john", "my name is [name]"),
    ],
)
def test_personal_data_is_masked(text, masked):
    assert mask(text) == masked


@pytest.mark.parametrize("text", ["palkka 4 000 euroa vuonna 2024-2025", "3,5k", "sopimus 18 kk", "EU Blue Card 2026", ""])
def test_ordinary_text_is_left_alone(text):
    assert mask(text) == text


def test_none_stays_none():
    assert mask(None) is None
