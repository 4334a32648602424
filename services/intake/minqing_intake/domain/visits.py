"""A visit (走访) as a grid worker sends it: the households of one grid visited, and each matter heard
with its outcome (filed as a case, resolved on the spot, or an opinion)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from minqing_kit.errors import FieldError

OUTCOMES = ("case", "resolved", "opinion")


@dataclass(frozen=True)
class Matter:
    outcome: str  # case | resolved | opinion
    content: str
    household_id: str | None = None
    category: str | None = None
    urgent: bool = False
    public: bool | None = None  # a filed matter's 公开 / 不公开 as asked; None: not asked (shown as before)


@dataclass(frozen=True)
class VisitInput:
    district: str
    grid_code: str
    visited_at: datetime
    household_ids: tuple[str, ...]
    matters: tuple[Matter, ...] = ()

    def fingerprint(self) -> str:
        data = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()

    def problems(self) -> list[FieldError]:
        """A matter must name one of the households visited, if it names one."""
        return [
            FieldError(f"matters[{i}].household_id", "not one of the households visited", "不是本次走访的住户")
            for i, m in enumerate(self.matters)
            if m.household_id and m.household_id not in self.household_ids
        ]
