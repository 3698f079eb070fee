"""References that differ from a defined name only by look-alike characters get a precise hint."""

from __future__ import annotations

from blueprint.lookalike import explain, lookalike_of, skeleton
from blueprint.semantics.context import did_you_mean


def test_cyrillic_greek_dashes_and_invisible_characters_fold_to_ascii():
    assert skeleton("Pr\u043eduction") == "Production"  # Cyrillic o
    assert skeleton("\u0391dmin") == "Admin"  # Greek capital alpha
    assert skeleton("prod\u2013app") == "prod-app"  # en dash
    assert skeleton("dev\u200b") == "dev"  # zero-width space


def test_hint_names_the_defined_key_and_the_odd_character():
    hint = did_you_mean("prod\u200b-app", ["prod-app", "dev"])
    assert hint == (
        " (did you mean 'prod-app'? they differ only by look-alike or invisible characters: "
        "U+200B ZERO WIDTH SPACE at position 5)"
    )


def test_plain_ascii_typos_keep_the_ordinary_suggestion():
    assert lookalike_of("prod-ap", ["prod-app"]) is None
    assert did_you_mean("prod-ap", ["prod-app"]) == " (did you mean 'prod-app'?)"


def test_explain_lists_every_suspect_character():
    assert explain("\u0430dmin\u2013x") == (
        "U+0430 CYRILLIC SMALL LETTER A at position 1, U+2013 EN DASH at position 6"
    )
