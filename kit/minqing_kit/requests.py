"""What a request carries, read into checked values once for every service: the JSON body, the URL
guard against control characters, bounded integers, dates and months from the query string.

Everything refused is an ApiError naming the field, before it can reach a view or the database:
PostgreSQL refuses NUL in text (a DataError, once a 500), a lone surrogate cannot be encoded, and
deep nesting exhausts the parser's recursion.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, NoReturn

from flask import request

from .errors import ApiError, FieldError, invalid

MAX_DEPTH = 32  # no body of ours nests more than four levels
MAX_REPORTED = 20
NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # never meant in a path or a parameter's name
VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, LF and CR may be meant in free text
SURROGATE = re.compile(r"[\ud800-\udfff]")
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
INTEGER = re.compile(r"-?[0-9]{1,19}")
DECIMAL = re.compile(r"-?[0-9]{1,20}(\.[0-9]{1,20})?([eE][-+]?[0-9]{1,3})?")
FIRST_YEAR, LAST_YEAR = 1900, 2999


def bad_json(message: str, message_zh: str, fields: list[FieldError] | None = None) -> ApiError:
    return ApiError(400, "bad_json", message, message_zh, fields or [])


def json_object(required: bool = True) -> dict[str, Any]:
    """The request's JSON object body; an empty body is ``{}`` when not ``required``."""
    raw = request.get_data(cache=True)
    if not raw and not required:
        return {}
    if raw and not request.is_json:
        raise ApiError(
            415,
            "unsupported_media_type",
            "send the body as JSON (Content-Type: application/json)",
            "请求体须为JSON(Content-Type: application/json)",
        )
    try:
        found = json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise bad_json(f"the body nests deeper than {MAX_DEPTH} levels", f"请求体嵌套超过{MAX_DEPTH}层") from None
    except ValueError:
        found = None
    if not isinstance(found, dict):
        raise bad_json("the body must be a JSON object", "请求体须为JSON对象")
    _refuse_unstorable(found)
    return found


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _refuse_unstorable(body: dict[str, Any]) -> None:
    """Too deep nesting and lone surrogates make the body bad JSON; NUL in a string is a field error."""
    surrogates: list[str] = []
    nul: list[str] = []
    stack: list[tuple[object, str, int]] = [(body, "", 1)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, (dict, list)) and depth > MAX_DEPTH:
            raise bad_json(f"the body nests deeper than {MAX_DEPTH} levels", f"请求体嵌套超过{MAX_DEPTH}层")
        if isinstance(value, dict):
            for key, inner in value.items():
                _classify(key, where or "(key)", surrogates, nul)
                stack.append((inner, f"{where}.{_printable(key)}" if where else _printable(key), depth + 1))
        elif isinstance(value, list):
            stack.extend((inner, f"{where}[{index}]", depth + 1) for index, inner in enumerate(value))
        elif isinstance(value, str):
            _classify(value, where, surrogates, nul)
    if surrogates:
        raise bad_json(
            "a string holds a lone surrogate (not valid Unicode)",
            "文本中含有无效的Unicode字符",
            [
                FieldError(f, "holds a lone surrogate (not valid Unicode)", "含有无效的Unicode字符")
                for f in sorted(set(surrogates))[:MAX_REPORTED]
            ],
        )
    if nul:
        raise invalid(
            [
                FieldError(f, "must not contain NUL characters", "不得包含空字符")
                for f in sorted(set(nul))[:MAX_REPORTED]
            ]
        )


def _classify(text: str, where: str, surrogates: list[str], nul: list[str]) -> None:
    if SURROGATE.search(text):
        surrogates.append(where)
    elif "\x00" in text:
        nul.append(where)


def _printable(name: str) -> str:
    """A name safe to echo in an error (a lone surrogate would break the JSON answer itself)."""
    return UNPRINTABLE.sub("?", name)


def refuse_control_characters() -> None:
    """before_request: no control character in the path, a parameter's name, or a query or form value
    (tab, LF and CR allowed in values, which may be free text); NUL is refused everywhere."""
    if NAME_CONTROL.search(request.path):
        named = [k for k, v in (request.view_args or {}).items() if isinstance(v, str) and NAME_CONTROL.search(v)]
        raise _control_error(named or ["path"])
    bad = [
        name
        for source in (request.args, request.form)
        for name, value in source.items(multi=True)
        if NAME_CONTROL.search(name) or VALUE_CONTROL.search(value)
    ]
    if bad:
        raise _control_error(bad)


def _control_error(names: list[str]) -> ApiError:
    fields = [
        FieldError(_printable(n), "must not contain control characters such as NUL", "不得包含空字符等控制字符")
        for n in sorted(set(names))[:MAX_REPORTED]
    ]
    return ApiError(
        400,
        "control_characters",
        "the URL or form holds a control character such as NUL",
        "网址或表单中含有空字符等控制字符",
        fields,
    )


def int_query(name: str, default: int, minimum: int, maximum: int) -> int:
    """``?name=`` as an integer from ``minimum`` to ``maximum``, else a field error."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not INTEGER.fullmatch(raw) or not minimum <= int(raw) <= maximum:
        raise invalid(
            [FieldError(name, f"must be an integer from {minimum} to {maximum}", f"须为{minimum}至{maximum}之间的整数")]
        )
    return int(raw)


def float_query(name: str, minimum: float, maximum: float) -> float | None:
    """``?name=`` as a decimal number from ``minimum`` to ``maximum`` (None when absent), else a field error."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if not DECIMAL.fullmatch(raw) or not minimum <= float(raw) <= maximum:
        raise invalid(
            [FieldError(name, f"must be a number from {minimum} to {maximum}", f"须为{minimum}至{maximum}之间的数")]
        )
    return float(raw)


def parse_date(name: str, text: str) -> date:
    """``YYYY-MM-DD`` (years 1900-2999), else a field error naming ``name``."""
    found = _calendar(text, r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
    if found is None:
        raise invalid(
            [FieldError(name, f"must be a date YYYY-MM-DD ({FIRST_YEAR}-{LAST_YEAR})", "须为YYYY-MM-DD格式的日期")]
        )
    return found


def parse_month(name: str, text: str) -> date:
    """``YYYY-MM`` (years 1900-2999) as the month's first day, else a field error naming ``name``."""
    found = _calendar(text, r"([0-9]{4})-([0-9]{2})")
    if found is None:
        raise invalid(
            [FieldError(name, f"must be a month YYYY-MM ({FIRST_YEAR}-{LAST_YEAR})", "须为YYYY-MM格式的月份")]
        )
    return found


def _calendar(text: str, pattern: str) -> date | None:
    match = re.fullmatch(pattern, text or "")
    if match is None:
        return None
    year, month, day = (int(part) for part in (*match.groups(), 1)[:3])
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if FIRST_YEAR <= year <= LAST_YEAR else None
