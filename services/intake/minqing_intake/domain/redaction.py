"""Redaction (脱敏) of text that leaves intake for the public: replies and step notes on the public view
(公示), the tracking page anyone may open and Open311's status_notes. Contact-like strings are replaced
by a bracketed label:

- mainland mobile numbers: ``1[3-9]`` and nine digits, with ``+86``/``0086``/``86`` before, spaces or
  dashes between the groups (``139 1234 5678``, ``+86-139-1234-5678``);
- landlines: an area code ``0xx``/``0xxx`` (in brackets or not) and a 7–8 digit number, with spaces or
  dashes (``010-12345678``, ``0571 8888 8888``, ``(021)6123-4567``, ``0457-3621 888``) and an
  extension (``转123``);
- a number given after a phone cue (电话, 手机, 座机, 联系方式, tel), which catches local numbers without
  an area code (``电话 8888 8888``), and WeChat or QQ accounts after their cue;
- 18-digit resident ID-card numbers (the last may be ``X``) and 16–19 digit bank-card numbers;
- e-mail addresses;
- a name introduced as one (我叫…, 联系人…, 姓名…): names elsewhere cannot be told from other words, which
  is one reason why the public never reads a resident's own text, only replies and notes about it.

Dates, times, amounts, house numbers (3号楼2单元501), the 12345 hotline and plate numbers stay as written:
every number pattern requires that no digit stands right before or after it. Full-width digits (１３９…)
are read as digits, and come out half-width.
"""

from __future__ import annotations

import re

PHONE, ID_CARD, CARD, EMAIL, NAME, ACCOUNT = "[电话]", "[身份证号]", "[卡号]", "[邮箱]", "[姓名]", "[账号]"
HAN = "\u4e00-\u9fff"
_SEP = r"[ \u3000\-\u2010-\u2014]?"  # one space (also the ideographic one), hyphen or dash between digit groups

_HALF_WIDTH = str.maketrans("０１２３４５６７８９＋－＠", "0123456789+-@")  # typed with a Chinese input method
_AREA = r"(?:[(（]0\d{2,3}[)）]|0\d{2,3})"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"), EMAIL),
    (re.compile(r"(?<![\dA-Za-z])\d{6} ?(?:18|19|20)\d{2}[01]\d[0-3]\d ?\d{3}[\dXx](?![\dA-Za-z])"), ID_CARD),
    (re.compile(rf"(?<![\d.])\d{{4}}(?:{_SEP}\d{{4}}){{3}}(?:{_SEP}\d{{1,3}})?(?![\d.])"), CARD),
    (re.compile(rf"(?<![\d.])(?:(?:\+|00)?86{_SEP})?1[3-9]\d(?:{_SEP}\d{{4}}){{2}}(?![\d.])"), PHONE),
    (re.compile(rf"(?<![\d.]){_AREA}{_SEP}\d(?:{_SEP}\d){{6,7}}(?:(?:转|-|ext\.?)\d{{1,5}})?(?![\d.])"), PHONE),
    (
        re.compile(
            r"(?i)((?:电话|手机|座机|联系方式|tel)(?:号码|号)?\s*(?:是|为)?\s*[:：]?\s*)"
            r"\d(?:[ \-]?\d){6,11}(?!\d)"
        ),
        r"\1" + PHONE,
    ),
    (re.compile(r"(?i)((?:微信|wechat|qq)号?\s*(?:是|为)?\s*[:：]?\s*)[A-Za-z0-9_\-]{5,20}"), r"\1" + ACCOUNT),
    (
        re.compile(
            rf"((?:我叫|我的名字是|(?:联系人|姓名|报告人|反映人)\s*[:：\s])\s*)"
            rf"[{HAN}·]{{2,4}}?(?=[^{HAN}·]|$|电话|手机|联系|住|是|的|在|家)"
        ),
        r"\1" + NAME,
    ),
)


def redact(text: str | None) -> str | None:
    """The text with every contact-like string replaced by its label; None stays None."""
    if text is None:
        return None
    text = text.translate(_HALF_WIDTH)
    for pattern, label in _RULES:
        text = pattern.sub(label, text)
    return text
