"""Which failed requests get the shared HTML error page and which the JSON error, on the kit's base
app with two pages blueprints and a JSON blueprint: errors in page views are pages, errors in API
views JSON; a request matching no route is a page for a browser (Accept prefers text/html), with
the 首页 link of the pages blueprint whose prefix fits, and JSON for API clients."""

from __future__ import annotations

import re

import pytest
from flask import Blueprint, abort
from sqlalchemy import MetaData

from minqing_kit.bus_tables import BusTables
from minqing_kit.db import Database
from minqing_kit.pages import pages_blueprint
from minqing_kit.settings import ServiceSettings
from minqing_kit.web import create_base_app

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.fixture
def client():
    app = create_base_app(
        "sample", ServiceSettings(DATABASE_URL="sqlite://"), db=Database("sqlite://"), tables=BusTables(MetaData())
    )
    desk = pages_blueprint("desk_pages", __name__, lambda: "test-secret", url_prefix="/desk", home="/desk")
    public = pages_blueprint("public_pages", __name__, lambda: "test-secret")
    api = Blueprint("api", __name__, url_prefix="/api/v1")
    desk.add_url_rule("/gone", "gone", lambda: abort(404))
    desk.add_url_rule("/logout", "logout", lambda: "", methods=["POST"])
    public.add_url_rule("/", "start", lambda: "")
    api.add_url_rule("/gone", "gone", lambda: abort(404))
    for blueprint in (desk, public, api):
        app.register_blueprint(blueprint)
    return app.test_client()


def home_link(response) -> str:
    assert response.content_type.startswith("text/html"), response.get_data(as_text=True)
    return re.search(r'<a href="([^"]*)" id="home">首页</a>', response.get_data(as_text=True)).group(1)


def error_of(response) -> dict:
    assert response.content_type == "application/json", response.get_data(as_text=True)
    return response.get_json()["error"]


def test_a_browser_at_an_unknown_url_gets_the_page_leading_to_the_fitting_home(client):
    desk = client.get("/desk/nosuch", headers={"Accept": BROWSER})
    assert desk.status_code == 404 and "未找到" in desk.get_data(as_text=True) and home_link(desk) == "/desk"
    assert desk.headers["X-Content-Type-Options"] == "nosniff"
    elsewhere = client.get("/deskk", headers={"Accept": BROWSER})
    assert elsewhere.status_code == 404 and home_link(elsewhere) == "/"


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "application/json, text/plain, */*"])
def test_an_api_client_at_an_unknown_url_keeps_the_json_error(client, accept):
    for path in ("/api/v1/nosuch", "/desk/nosuch"):
        response = client.get(path, headers={"Accept": accept} if accept else {})
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found" and error_of(response)["message_zh"] == "未找到"


def test_a_browser_using_the_wrong_method_on_a_page_gets_the_page_with_allow(client):
    response = client.get("/desk/logout", headers={"Accept": BROWSER})
    assert response.status_code == 405 and "不支持该方法" in response.get_data(as_text=True)
    assert home_link(response) == "/desk" and "POST" in response.headers["Allow"]
    assert client.get("/desk/logout").headers["Allow"] == response.headers["Allow"]


def test_an_http_error_in_a_page_view_is_the_page_and_in_an_api_view_json_whatever_the_accept(client):
    page = client.get("/desk/gone")
    assert page.status_code == 404 and home_link(page) == "/desk"
    api = client.get("/api/v1/gone", headers={"Accept": BROWSER})
    assert api.status_code == 404 and error_of(api)["code"] == "not_found"
