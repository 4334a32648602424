"""Structured API errors: a code, a message in English and Chinese, and per-field reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the domain raises these errors, so no web framework is imported here
    from werkzeug.exceptions import HTTPException


@dataclass
class FieldError:
    field: str
    reason: str
    reason_zh: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason, "reason_zh": self.reason_zh}


@dataclass
class ApiError(Exception):
    status: int
    code: str
    message: str
    message_zh: str
    fields: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message, "message_zh": self.message_zh}
        if self.fields:
            body["fields"] = [f.to_dict() for f in self.fields]
        return {"error": body}


def invalid(fields: list[FieldError]) -> ApiError:
    return ApiError(422, "invalid", "the request has invalid fields", "请求中有字段不合格", fields)


HTTP_MESSAGES_ZH = {
    400: "请求格式错误",
    401: "需要登录",
    403: "无权访问",
    404: "未找到",
    405: "不支持该方法",
    409: "状态冲突",
    413: "请求内容过大",
    415: "不支持的内容类型",
    422: "请求中有字段不合格",
    429: "请求过于频繁",
    500: "服务器内部错误",
    503: "服务暂不可用",
}


def from_http(error: HTTPException) -> ApiError:
    """An HTTP error raised by Flask or werkzeug (unknown URL, wrong method, body too large ...) in
    the same structure, keeping its headers (``Allow`` on a 405) but not its HTML content type."""
    status = error.code or 500
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    return ApiError(
        status,
        (error.name or "error").lower().replace(" ", "_"),
        error.description or "",
        HTTP_MESSAGES_ZH.get(status, "请求失败"),
        headers=headers,
    )
