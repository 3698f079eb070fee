"""Names that differ only by characters that look alike: a Cyrillic 'о' for a Latin 'o', an
en dash for a hyphen, a zero-width space. Pasted from chat or a document, they make a reference
that looks right and is not; the hint names the exact character so it can be found and retyped.
"""

from __future__ import annotations

import unicodedata

_INVISIBLE = {
    "\u200b",  # zero width space
    "\u200c",  # zero width non-joiner
    "\u200d",  # zero width joiner
    "\u2060",  # word joiner
    "\ufeff",  # zero width no-break space (BOM)
    "\u00ad",  # soft hyphen
}
# Letters that render like Latin ones in common fonts (Unicode's confusables, the usual subset).
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    # Greek
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Dashes and other punctuation that pass for '-', '_' or '.'
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\ufe63": "-", "\uff0d": "-", "\u2024": ".", "\uff0e": ".", "\uff3f": "_",
}  # fmt: skip


def skeleton(text: str) -> str:
    """The plain-ASCII reading of `text`: look-alikes replaced, invisible characters removed."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(_LOOKALIKES.get(ch, ch) for ch in folded if ch not in _INVISIBLE)


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "unnamed character")
    return f"U+{ord(ch):04X} {name}"


def lookalike_of(word: str, choices: list[str]) -> str | None:
    """The choice `word` differs from only by look-alike or invisible characters, if any."""
    if word.isascii():
        return None
    target = skeleton(word)
    for choice in choices:
        if choice != word and skeleton(choice) == target:
            return choice
    return None


def explain(word: str) -> str:
    """Which characters of `word` are not what they seem, by position, for the message."""
    suspects = [
        f"{_describe(ch)} at position {index + 1}"
        for index, ch in enumerate(word)
        if ch in _INVISIBLE or ch in _LOOKALIKES or (not ch.isascii() and skeleton(ch) != ch)
    ]
    return ", ".join(suspects) if suspects else "non-ASCII characters"
