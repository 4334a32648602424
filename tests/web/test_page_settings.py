"""Settings the pages read, from the settings models: the file evaluation serves as echarts
(ECHARTS_JS), and the key that signs evaluation's CSRF cookie (PAGES_SECRET_KEY)."""

from __future__ import annotations

import re

from evaluation.conftest import keys, make_service  # noqa: F401  (fixtures)

from .test_evaluation_pages import resolve_case


def test_evaluation_serves_the_echarts_file_its_settings_name(make_service, tmp_path):
    script = tmp_path / "echarts.min.js"
    script.write_text("/* echarts stand-in */", encoding="utf-8")
    served = make_service(ECHARTS_JS=str(script)).client.get("/static/vendor/echarts.min.js")
    assert served.status_code == 200 and served.get_data(as_text=True) == "/* echarts stand-in */"
    missing = make_service(ECHARTS_JS=str(tmp_path / "absent.js")).client.get("/static/vendor/echarts.min.js")
    assert missing.status_code == 404


def test_a_form_token_signed_with_one_pages_key_is_refused_under_another(make_service):
    first, second = (make_service(PAGES_SECRET_KEY=f"pages-key-{n}-0123456789abc") for n in ("one", "two"))
    links = {id(service): resolve_case(service) for service in (first, second)}
    page = first.client.get(f"/rate/{links[id(first)]}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert first.client.get_cookie("minqing_csrf").value == token
    rating = {"solved": "yes", "satisfaction": "satisfied", "csrf_token": token}
    second.client.set_cookie("minqing_csrf", token)
    refused = second.client.post(f"/rate/{links[id(second)]}", data=rating)
    assert refused.status_code == 400 and "表单已过期" in refused.get_data(as_text=True)
    assert first.client.post(f"/rate/{links[id(first)]}", data=rating).status_code == 303
