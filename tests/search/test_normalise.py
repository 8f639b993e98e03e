"""The SQLite fallback's Swedish normaliser and the Python highlighter."""

import pytest

from search.normalise import highlight, normalise, prefix


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("piloterna", "pilot"),
        ("äldres", "äldre"),
        ("fetman", "fetma"),
        ("Kommunerna", "kommun"),
        ("ensamheten", "ensamhet"),
        ("ensamhet", "ensamhet"),
        ("äldre", "äldre"),
    ],
)
def test_normalise(word, stem):
    assert normalise(word) == stem


def test_prefix_drops_a_final_vowel_so_forms_meet():
    assert normalise("skolor").startswith(prefix("skola"))
    assert normalise("fetman").startswith(prefix("fetma"))


def test_highlight_escapes_everything_but_marks():
    html = highlight("<b>Piloterna</b> & äldres", ["pilot", "äldre"], whole=True)
    assert html == "&lt;b&gt;<mark>Piloterna</mark>&lt;/b&gt; &amp; <mark>äldres</mark>"
