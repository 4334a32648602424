"""Bad input for every JSON route of a service's app (issue 12, item 10): deep nesting, NUL in the
path, query and body, lone surrogates, negative, huge and non-numeric numbers, ids past bigint, path
traversal, and the wrong JSON type for every field of one representative body, plus a little seeded
random generation; each route gets a seeded sample of the body variants. ``answers_without_5xx``
sends it all and returns every answer that is a 5xx or not a structured error, so a test asserts
the list is empty and sees what failed."""

from __future__ import annotations

import json
import random
from urllib.parse import quote

BIGINT_PAST = str(2**63)
PATH_VALUES = ("a\x00b", "\x01", "-1", "0", BIGINT_PAST, "9" * 40, "..%2F..%2Fetc%2Fpasswd", "%ED%A0%80")
QUERY_VALUES = (
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "99999999999999999999999",
    BIGINT_PAST,
    "abc",
    "1.5",
    "2026-13",
    "2026-02-30",
    "9999-12",
    "0001-01-01",
    "%ED%A0%80",
    "",
    "\x7f",
)
QUERY_NAMES = (
    "limit",
    "month",
    "from",
    "to",
    "date",
    "quarter",
    "level",
    "state",
    "overdue",
    "deadline_before",
    "below",
    "unread",
    "case_id",
    "ticket",
    "recipient",
    "status",
    "delivery",
    "unit",
    "parent",
    "jurisdiction_id",
    "service_code",
    "service_request_id",
    "start_date",
    "end_date",
    "api_key",
)
WRONG_TYPES = (
    None,
    True,
    0,
    -1,
    1.5,
    2**63,
    10**400,
    "",
    "x" * 10_000,
    [],
    [1],
    {},
    {"a": 1},
    "\x00",
    "att:../../../etc/passwd",
)
RAW_BODIES = (
    b"[" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    b"[" * 40 + b"]" * 40,
    b'{"content": "\\ud800 ' + b"lone surrogate" + b'"}',
    b'{"content": "\xed\xa0\x80"}',
    b'{"x": NaN}',
    b'{"x": Infinity}',
    b"1" * 5000,
    b"null",
    b"[]",
    b'"text"',
    b"{",
    b"\xff\xfe",
    b'{"\\u0000": 1}',
)


VARIANTS_PER_ROUTE = 60  # a seeded sample of the body variants each, so that many routes stay quick


def json_routes(app, prefixes=("/api/",)) -> list[tuple[str, str]]:
    """(method, rule) of every route under ``prefixes``, HEAD and OPTIONS left out."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(prefixes):
            found += [(method, rule.rule) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def fill(rule: str, values: dict[str, str], override: tuple[str, str] | None = None) -> str:
    """The rule's URL with each ``<converter:name>`` replaced by ``values[name]`` (or ``override``)."""
    path, rest = "", rule
    while "<" in rest:
        before, _, tail = rest.partition("<")
        spec, _, rest = tail.partition(">")
        name = spec.split(":")[-1]
        value = override[1] if override and override[0] == name else values.get(name, "x")
        path += before + (value if "%" in value else quote(value, safe=""))
    return path + rest


def _field_variants(body: dict, rng: random.Random):
    """Each top-level and nested field replaced by each wrong type; a few random bodies."""
    for name, value in body.items():
        for wrong in WRONG_TYPES:
            yield {**body, name: wrong}
        if isinstance(value, dict):
            for inner in value:
                yield from ({**body, name: {**value, inner: wrong}} for wrong in WRONG_TYPES[:9])
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for inner in value[0]:
                yield from ({**body, name: [{**value[0], inner: wrong}]} for wrong in WRONG_TYPES)
    for _ in range(20):
        yield {name: _random_value(rng, 3) for name in rng.sample(list(body), k=rng.randint(1, len(body)))}


def _random_value(rng: random.Random, depth: int):
    kind = rng.randrange(7 if depth else 4)
    if kind == 0:
        return rng.choice(WRONG_TYPES)
    if kind == 1:
        return rng.randint(-(2**70), 2**70)
    if kind == 2:
        return "".join(chr(rng.choice((0, 9, 10, 0x7F, 0x4E00, 0xFFFD, rng.randrange(32, 127)))) for _ in range(8))
    if kind == 3:
        return rng.random() * 10 ** rng.randint(-5, 300)
    if kind in (4, 5):
        return [_random_value(rng, depth - 1) for _ in range(rng.randint(0, 3))]
    return {str(rng.randrange(99)): _random_value(rng, depth - 1) for _ in range(rng.randint(0, 3))}


def _problem(method: str, url: str, response) -> str | None:
    if response.status_code >= 500:
        return f"{method} {url!r}: {response.status_code} {response.get_data(as_text=True)[:200]}"
    if response.status_code < 400:
        return None
    found = response.get_json(silent=True)
    error = (
        found[0]
        if isinstance(found, list) and found
        else (found or {}).get("error")
        if isinstance(found, dict)
        else None
    )
    if not isinstance(error, dict) or not error.get("code"):
        return f"{method} {url!r}: {response.status_code} without a JSON error code: {response.get_data()[:200]!r}"
    return None


def answers_without_5xx(client, routes, values: dict[str, str], body: dict, headers: dict, seed: int = 12) -> list[str]:
    """Every problem found sending the bad inputs to ``routes``; empty when each answer is a 2xx-4xx
    and each 4xx is a structured JSON error."""
    rng, problems = random.Random(seed), []
    variants = list(_field_variants(body, rng))

    def send(method: str, url: str, **kwargs) -> None:
        response = client.open(url, method=method, headers=headers, **kwargs)
        problems.extend(filter(None, [_problem(method, url, response)]))

    for method, rule in routes:
        for name in [n.split(":")[-1] for n in rule.replace(">", "<").split("<")[1::2]]:
            for value in PATH_VALUES:
                send(method, fill(rule, values, (name, value)))
        url = fill(rule, values)
        for value in QUERY_VALUES:
            send(method, url + "?" + "&".join(f"{n}={quote(value, safe='%')}" for n in QUERY_NAMES))
        if method in ("POST", "PUT", "PATCH"):
            for raw in RAW_BODIES:
                send(method, url, data=raw, content_type="application/json")
            send(method, url, data="content=x", content_type="text/plain")
            for variant in rng.sample(variants, min(len(variants), VARIANTS_PER_ROUTE)):
                send(method, url, data=json.dumps(variant), content_type="application/json")
    return problems
