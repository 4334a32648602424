"""``PhotoLists``: intake's lists of a case's photos kept per district and set of tickets, an answer for a
minute, a failure for ten seconds, the oldest entry dropped beyond the capacity."""

from __future__ import annotations

from minqing_routing.photo_lists import PhotoLists


class Loads:
    """A loader that counts its calls and answers ``answer`` (None: intake did not answer)."""

    def __init__(self, answer):
        self.answer, self.calls = answer, 0

    def __call__(self):
        self.calls += 1
        return self.answer


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


PHOTO = [{"ticket": "T-1", "photo_id": "p1"}]


def test_an_answer_is_kept_a_minute_then_asked_again():
    clock, load = Clock(), Loads(PHOTO)
    lists = PhotoLists(fresh_seconds=60, clock=clock)
    assert lists.photos("d", ["T-1"], load) == PHOTO
    clock.now = 59.9
    assert lists.photos("d", ["T-1"], load) == PHOTO and load.calls == 1
    clock.now = 60.0
    assert lists.photos("d", ["T-1"], load) == PHOTO and load.calls == 2


def test_a_failure_is_kept_briefly_and_not_instead_of_a_later_answer():
    clock, down = Clock(), Loads(None)
    lists = PhotoLists(fresh_seconds=60, down_seconds=10, clock=clock)
    assert lists.photos("d", ["T-1"], down) is None
    clock.now = 9
    assert lists.photos("d", ["T-1"], down) is None and down.calls == 1
    clock.now = 10
    up = Loads(PHOTO)
    assert lists.photos("d", ["T-1"], up) == PHOTO and up.calls == 1


def test_each_district_and_set_of_tickets_is_its_own_entry():
    load = Loads(PHOTO)
    lists = PhotoLists(clock=Clock())
    for district, tickets in (("d", ["T-1"]), ("e", ["T-1"]), ("d", ["T-1", "T-2"]), ("d", ["T-1"])):
        lists.photos(district, tickets, load)
    assert load.calls == 3  # a merge adds a ticket: a new list; another district's staff: their own


def test_beyond_the_capacity_the_oldest_entry_is_dropped():
    load = Loads(PHOTO)
    lists = PhotoLists(capacity=2, clock=Clock())
    for ticket in ("T-1", "T-2", "T-3", "T-2", "T-1"):
        lists.photos("d", [ticket], load)
    assert load.calls == 4  # T-1 dropped for T-3, asked again; T-2 still kept
