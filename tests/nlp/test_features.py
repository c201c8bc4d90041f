"""Feature terms of the linear models: lemma tokens, markers and character n-grams."""

import pytest

from nlp.features import builtin_lexicons, char_grams, feature_tokens, model_terms


@pytest.mark.parametrize("token, grams", [
    ("дом", ("ch:<дом", "ch:дом>")),
    ("света", ("ch:<све", "ch:свет", "ch:вета", "ch:ета>")),
    ("да", ("ch:<да>",)),
    ("я", ()),
    ("_url", ()),
    ("_excl", ()),
    ("2024", ()),
    ("😡", ()),
    ("!", ()),
])
def test_char_grams(token, grams):
    assert char_grams(token) == grams


@pytest.mark.parametrize("lemmas, expected", [
    (["нет", "свет"], {"нет", "свет", "нет_свет", "neg_свет"}),
    (["без", "вода"], {"без", "вода", "без_вода", "neg_вода"}),
    (["спасибо", "👍"], {"спасибо", "👍", "спасибо_👍", "emo_pos", "emo"}),
])
def test_feature_tokens(lemmas, expected):
    assert expected <= set(feature_tokens(lemmas, builtin_lexicons()))


def test_model_terms_add_char_grams_of_the_surface_words():
    lex = builtin_lexicons()
    plain = model_terms(["свет"], ["света"], lex, chars=False)
    full = model_terms(["свет"], ["света"], lex)
    assert plain == feature_tokens(["свет"], lex)
    assert full[:len(plain)] == plain and "ch:ета>" in full and "ch:вет>" not in full
