"""Recurring problems on a month with known answers: three planted causes (one building block's water
pressure, a morning market's loudspeakers, delivery riders charging e-bikes), each reported by several
residents in their own words from several grids of one street, mixed with the 235 labelled pairs'
requests as noise (other problems, at most three reports each). Pure rules; words from jieba."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import yaml

from minqing_evaluation.domain.recurring import Request, find, ranked
from minqing_evaluation.recurring_problems import words

FIXTURES = Path(__file__).parents[1] / "fixtures"
PLANTED = yaml.safe_load((FIXTURES / "recurring_problems.yaml").read_text())["problems"]
PAIRS = yaml.safe_load((FIXTURES / "duplicate_pairs.yaml").read_text())["pairs"]
FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)
CATEGORIES = ("municipal", "environment", "public_safety", "property")
GRIDS = {"s1": ("S1-G1", "S1-G2", "S1-G3", "S1-G4"), "s2": ("S2-G1", "S2-G2")}


def _month() -> list[Request]:
    rng, requests = random.Random(16), []
    noise = sorted({side["text"] for pair in PAIRS for side in (pair["a"], pair["b"])})
    for n, text in enumerate(noise):
        street = "s1" if n % 3 else "s2"
        requests.append(_request(f"noise-{n}", text, CATEGORIES[n % 4], rng.choice(GRIDS[street]), street, rng))
    for name, problem in PLANTED.items():
        for n, text in enumerate(problem["texts"]):
            requests.append(_request(f"{name}-{n}", text, problem["category"], GRIDS["s1"][n % 3], "s1", rng, late=n))
    return requests


def _request(ticket: str, text: str, category: str, grid: str, street: str, rng, late: int = 0) -> Request:
    day = FIRST + timedelta(days=min(29, rng.randrange(0, 20) + late))  # planted ones drift later: growth
    return Request(ticket, ticket, category, grid, street, day, words(text))


def test_each_planted_cause_is_one_problem_explained_by_its_words_places_and_tickets():
    problems = find(_month(), FIRST, LAST)
    print(f"{len(problems)} problems:", [(p.size, p.category, p.top_words[:3]) for p in problems])
    for name, planted in PLANTED.items():
        best = max(problems, key=lambda p: sum(t.startswith(name) for t in p.case_ids))
        mine = sum(t.startswith(name) for t in best.case_ids)
        recall, purity = mine / len(planted["texts"]), mine / best.size
        print(f"{name}: recall {recall:.2f}, purity {purity:.2f}, words {best.top_words}, grids {best.grids}")
        assert recall >= 0.7 and purity >= 0.7, name
        assert set(planted["key_words"]) & set(best.top_words), (name, best.top_words)
        assert best.spread >= 2 and all(t.startswith(name) for t in best.samples)
    assert len(problems) == 3  # the noise (at most three reports of any one problem) makes none of its own


def test_a_non_public_request_counts_in_its_problem_but_is_never_a_sample_ticket():
    month = _month()
    hidden = {r.ticket for r in month if not r.ticket.startswith("noise")}
    problems = find([replace(r, public=r.ticket not in hidden) for r in month], FIRST, LAST)
    assert [p.size for p in problems] == [p.size for p in find(month, FIRST, LAST)]  # counted as before
    assert all(not hidden & set(p.samples) for p in problems)  # every planted request 不公开: none shown
    assert all(set(p.samples) <= hidden for p in find(month, FIRST, LAST) if p.samples)  # they were, all public


def test_problems_rank_by_size_growth_and_spread():
    problems = find(_month(), FIRST, LAST)
    assert [p.size for p in problems] == sorted((p.size for p in problems), reverse=True)
    assert ranked(problems, "growth")[0].growth == max(p.growth for p in problems)
    assert ranked(problems, "spread")[0].spread == max(p.spread for p in problems)


def test_a_month_of_duplicates_alone_has_no_recurring_problem():
    rng = random.Random(3)
    noise = [_request(f"n-{n}", p["a"]["text"], "property", "S1-G1", "s1", rng) for n, p in enumerate(PAIRS[:60])]
    assert find(noise, FIRST, LAST) == []  # twenty problems reported three times each: below five cases


def test_a_non_public_requests_words_are_never_a_problems_top_words():
    """The dashboard and the API are public: a word only 不公开 texts have is no top word; a problem whose
    cases are 不公开 but one is explained by that one's words alone."""
    month = _month()
    hidden = {f"market_noise-{n}" for n in range(5)}  # 5 of its 7 reports
    marked = [replace(r, words=r.words | {"秘密"}) if r.ticket in hidden else r for r in month]
    market = next(p for p in find(marked, FIRST, LAST) if p.category == "environment")
    assert "秘密" in market.top_words  # 5 cases have it, no other in the district: a top word
    hiding = [replace(r, public=r.ticket not in hidden) for r in marked]
    problems = find(hiding, FIRST, LAST)
    market = next(p for p in problems if p.category == "environment")
    assert "秘密" not in market.top_words and {"早市", "叫卖"} & set(market.top_words)
    public_words = set().union(*(r.words for r in hiding if r.public))
    assert all(set(p.top_words) <= public_words for p in problems)
    sizes = [p.size for p in find(month, FIRST, LAST)]
    alone = find([replace(r, public=not r.ticket.startswith("market_noise")) for r in month], FIRST, LAST)
    assert [p.size for p in alone] == sizes  # still counted as before
    (market,) = [p for p in alone if p.category == "environment"]
    others = [r for r in month if r.case_id in market.case_ids and not r.ticket.startswith("market_noise")]
    assert market.samples == [r.ticket for r in others]  # the one public case of the group (noise-149)
    assert set(market.top_words) <= set().union(*(r.words for r in others))  # its words alone
