"""Access lines never hold a ticket after /receipt/ or /track/, a rating token, a secret or a contact."""

from __future__ import annotations

import json

import pytest

from minqing_kit.gunicorn_conf import access_line, service_of
from minqing_kit.logs import mask_target


@pytest.mark.parametrize(
    "path, query, expected",
    [
        ("/receipt/XL-20261201-0001", "", "/receipt/*"),
        ("/track/XL-20261201-0001", "secret=Ab3dEf", "/track/*?secret=*"),
        ("/rate/eyJhbGciOiJFZERTQSJ9.eyJ0IjoiWEwifQ.c2ln", "", "/rate/*"),
        ("/api/v1/evaluations/rt0123456789abcdef/extra", "", "/api/v1/evaluations/*/extra"),
        ("/api/v1/project-ratings/pr0123", "", "/api/v1/project-ratings/*"),  # a household's project link
        (
            "/open311/v2/requests.json",
            "api_key=k1&jurisdiction_id=xinlin",
            "/open311/v2/requests.json?api_key=*&jurisdiction_id=xinlin",
        ),
        ("/api/v1/cases", "limit=20&after=q8Zr7KpLw2XyTbN4vM1sQe", "/api/v1/cases?limit=20&after=*"),
        ("/api/v1/search", "q=13912345678", "/api/v1/search?q=[phone]"),
        ("/api/v1/cases/XL-20261201-0001", "", "/api/v1/cases/XL-20261201-0001"),
    ],
)
def test_targets_are_masked(path, query, expected):
    assert mask_target(path, query) == expected


def test_an_access_line_is_json_with_the_correlation_id_and_no_address():
    line = json.loads(access_line("intake", "GET", "/track/*", "200", 512, 3.2, "corr-1"))
    assert line["service"] == "intake" and line["correlation_id"] == "corr-1" and line["status"] == 200
    assert not {"remote_addr", "client", "ip", "user_agent", "referer"} & line.keys()
    assert service_of("minqing_routing.wsgi:app") == "routing" and service_of("other:app") == "minqing"
