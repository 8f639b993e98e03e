"""Switching values read as plain sentences, never as a negative percentage."""

from django.utils import translation

from business_cases.switching import line_phrase, total_phrase


def test_positive_net_says_how_far_the_benefits_can_fall():
    with translation.override("sv"):
        assert total_phrase(0.91) == "Nyttorna kan minska med 91\u00a0% innan nettot blir negativt."
        assert line_phrase(0.91) == "Nyttan kan minska med 91\u00a0% innan nettot blir negativt."
        assert line_phrase(1.4) == "Nyttan kan försvinna helt och nettot är ändå inte negativt."


def test_negative_net_says_so_instead_of_a_negative_percentage():
    with translation.override("sv"):
        text = line_phrase(-10.11)
        assert text.startswith("Nettot är redan negativt")
        assert "1\u202f011" in text and "−" not in text
        assert "öka med 25" in total_phrase(-0.25)


def test_no_benefits_is_said():
    with translation.override("sv"):
        assert total_phrase(None) == "Kalkylen har inga nyttor att pröva."
        assert line_phrase(None) == "–"
