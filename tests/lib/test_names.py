"""Names refuse what nobody sees, and look-alike names share a skeleton."""

import pytest
from django.core.exceptions import ValidationError

from ficfest.lib.names import hidden_characters_refuse, name_skeleton

HIDDEN = [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad",
    "\u0007", "\u2028",
]  # fmt: skip


@pytest.mark.parametrize("char", HIDDEN)
def test_it_refuses_invisible_and_direction_changing_characters(char):
    with pytest.raises(ValidationError, match=f"U\\+{ord(char):04X}"):
        hidden_characters_refuse(f"Spike{char}Buffy")


def test_it_accepts_names_in_any_script():
    for name in ("Spike/Buffy", "Зима", "東京", "Zoë", "مرحبا", "O'Neill – Part 2"):
        hidden_characters_refuse(name)


@pytest.mark.parametrize(
    ("name", "lookalike"),
    [
        ("author", "\u0430uthor"),  # Cyrillic а
        ("author", "AUTHOR"),
        ("spike", "ѕріке"),  # Cyrillic ѕ, р, і, к, е
        ("omega", "\u03bfmega"),  # Greek ο
        ("modern", "rnodern"),
        ("bloody", "ｂｌｏｏｄｙ"),  # fullwidth, folded by NFKC
        ("jane_doe", "jane.doe"),
        ("zoe", "zoë"),
        ("lol", "101"),
    ],
)
def test_it_gives_look_alike_names_one_skeleton(name, lookalike):
    assert name_skeleton(name) == name_skeleton(lookalike)


def test_it_keeps_different_names_apart():
    assert name_skeleton("spike") != name_skeleton("spiky")
    assert name_skeleton("willow") != name_skeleton("willo")
