"""A mistyped page URL in a browser gets the shared HTML error page (404, with the service's 首页
link) while API clients at an unknown /api/... URL keep the JSON error: each service's app through
Flask's test client on a real PostgreSQL database."""

from __future__ import annotations

import re

import pytest

from minqing_evaluation.definition import DEFINITION as EVALUATION
from minqing_evaluation.web import create_app as evaluation_app
from minqing_intake.definition import DEFINITION as INTAKE
from minqing_intake.web import create_app as intake_app
from minqing_routing.definition import DEFINITION as ROUTING
from minqing_routing.web import create_app as routing_app

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"}

# service: (definition, app factory, a mistyped page URL, the error page's 首页 link)
SERVICES = {
    "routing": (ROUTING, routing_app, "/workbench/nosuch", "/workbench"),
    "intake": (INTAKE, intake_app, "/trak", "/"),
    "evaluation": (EVALUATION, evaluation_app, "/dashbord/testville", "/dashboard"),
}


@pytest.fixture(params=list(SERVICES))
def service(request, make_settings):
    definition, create_app, mistyped, home = SERVICES[request.param]
    app = create_app(make_settings(definition))
    yield app.test_client(), mistyped, home
    app.extensions["runtime"].db.dispose()


def test_a_browser_at_a_mistyped_page_url_gets_the_error_page_leading_home(service):
    client, mistyped, home = service
    response = client.get(mistyped, headers=BROWSER)
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and response.content_type.startswith("text/html"), page
    assert "未找到" in page and re.search(rf'<a href="{home}" id="home">首页</a>', page)


def test_an_api_client_at_an_unknown_api_url_gets_the_json_error(service):
    client, _, _ = service
    for headers in ({}, {"Accept": "application/json"}):
        response = client.get("/api/v1/nosuch", headers=headers)
        assert response.status_code == 404 and response.content_type == "application/json"
        assert response.get_json()["error"]["code"] == "not_found"
        assert response.get_json()["error"]["message_zh"] == "未找到"
