"""The shared error page's 首页 link leads to the service's own start page, set per pages blueprint."""

from __future__ import annotations

import re

from flask import Flask

from minqing_kit.errors import ApiError
from minqing_kit.pages import pages_blueprint


def app_with(**options) -> Flask:
    app = Flask(__name__)
    pages = pages_blueprint("sample_pages", __name__, lambda: "test-secret", **options)

    @pages.get("/missing")
    def missing():
        raise ApiError(404, "not_found", "no such thing", "未找到")

    app.register_blueprint(pages)
    return app


def home_link(app: Flask, path: str) -> str:
    response = app.test_client().get(path)
    assert response.status_code == 404 and "未找到" in response.get_data(as_text=True)
    return re.search(r'<a href="([^"]*)" id="home">首页</a>', response.get_data(as_text=True)).group(1)


def test_the_home_link_is_the_site_root_unless_told_otherwise():
    assert home_link(app_with(), "/missing") == "/"


def test_a_service_names_its_own_start_page_for_the_home_link():
    assert home_link(app_with(url_prefix="/desk", home="/desk"), "/desk/missing") == "/desk"
