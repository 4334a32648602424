"""Reply templates (答复模板) from the district's configuration: those a unit is offered for a category, and
the text a chosen one puts in the reply box, which the handler edits before sending."""

from __future__ import annotations

from minqing_contracts.org import ReplyTemplate


def offered(config, unit_id: str, category: str | None = None) -> list[ReplyTemplate]:
    """The unit's templates, for ``category`` (and those for every category) when one is named."""
    return [
        t
        for t in config.reply_templates
        if (not t.units or unit_id in t.units) and (category is None or t.category in ("*", category))
    ]


def chosen(config, unit_id: str, code: str | None, category: str | None = None) -> ReplyTemplate | None:
    return next((t for t in offered(config, unit_id, category) if t.code == code), None) if code else None
