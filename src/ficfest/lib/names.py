"""Names people read: user names, pseuds, titles and tags.

Characters nobody sees can still change what a reader sees: a right-to-left override turns
“Spike/Buffy” around, a zero-width space makes a second “author” that looks like the first, a
soft hyphen hides inside a tag. Names refuse them all. And two user names that look alike
(a Cyrillic “а” for a Latin “a”) are one person posing as another: ``name_skeleton`` gives
both the same skeleton, so sign-up can refuse the second.
"""

import unicodedata

from django.core.exceptions import ValidationError

# Direction controls are Cf like the rest, named here because they are the dangerous ones.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Format and control characters, and line and paragraph separators: none draws anything.
_HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Zl", "Zp"})

# Letters of other scripts drawn like Latin ones, and digits like letters (after NFKC and
# casefold, so lower case only). The common look-alikes, not Unicode's whole table.
_LOOKALIKES = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ϲ": "c", "ϳ": "j",
    # Latin variants and digits
    "ı": "i", "ȷ": "j", "ł": "l", "0": "o", "1": "l", "|": "l", "5": "s",
    # Punctuation a name may use, all read as one
    "-": "_", ".": "_", "–": "_", "—": "_", "‐": "_",
})  # fmt: skip
# Pairs of letters drawn like one.
_LIGATURES = (("rn", "m"), ("vv", "w"))


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def hidden_character(value: str) -> str | None:
    """The first invisible or direction-changing character, described for the writer."""
    for char in value:
        if char in _BIDI:
            return f"a character that changes the direction of text ({_describe(char)})"
        if unicodedata.category(char) in _HIDDEN_CATEGORIES:
            return f"an invisible character ({_describe(char)})"
    return None


def without_hidden(value: str) -> str:
    """The value as it can be shown back safely in a message."""
    return "".join(c for c in value if c not in _BIDI and unicodedata.category(c)
                   not in _HIDDEN_CATEGORIES)  # fmt: skip


def hidden_characters_refuse(value: str) -> None:
    """The validator of names and titles: a ValidationError naming the first invisible or
    direction-changing character."""
    if found := hidden_character(value):
        raise ValidationError(
            f"Names and titles can't contain {found}: please remove it.", code="hidden"
        )


def name_skeleton(name: str) -> str:
    """What a name looks like: equal skeletons are names a reader cannot tell apart."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    # Accents go too: “Àuthor” reads as “Author” at a glance.
    bare = "".join(
        c for c in unicodedata.normalize("NFD", folded) if unicodedata.category(c) != "Mn"
    )
    skeleton = bare.translate(_LOOKALIKES)
    for pair, single in _LIGATURES:
        skeleton = skeleton.replace(pair, single)
    return skeleton
