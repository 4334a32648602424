"""A per-process memory of intake's answer to ``GET /api/v1/case-photos`` (which photos a case and the cases
merged into it came with), so that the case page does not ask intake on every view.

A case's photos are only ever added (a resident's filing, a 我也遇到了 co-reporter's case merged into it), so
an answer stays right for a while: it is kept ``FRESH_SECONDS`` per district and set of tickets (a merge
changes the set, hence the key; a photo added to one of them shows after at most that long). Intake not
answering is remembered ``DOWN_SECONDS``, so that a page does not wait the whole timeout on every view while
intake is down; the page says then that the photos cannot be loaded. Listing is not viewing a photo: intake
audits each photo read, never the list, so nothing audited is skipped by keeping it."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

FRESH_SECONDS = 60.0
DOWN_SECONDS = 10.0
CAPACITY = 5000  # entries; the oldest is dropped beyond it

Photos = list[dict]  # [{ticket, photo_id}]


class PhotoLists:
    def __init__(
        self,
        fresh_seconds: float = FRESH_SECONDS,
        down_seconds: float = DOWN_SECONDS,
        capacity: int = CAPACITY,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.fresh_seconds, self.down_seconds, self.capacity, self.clock = fresh_seconds, down_seconds, capacity, clock
        self._kept: OrderedDict[tuple[str, tuple[str, ...]], tuple[float, Photos | None]] = OrderedDict()
        self._lock = threading.Lock()

    def photos(self, district: str, tickets: Sequence[str], load: Callable[[], Photos | None]) -> Photos | None:
        """The photos of ``tickets`` as seen from ``district``: kept, else ``load()`` (None: intake did not
        answer), which is kept in turn. ``load`` runs outside the lock: a slow intake holds up no other case."""
        key, now = (district, tuple(tickets)), self.clock()
        with self._lock:
            found = self._kept.get(key)
            if found is not None and found[0] > now:
                return found[1]
        loaded = load()
        until = now + (self.fresh_seconds if loaded is not None else self.down_seconds)
        with self._lock:
            self._kept[key] = (until, loaded)
            self._kept.move_to_end(key)
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)
        return loaded
