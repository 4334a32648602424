"""How many SMS segments a text needs, as carriers count them.

GSM 03.38 (7-bit) when every character is in the GSM alphabet: 160 characters in one message,
153 per segment when concatenated (the user-data header takes 7). Otherwise UCS-2, which every
Chinese text needs: 70 characters in one message, 67 per segment when concatenated. Characters
of the GSM extension table count twice; characters outside the BMP (some emoji, rare 汉字 of
CJK extension B) take two UTF-16 code units and count twice in UCS-2.
"""

from __future__ import annotations

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")

UCS2_SINGLE, UCS2_PART = 70, 67
GSM_SINGLE, GSM_PART = 160, 153


def encoding(text: str) -> str:
    return "gsm7" if all(c in GSM_BASIC or c in GSM_EXTENSION for c in text) else "ucs2"


def units(text: str) -> int:
    """Length in the units the carrier counts (septets or UTF-16 code units)."""
    if encoding(text) == "gsm7":
        return sum(2 if c in GSM_EXTENSION else 1 for c in text)
    return len(text.encode("utf-16-le")) // 2


def segments(text: str) -> int:
    """Number of SMS segments ``text`` needs (an empty text still costs one message)."""
    single, part = (GSM_SINGLE, GSM_PART) if encoding(text) == "gsm7" else (UCS2_SINGLE, UCS2_PART)
    length = units(text)
    if length <= single:
        return 1
    return -(-length // part)
